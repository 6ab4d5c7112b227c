import { isDict } from '../normalise/walk.js';
import { lambdaErrorDocumentOf } from './lambda-cause.js';

const PLACEHOLDER = '<lambda error document>';

/**
 * The one relaxation (a Lambda cause is compared on errorType and errorMessage) for causes inside
 * a JSON text the snapshot tool left encoded, such as a Map state's output array of Catch
 * results. Applies only when both texts are compact JSON (as AWS writes state data) holding a
 * cause: then the texts must be equal once each pair of causes that match is replaced by the
 * same placeholder, so nothing but the causes is relaxed (not spacing, not key order).
 * `undefined` when it does not apply; 'equal'; or the first difference of the decoded values.
 */
export function compareJsonTextCauses<Difference>(
  expected: string,
  actual: string,
  compare: (expected: unknown, actual: unknown) => Difference | undefined,
): 'equal' | Difference | undefined {
  if (!/^[[{]/.test(expected) || !/"[Cc]ause"/.test(expected)) return undefined;
  const want = compactJson(expected);
  const got = compactJson(actual);
  if (want === undefined || got === undefined) return undefined;
  const [left, right] = replaceMatchingCauses(want, got);
  if (JSON.stringify(left) === JSON.stringify(right)) return 'equal';
  return compare(want, got);
}

function compactJson(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    return JSON.stringify(value) === text ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Both trees with every `cause`/`Cause` pair whose error documents match replaced by one placeholder. */
function replaceMatchingCauses(expected: unknown, actual: unknown): [unknown, unknown] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const pairs = expected.map((item, index) => replaceMatchingCauses(item, actual[index]));
    return [pairs.map(([left]) => left), [...pairs.map(([, right]) => right), ...actual.slice(expected.length)]];
  }
  if (!isDict(expected) || !isDict(actual)) return [expected, actual];
  const left: Record<string, unknown> = {};
  const right: Record<string, unknown> = { ...actual };
  for (const [key, value] of Object.entries(expected)) {
    const want = key.toLowerCase() === 'cause' ? lambdaErrorDocumentOf(value) : undefined;
    const got = want && key in actual ? lambdaErrorDocumentOf(actual[key]) : undefined;
    if (want && got && want.errorType === got.errorType && want.errorMessage === got.errorMessage) {
      left[key] = PLACEHOLDER;
      right[key] = PLACEHOLDER;
    } else if (key in actual) {
      [left[key], right[key]] = replaceMatchingCauses(value, actual[key]);
    } else {
      left[key] = value;
    }
  }
  return [left, right];
}
