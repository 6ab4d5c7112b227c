import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An object the fake S3 serves. `stallAfter` makes GetObject send that many body bytes, then
 * nothing; `resetAfter` sends that many, then drops the connection (a failed read).
 */
export interface FakeObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly stallAfter?: number;
  readonly resetAfter?: number;
}

export interface FakeS3 {
  readonly endpoint: string;
  /** Objects by "bucket/key". */
  readonly objects: Map<string, FakeObject>;
  /** Keys of the PutObject calls received ("bucket/key"). */
  readonly puts: string[];
  /** Sockets the server holds open right now. */
  openSockets(): number;
  /** Every connection the server accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Just enough of S3 over HTTP on 127.0.0.1 for process-file: path-style GetObject (whole object,
 * no conditions) and PutObject. It lets a test control what S3 itself cannot be made to do: stall
 * a body mid-way, and count the sockets it holds so a leaked connection is visible server-side.
 */
export async function startFakeS3(): Promise<FakeS3> {
  const objects = new Map<string, FakeObject>();
  const puts: string[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    if (request.method === 'PUT') {
      request.resume();
      request.on('end', () => {
        puts.push(path);
        response.writeHead(200, { etag: '"manifest"', 'content-length': '0' }).end();
      });
      return;
    }
    const object = objects.get(path);
    if (request.method !== 'GET' || object === undefined) {
      const body =
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';
      response.writeHead(404, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      return;
    }
    response.writeHead(200, {
      'content-length': String(object.body.length),
      etag: object.etag,
      'content-type': 'application/octet-stream',
      'last-modified': new Date(0).toUTCString(),
    });
    if (object.stallAfter !== undefined) {
      response.write(object.body.subarray(0, object.stallAfter)); // ...and then nothing, ever.
    } else if (object.resetAfter !== undefined) {
      response.write(object.body.subarray(0, object.resetAfter), () => request.socket.destroy());
    } else {
      response.end(object.body);
    }
  });
  server.on('connection', (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    puts,
    openSockets: () => sockets.size,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
