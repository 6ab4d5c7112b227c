import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { endpointFor, listenOn, startGuardedServer, type Listen } from '../../src/request-guard/index.js';
import type { LoggerLike } from '../../src/index.js';

// The server every local service is served from: the guard runs before the service, a refusal
// is answered in the service's own shape, a wide bind is warned about.

interface Line {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

function recordingLogger(): LoggerLike & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, ...attributes: Record<string, unknown>[]) =>
      lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** GET / with the given headers; resolves with the status, the connection header and the body. */
function get(port: number, headers: Record<string, string>): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startGuardedServer', () => {
  it('hands allowed requests to handle, and refused ones to sendAccessDenied with the reason, connection: close and a warning', async () => {
    // Prepare
    const logger = recordingLogger();
    const server = await startGuardedServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      handle: (_req, res) => res.end('served'),
      sendAccessDenied: (_req, res, message) => res.writeHead(403).end(message),
    });

    // Act
    const served = await get(server.port, {});
    const refused = await get(server.port, { host: `evil.example:${server.port}` });
    await server.close();

    // Assess
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(served).toMatchObject({ status: 200, body: 'served' });
    expect(refused.status).toBe(403);
    expect(refused.connection).toBe('close');
    expect(refused.body).toMatch(
      new RegExp(`^Access denied: Host "evil\\.example:${server.port}" is not an address this runtime serves\\.`),
    );
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: 'Refused a request from another host or origin (DNS rebinding / cross-site protection)',
        attributes: {
          reason: `Host "evil.example:${server.port}" is not an address this runtime serves`,
          method: 'GET',
          host: `evil.example:${server.port}`,
          origin: undefined,
        },
      },
    ]);
  });

  it('told to bind ::, warns that other machines can reach it, answers to [::], and gives [::1] as the endpoint a client can use', async () => {
    // Prepare: the bind asked for goes to 127.0.0.1 (tests never listen wider).
    const binds: string[] = [];
    const loopbackInstead: Listen = (server, port, host) => {
      binds.push(host);
      return listenOn(server, port, '127.0.0.1');
    };
    const logger = recordingLogger();

    // Act
    const server = await startGuardedServer({
      host: '::',
      port: 0,
      listen: loopbackInstead,
      logger,
      handle: (_req, res) => res.end('served'),
      sendAccessDenied: (_req, res) => res.writeHead(403).end(),
    });
    const boundName = await get(server.port, { host: `[::]:${server.port}` });
    await server.close();

    // Assess
    expect(binds).toEqual(['::']);
    expect(server.endpoint).toBe(`http://[::1]:${server.port}`);
    expect(boundName.status).toBe(200);
    expect(logger.lines.map((line) => line.message)).toEqual([
      expect.stringMatching(/^Listening on \[::\]:\d+, which other machines can reach/),
    ]);
  });
});

describe('endpointFor: the URL a client on this machine uses', () => {
  it.each([
    ['0.0.0.0', 'http://127.0.0.1:4566'],
    ['::', 'http://[::1]:4566'],
    ['[::]', 'http://[::1]:4566'],
    ['::0', 'http://[::1]:4566'],
    ['127.0.0.1', 'http://127.0.0.1:4566'],
    ['192.168.1.20', 'http://192.168.1.20:4566'],
    ['::1', 'http://[::1]:4566'],
    ['fe80::1', 'http://[fe80::1]:4566'],
    ['localhost', 'http://localhost:4566'],
  ])('bound to %s → %s', (host, endpoint) => {
    // Act / Assess
    expect(endpointFor(host, 4566)).toBe(endpoint);
  });
});
