import { invalidExecutionInput, invalidName, serializationError, validationError } from './errors.js';

/** Step Functions' limit for an execution's input: 256 KiB as UTF-8. */
export const MAX_INPUT_BYTES = 262_144;
export const MAX_NAME_LENGTH = 80;
export const MAX_RESULTS_LIMIT = 1000;
export const DEFAULT_MAX_RESULTS = 100;
export const MAX_NEXT_TOKEN_LENGTH = 3096;

export const EXECUTION_STATUSES = ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

// What the StartExecution documentation forbids in a name: whitespace, brackets, wildcards,
// " # % \ ^ | ~ ` $ & , ; : / and control characters (U+0000-001F, U+007F-009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are among those the name must not contain
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/**
 * Checks an execution or state machine name (the same rule). A length outside 1–80 breaks the API
 * model (ValidationException, as AWS's request validation answers); a forbidden character is
 * InvalidName.
 */
export function validateExecutionName(name: string): void {
  if (name.length < 1) throw validationError('name', name, 'Member must have length greater than or equal to 1');
  if (name.length > MAX_NAME_LENGTH) {
    throw validationError('name', name, `Member must have length less than or equal to ${MAX_NAME_LENGTH}`);
  }
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) throw invalidName(name);
}

export const validateStateMachineName = validateExecutionName;

export interface ExecutionInput {
  /** The input exactly as the caller sent it ("{}" when absent): DescribeExecution returns it as is. */
  readonly text: string;
  readonly value: unknown;
}

/** Parses StartExecution's `input`: any JSON value (`2`, `"text"`, `null` are accepted, as on AWS). */
export function parseExecutionInput(input: string | undefined): ExecutionInput {
  const text = input ?? '{}';
  if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) {
    throw invalidExecutionInput(`Input size exceeds the maximum of ${MAX_INPUT_BYTES} bytes (UTF-8)`);
  }
  if (text.trim() === '') throw invalidExecutionInput('Invalid execution input.');
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw invalidExecutionInput(describeJsonError(text, error as Error));
  }
}

/**
 * AWS parses inputs with Jackson and quotes its message. The two most common mistakes get
 * Jackson's exact wording; anything else gets the JSON parser's own message.
 */
function describeJsonError(text: string, error: Error): string {
  const trimmed = text.trimStart();
  const token = /^[A-Za-z_][A-Za-z0-9_]*/.exec(trimmed)?.[0];
  if (token !== undefined && !['null', 'true', 'false'].includes(token)) {
    return `Unrecognized token '${token}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  const fieldStart = /^\{\s*([^\s"}])/u.exec(trimmed)?.[1];
  if (fieldStart !== undefined) {
    return `Unexpected character ('${fieldStart}' (code ${fieldStart.codePointAt(0)})): was expecting double-quote to start field name`;
  }
  return error.message;
}

/** Reads members of a request body with the model's types; a wrong type is a SerializationException. */
export class RequestMembers {
  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  private value(name: string): unknown {
    const value = this.body[name];
    return value === null ? undefined : value;
  }

  optionalString(name: string): string | undefined {
    const value = this.value(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw serializationError(`Expected a string for member '${name}'`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw validationError(name, null, 'Member must not be null');
    return value;
  }

  /** A structure member (an object), as given. */
  optionalObject(name: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.value(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(`Expected an object for member '${name}'`);
    return value as Record<string, unknown>;
  }

  /** A string member with a fixed set of values. */
  optionalEnum<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.optionalString(name);
    if (value !== undefined && !(values as readonly string[]).includes(value)) {
      throw validationError(name, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
    }
    return value as T | undefined;
  }

  /** A string member with the model's length limits. */
  limitedString(name: string, min: number, max: number): string {
    const value = this.requiredString(name);
    if (value.length < min) throw validationError(name, value, `Member must have length greater than or equal to ${min}`);
    if (value.length > max) throw validationError(name, value, `Member must have length less than or equal to ${max}`);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.value(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw serializationError(`Expected a boolean for member '${name}'`);
    return value;
  }

  /** `maxResults`: 0 (or absent) means the default page size; the model allows 0–1000. */
  maxResults(): number {
    const value = this.value('maxResults');
    if (value === undefined) return DEFAULT_MAX_RESULTS;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw serializationError(`Expected an integer for member 'maxResults'`);
    }
    if (value < 0) throw validationError('maxResults', value, 'Member must have value greater than or equal to 0');
    if (value > MAX_RESULTS_LIMIT) {
      throw validationError('maxResults', value, `Member must have value less than or equal to ${MAX_RESULTS_LIMIT}`);
    }
    return value === 0 ? DEFAULT_MAX_RESULTS : value;
  }

  /** `nextToken`: the model allows 1 to 3096 characters. */
  nextToken(): string | undefined {
    const value = this.optionalString('nextToken');
    if (value === undefined) return undefined;
    if (value.length < 1) throw validationError('nextToken', value, 'Member must have length greater than or equal to 1');
    if (value.length > MAX_NEXT_TOKEN_LENGTH) {
      throw validationError('nextToken', value, `Member must have length less than or equal to ${MAX_NEXT_TOKEN_LENGTH}`);
    }
    return value;
  }

  statusFilter(): ExecutionStatus | undefined {
    const value = this.optionalString('statusFilter');
    if (value === undefined) return undefined;
    if (!(EXECUTION_STATUSES as readonly string[]).includes(value)) {
      throw validationError('statusFilter', value, `Member must satisfy enum value set: [${EXECUTION_STATUSES.join(', ')}]`);
    }
    return value as ExecutionStatus;
  }
}

/** The request body as an object; malformed JSON is a SerializationException, as on AWS. */
export function parseRequestBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw serializationError('Could not parse the request body as JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw serializationError('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
