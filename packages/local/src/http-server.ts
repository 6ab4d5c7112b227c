import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerLike } from '@sizegate/types';
import type { ConsoleSource } from './console/api.js';
import type { ConsoleHandler } from './console/server.js';
import { randomString } from './random-pool.js';
import { bindPolicy, type RequestGuard } from './request-guard.js';
import { sendXmlError } from './s3/xml-error.js';

/** Step Functions requests are AWS JSON 1.0 calls whose X-Amz-Target starts with this. */
const STEP_FUNCTIONS_TARGET_PREFIX = 'AWSStepFunctions.';
/** Largest Step Functions request body read: the 256 KiB input limit plus room for the envelope. */
export const MAX_STEP_FUNCTIONS_BODY_BYTES = 1024 * 1024;

export interface StepFunctionsHandler {
  handle(target: string | undefined, body: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
}

/** Binds `server` to `host`:`port` (port 0: any free one); resolves once it listens. */
export type Listen = (server: Server, port: number, host: string) => Promise<void>;

/** The real bind. */
export const listenOn: Listen = (server, port, host) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

export interface FrontServerOptions {
  /** The address to bind; a non-loopback one is served, and warned about (request-guard.ts). */
  host: string;
  port: number;
  /**
   * How to bind. @default listenOn. Tests give one that binds 127.0.0.1 whatever `host` says, so
   * the start path of a wide bind (its warning, its Host names) runs without listening wide.
   */
  listen?: Listen;
  s3: { handle(req: IncomingMessage, res: ServerResponse): void };
  /**
   * The Step Functions side: undefined while it does not exist yet, or a promise while it loads
   * (start-local loads it on first use).
   */
  stepFunctions: () => StepFunctionsHandler | undefined | Promise<StepFunctionsHandler | undefined>;
  logger: LoggerLike;
  /** Extra Host names to answer to (see request-guard.ts); loopback names and the bound address always are. */
  allowedHosts?: readonly string[];
  /** Serve the web console under /_sizegate/ for this workflow (its data comes from `stepFunctions`). */
  console?: Omit<ConsoleSource, 'stepFunctions'>;
}

/** The console's path prefix; `_sizegate` is no valid bucket name, so no S3 request can mean it. */
const CONSOLE_PATH = /^\/_sizegate(?:[/?]|$)/;

export interface FrontServer {
  readonly server: Server;
  readonly endpoint: string;
  close(): Promise<void>;
}

/** One endpoint for both services: Step Functions by X-Amz-Target, everything else to S3. */
export async function startFrontServer(options: FrontServerOptions): Promise<FrontServer> {
  // Set once listening: the guard needs the real port.
  let guard: RequestGuard | undefined;
  // The console module (and what it loads) is imported on the first console request only.
  let consoleHandler: Promise<ConsoleHandler> | undefined;
  const server = createServer((req, res) => {
    const target = header(req, 'x-amz-target');
    const stepFunctions = target?.startsWith(STEP_FUNCTIONS_TARGET_PREFIX) || isJsonProtocol(req);
    const refusal = guard?.refusal({ host: header(req, 'host'), origin: header(req, 'origin'), secFetchSite: header(req, 'sec-fetch-site') });
    if (refusal !== undefined) {
      refuse(req, res, stepFunctions, refusal, options.logger);
      return;
    }
    // After the guard (the console keeps the Host/Origin checks), before S3 and Step Functions.
    if (options.console !== undefined && CONSOLE_PATH.test(req.url ?? '/')) {
      const source = { ...options.console, stepFunctions: options.stepFunctions };
      consoleHandler ??= import('./console/server.js').then(({ createConsoleHandler }) => createConsoleHandler(source, options.logger));
      void consoleHandler.then(
        (handler) => handler.handle(req, res),
        (error: unknown) => {
          options.logger.error('The web console failed to load', { error: error as Error });
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('The web console failed to load\n');
        },
      );
      return;
    }
    if (stepFunctions) {
      void serveStepFunctions(req, res, target, options);
      return;
    }
    options.s3.handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await (options.listen ?? listenOn)(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const policy = bindPolicy({ boundHost: options.host, port, allowedHosts: options.allowedHosts });
  guard = policy.guard;
  if (policy.warning !== undefined) options.logger.warn(policy.warning, { host: options.host, port });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** 403 in the shape of the service the request was for, so SDK clients throw their usual AccessDenied error. */
function refuse(req: IncomingMessage, res: ServerResponse, stepFunctions: boolean, reason: string, logger: LoggerLike) {
  logger.warn('Refused a request from another host or origin (DNS rebinding / cross-site protection)', {
    reason,
    method: req.method,
    host: header(req, 'host'),
    origin: header(req, 'origin'),
  });
  const message = `Access denied: ${reason}. Only local clients and the names given with --allowed-host are served.`;
  res.setHeader('connection', 'close'); // the body is not read
  if (stepFunctions) {
    sendJsonError(res, 403, 'AccessDeniedException', message);
    return;
  }
  const requestId = randomString(8, 'hex').toUpperCase();
  res.setHeader('x-amz-request-id', requestId);
  sendXmlError(req, res, 403, { code: 'AccessDenied', message }, requestId);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A POST with the AWS JSON 1.0 content type but no (or an unknown) target still gets a Step Functions-shaped error. */
function isJsonProtocol(req: IncomingMessage): boolean {
  return req.method === 'POST' && (header(req, 'content-type') ?? '').startsWith('application/x-amz-json-1.0');
}

/** The content types of the AWS JSON protocols; SDKs and awscli send 1.0 to Step Functions. */
const JSON_PROTOCOL_CONTENT_TYPE = /^application\/x-amz-json-1\.[01]\s*(;|$)/i;

async function serveStepFunctions(req: IncomingMessage, res: ServerResponse, target: string | undefined, options: FrontServerOptions) {
  const contentType = header(req, 'content-type') ?? '';
  if (!JSON_PROTOCOL_CONTENT_TYPE.test(contentType)) {
    // As AWS's JSON services do: a request in no protocol they speak names no operation.
    res.setHeader('connection', 'close'); // the body is not read
    const message = `Unsupported Content-Type "${contentType}": Step Functions requests are application/x-amz-json-1.0`;
    sendJsonError(res, 400, 'UnknownOperationException', message, 'com.amazon.coral.service');
    return;
  }
  try {
    const body = await readBody(req, MAX_STEP_FUNCTIONS_BODY_BYTES);
    if (body === undefined) {
      sendJsonError(res, 413, 'ValidationException', `Request body exceeds ${MAX_STEP_FUNCTIONS_BODY_BYTES} bytes`);
      return;
    }
    const service = await options.stepFunctions();
    if (!service) {
      sendJsonError(res, 503, 'ServiceUnavailable', 'The Step Functions side is starting');
      return;
    }
    const response = await service.handle(target, body);
    res.writeHead(response.statusCode, response.headers);
    res.end(response.body);
  } catch (error) {
    options.logger.error('Step Functions request failed', { target, error: error as Error });
    if (!res.headersSent) sendJsonError(res, 500, 'InternalFailure', 'Internal error in the local runtime');
    else res.destroy();
  }
}

/**
 * The body as text, or undefined as soon as it grows past `limit`: the 413 is sent then, not after
 * the whole body arrived. The rest is still read and dropped (never buffered), so the connection
 * stays usable for the client's next request.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJsonError(res: ServerResponse, statusCode: number, code: string, message: string, namespace = 'com.amazonaws.swf.service.v2.model') {
  res.writeHead(statusCode, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': code });
  res.end(JSON.stringify({ __type: `${namespace}#${code}`, message }));
}
