import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerLike } from '@sizegate/types';
import { startGuardedServer, type GuardedServer, type Listen } from '@sizegate/types/request-guard';
import type { ConsoleSource } from './console/api.js';
import type { ConsoleHandler } from './console/server.js';

/** A service on the front server: it says which requests are its own, serves them, and refuses in its own wire shape. */
export interface FrontService {
  claims(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  sendAccessDenied(req: IncomingMessage, res: ServerResponse, message: string): void;
}

export interface FrontServerOptions {
  /** The address to bind; a non-loopback one is served, and warned about (@sizegate/types/request-guard). */
  host: string;
  port: number;
  /**
   * How to bind. @default server.listen. Tests give one that binds 127.0.0.1 whatever `host` says,
   * so the start path of a wide bind (its warning, its Host names) runs without listening wide.
   */
  listen?: Listen;
  /**
   * The services, in the order they are asked whether a request is theirs. A request none claims
   * goes to the last one (S3: its REST API has no marker every request of it carries).
   */
  services: readonly [FrontService, ...FrontService[]];
  logger: LoggerLike;
  /** Extra Host names to answer to (see the request guard); loopback names and the bound address always are. */
  allowedHosts?: readonly string[];
  /** Serve the web console under /_sizegate/ for this workflow. */
  console?: ConsoleSource;
}

/** The console's path prefix; `_sizegate` is no valid bucket name, so no S3 request can mean it. */
const CONSOLE_PATH = /^\/_sizegate(?:[/?]|$)/;

export type FrontServer = Pick<GuardedServer, 'server' | 'endpoint' | 'close'>;

/** One endpoint for every service: each request goes to the service that claims it, the console by its path. */
export async function startFrontServer(options: FrontServerOptions): Promise<FrontServer> {
  const { services, logger } = options;
  const fallback = services[services.length - 1] as FrontService;
  const serviceFor = (req: IncomingMessage): FrontService => services.find((service) => service.claims(req)) ?? fallback;
  // The console module (and what it loads) is imported on the first console request only.
  let consoleHandler: Promise<ConsoleHandler> | undefined;
  const source = options.console;
  return startGuardedServer({
    host: options.host,
    port: options.port,
    listen: options.listen,
    allowedHosts: options.allowedHosts,
    logger,
    sendAccessDenied: (req, res, message) => serviceFor(req).sendAccessDenied(req, res, message),
    handle(req, res) {
      // After the guard (the console keeps the Host/Origin checks), before the services.
      if (source !== undefined && CONSOLE_PATH.test(req.url ?? '/')) {
        consoleHandler ??= import('./console/server.js').then(({ createConsoleHandler }) => createConsoleHandler(source, logger));
        void consoleHandler.then(
          (handler) => handler.handle(req, res),
          (error: unknown) => {
            logger.error('The web console failed to load', { error: error as Error });
            res
              .writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
              .end('The web console failed to load\n');
          },
        );
        return;
      }
      serviceFor(req).handle(req, res);
    },
  });
}
