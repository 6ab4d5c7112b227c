import * as sfn from '@aws-sdk/client-sfn';
import type { CallResult, DriverError } from './types.js';

type CommandClass = new (input: Record<string, unknown>) => Parameters<sfn.SFNClient['send']>[0];
type ExceptionClass = new (options: { message: string; $metadata: Record<string, unknown> }) => object;

const commands = sfn as unknown as Record<string, unknown>;

/** Dummy credentials: the local endpoint does not check signatures. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'conformance', secretAccessKey: 'conformance' };

/**
 * One call through the real SDK v3 client: the command is looked up by operation name, the
 * output's `$metadata` becomes boto3's `ResponseMetadata`, and a service exception becomes
 * `{code, message, httpStatus}` plus the members its error shape models.
 */
export async function callWithSdk(client: sfn.SFNClient, operation: string, args: Readonly<Record<string, unknown>>): Promise<CallResult> {
  const Command = commands[`${operation}Command`] as CommandClass | undefined;
  if (typeof Command !== 'function') {
    return { ok: false, error: { code: 'UnknownOperation', message: `@aws-sdk/client-sfn has no ${operation}Command`, httpStatus: 0 } };
  }
  try {
    const output = (await client.send(new Command({ ...args }))) as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
    const { $metadata, ...members } = output;
    return {
      ok: true,
      response: {
        ...(withoutUndefined(members) as Record<string, unknown>),
        ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: $metadata.httpStatusCode },
      },
    };
  } catch (error) {
    return { ok: false, error: errorOf(error) };
  }
}

function errorOf(error: unknown): DriverError {
  const err = error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };
  if (err.$fault === undefined) {
    // Not an answer from the service (the SDK refused the input, or the connection failed).
    return { code: `ClientError:${err.name}`, message: err.message, httpStatus: 0 };
  }
  const fields = modeledFieldsOf(err);
  return {
    code: err.name,
    message: err.message,
    httpStatus: err.$metadata?.httpStatusCode ?? 0,
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

const SDK_KEYS = new Set(['name', 'message', 'Message', '$fault', '$metadata', '$retryable', '$response', '__type']);

/** The members the exception's own class declares (`reason`, `resourceName`, …), where the response set them. */
function modeledFieldsOf(error: Error): Record<string, unknown> {
  const Exception = commands[error.name] as ExceptionClass | undefined;
  if (typeof Exception !== 'function') return {};
  let declared: string[];
  try {
    declared = Object.keys(new Exception({ message: '', $metadata: {} }));
  } catch {
    return {};
  }
  const fields: Record<string, unknown> = {};
  for (const key of declared) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (!SDK_KEYS.has(key) && value !== undefined) fields[key] = value;
  }
  return fields;
}

/** boto3 has no member set to nothing: a member the SDK left undefined is dropped (at any depth). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, withoutUndefined(item)]),
  );
}
