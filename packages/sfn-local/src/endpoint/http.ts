import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerLike } from '@sizegate/types';
import type { AccessKey } from '@sizegate/types/sigv4';
import { CONTENT_TYPE, MAX_REQUEST_BODY_BYTES, TARGET_PREFIX, type StepFunctionsHandler } from '../protocol.js';
import { createSignatureCheck, type SignatureCheck } from './signatures.js';

/** The content types of the AWS JSON protocols; SDKs and awscli send 1.0 to Step Functions. */
const JSON_PROTOCOL_CONTENT_TYPE = /^application\/x-amz-json-1\.[01]\s*(;|$)/i;

/** Where protocol-level errors of the service live when they are not Coral's. */
const SERVICE_NAMESPACE = 'com.amazonaws.swf.service.v2.model';

export interface StepFunctionsEndpointOptions {
  /**
   * The service the requests go to; or a function giving it, called per request: undefined while
   * it does not exist yet (503), or a promise while it loads (the endpoint then needs no engine
   * loaded to claim requests or refuse them).
   */
  readonly service: StepFunctionsHandler | (() => StepFunctionsHandler | undefined | Promise<StepFunctionsHandler | undefined>);
  readonly logger?: LoggerLike;
  /**
   * Check every request's AWS Signature Version 4 against `accessKeys`; unsigned or wrongly signed
   * requests get AWS's errors (MissingAuthenticationTokenException, UnrecognizedClientException,
   * InvalidSignatureException). Off, any credentials (and none) work. @default false
   */
  readonly verifySignatures?: boolean;
  /** The access keys accepted when `verifySignatures` is on (at least one). */
  readonly accessKeys?: readonly AccessKey[];
  /** The clock signatures are checked against. @default Date.now */
  readonly clock?: () => number;
}

/** Step Functions on a Node request listener: the AWS JSON 1.0 wire protocol around the service. */
export interface StepFunctionsEndpoint {
  /**
   * Whether a request is a Step Functions call: its X-Amz-Target names a Step Functions operation,
   * or it is a POST in the AWS JSON 1.0 protocol (with no or another target: it gets this
   * protocol's UnknownOperationException).
   */
  claims(req: IncomingMessage): boolean;
  /** Serves one request: checks the content type, reads the body up to its limit, answers. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Answers a request refused before it reached the service (e.g. by the request guard) with 403 AccessDeniedException. */
  sendAccessDenied(req: IncomingMessage, res: ServerResponse, message: string): void;
}

export function createStepFunctionsEndpoint(options: StepFunctionsEndpointOptions): StepFunctionsEndpoint {
  const { service } = options;
  const serviceNow = typeof service === 'function' ? service : () => service;
  const checkSignature =
    options.verifySignatures === true
      ? createSignatureCheck({ accessKeys: options.accessKeys ?? [], ...(options.clock === undefined ? {} : { clock: options.clock }) })
      : undefined;
  return {
    claims: (req) => header(req, 'x-amz-target')?.startsWith(TARGET_PREFIX) === true || isJsonProtocolPost(req),
    handle: (req, res) => void serve(req, res, serviceNow, options.logger, checkSignature),
    sendAccessDenied: (_req, res, message) => sendJsonError(res, 403, 'AccessDeniedException', message),
  };
}

/** A POST with the AWS JSON 1.0 content type but no (or an unknown) target still gets a Step Functions-shaped error. */
function isJsonProtocolPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && (header(req, 'content-type') ?? '').startsWith('application/x-amz-json-1.0');
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  service: () => StepFunctionsHandler | undefined | Promise<StepFunctionsHandler | undefined>,
  logger: LoggerLike | undefined,
  checkSignature: SignatureCheck | undefined,
): Promise<void> {
  const target = header(req, 'x-amz-target');
  const contentType = header(req, 'content-type') ?? '';
  if (!JSON_PROTOCOL_CONTENT_TYPE.test(contentType)) {
    // As AWS's JSON services do: a request in no protocol they speak names no operation.
    res.setHeader('connection', 'close'); // the body is not read
    const message = `Unsupported Content-Type "${contentType}": Step Functions requests are application/x-amz-json-1.0`;
    sendJsonError(res, 400, 'UnknownOperationException', message, 'com.amazon.coral.service');
    return;
  }
  try {
    const body = await readBody(req, MAX_REQUEST_BODY_BYTES);
    if (body === undefined) {
      sendJsonError(res, 413, 'ValidationException', `Request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes`);
      return;
    }
    const refused = checkSignature?.(req, body);
    if (refused !== undefined) {
      logger?.debug('Step Functions request refused: signature', { target, code: refused.code });
      sendJsonError(res, refused.statusCode, refused.code, refused.message, 'com.amazon.coral.service');
      return;
    }
    const handler = await service();
    if (!handler) {
      sendJsonError(res, 503, 'ServiceUnavailable', 'The Step Functions side is starting');
      return;
    }
    const response = await handler.handle(target, body.toString('utf8'));
    res.writeHead(response.statusCode, response.headers);
    res.end(response.body);
  } catch (error) {
    logger?.error('Step Functions request failed', { target, error: error as Error });
    if (!res.headersSent) sendJsonError(res, 500, 'InternalFailure', 'Internal error in the local runtime');
    else res.destroy();
  }
}

/**
 * The body's bytes (what a signature hashes), or undefined as soon as it grows past `limit`: the
 * 413 is sent then, not after the whole body arrived. The rest is still read and dropped (never
 * buffered), so the connection stays usable for the client's next request.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const collect = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', collect);
      req.resume(); // drain: no 'data' listener keeps what follows
      resolve(undefined);
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJsonError(res: ServerResponse, statusCode: number, code: string, message: string, namespace = SERVICE_NAMESPACE) {
  res.writeHead(statusCode, { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': code });
  res.end(JSON.stringify({ __type: `${namespace}#${code}`, message }));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
