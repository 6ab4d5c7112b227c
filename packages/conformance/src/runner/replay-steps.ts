import { type ApiStep, type CorpusCase, isWaitStep, type Step } from '../corpus/types.js';
import type { CallResult, Driver } from '../drivers/types.js';
import { resolveRefs, substitute, valueAtPath, Variables } from './resolve.js';
import { runWait, type WaitOptions } from './waits.js';

export interface StepRecord {
  readonly op: string;
  readonly args: Record<string, unknown>;
  readonly result: CallResult;
}

export interface ReplayOutcome {
  /** The call each API step made, by its index in the replayed steps. */
  readonly records: ReadonlyMap<number, StepRecord>;
  readonly variables: Variables;
  /** Set when the run could not go on, as the source test would have stopped there. */
  readonly stopped?: { readonly step: number; readonly reason: string };
  /** List waits that timed out (the source test only logged those). */
  readonly warnings: readonly string[];
}

/** Replays the steps in order against the driver: `$ref`s and `${var}`s resolved, responses bound, waits polled. */
export async function replaySteps(
  testCase: CorpusCase,
  steps: readonly Step[],
  driver: Driver,
  waitOptions: WaitOptions,
  callOtherServices = false,
): Promise<ReplayOutcome> {
  const records = new Map<number, StepRecord>();
  const variables = new Variables();
  const warnings: string[] = [];
  const stop = (step: number, reason: string): ReplayOutcome => ({ records, variables, warnings, stopped: { step, reason } });
  for (const [index, step] of steps.entries()) {
    if (isWaitStep(step)) {
      let args: Record<string, string>;
      try {
        args = substitute({ ...step.args }, variables);
      } catch (error) {
        return stop(index, (error as Error).message);
      }
      const outcome = await runWait(step.wait, args, index, driver, waitOptions);
      if (!outcome.met) {
        if (outcome.fatal) return stop(index, outcome.reason);
        warnings.push(`step ${index}: ${outcome.reason}`);
      }
      continue;
    }
    const refusal = callOtherServices ? undefined : refusalOf(step);
    if (refusal) return stop(index, refusal);
    let args: Record<string, unknown>;
    try {
      args = substitute(resolveRefs(step.args, testCase), variables) as Record<string, unknown>;
    } catch (error) {
      return stop(index, (error as Error).message);
    }
    const result = await driver.call(step.op, args, { step: index });
    records.set(index, { op: step.op, args, result });
    if (!result.ok) {
      if (step.expect_error) continue;
      return stop(index, `step ${index} (${step.op}) failed: ${result.error.code}: ${result.error.message}`);
    }
    for (const [name, path] of Object.entries(step.bind ?? {})) {
      const value = valueAtPath(result.response, path);
      if (typeof value !== 'string') return stop(index, `step ${index} (${step.op}) returned no '${path}' to bind as '${name}'`);
      variables.set(name, value);
    }
  }
  return { records, variables, warnings };
}

/** Steps the runner does not make: another service's calls, or a second account's client. */
function refusalOf(step: ApiStep): string | undefined {
  if (step.service) return `step calls the ${step.service} service (${step.op}), which the runner does not provide`;
  if (step.client) return `step uses ${step.client} (another account), which the runner does not provide`;
  return undefined;
}
