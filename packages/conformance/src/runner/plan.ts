import { type ApiStep, type CorpusCase, isWaitStep, type JsonObject, type NormaliseRule, type Step } from '../corpus/types.js';

/** What the runner replays for a case, and how the case's recorded links map onto it. */
export interface ReplayPlan {
  readonly steps: readonly Step[];
  /** recorded_links name indexes into the case's `steps`; this gives the replayed step for one. */
  readonly stepIndex: (recordedStep: number) => number | undefined;
  readonly rules: readonly NormaliseRule[];
  readonly mockConfig?: JsonObject;
}

/**
 * A case's own steps; or, for a `mocked_variant` case, the mocked steps (executions started on
 * `<arn>#<TestCase>` with the case's mock config), as the source suite replays it. The recorded
 * values come from the real run, so the mocked steps are lined up with the real ones by operation
 * (the n-th GetExecutionHistory of one is the n-th of the other), and the case's name
 * replacements are pointed at the names the mocked steps use.
 */
export function planOf(testCase: CorpusCase): ReplayPlan {
  const rules = testCase.normalise ?? [];
  const variant = testCase.mocked_variant;
  if (!variant) return { steps: testCase.steps, stepIndex: (step) => step, rules };
  const real = occurrences(testCase.steps);
  const mocked = occurrences(variant.steps);
  const mapping = new Map<number, number>();
  const renames = new Map<string, string>();
  for (const [key, index] of real) {
    const other = mocked.get(key);
    if (other === undefined) continue;
    mapping.set(index, other);
    collectRenames(testCase.steps[index] as ApiStep, variant.steps[other] as ApiStep, renames);
  }
  return {
    steps: variant.steps,
    stepIndex: (step) => mapping.get(step),
    rules: rules.map((rule) =>
      rule.kind === 'regex' && rule.find !== null && !rule.find_is_bound && renames.has(rule.find)
        ? { ...rule, find: renames.get(rule.find) as string }
        : rule,
    ),
    mockConfig: variant.mock_config,
  };
}

/** `StartExecution#2` → step index: the n-th call of each operation. */
function occurrences(steps: readonly Step[]): Map<string, number> {
  const counts = new Map<string, number>();
  const keyed = new Map<string, number>();
  steps.forEach((step, index) => {
    if (isWaitStep(step)) return;
    const count = (counts.get(step.op) ?? 0) + 1;
    counts.set(step.op, count);
    keyed.set(`${step.op}#${count}`, index);
  });
  return keyed;
}

/** The literal names and role ARN the two runs chose differently. */
function collectRenames(real: ApiStep, mocked: ApiStep, renames: Map<string, string>): void {
  for (const member of ['name', 'roleArn']) {
    const from = real.args[member];
    const to = mocked.args[member];
    if (typeof from === 'string' && typeof to === 'string' && from !== to) renames.set(from, to);
  }
}
