import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to a GetObject of one object. `stallAfter`: passes that many body bytes,
 * then nothing, ever; `resetAfter`: passes that many, then drops the connection (a failed read);
 * `ignoreIfMatch`: drops the request's If-Match header, as an S3-compatible store that does not
 * honour it would (S3 itself answers 412, so the body would never be sent).
 */
export interface ObjectFault {
  readonly stallAfter?: number;
  readonly resetAfter?: number;
  readonly ignoreIfMatch?: boolean;
}

export interface S3FaultProxy {
  readonly endpoint: string;
  /** Faults by "bucket/key"; every other request passes through unchanged. */
  readonly faults: Map<string, ObjectFault>;
  /** Client sockets the proxy holds open right now. */
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a real S3 emulator (path-style requests):
 * it does what no S3 can be made to do on demand (stall a body mid-way, reset the connection, skip
 * If-Match) and counts the sockets its clients hold, so a leaked connection is visible. It fakes no
 * S3 behaviour: every answer, status and header is the emulator's.
 */
export async function startS3FaultProxy(target: string): Promise<S3FaultProxy> {
  const upstream = new URL(target);
  const faults = new Map<string, ObjectFault>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    const fault = req.method === 'GET' ? faults.get(path) : undefined;
    const headers = { ...req.headers, host: upstream.host }; // the emulator's request guard answers its own Host only
    if (fault?.ignoreIfMatch === true) delete headers['if-match'];
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const limit = fault?.stallAfter ?? fault?.resetAfter;
      if (limit === undefined || answer.statusCode !== 200) {
        answer.pipe(res);
        return;
      }
      let passed = 0;
      answer.on('data', (chunk: Buffer) => {
        if (passed >= limit) return;
        const part = chunk.subarray(0, limit - passed);
        passed += part.length;
        if (passed < limit) {
          res.write(part);
          return;
        }
        answer.destroy(); // the emulator's side is done; the client's is what the fault is about
        if (fault?.stallAfter !== undefined)
          res.write(part); // ...and then nothing, ever.
        else res.write(part, () => req.socket.destroy());
      });
      answer.on('end', () => {
        if (passed < limit) res.end(); // a body shorter than the fault's limit passes whole
      });
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
