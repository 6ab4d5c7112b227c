import type { NormaliseRule } from '../corpus/types.js';
import { caseRules, type CaseRuleInputs } from './case-rules.js';
import { TransformContext } from './context.js';
import { pyJsonDumps } from './python-json.js';
import { basicRules, fixturePathRules, parseRecordedDate } from './snapshot-rules.js';
import { decodeJsonStrings, type Dict, orderDict } from './walk.js';

export interface NormaliseOptions {
  /** The case's `normalise` entries. */
  readonly rules: readonly NormaliseRule[];
  /** The case's `source.recorded_date`: picks the fixture rules in force then. */
  readonly recordedDate: string;
  readonly region: string;
  readonly accountId: string;
  readonly inputs: CaseRuleInputs;
}

/**
 * Normalises a case's observed values exactly as the snapshot tool normalised the recorded ones
 * (corpus README, "Comparing", steps 2–7; step 1 shapes errors before this). All keys go through
 * one run, as in the tool: `<uuid:N>`-style numbers count across the whole case, in key order.
 */
export function normaliseObserved(observed: ReadonlyMap<string, unknown>, options: NormaliseOptions): Record<string, unknown> {
  // SnapshotSession.match() orders each value's keys when it is recorded.
  const state: Dict = {};
  for (const [key, value] of observed) state[key] = orderDict(structuredClone(value));
  decodeJsonStrings(state);
  const ctx = new TransformContext();
  const transformers = [
    ...fixturePathRules(parseRecordedDate(options.recordedDate)),
    ...caseRules(options.rules, options.inputs),
    ...basicRules(options.accountId, options.region),
  ];
  for (const transform of transformers) transform(state, ctx);
  // The text replacements run over each key's JSON text separately (keys themselves are not replaced).
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) normalised[key] = JSON.parse(ctx.apply(pyJsonDumps(value))) as unknown;
  return normalised;
}
