import type { NormaliseRule } from '../corpus/types.js';

type RegexRule = NormaliseRule & { kind: 'regex' };
type Finder = (observed: ReadonlyMap<string, unknown>) => string | undefined;

/**
 * Regex rules whose `find` the test read out of a response at run time (`find: null`,
 * `find_from`). The corpus cannot say the value, only the test can: each finder does what its
 * test did, keyed by test function and placeholder. Those not here make the case fail with the
 * reason (all of them are in cases that need a service or are unsupported).
 */
const FINDERS: Readonly<Record<string, Finder>> = {
  // test_unique_id_generation.py::test_uuid reads the UUID the execution generated out of its output.
  'intrinsic_functions/test_unique_id_generation.py::TestUniqueIdGeneration::test_uuid generated-uuid': (observed) => {
    for (const value of observed.values()) {
      const output = succeededOutputOf(value);
      if (output && typeof output === 'object' && typeof (output as Record<string, unknown>).FunctionResult === 'string') {
        return (output as Record<string, string>).FunctionResult;
      }
    }
    return undefined;
  },
};

export function runtimeFind(testFunction: string, rule: RegexRule, observed: ReadonlyMap<string, unknown>): string | undefined {
  return FINDERS[`${testFunction} ${rule.replace}`]?.(observed);
}

function succeededOutputOf(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const events = (response as Record<string, unknown>).events;
  if (!Array.isArray(events)) return undefined;
  const succeeded = (events as Record<string, unknown>[]).findLast((event) => event.type === 'ExecutionSucceeded');
  const output = (succeeded?.executionSucceededEventDetails as Record<string, unknown> | undefined)?.output;
  if (typeof output !== 'string') return undefined;
  try {
    return JSON.parse(output) as unknown;
  } catch {
    return undefined;
  }
}
