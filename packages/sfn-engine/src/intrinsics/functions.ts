/**
 * The `States.*` intrinsic functions over already-evaluated arguments. Argument rules come from
 * AWS's intrinsic-functions docs ("Input validation"): numbers that must be integers are rounded to
 * the nearest integer (States.MathAdd, ArrayRange, ArrayPartition, MathRandom start/end), MathAdd
 * takes 32-bit integers, ArrayRange makes at most 1000 items, Base64 and Hash take at most 10,000
 * characters, JsonMerge merges shallowly only.
 */
import type { IntrinsicName } from './arity.js';
import * as ops from './operations.js';

type Args = readonly unknown[];

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export const INTRINSICS: Record<IntrinsicName, (args: Args, templateParts?: readonly string[]) => unknown> = {
  Format: (args, templateParts) => {
    const parts = templateParts ?? string(args, 0, 'the template').split('{}');
    const values = args.slice(1);
    if (parts.length - 1 !== values.length) {
      throw new ops.ArgumentError(`the template has ${parts.length - 1} placeholder(s) {} but ${values.length} value(s) were given`);
    }
    return parts.reduce((text, part, index) => text + part + (index < values.length ? ops.formatValue(values[index]) : ''), '');
  },
  StringToJson: (args) => {
    const text = string(args, 0, 'the argument');
    // Recorded (test_string_to_json): "" and " " give null.
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ops.ArgumentError(`the string is not valid JSON: ${text}`);
    }
  },
  JsonToString: (args) => JSON.stringify(args[0]),
  Array: (args) => [...args],
  ArrayPartition: (args) => ops.partition(array(args, 0), integer(args, 1, 'the chunk size')),
  ArrayContains: (args) => array(args, 0).some((item) => ops.jsonEquals(item, args[1])),
  ArrayRange: (args) => ops.range(integer(args, 0, 'the start'), integer(args, 1, 'the end'), integer(args, 2, 'the step')),
  ArrayGetItem: (args) => {
    const items = array(args, 0);
    const index = args[1];
    if (typeof index !== 'number' || !Number.isInteger(index))
      throw new ops.ArgumentError(`the index must be an integer, got ${show(index)}`);
    if (index < 0 || index >= items.length) {
      throw new ops.ArgumentError(`the index ${index} is out of bounds for an array of length ${items.length}`);
    }
    return items[index];
  },
  ArrayLength: (args) => array(args, 0).length,
  ArrayUnique: (args) => ops.unique(array(args, 0)),
  Base64Encode: (args) => ops.base64Encode(string(args, 0, 'the argument')),
  Base64Decode: (args) => ops.base64Decode(string(args, 0, 'the argument')),
  Hash: (args) => ops.hash(string(args, 0, 'the data'), string(args, 1, 'the algorithm')),
  JsonMerge: (args) => {
    const left = object(args, 0);
    const right = object(args, 1);
    if (args[2] !== false) {
      throw new ops.ArgumentError(`the third argument must be false (only shallow merging is supported), got ${show(args[2])}`);
    }
    return { ...left, ...right };
  },
  MathRandom: (args) => {
    const seed = args.length > 2 ? integer(args, 2, 'the seed') : undefined;
    return ops.randomInteger(integer(args, 0, 'the start'), integer(args, 1, 'the end'), seed);
  },
  MathAdd: (args) => {
    const left = int32(args, 0);
    const right = int32(args, 1);
    return left + right;
  },
  StringSplit: (args) => ops.stringSplit(string(args, 0, 'the string'), string(args, 1, 'the delimiter')),
  UUID: () => ops.uuid(),
};

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function string(args: Args, index: number, what: string): string {
  const value = args[index];
  if (typeof value !== 'string') throw new ops.ArgumentError(`${what} must be a string, got ${show(value)}`);
  return value;
}

function array(args: Args, index: number): readonly unknown[] {
  const value = args[index];
  if (!Array.isArray(value)) throw new ops.ArgumentError(`argument ${index + 1} must be an array, got ${show(value)}`);
  return value;
}

function object(args: Args, index: number): Record<string, unknown> {
  const value = args[index];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ops.ArgumentError(`argument ${index + 1} must be a JSON object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A number, rounded to the nearest integer as AWS documents for integer arguments. */
function integer(args: Args, index: number, what: string): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ops.ArgumentError(`${what} must be a number, got ${show(value)}`);
  return Math.round(value);
}

function int32(args: Args, index: number): number {
  const value = integer(args, index, `argument ${index + 1}`);
  if (value < INT32_MIN || value > INT32_MAX) {
    throw new ops.ArgumentError(`argument ${index + 1} (${value}) is outside the integer range ${INT32_MIN} to ${INT32_MAX}`);
  }
  return value;
}
