import type { Category } from '../corpus/types.js';
import type { CaseResult } from '../runner/result.js';
import { tally } from './summary.js';

export interface Target {
  readonly name: string;
  readonly categories: readonly Category[];
  /** The share of the categories' eligible cases (all but needs_service) that must pass. */
  readonly minimum: number;
  /** Where the target comes from. */
  readonly source: string;
}

const ENGINE_CATEGORIES: readonly Category[] = [
  'engine-jsonpath',
  'intrinsics',
  'jsonata',
  'variables',
  'errors-retry-catch',
  'map-parallel',
];

/** The targets of issues 14 and 15, over all cases of each category, needs_service cases excepted. */
export const TARGETS: readonly Target[] = [
  ...ENGINE_CATEGORIES.map((category) => ({ name: category, categories: [category], minimum: 0.9, source: 'issue 14' })),
  { name: 'engine categories together', categories: ENGINE_CATEGORIES, minimum: 0.95, source: 'issue 14' },
  { name: 'timeouts', categories: ['timeouts'], minimum: 1, source: 'issue 14' },
  { name: 'test-state', categories: ['test-state'], minimum: 0.9, source: 'issue 15' },
  { name: 'api', categories: ['api'], minimum: 0.85, source: 'issue 15' },
];

export interface TargetOutcome {
  readonly target: Target;
  readonly passed: number;
  readonly eligible: number;
  readonly met: boolean;
}

/** The targets whose categories were all run, each with its outcome. */
export function checkTargets(results: readonly CaseResult[], targets: readonly Target[] = TARGETS): TargetOutcome[] {
  const ran = new Set(results.map((result) => result.category));
  return targets
    .filter((target) => target.categories.every((category) => ran.has(category)))
    .map((target) => {
      const { passed, eligible } = tally(results.filter((result) => target.categories.includes(result.category)));
      return { target, passed, eligible, met: eligible > 0 && passed >= Math.ceil(target.minimum * eligible - 1e-9) };
    });
}

/** The targets missed, only those of `sources` (e.g. ['issue 14']) when given. */
export function missedTargets(results: readonly CaseResult[], sources?: readonly string[]): TargetOutcome[] {
  return checkTargets(results).filter((outcome) => !outcome.met && (sources === undefined || sources.includes(outcome.target.source)));
}
