import type { CorpusCase } from '../corpus/types.js';
import type { DriverFactory } from '../drivers/types.js';
import type { CaseResult } from './result.js';
import { runCase, type RunCaseOptions } from './run-case.js';

export interface RunCasesOptions extends Omit<RunCaseOptions, 'driverFactory'> {
  /** The driver for a case: one factory for all (in-process, http) or one per case (replay). */
  readonly driverFor: (testCase: CorpusCase) => DriverFactory;
  /** Cases run at the same time, each with its own driver. @default 1 */
  readonly concurrency?: number;
  readonly onResult?: (result: CaseResult, done: number, total: number) => void;
}

/** Runs the cases (each on its own driver) and returns their results in corpus order. */
export async function runCases(cases: readonly CorpusCase[], options: RunCasesOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const testCase = cases[index] as CorpusCase;
      const result = await runCase(testCase, { ...options, driverFactory: options.driverFor(testCase) });
      results[index] = result;
      options.onResult?.(result, ++done, cases.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, cases.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
