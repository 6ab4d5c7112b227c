import { type CorpusCase, type NormaliseRule, testFunctionOf } from '../corpus/types.js';
import { firstDifference } from '../compare/compare.js';
import type { Driver, DriverFactory } from '../drivers/types.js';
import { normaliseObserved } from '../normalise/pipeline.js';
import { type Dict, isDict } from '../normalise/walk.js';
import { mapStateExitedAfterFor } from './aws-eras.js';
import { observe, type Observation } from './observe.js';
import { planOf } from './plan.js';
import { replaySteps } from './replay-steps.js';
import type { CaseResult, KeyDifference } from './result.js';
import { runtimeFind } from './runtime-finds.js';
import { DEFAULT_WAIT_OPTIONS, realClock, type WaitOptions } from './waits.js';

/** The region and account the recordings were traced with; the ARNs in the cases name them. */
export const CASE_REGION = 'us-east-1';
export const CASE_ACCOUNT_ID = '111111111111';

export interface RunCaseOptions {
  readonly driverFactory: DriverFactory;
  readonly wait?: Partial<WaitOptions>;
  /** The longest one case may take, driver start and close included. @default 120000 */
  readonly caseTimeoutMs?: number;
  /**
   * Also run needs_service and unsupported cases, handing their other-service steps to the driver
   * (only the replay driver can answer those; the self-test uses it to cover every rule kind).
   * @default false
   */
  readonly runEverything?: boolean;
}

/** Runs one case against a fresh driver and judges it. Never throws: a broken run is a result too. */
export async function runCase(testCase: CorpusCase, options: RunCaseOptions): Promise<CaseResult> {
  const base = { id: testCase.id, category: testCase.category };
  if (testCase.category === 'unsupported' && !options.runEverything)
    return { ...base, status: 'unsupported', reason: testCase.unsupported_reason ?? 'marked unsupported' };
  if (testCase.needs_service?.length && !options.runEverything)
    return { ...base, status: 'needs_service', reason: `needs ${testCase.needs_service.join(', ')}` };
  const timeoutMs = options.caseTimeoutMs ?? 120_000;
  const started: { driver?: Driver } = {};
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CaseResult>((resolve) => {
    timer = setTimeout(() => {
      // Closing the driver ends the service and with it whatever call the case is stuck in.
      void started.driver?.close().catch(() => undefined);
      resolve({ ...base, status: 'error', reason: `the case did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  try {
    return await Promise.race([runAndJudge(testCase, options, started), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function runAndJudge(testCase: CorpusCase, options: RunCaseOptions, started: { driver?: Driver }): Promise<CaseResult> {
  const base = { id: testCase.id, category: testCase.category };
  const plan = planOf(testCase);
  let driver: Driver;
  try {
    driver = await options.driverFactory.start({
      region: CASE_REGION,
      accountId: CASE_ACCOUNT_ID,
      lambdas: (testCase.lambdas ?? []).map((lambda) => ({ name: lambda.name, arn: lambda.arn, source: lambda.js_handler })),
      ...(plan.mockConfig ? { mockConfig: plan.mockConfig } : {}),
      mapStateExitedAfter: mapStateExitedAfterFor(testCase),
    });
  } catch (error) {
    return { ...base, status: 'error', reason: `the ${options.driverFactory.name} driver did not start: ${(error as Error).message}` };
  }
  started.driver = driver;
  try {
    const outcome = await replaySteps(
      testCase,
      plan.steps,
      driver,
      { ...DEFAULT_WAIT_OPTIONS, clock: realClock, ...options.wait },
      options.runEverything === true,
    );
    const observations = observe(testCase, plan, outcome);
    const judged = judge(testCase, plan.rules, observations, (expression) => outcome.variables.resolve(expression));
    const warnings = outcome.warnings.length ? { warnings: outcome.warnings } : {};
    if (!outcome.stopped) return { ...base, ...judged, ...warnings };
    // The source test would have stopped here too: whatever else matched, the case fails.
    return {
      ...base,
      ...judged,
      ...warnings,
      status: 'failed',
      reason: `the run stopped at step ${outcome.stopped.step}: ${outcome.stopped.reason}`,
    };
  } catch (error) {
    return { ...base, status: 'error', reason: `the runner broke: ${(error as Error).message}` };
  } finally {
    await driver.close().catch(() => undefined);
  }
}

type Judgement = Pick<CaseResult, 'status' | 'reason' | 'difference' | 'skippedKeys'>;

/** Normalises the observed values as the snapshot tool did and compares them with the recordings. */
export function judge(
  testCase: CorpusCase,
  rules: readonly NormaliseRule[],
  observations: ReadonlyMap<string, Observation>,
  resolveVariable: (expression: string) => string,
): Judgement {
  const present = new Map<string, unknown>();
  for (const [key, observation] of observations) if (observation.kind === 'value') present.set(key, observation.value);
  const testFunction = testFunctionOf(testCase.id);
  let normalised: Record<string, unknown> = {};
  let cannotNormalise: string | undefined;
  try {
    normalised = normaliseObserved(present, {
      rules,
      recordedDate: String(testCase.source.recorded_date),
      region: CASE_REGION,
      accountId: CASE_ACCOUNT_ID,
      inputs: { resolveVariable, mapRunArns: mapRunArnsIn(present), runtimeFind: (rule) => runtimeFind(testFunction, rule, present) },
    });
  } catch (error) {
    cannotNormalise = `cannot normalise the responses: ${(error as Error).message}`;
  }
  const skippedKeys: { key: string; reason: string }[] = [];
  const parallel = rules.some((rule) => rule.kind === 'parallel_events_sorted');
  for (const [key, observation] of observations) {
    if (observation.kind === 'not_comparable') {
      skippedKeys.push({ key, reason: observation.reason });
      continue;
    }
    if (observation.kind === 'missing') {
      return {
        status: 'failed',
        reason: observation.reason,
        difference: { key, path: '$', expected: testCase.recorded[key], actual: '<no value>' },
        ...skipped(skippedKeys),
      };
    }
    if (cannotNormalise) return { status: 'failed', reason: cannotNormalise, ...skipped(skippedKeys) };
    const difference = firstDifference(testCase.recorded[key], normalised[key], {
      parallelBlocksAsMultisets: parallel,
      sameTypeRunsAsMultisets: true,
    });
    if (difference) return { status: 'failed', difference: { key, ...difference } satisfies KeyDifference, ...skipped(skippedKeys) };
  }
  if (skippedKeys.length)
    return { status: 'not_comparable', reason: skippedKeys.map((entry) => `${entry.key}: ${entry.reason}`).join('; '), skippedKeys };
  return { status: 'passed' };
}

function skipped(keys: readonly { key: string; reason: string }[]): Pick<CaseResult, 'skippedKeys'> {
  return keys.length ? { skippedKeys: keys } : {};
}

/** Every distinct `mapRunArn` in the raw responses, in the order first met (what the source test read from the history). */
function mapRunArnsIn(values: ReadonlyMap<string, unknown>): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isDict(value)) {
      for (const [key, item] of Object.entries(value as Dict)) {
        if (key === 'mapRunArn' && typeof item === 'string' && /:mapRun:.+\/.+:./.test(item) && !found.includes(item)) found.push(item);
        visit(item);
      }
    }
  };
  values.forEach(visit);
  return found;
}
