/**
 * The AWS JSON 1.0 protocol Step Functions speaks: requests are POSTs naming their operation in
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, bodies and answers are JSON of this content type.
 * What the service (service.ts) and its HTTP endpoint (endpoint/http.ts) share.
 */

/** The X-Amz-Target prefix of every Step Functions operation. */
export const TARGET_PREFIX = 'AWSStepFunctions.';

/** The content type of requests and answers. */
export const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Largest request body read: the 256 KiB input limit plus room for the envelope. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** One answer of the service, ready to write. */
export interface StepFunctionsResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What answers one Step Functions call: the service, or anything that stands in for it. */
export interface StepFunctionsHandler {
  /** Handles one AWS JSON 1.0 request: `target` is the X-Amz-Target header, `body` the raw body. */
  handle(target: string | undefined, body: string): Promise<StepFunctionsResponse>;
}
