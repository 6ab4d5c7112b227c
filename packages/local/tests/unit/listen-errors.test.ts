import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenFailureLine } from '../../src/listen-errors.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** What Node's listen() fails with for `port` on `host`. */
function listenError(port: number, host: string): Promise<Error> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    servers.push(server);
    server.once('error', resolve);
    server.listen(port, host, () => reject(new Error(`listening on ${host}:${port} worked`)));
  });
}

describe('listenFailureLine: why serve could not listen, in one line', () => {
  it('a port in use (Node.js EADDRINUSE) → names address and port and suggests --port 0', async () => {
    // Prepare: a port someone else holds
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };

    // Act
    const line = listenFailureLine(await listenError(port, '127.0.0.1'));

    // Assess
    expect(line).toBe(
      `127.0.0.1:${port} is already in use (another sizegate-local serve?): stop it, or pass --port 0 for a free port (or --port N)`,
    );
  });

  it('an address this machine does not have (EADDRNOTAVAIL) → says so and names --host', () => {
    // Prepare: as Node.js reports it for --host 192.0.2.1 (tests bind nothing but 127.0.0.1)
    const error = Object.assign(new Error('listen EADDRNOTAVAIL: address not available 192.0.2.1:4566'), {
      code: 'EADDRNOTAVAIL',
      syscall: 'listen',
      address: '192.0.2.1',
      port: 4566,
    });

    // Act / Assess
    expect(listenFailureLine(error)).toBe(
      'cannot listen on 192.0.2.1:4566: it is not an address of this machine; pass --host 127.0.0.1 (the default) or one of its addresses',
    );
  });

  it('a privileged port (EACCES) → says why and what to pass', () => {
    // Prepare: as Node.js reports it (tests run as root here, where binding port 80 would succeed)
    const error = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), {
      code: 'EACCES',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 80,
    });

    // Act / Assess
    expect(listenFailureLine(error)).toBe(
      'not allowed to listen on 127.0.0.1:80 (ports below 1024 need privileges): pass --port 0 for a free port (or --port N above 1023)',
    );
  });

  it('anything else is no listen failure: undefined (the CLI prints it whole)', () => {
    // Act / Assess
    expect(listenFailureLine(new TypeError('x is not a function'))).toBeUndefined();
    expect(
      listenFailureLine(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' })),
    ).toBeUndefined();
    expect(listenFailureLine('EADDRINUSE')).toBeUndefined();
  });
});
