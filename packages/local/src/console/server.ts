import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerLike } from '@sizegate/types';
import { ConsoleApiError, createConsoleApi, type ConsoleApi, type ConsoleSource } from './api.js';
import { consoleAsset } from './assets.js';

/** Where the console lives: `_sizegate` is no valid bucket name (S3 names start with a letter or digit). */
export const CONSOLE_PREFIX = '/_sizegate';

/**
 * Nothing inline (script or style) and nothing from another origin: the page's own three files,
 * fetches to the runtime, and the graph SVG, which Graphviz draws with presentation attributes.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
/** For the JSON and SVG responses when opened on their own: nothing runs, nothing loads. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export interface ConsoleHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createConsoleHandler(source: ConsoleSource, logger: LoggerLike): ConsoleHandler {
  const api = createConsoleApi(source);
  return {
    async handle(req, res) {
      // The body of a request with one is not read (the console serves GET only).
      res.setHeader('connection', req.method === 'GET' || req.method === 'HEAD' ? 'keep-alive' : 'close');
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      try {
        await route(req, res, url, api);
      } catch (error) {
        if (error instanceof ConsoleApiError) {
          sendJson(res, error.statusCode, { error: error.code, message: error.message });
          return;
        }
        logger.error('Console request failed', { path: url.pathname, error: error as Error });
        if (!res.headersSent) sendJson(res, 500, { error: 'InternalFailure', message: 'Internal error in the local runtime' });
        else res.destroy();
      }
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, api: ConsoleApi): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendJson(res, 405, { error: 'MethodNotAllowed', message: 'The console is read-only: GET and HEAD only' });
    return;
  }
  if (url.pathname === CONSOLE_PREFIX) {
    securityHeaders(res, DATA_CSP);
    res.writeHead(308, { location: `${CONSOLE_PREFIX}/` }).end();
    return;
  }
  const rest = url.pathname.slice(CONSOLE_PREFIX.length + 1);
  if (!rest.startsWith('api/')) {
    const asset = consoleAsset(rest);
    if (asset === undefined) {
      sendJson(res, 404, { error: 'NotFound', message: `No console page at ${url.pathname}` });
      return;
    }
    securityHeaders(res, PAGE_CSP);
    res.writeHead(200, { 'content-type': asset.contentType, 'content-length': asset.body.length });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return;
  }
  const segments = rest.slice('api/'.length).split('/').map(decodeSegment);
  const [resource, name, sub, ...extra] = segments;
  if (resource === 'info' && name === undefined) return sendJson(res, 200, await api.info());
  if (resource === 'uploads' && name === undefined) {
    const key = url.searchParams.get('key');
    if (!key)
      throw new ConsoleApiError(
        400,
        'ValidationException',
        'GET /_sizegate/api/uploads needs ?key=<the uploaded key> (and etag or versionId from the PUT response)',
      );
    const identity = { etag: url.searchParams.get('etag') || undefined, versionId: url.searchParams.get('versionId') || undefined };
    return sendJson(res, 200, await api.upload(key, identity));
  }
  if (resource === 'executions' && name === undefined) {
    return sendJson(res, 200, await api.executions(url.searchParams.get('status') || undefined));
  }
  if (resource === 'executions' && name && extra.length === 0) {
    if (sub === undefined) return sendJson(res, 200, await api.execution(name));
    if (sub === 'graph.svg') {
      const svg = await api.graphSvg(name);
      securityHeaders(res, DATA_CSP);
      res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : svg);
      return;
    }
  }
  sendJson(res, 404, { error: 'NotFound', message: `No console API at ${url.pathname}` });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('cache-control', 'no-store');
}

function sendJson(res: ServerResponse, statusCode: number, body: object): void {
  securityHeaders(res, DATA_CSP);
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
