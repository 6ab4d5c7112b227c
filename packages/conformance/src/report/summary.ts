import { type Category, CATEGORIES, testFunctionOf } from '../corpus/types.js';
import { type CaseResult, type CaseStatus, isEligible } from '../runner/result.js';

export interface Tally {
  /** Cases that count in the targets (all but needs_service and unsupported). */
  readonly eligible: number;
  readonly passed: number;
  readonly byStatus: Readonly<Record<CaseStatus, number>>;
}

export interface CategorySummary extends Tally {
  readonly category: Category;
  /** Test function (the case id before `[`) → its tally, in corpus order. */
  readonly testFunctions: ReadonlyMap<string, Tally>;
}

const NO_STATUS: Record<CaseStatus, number> = { passed: 0, failed: 0, not_comparable: 0, needs_service: 0, unsupported: 0, error: 0 };

export function tally(results: readonly CaseResult[]): Tally {
  const byStatus = { ...NO_STATUS };
  for (const result of results) byStatus[result.status] += 1;
  return { eligible: results.filter(isEligible).length, passed: byStatus.passed, byStatus };
}

/** Per category (in the corpus' category order, only those run) and per test function. */
export function summarise(results: readonly CaseResult[]): CategorySummary[] {
  return CATEGORIES.flatMap((category) => {
    const ofCategory = results.filter((result) => result.category === category);
    if (ofCategory.length === 0) return [];
    const byFunction = new Map<string, CaseResult[]>();
    for (const result of ofCategory) {
      const name = testFunctionOf(result.id);
      byFunction.set(name, [...(byFunction.get(name) ?? []), result]);
    }
    return [{ category, ...tally(ofCategory), testFunctions: new Map([...byFunction].map(([name, group]) => [name, tally(group)])) }];
  });
}

export function percent(passed: number, total: number): string {
  return total === 0 ? '–' : `${((100 * passed) / total).toFixed(1)} %`;
}
