/**
 * The functions Step Functions adds to JSONata (AWS docs, "JSONata functions provided by Step
 * Functions"): `$partition`, `$range`, `$hash`, `$random` (with an optional seed), `$uuid`, `$parse`.
 * `$eval` is not available on AWS: calling it fails with JSONata's T1006, as AWS answers
 * (third-party measurement, floci-io/floci#2737: `$eval("1+1")` → FAILED T1006).
 *
 * The operations themselves are the intrinsics' (one owner); here they get JSONata's argument rule:
 * "Built-in JSONata functions that require integer values as parameters will automatically round
 * down any non-integer numbers provided" (AWS docs).
 */
import type jsonata from 'jsonata';
import * as ops from '../intrinsics/operations.js';

/** A failure JSONata reports without an error code (the cause reads `...evaluation: <message>`). */
export class JsonataFunctionError extends Error {
  override readonly name = 'JsonataFunctionError';
}

/** What `$fn(...)` throws in JSONata's own format, so the cause reads `... <code>: <message>`. */
interface JsonataCodedError {
  code: string;
  message: string;
}

function guarded<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ops.ArgumentError) throw new JsonataFunctionError(`Invalid arguments in $${name}: ${error.message}`);
    throw error;
  }
}

/** JSONata collapses a one-item sequence to the item and an empty one to nothing. */
function sequence<T>(items: T[]): T[] {
  return Object.assign(items, { sequence: true });
}

/** Registers AWS's functions on a compiled expression. */
export function registerAwsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction(
    'partition',
    (array: unknown[], size: number) => guarded('partition', () => ops.partition(array, Math.floor(size))),
    '<an:a>',
  );
  // Recorded (jsonata test_array_range): $range(1, 9, 9) gives 1, not [1] — a JSONata sequence.
  expression.registerFunction(
    'range',
    (start: number, end: number, step: number) =>
      guarded('range', () => sequence(ops.range(Math.floor(start), Math.floor(end), Math.floor(step)))),
    '<nnn:a>',
  );
  expression.registerFunction('hash', (data: string, algorithm: string) => guarded('hash', () => ops.hash(data, algorithm)), '<ss:s>');
  expression.registerFunction('random', (seed?: number) => ops.randomFraction(seed === undefined ? undefined : Math.floor(seed)), '<n?:n>');
  expression.registerFunction('uuid', () => ops.uuid(), '<:s>');
  expression.registerFunction(
    'parse',
    (text: string) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new JsonataFunctionError(`Invalid arguments in $parse: the string is not valid JSON: ${text}`);
      }
    },
    '<s:x>',
  );
  expression.registerFunction('eval', () => {
    const error: JsonataCodedError = { code: 'T1006', message: 'Attempted to invoke a non-function' };
    throw error;
  });
}
