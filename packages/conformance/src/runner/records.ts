import type { ReplayPlan } from './plan.js';
import type { ReplayOutcome, StepRecord } from './replay-steps.js';

/** The record of a step given by its index in the case's steps, or why there is none. */
export function recordOf(recordedStep: number, plan: ReplayPlan, outcome: ReplayOutcome): StepRecord | string {
  const index = plan.stepIndex(recordedStep);
  if (index === undefined) return `step ${recordedStep} has no counterpart in the replayed steps`;
  const record = outcome.records.get(index);
  if (record) return record;
  return outcome.stopped && outcome.stopped.step <= index
    ? `step ${recordedStep} did not run (the run stopped at step ${outcome.stopped.step})`
    : `step ${recordedStep} made no call`;
}
