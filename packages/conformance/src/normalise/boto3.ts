import type { DriverError } from '../drivers/types.js';

/**
 * Step 1: an error as boto3 hands it to a test (`ClientError.response`): the code and message
 * under `Error`, the modeled members (`message`, …) beside it, and the response metadata.
 */
export function boto3ErrorResponse(error: DriverError): Record<string, unknown> {
  return {
    Error: { Code: error.code, Message: error.message },
    message: error.message,
    ...error.fields,
    ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: error.httpStatus },
  };
}

/** `str(ClientError)`: the text a test stores when it keeps the exception itself. */
export function boto3ErrorText(operation: string, error: DriverError): string {
  return `An error occurred (${error.code}) when calling the ${operation} operation: ${error.message}`;
}

/** `{exception_typename, exception_value}`: what a test stores when it wraps the exception (`wrapped_by_test`). */
export function boto3WrappedError(operation: string, error: DriverError): Record<string, unknown> {
  return { exception_typename: error.code, exception_value: boto3ErrorText(operation, error) };
}

/** The message back out of boto3's text, for a given code and operation (undefined when the text is not of that form). */
export function messageOfBoto3Text(text: string): { code: string; operation: string; message: string } | undefined {
  const match = /^An error occurred \(([^)]*)\) when calling the (\w+) operation(?: \([^)]*\))?: ([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  return { code: match[1] as string, operation: match[2] as string, message: match[3] as string };
}
