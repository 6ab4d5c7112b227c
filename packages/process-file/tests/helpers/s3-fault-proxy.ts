import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to a GetObject of one object. `stallAfter`: passes that many body bytes,
 * then nothing, ever; `resetAfter`: passes that many, then drops the connection (a failed read);
 * `ignoreIfMatch`: drops the request's If-Match header, as an S3-compatible store that does not
 * honour it would (S3 itself answers 412, so the body would never be sent).
 * `refusePuts`: answers the next `count` PutObjects of the key with S3's error (e.g. 503 SlowDown,
 * S3's answer to a request rate it will not take now) instead of passing them on; later ones pass.
 */
export interface ObjectFault {
  readonly stallAfter?: number;
  readonly resetAfter?: number;
  readonly ignoreIfMatch?: boolean;
  readonly refusePuts?: RefusedPuts;
}

/** An S3 error answer: the status and the `<Error>` document's Code and Message, as S3 documents them. */
export interface RefusedPuts {
  count: number;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** S3's REST error document (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
function s3ErrorDocument(code: string, message: string): string {
  const requestId = 'SIZEGATEFAULTPROXY';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
}

export interface S3FaultProxy {
  readonly endpoint: string;
  /** Faults by "bucket/key"; every other request passes through unchanged. */
  readonly faults: Map<string, ObjectFault>;
  /** PutObjects by "bucket/key", refused or passed on, in order: their answers' status codes. */
  readonly puts: Map<string, number[]>;
  /** Client sockets the proxy holds open right now. */
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a real S3 emulator (path-style requests):
 * it does what no S3 can be made to do on demand (stall a body mid-way, reset the connection, skip
 * If-Match, throttle a write) and counts the sockets its clients hold, so a leaked connection is
 * visible. Every answer, status and header is the emulator's, except a refused PutObject's, which
 * is S3's documented error answer (the request body is drained first, as S3 reads it).
 */
export async function startS3FaultProxy(target: string): Promise<S3FaultProxy> {
  const upstream = new URL(target);
  const faults = new Map<string, ObjectFault>();
  const puts = new Map<string, number[]>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    if (req.method === 'PUT') {
      const refused = faults.get(path)?.refusePuts;
      const answered = (status: number) => puts.set(path, [...(puts.get(path) ?? []), status]);
      if (refused !== undefined && refused.count > 0) {
        refused.count -= 1;
        answered(refused.status);
        req.resume();
        req.on('end', () => {
          res.writeHead(refused.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'SIZEGATEFAULTPROXY' });
          res.end(s3ErrorDocument(refused.code, refused.message));
        });
        return;
      }
      res.on('finish', () => answered(res.statusCode));
    }
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
    puts,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
