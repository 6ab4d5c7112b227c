/** Checks of one state: type, fields for its query language, transitions, rules, retriers, catchers. */
import { isIntrinsicCall, parseIntrinsic } from '../intrinsics/index.js';
import { CHOICE_OPERATORS, parseTimestamp } from '../states/choice-rules.js';
import { allowedFields, otherLanguageHas, STATE_TYPES, TERMINAL_TYPES } from './fields.js';
import type { QueryLanguage } from './types.js';
import type { Problems } from './definition-error.js';

type CheckBlock = (block: Record<string, unknown>, at: string, queryLanguage: QueryLanguage, problems: Problems) => void;
type State = Record<string, unknown>;

export function checkState(
  name: string,
  value: unknown,
  at: string,
  blockLanguage: QueryLanguage,
  names: ReadonlySet<string>,
  problems: Problems,
  checkBlock: CheckBlock,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add(at, `State '${name}' must be an object`);
    return;
  }
  const state = value as State;
  const type = state.Type;
  if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
    problems.add(`${at}/Type`, `State '${name}' has an unknown Type ${JSON.stringify(type)}; expected one of ${STATE_TYPES.join(', ')}`);
    return;
  }
  const language = (state.QueryLanguage as QueryLanguage | undefined) ?? blockLanguage;
  if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath' && state.QueryLanguage !== 'JSONata') {
    problems.add(`${at}/QueryLanguage`, `QueryLanguage must be 'JSONPath' or 'JSONata'`);
  } else if (blockLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    problems.add(`${at}/QueryLanguage`, `State '${name}' cannot use JSONPath when the state machine's QueryLanguage is JSONata`);
  }
  const allowed = allowedFields(type, language) ?? [];
  for (const field of Object.keys(state)) {
    if (allowed.includes(field)) continue;
    const hint = otherLanguageHas(type, field, language)
      ? ` (it is a ${language === 'JSONata' ? 'JSONPath' : 'JSONata'} field; this state uses ${language})`
      : '';
    problems.add(`${at}/${field}`, `Field '${field}' is not supported for a ${type} state${hint}`);
  }
  checkTransition(name, state, at, names, problems);
  if (type === 'Choice') checkChoice(state, at, language, names, problems);
  if (type === 'Wait') checkWait(state, at, language, problems);
  if (type === 'Task' && typeof state.Resource !== 'string') problems.add(at, 'These fields are required: [Resource]');
  if (type === 'Parallel') checkBranches(state, at, language, problems, checkBlock);
  if (type === 'Map') checkProcessor(state, at, language, problems, checkBlock);
  checkRetry(state, at, problems);
  checkCatch(state, at, names, problems);
  if (language === 'JSONPath')
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) checkTemplate(state[field], `${at}/${field}`, problems);
}

function checkTransition(name: string, state: State, at: string, names: ReadonlySet<string>, problems: Problems): void {
  const type = state.Type as string;
  if (type === 'Choice' || TERMINAL_TYPES.has(type)) return;
  if (state.Next !== undefined && state.End !== undefined) problems.add(at, `State '${name}' has both Next and End`);
  else if (state.Next === undefined && state.End !== true) problems.add(at, `State '${name}' needs Next or End: true`);
  if (state.Next !== undefined && (typeof state.Next !== 'string' || !names.has(state.Next))) {
    problems.add(`${at}/Next`, `Missing 'Next' target: ${String(state.Next)}`, 'MISSING_TRANSITION_TARGET');
  }
}

function checkChoice(state: State, at: string, language: QueryLanguage, names: ReadonlySet<string>, problems: Problems): void {
  const rules = state.Choices;
  if (!Array.isArray(rules) || rules.length === 0) {
    problems.add(`${at}/Choices`, 'Choices must be a non-empty array');
    return;
  }
  rules.forEach((rule: State, index) => {
    const ruleAt = `${at}/Choices/${index}`;
    if (typeof rule?.Next !== 'string' || !names.has(rule.Next))
      problems.add(`${ruleAt}/Next`, `Missing 'Next' target: ${String(rule?.Next)}`, 'MISSING_TRANSITION_TARGET');
    if (language === 'JSONata') {
      if (rule?.Condition === undefined) problems.add(ruleAt, 'These fields are required: [Condition]');
    } else checkRule(rule, ruleAt, problems);
  });
  if (state.Default !== undefined && (typeof state.Default !== 'string' || !names.has(state.Default))) {
    problems.add(`${at}/Default`, `Missing 'Default' target: ${String(state.Default)}`, 'MISSING_TRANSITION_TARGET');
  }
}

function checkRule(rule: State, at: string, problems: Problems): void {
  if (rule === null || typeof rule !== 'object') {
    problems.add(at, 'A Choice rule must be an object');
    return;
  }
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const field = rule.And ? 'And' : 'Or';
    for (const [index, inner] of ((rule.And ?? rule.Or) as State[]).entries()) checkRule(inner, `${at}/${field}/${index}`, problems);
    return;
  }
  if (rule.Not !== undefined) {
    checkRule(rule.Not as State, `${at}/Not`, problems);
    return;
  }
  const operators = Object.keys(rule).filter((key) => CHOICE_OPERATORS.includes(key));
  if (typeof rule.Variable !== 'string') problems.add(at, 'A Choice rule needs a Variable (or And, Or, Not)');
  if (operators.length !== 1) problems.add(at, `A Choice rule needs exactly one comparison operator (found ${operators.length})`);
}

function checkWait(state: State, at: string, language: QueryLanguage, problems: Problems): void {
  const given = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((field) => state[field] !== undefined);
  if (given.length !== 1)
    problems.add(
      at,
      `A Wait state needs exactly one of Seconds, Timestamp${language === 'JSONPath' ? ', SecondsPath, TimestampPath' : ''}`,
    );
  const timestamp = state.Timestamp;
  if (
    typeof timestamp === 'string' &&
    !(language === 'JSONata' && /^\{%[\s\S]*%\}$/.test(timestamp)) &&
    parseTimestamp(timestamp) === undefined
  ) {
    problems.add(`${at}/Timestamp`, 'String does not match RFC3339 timestamp');
  }
}

function checkBranches(state: State, at: string, language: QueryLanguage, problems: Problems, checkBlock: CheckBlock): void {
  if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
    problems.add(at, 'These fields are required: [Branches]');
    return;
  }
  for (const [index, branch] of (state.Branches as State[]).entries())
    checkBlock(branch ?? {}, `${at}/Branches/${index}`, language, problems);
}

function checkProcessor(state: State, at: string, language: QueryLanguage, problems: Problems, checkBlock: CheckBlock): void {
  const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  const processor = state[field];
  if (processor === null || typeof processor !== 'object') {
    problems.add(at, 'These fields are required: [ItemProcessor]');
    return;
  }
  const label = state.Label;
  // AWS rejects a Label with control characters (U+0000-001F, U+007F-009F), as well as the characters listed.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class matches control characters on purpose
  if (typeof label === 'string' && (label === '' || /[\s"#%&*,:;<>?[\\\]^`{|}~$\u0000-\u001f\u007f-\u009f]/.test(label))) {
    problems.add(`${at}/Label`, `Label contains invalid characters or is empty: ${JSON.stringify(label)}`);
  }
  checkBlock(processor as State, `${at}/${field}`, language, problems);
}

function checkRetry(state: State, at: string, problems: Problems): void {
  if (!Array.isArray(state.Retry)) return;
  state.Retry.forEach((retrier: State, index) => {
    checkErrorEquals(retrier, `${at}/Retry/${index}`, index === (state.Retry as unknown[]).length - 1, problems);
    if (retrier?.MaxAttempts !== undefined && !(Number.isInteger(retrier.MaxAttempts) && (retrier.MaxAttempts as number) >= 0))
      problems.add(`${at}/Retry/${index}/MaxAttempts`, 'MaxAttempts must be a non-negative integer');
    if (retrier?.BackoffRate !== undefined && !(typeof retrier.BackoffRate === 'number' && retrier.BackoffRate >= 1))
      problems.add(`${at}/Retry/${index}/BackoffRate`, 'BackoffRate must be a number >= 1.0');
    if (retrier?.JitterStrategy !== undefined && retrier.JitterStrategy !== 'FULL' && retrier.JitterStrategy !== 'NONE')
      problems.add(`${at}/Retry/${index}/JitterStrategy`, "JitterStrategy must be 'FULL' or 'NONE'");
  });
}

function checkCatch(state: State, at: string, names: ReadonlySet<string>, problems: Problems): void {
  if (!Array.isArray(state.Catch)) return;
  state.Catch.forEach((catcher: State, index) => {
    checkErrorEquals(catcher, `${at}/Catch/${index}`, index === (state.Catch as unknown[]).length - 1, problems);
    if (typeof catcher?.Next !== 'string' || !names.has(catcher.Next))
      problems.add(`${at}/Catch/${index}/Next`, `Missing 'Next' target: ${String(catcher?.Next)}`, 'MISSING_TRANSITION_TARGET');
  });
}

function checkErrorEquals(rule: State, at: string, last: boolean, problems: Problems): void {
  const errors = rule?.ErrorEquals;
  if (!Array.isArray(errors) || errors.length === 0) {
    problems.add(at, 'These fields are required: [ErrorEquals]');
    return;
  }
  if (errors.includes('States.ALL') && (errors.length > 1 || !last))
    problems.add(`${at}/ErrorEquals`, 'States.ALL must appear alone in ErrorEquals and in the last retrier or catcher');
}

/** `key.$` values must be paths or intrinsic calls (AWS's text). */
function checkTemplate(template: unknown, at: string, problems: Problems): void {
  if (Array.isArray(template)) {
    for (const item of template) checkTemplate(item, at, problems);
    return;
  }
  if (template === null || typeof template !== 'object') return;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string' || !(value.startsWith('$') || isValidIntrinsic(value))) {
        problems.add(at, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`);
      }
    } else checkTemplate(value, at, problems);
  }
}

function isValidIntrinsic(value: string): boolean {
  if (!isIntrinsicCall(value)) return false;
  try {
    parseIntrinsic(value);
    return true;
  } catch {
    return false;
  }
}
