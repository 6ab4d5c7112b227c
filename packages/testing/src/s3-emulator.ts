import { S3Client } from '@aws-sdk/client-s3';
import { startS3Local } from '@sizegate/s3-local';
import { LOCAL_CREDENTIALS } from '@sizegate/types';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface S3Emulator {
  endpoint: string;
  /** A real SDK v3 client (path-style, the local credentials) on the emulator, or on `endpoint` (a proxy in front of it). */
  client(endpoint?: string): S3Client;
  close(): Promise<void>;
}

/**
 * sizegate's own S3 emulator (@sizegate/s3-local) on 127.0.0.1, a free port and a temp dir, with
 * the given buckets, and SDK clients for it. (@sizegate/s3-local's own tests do not use this: the
 * testing package depends on it, and turbo's ^build would make that a cycle.)
 */
export async function startS3Emulator(buckets: string[]): Promise<S3Emulator> {
  const s3Local = await startS3Local({ port: 0, buckets });
  const clients: S3Client[] = [];
  return {
    endpoint: s3Local.endpoint,
    client(target = s3Local.endpoint) {
      const client = new S3Client({ endpoint: target, region: s3Local.region, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await s3Local.close();
    },
  };
}

/**
 * An HTTP proxy in front of the emulator that answers HEAD requests without Content-Length, as
 * some S3-compatible stores do: the way a real check-size ends up with no size. The Host header is
 * the emulator's, as its request guard expects.
 */
export async function startLengthlessHeadProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (upstreamRes) => {
        const headers = { ...upstreamRes.headers };
        if (req.method === 'HEAD') delete headers['content-length'];
        res.writeHead(upstreamRes.statusCode ?? 502, headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
