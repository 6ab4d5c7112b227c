import { isDict } from '../normalise/walk.js';

/** Keys a Lambda runtime's error document has besides `errorType` and `errorMessage` (Python; Node has `trace`). */
const RUNTIME_KEYS = new Set(['requestId', 'stackTrace', 'trace']);

export interface LambdaErrorDocument {
  readonly errorType: unknown;
  readonly errorMessage: unknown;
}

/**
 * The error document of a raising Lambda function, whether the cause was decoded (a
 * `{`-string at an object key) or is still a JSON string (inside a decoded value, such as a
 * Catch output's `Cause`).
 */
export function lambdaErrorDocumentOf(value: unknown): LambdaErrorDocument | undefined {
  let document = value;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      document = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!isDict(document) || !('errorType' in document) || !('errorMessage' in document)) return undefined;
  const others = Object.keys(document).filter((key) => key !== 'errorType' && key !== 'errorMessage');
  if (!others.every((key) => RUNTIME_KEYS.has(key))) return undefined;
  return { errorType: document.errorType, errorMessage: document.errorMessage };
}

export function isLambdaErrorDocument(value: unknown): boolean {
  return lambdaErrorDocumentOf(value) !== undefined;
}

/** JSON text with keys sorted at every level: an order-independent identity for a value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isDict(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
