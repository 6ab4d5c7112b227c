import type { CorpusCase, RecordedLink } from '../corpus/types.js';
import { boto3ErrorResponse, boto3ErrorText, boto3WrappedError } from '../normalise/boto3.js';
import { buildTestValue } from './built-values.js';
import type { ReplayPlan } from './plan.js';
import type { ReplayOutcome } from './replay-steps.js';
import { recordOf } from './records.js';

/**
 * What the run gives for one recorded key: a value to normalise and compare; nothing, with the
 * reason (the key fails); or a key that cannot be compared at all (never counted as passed).
 */
export type Observation =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'not_comparable'; readonly reason: string };

export const CLIENT_SIDE_VALIDATION_REASON =
  'boto3 rejected this call before sending it (ParamValidationError), so AWS never answered it; the JavaScript SDK has no such check, so nothing AWS did can be compared';

/** The observed value of every recorded key, in the recorded order, from the links the corpus gives. */
export function observe(testCase: CorpusCase, plan: ReplayPlan, outcome: ReplayOutcome): Map<string, Observation> {
  const observations = new Map<string, Observation>();
  for (const key of Object.keys(testCase.recorded)) {
    const link = testCase.recorded_links[key];
    observations.set(
      key,
      link ? observeLink(testCase, key, link, plan, outcome) : { kind: 'missing', reason: `no recorded_links entry for '${key}'` },
    );
  }
  return observations;
}

function observeLink(testCase: CorpusCase, key: string, link: RecordedLink, plan: ReplayPlan, outcome: ReplayOutcome): Observation {
  if (link.client_side_validation || isWrappedParamValidation(testCase.recorded[key], link))
    return { kind: 'not_comparable', reason: CLIENT_SIDE_VALIDATION_REASON };
  if (link.response_of_step !== undefined) {
    const record = recordOf(link.response_of_step, plan, outcome);
    if (typeof record === 'string') return { kind: 'missing', reason: record };
    if (!record.result.ok) {
      const { code, message } = record.result.error;
      return { kind: 'missing', reason: `step ${link.response_of_step} (${record.op}) failed with ${code}: ${message}; AWS answered it` };
    }
    return { kind: 'value', value: record.result.response };
  }
  if (link.error_of_step !== undefined) {
    const record = recordOf(link.error_of_step, plan, outcome);
    if (typeof record === 'string') return { kind: 'missing', reason: record };
    if (record.result.ok) return { kind: 'missing', reason: `step ${link.error_of_step} (${record.op}) succeeded; AWS raised an error` };
    const recorded = testCase.recorded[key];
    const { error } = record.result;
    if (typeof recorded === 'string') return { kind: 'value', value: boto3ErrorText(record.op, error) };
    if (link.wrapped_by_test) return { kind: 'value', value: boto3WrappedError(record.op, error) };
    return { kind: 'value', value: boto3ErrorResponse(error) };
  }
  if (link.built_by_test !== undefined || link.derived_from_steps !== undefined) {
    const built = buildTestValue(testCase, key, link, plan, outcome);
    return typeof built === 'string' ? { kind: 'missing', reason: built } : { kind: 'value', value: built.value };
  }
  return { kind: 'missing', reason: `recorded_links['${key}'] names no source the runner knows` };
}

/** A test that wrapped the exception shows boto3's own client-side check by its type name. */
function isWrappedParamValidation(recorded: unknown, link: RecordedLink): boolean {
  return (
    link.wrapped_by_test === true &&
    typeof recorded === 'object' &&
    recorded !== null &&
    (recorded as Record<string, unknown>).exception_typename === 'ParamValidationError'
  );
}
