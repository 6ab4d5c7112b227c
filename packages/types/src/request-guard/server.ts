import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerLike } from '../types/logger.js';
import { bindPolicy, type GuardedHeaders, type RequestGuard } from './guard.js';

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

export interface GuardedServerOptions {
  /** The address to bind; a non-loopback one is served, and warned about (see wideBindWarning). */
  readonly host: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Extra Host names to answer to (see RequestGuardOptions); loopback names and the bound address always are. */
  readonly allowedHosts?: readonly string[] | undefined;
  /**
   * How to bind. @default listenOn. Tests give one that binds 127.0.0.1 whatever `host` says, so
   * the start path of a wide bind (its warning, its Host names) runs without listening wide.
   */
  readonly listen?: Listen | undefined;
  /** Where refusals and the wide-bind warning go. @default not logged */
  readonly logger?: LoggerLike | undefined;
  /** Serves a request the guard let through. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Answers a refused request with 403 in the wire shape of the service it was for, so SDK clients
   * throw their usual access-denied error. `connection: close` is already set: the body is not read.
   */
  readonly sendAccessDenied: (req: IncomingMessage, res: ServerResponse, message: string) => void;
}

export interface GuardedServer {
  readonly server: Server;
  /**
   * `http://<host>:<port>` with the real port (IPv6 addresses in brackets): an address a client on
   * this machine can use. Bound to all interfaces (`0.0.0.0`, `::`), that is the loopback address
   * of the same family (`127.0.0.1`, `[::1]`): `http://0.0.0.0:…` is no address to send requests to.
   */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** How long an idle keep-alive connection stays open: longer than the SDKs' own idle timeouts, so they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * An HTTP server for a local service that checks no credentials: every request passes the request
 * guard (Host and Origin, against DNS rebinding and cross-site requests) before `handle` sees it,
 * and a bind address other machines can reach is warned about. The one place a local service
 * (`@sizegate/s3-local`, `@sizegate/sfn-local`, or both behind `@sizegate/local`) is served from.
 */
export async function startGuardedServer(options: GuardedServerOptions): Promise<GuardedServer> {
  const { logger } = options;
  // Set once listening: the guard needs the real port.
  let guard: RequestGuard | undefined;
  const server = createServer((req, res) => {
    const refusal = guard?.refusal(guardedHeaders(req));
    if (refusal === undefined) {
      options.handle(req, res);
      return;
    }
    logger?.warn('Refused a request from another host or origin (DNS rebinding / cross-site protection)', {
      reason: refusal,
      method: req.method,
      host: firstHeader(req, 'host'),
      origin: firstHeader(req, 'origin'),
    });
    res.setHeader('connection', 'close'); // the body is not read
    options.sendAccessDenied(
      req,
      res,
      `Access denied: ${refusal}. Only local clients and the allowed host names (allowedHosts, --allowed-host) are served.`,
    );
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await (options.listen ?? listenOn)(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const policy = bindPolicy({ boundHost: options.host, port, allowedHosts: options.allowedHosts });
  guard = policy.guard;
  if (policy.warning !== undefined) logger?.warn(policy.warning, { host: options.host, port });
  return {
    server,
    endpoint: endpointFor(options.host, port),
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The wildcard ("unspecified") addresses, and the loopback address a local client uses instead. */
const UNSPECIFIED: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '::1', '::0': '::1', '0:0:0:0:0:0:0:0': '::1' };

/** The URL a client on this machine reaches a server bound to `host`:`port` at (see GuardedServer.endpoint). */
export function endpointFor(host: string, port: number): string {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  const address = UNSPECIFIED[bare] ?? bare;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** The headers the guard reads, from a Node request (the first value of a repeated header). */
export function guardedHeaders(req: IncomingMessage): GuardedHeaders {
  return { host: firstHeader(req, 'host'), origin: firstHeader(req, 'origin'), secFetchSite: firstHeader(req, 'sec-fetch-site') };
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
