import type { CorpusCase } from '../corpus/types.js';
import { isDict } from '../normalise/walk.js';
import { planOf } from '../runner/plan.js';

/**
 * Turns a recorded (normalised) value back into one a service could have sent, so that the
 * runner's normalisation has real work to do when the replay driver answers with it: placeholders
 * become concrete names, ARNs, UUIDs and dates again, and decoded JSON members become JSON strings.
 * Re-normalising the result must give the recorded value back; that is what the self-test checks.
 */
export interface Denormaliser {
  value(recorded: unknown): unknown;
  text(recorded: string): string;
}

/** Members that are JSON strings on the wire (the snapshot tool decoded those starting with `{`). */
const JSON_STRING_MEMBERS = new Set([
  'input',
  'output',
  'cause',
  'parameters',
  'definition',
  'result',
  'variables',
  'body',
  'afterInputPath',
  'afterParameters',
  'afterResultSelector',
  'afterResultPath',
  'afterArguments',
  'afterItemsPath',
  'afterItemSelector',
  'afterItemBatcher',
  'afterItemsPointer',
]);
/** Timestamp members the SDK returns as `Date` (the tool wrote "datetime"; history events' `timestamp`: "timestamp"). */
const DATE_MEMBERS = new Set(['creationDate', 'startDate', 'stopDate', 'updateDate', 'redriveDate', 'date']);
const SAMPLE_DATE = new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
const REGEX_SPECIALS = /[\\^$*+?()[\]{}|]/;

export function denormaliserFor(testCase: CorpusCase): Denormaliser {
  const replacements = textReplacements(testCase);
  const decodesAllOutputs = (testCase.normalise ?? []).some(
    (rule) => rule.kind === 'custom' && /'output' JSON string was decoded/.test(rule.rule),
  );
  const text = (value: string): string =>
    replacements
      .reduce((current, [from, to]) => current.replaceAll(from, to), value)
      .replace(
        /<MapRunArnPart([01])_(\d+)idx>/g,
        (_, part: string, index: string) => `c0ffee00-0000-4000-8000-${part}${index.padStart(11, '0')}`,
      )
      .replace(/<([A-Za-z][\w-]*):(\d+)>/g, (_, name: string, n: string) => concreteFor(name, Number(n)));
  const strings = (value: unknown): unknown => {
    if (value === 'date') return SAMPLE_DATE.toISOString();
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(strings);
    if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), strings(item)]));
    return value;
  };
  const structure = (value: unknown, key?: string): unknown => {
    if (key === 'output' && decodesAllOutputs) return JSON.stringify(value);
    if (key !== undefined && JSON_STRING_MEMBERS.has(key) && typeof value !== 'string' && value !== null) return JSON.stringify(value);
    if (key === 'assignedVariables' && isDict(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, typeof item === 'string' ? item : JSON.stringify(item)]),
      );
    }
    if (key !== undefined && ((DATE_MEMBERS.has(key) && value === 'datetime') || (key === 'timestamp' && value === 'timestamp')))
      return new Date(SAMPLE_DATE);
    if (Array.isArray(value)) return value.map((item) => structure(item));
    if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, structure(item, name)]));
    return value;
  };
  return {
    text,
    value: (recorded) => structure(strings(recorded)),
  };
}

/** Placeholder → the value it stood for: the case's literal and bound finds, then the fixture's. */
function textReplacements(testCase: CorpusCase): [string, string][] {
  const vars = testCase.vars ?? {};
  const pairs: [string, string][] = [];
  for (const rule of planOf(testCase).rules) {
    if (rule.kind !== 'regex') continue;
    if (rule.find === null) {
      pairs.push([rule.replace, '3f1e4c2a-9b7d-4e6f-8a5c-1d2b3c4d5e6f']);
      continue;
    }
    const find = rule.find_is_bound ? boundValue(rule.find, vars) : rule.find;
    if (find === undefined || REGEX_SPECIALS.test(find)) continue;
    if (!pairs.some(([from]) => from === rule.replace)) pairs.push([rule.replace, find]);
  }
  // Longest placeholder first: `snf_role_arn_t1` before `snf_role_arn`.
  pairs.sort((a, b) => b[0].length - a[0].length);
  return [...pairs, ['<region>', 'us-east-1'], ['arn:<partition>:', 'arn:aws:']];
}

function boundValue(find: string, vars: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const value = find.replace(/\$\{([^}.]+)(?:\.(last|prev))?\}/g, (_, name: string, form: string | undefined) => {
    const bound = vars[name];
    if (bound === undefined) {
      missing = true;
      return '';
    }
    const parts = bound.split(':');
    return form === 'last' ? (parts.at(-1) as string) : form === 'prev' ? (parts.at(-2) ?? '') : bound;
  });
  return missing ? undefined : value;
}

/** A concrete stand-in for a numbered placeholder: UUIDs for `uuid`, JSON for `json-input`, a name otherwise. */
function concreteFor(name: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  if (name === 'uuid') return `5e1f0c3a-2b4d-4c6e-8f9a-${hex}`;
  if (name === 'json-input') return `{"conformanceInput": ${n}}`;
  return `conformance-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`;
}
