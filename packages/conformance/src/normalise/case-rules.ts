import type { NormaliseRule } from '../corpus/types.js';
import { NormaliseError, type TransformContext } from './context.js';
import { customRule } from './custom-rules.js';
import { findPath, updatePath } from './jsonpath.js';
import { parallelEventsSorted } from './parallel.js';
import { UUID_PATTERN, type Transformer } from './snapshot-rules.js';
import { keyValueTransform } from './walk.js';

/** What a case's rules may need from the run: the bound variables and the map runs it saw. */
export interface CaseRuleInputs {
  /** `${var}` values for `find_is_bound` regexes (`${exec0.last}`). */
  readonly resolveVariable: (expression: string) => string;
  /** Distinct `mapRunArn` values of the raw responses, in order of first appearance. */
  readonly mapRunArns: readonly string[];
  /** A value the test read out of a response at run time (`find_from`), or undefined when unknown. */
  readonly runtimeFind: (rule: NormaliseRule & { kind: 'regex' }) => string | undefined;
}

/**
 * The case's `normalise` entries as transformers, in their listed order (all of them ran at the
 * same priority), then step 7 for every map run no entry names: the source helper that records an
 * execution adds those itself, so the corpus lists them only where a test added one explicitly.
 */
export function caseRules(rules: readonly NormaliseRule[], inputs: CaseRuleInputs): Transformer[] {
  const named = new Set(rules.flatMap((rule) => (rule.kind === 'map_run_arn' ? [rule.index] : [])));
  const implicit = inputs.mapRunArns.flatMap((_, index): Transformer[] =>
    named.has(index) ? [] : [(_state, ctx) => mapRunArnRule(inputs.mapRunArns, index, ctx)],
  );
  return [...rules.map((rule) => caseRule(rule, inputs)), ...implicit];
}

function caseRule(rule: NormaliseRule, inputs: CaseRuleInputs): Transformer {
  switch (rule.kind) {
    case 'regex':
      return (_, ctx) => ctx.registerRegex(regexFind(rule, inputs), rule.replace);
    case 'jsonpath':
      return rule.replace_references
        ? (state, ctx) => {
            for (const match of findPath(state, rule.path)) ctx.registerReference(match.value, rule.replace);
          }
        : (state) => updatePath(state, rule.path, rule.replace);
    case 'key_value':
      return (state, ctx) =>
        keyValueTransform(
          state,
          (key, value) => (key === rule.key && value !== null && value !== undefined && value !== '' ? value : undefined),
          rule.replace,
          rule.replace_references ? (value, replacement) => ctx.registerReference(value, replacement) : undefined,
        );
    case 'key_value_rule':
      return keyValueRule(rule.rule, rule.replacement);
    case 'resource_name':
      return (state, ctx) =>
        keyValueTransform(state, resourceName, rule.replacement, (value, replacement) => ctx.registerReference(value, replacement));
    case 'map_run_arn':
      return (_, ctx) => mapRunArnRule(inputs.mapRunArns, rule.index, ctx);
    case 'parallel_events_sorted':
      return parallelEventsSorted;
    case 'custom':
      return customRule(rule.rule);
    default:
      throw new NormaliseError(`Unknown normalise kind '${(rule as { kind: string }).kind}'`);
  }
}

function regexFind(rule: NormaliseRule & { kind: 'regex' }, inputs: CaseRuleInputs): string {
  if (rule.find === null) {
    const found = inputs.runtimeFind(rule);
    if (found === undefined) {
      throw new NormaliseError(
        `The regex for '${rule.replace}' is a value the test read at run time (${rule.find_from ?? 'unknown source'}); the runner cannot derive it`,
      );
    }
    return found;
  }
  if (!rule.find_is_bound) return rule.find;
  return rule.find.replace(/\$\{([^}]+)\}/g, (_, expression: string) => inputs.resolveVariable(expression));
}

/** `_resource_name_transformer`: the resource name of a string that is an ARN. */
export function resourceName(_key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^arn:(aws[a-zA-Z-]*)?:([a-zA-Z0-9-_.]+)?:([^:]+)?:(\d{12})?:(.*)/.exec(value);
  if (!match) return undefined;
  let resource = match[5] ?? '';
  if (resource.startsWith('<') && resource.endsWith('>')) return undefined;
  if (value.includes(':changeSet/')) return value.split(':changeSet/').at(-1);
  if (resource.includes('/')) return resource.split('/').at(-1);
  if (resource.startsWith('function:')) {
    resource = resource.replaceAll('function:', '');
    if (resource.includes('$')) resource = (resource.split('$')[0] as string).replace(/:+$/, '');
    return resource;
  }
  if (resource.startsWith('layer:')) {
    const parts = resource.split(':');
    if (parts.length === 2 || parts.length === 3) return parts[1];
  }
  if (resource.includes(':')) return resource.split(':').at(-1);
  return resource;
}

/** The SNS rules (`key_value_rule`): a part of a URL, given a numbered placeholder everywhere. */
function keyValueRule(rule: string, replacement: string): Transformer {
  const patterns: [RegExp, RegExp][] = [
    [/^SigningCertURL:/, /^.*SimpleNotificationService-(.*\.pem)/],
    [/^UnsubscribeURL:/, /^.*(?<=\?Action=Unsubscribe&SubscriptionArn=).*:(.*)/],
  ];
  const found = patterns.find(([name]) => name.test(rule));
  if (!found) throw new NormaliseError(`Unknown key_value_rule: ${rule}`);
  const key = (/^(\w+):/.exec(rule) as RegExpExecArray)[1] as string;
  const pattern = found[1];
  return (state, ctx) =>
    keyValueTransform(
      state,
      (name, value) => (typeof value === 'string' && name.toLowerCase() === key.toLowerCase() ? pattern.exec(value)?.[1] : undefined),
      replacement,
      (value, text) => ctx.registerReference(value, text),
    );
}

/**
 * Step 7, `sfn_map_run_arn`: in `...:mapRun:<sm>/<label>:<id>`, `<id>` → `<MapRunArnPart1_Nidx>`,
 * and a UUID `<label>` → `<MapRunArnPart0_Nidx>`.
 */
function mapRunArnRule(mapRunArns: readonly string[], index: number, ctx: TransformContext): void {
  const arn = mapRunArns[index];
  if (arn === undefined) throw new NormaliseError(`No map run ARN #${index} in the responses (the map_run_arn rule needs one)`);
  const [label = '', id = ''] = (arn.split('/').at(-1) as string).split(':');
  ctx.registerRegex(id, `<MapRunArnPart1_${index}idx>`);
  if (UUID_PATTERN.test(label)) ctx.registerRegex(label, `<MapRunArnPart0_${index}idx>`);
}
