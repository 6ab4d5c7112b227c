/**
 * Evaluating `{% ... %}` expressions as Step Functions does: `$states` and the workflow variables
 * bound, AWS's extra functions, no context item, and every failure a States.QueryEvaluationError
 * whose cause names the expression and the field.
 */
import jsonata from 'jsonata';
import { StatesError } from '../errors.js';
import { JsonataFunctionError, registerAwsFunctions } from './functions.js';

/** What `$states` and `$<variable>` see in one evaluation. */
export interface JsonataBindings {
  readonly states: {
    readonly input: unknown;
    readonly context: unknown;
    readonly result?: unknown;
    readonly errorOutput?: unknown;
  };
  /** Workflow variables visible to the state (`$name`). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** The execution's clock (epoch milliseconds) for `$now()` and `$millis()`, unless `options.clock` is given. */
  readonly clock?: () => number;
}

/** JSON type names, as AWS names them in "Expected 'array', but was 'object'". */
export type JsonTypeName = 'array' | 'object' | 'string' | 'number' | 'boolean' | 'null';

/** Guards against runaway expressions (AWS docs, "Handling expression errors"). */
export interface JsonataLimits {
  /** AWS fails an expression that takes longer than 1 second. */
  readonly timeoutMs: number;
  /** Nesting depth of JSONata's evaluator before "Stack overflow error" (protects Node's stack). */
  readonly maxDepth: number;
}

export const DEFAULT_JSONATA_LIMITS: JsonataLimits = { timeoutMs: 1000, maxDepth: 1000 };

export interface JsonataEvaluationOptions {
  /** The result must be of this JSON type (e.g. `array` for a Map's `Items`). */
  readonly expect?: JsonTypeName;
  readonly limits?: JsonataLimits;
  /** The execution's clock (epoch milliseconds) for `$now()` and `$millis()`; real time if absent. */
  readonly clock?: () => number;
  /** Monotonic milliseconds for the timeout (tests pass a fake one); `performance.now` if absent. */
  readonly timer?: () => number;
}

/**
 * True for a string that is one JSONata expression: it starts with `{%` and ends with `%}`. AWS
 * treats anything else as a plain string, e.g. `" {% states.input %} "` with spaces around it
 * (recorded: jsonata test_base_cases[BASE_LAMBDA_LITERALS]).
 */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression inside `{% ... %}`, trimmed, as AWS quotes it in error causes. */
export function jsonataExpressionText(value: string): string {
  return value.slice(2, -2).trim();
}

/**
 * Evaluates a field value of a JSONata state: strings that are `{% expr %}` are evaluated, objects
 * and arrays are walked (in order), other values are returned as they are. `field` names the
 * field for error texts and the EvaluationFailed event's `location` (`Output`, `Arguments`,
 * `Assign`, ...); nested values extend it: `Output/result`, `Items[1]`.
 *
 * Throws StatesError('States.QueryEvaluationError', cause, { location }) — see
 * evaluateJsonataExpression. The interpreter prefixes the cause with AWS's `An error occurred while
 * executing the state '<name>' (entered at the event id #<n>). ` and writes the EvaluationFailed
 * event from `details.location`.
 */
export async function evaluateJsonataField(
  value: unknown,
  bindings: JsonataBindings,
  field: string,
  options: JsonataEvaluationOptions = {},
): Promise<unknown> {
  if (isJsonataExpression(value)) return evaluateJsonataExpression(value, bindings, field, options);
  const nested = { ...options, expect: undefined };
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const [index, item] of value.entries()) items.push(await evaluateJsonataField(item, bindings, `${field}[${index}]`, nested));
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await evaluateJsonataField(item, bindings, `${field}/${key}`, nested);
    return out;
  }
  return value;
}

/**
 * Evaluates one `{% expr %}` string (or the bare expression text) and returns plain JSON. Causes:
 * - nothing: `The JSONata expression '<expr>' specified for the field '<field>' returned nothing
 *   (undefined).` (recorded, variables test_undefined_reference[*]);
 * - a function (or a number JSON cannot hold): `... returned an unsupported result type.`
 *   (recorded for a function, jsonata test_map_state_items_eval_jsonata_fail[function]);
 * - `expect` not met: `... returned an unexpected result type. Expected 'array', but was 'object'
 *   for value: {"foo":"bar"}` (recorded, test_map_state_items_eval_jsonata_fail[*]);
 * - JSONata raised: `... threw an error during evaluation. <code>: <message>`, or `...evaluation:
 *   <message>` for errors without a code (not in the corpus: the wording third parties measured
 *   on AWS, floci-io/floci#2736).
 */
export async function evaluateJsonataExpression(
  expression: string,
  bindings: JsonataBindings,
  field: string,
  options: JsonataEvaluationOptions = {},
): Promise<unknown> {
  const wrapped: unknown = expression;
  const text = isJsonataExpression(wrapped) ? jsonataExpressionText(wrapped) : expression.trim();
  const fail = (ending: string) =>
    new StatesError('States.QueryEvaluationError', `The JSONata expression '${text}' specified for the field '${field}' ${ending}`, {
      location: field,
    });

  let result: unknown;
  try {
    const compiled = compile(text);
    const limits = options.limits ?? DEFAULT_JSONATA_LIMITS;
    const timer = options.timer ?? (() => performance.now());
    const guard: Guard = { deadline: timer() + limits.timeoutMs, maxDepth: limits.maxDepth, depth: 0, now: timer };
    const now = options.clock ?? bindings.clock;
    const clock = now ? await clockFunctions(now()) : {};
    result = await compiled.evaluate(undefined, { ...bindings.variables, ...clock, states: bindings.states, [GUARD_KEY]: guard });
  } catch (error) {
    throw fail(`threw an error during evaluation${describeError(error)}`);
  }
  if (result === undefined) throw fail('returned nothing (undefined).');
  const json = toJson(result);
  if (json === UNSUPPORTED) throw fail('returned an unsupported result type.');
  if (options.expect && jsonTypeOf(json) !== options.expect) {
    throw fail(
      `returned an unexpected result type. Expected '${options.expect}', but was '${jsonTypeOf(json)}' for value: ${JSON.stringify(json)}`,
    );
  }
  return json;
}

export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonTypeName;
}

// Per-evaluation guard state travels in the bindings under a name no JSONata `$variable` can spell.
const GUARD_KEY = ' sizegate guard';
interface Guard {
  deadline: number;
  maxDepth: number;
  depth: number;
  now: () => number;
}

type FromMillis = (millis: number, picture?: string, timezone?: string) => string;
let fromMillis: FromMillis | undefined;

/**
 * `$now()` / `$millis()` on the execution's clock (a virtual clock jumps; JSONata's own read real
 * time). Like JSONata's, they give one instant for the whole evaluation; `$now` formats through
 * JSONata's own `$fromMillis`, so pictures and time zones work as documented.
 */
async function clockFunctions(at: number): Promise<Record<string, unknown>> {
  fromMillis ??= ((await jsonata('$fromMillis').evaluate(undefined)) as { implementation: FromMillis }).implementation;
  const format = fromMillis;
  return { now: (picture?: string, timezone?: string) => format(at, picture, timezone), millis: () => at };
}

/** Failures we raise ourselves carry AWS's documented texts and no JSONata code. */
class LimitError extends Error {}

const compiled = new Map<string, jsonata.Expression>();
const COMPILED_CACHE_LIMIT = 10_000;

function compile(text: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (!expression) {
    expression = jsonata(text);
    registerAwsFunctions(expression);
    const lookupGuard = (environment: { lookup(name: string): unknown }) => environment.lookup(GUARD_KEY) as Guard | undefined;
    // jsonata's hooks are bound under Symbol keys; its typings only admit string names.
    const assign = expression.assign.bind(expression) as unknown as (name: symbol, value: unknown) => void;
    assign(Symbol.for('jsonata.__evaluate_entry'), (_node: unknown, _input: unknown, environment: { lookup(name: string): unknown }) => {
      const guard = lookupGuard(environment);
      if (!guard) return;
      guard.depth += 1;
      if (guard.depth > guard.maxDepth) throw new LimitError('Stack overflow error');
      if (guard.now() > guard.deadline) throw new LimitError('Expression evaluation timeout');
    });
    assign(Symbol.for('jsonata.__evaluate_exit'), (_node: unknown, _input: unknown, environment: { lookup(name: string): unknown }) => {
      const guard = lookupGuard(environment);
      if (guard) guard.depth -= 1;
    });
    if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
    compiled.set(text, expression);
  }
  return expression;
}

/** `. T2001: message` for JSONata's coded errors, `: message` otherwise. */
function describeError(error: unknown): string {
  if (error instanceof LimitError || error instanceof JsonataFunctionError) return `: ${error.message}`;
  if (error instanceof RangeError) return ': Stack overflow error';
  const coded = error as { code?: unknown; message?: unknown };
  if (typeof coded?.code === 'string' && typeof coded.message === 'string') return `. ${coded.code}: ${coded.message}`;
  return `: ${error instanceof Error ? error.message : String(error)}`;
}

const UNSUPPORTED = Symbol('unsupported');

/**
 * A fresh plain-JSON copy of a JSONata result: sequences become arrays, JSONata's own markers go,
 * and a function or a non-finite number anywhere makes the result unsupported.
 */
function toJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : UNSUPPORTED;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      if (item === undefined) continue;
      const json = toJson(item);
      if (json === UNSUPPORTED) return UNSUPPORTED;
      items.push(json);
    }
    return items;
  }
  if (typeof value === 'object' && !isJsonataFunction(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const json = toJson(item);
      if (json === UNSUPPORTED) return UNSUPPORTED;
      out[key] = json;
    }
    return out;
  }
  return UNSUPPORTED;
}

function isJsonataFunction(value: object): boolean {
  const marked = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return marked._jsonata_lambda === true || marked._jsonata_function === true;
}
