import { S3Client } from '@aws-sdk/client-s3';
import type { LoggerLike } from '@sizegate/types';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { S3EventRecord } from '../../src/event-record.js';
import { createS3Service, type S3Service } from '../../src/service.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A logger that keeps its lines for assertions. */
export function recordingLogger(): LoggerLike & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log =
    (level: LogLine['level']) =>
    (message: string, ...attributes: Record<string, unknown>[]) => {
      lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
    };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export interface S3TestServer {
  readonly endpoint: string;
  readonly port: number;
  /** Holds the data directory: anything here outside it escaped it. */
  readonly root: string;
  readonly directory: string;
  readonly service: S3Service;
  readonly events: S3EventRecord[];
  /** Method, URL and headers of every request, as they arrived. */
  readonly requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  readonly logger: ReturnType<typeof recordingLogger>;
  /** A real SDK client as a user configures it: default checksum settings, any credentials. */
  client(): S3Client;
  /** Waits (bounded) until `count` events arrived. */
  waitForEvents(count: number): Promise<S3EventRecord[]>;
  close(): Promise<void>;
}

export const TEST_REGION = 'eu-west-3';

/**
 * The S3 service behind a node:http server on 127.0.0.1, port 0, with a fresh data directory at
 * `<root>/<dataPath>` (nested deeper by tests that need room above it inside the root).
 */
export async function startS3TestServer(buckets: string[] = ['incoming', 'output'], dataPath = 'data'): Promise<S3TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'sizegate-s3-test-'));
  const directory = join(root, dataPath);
  const logger = recordingLogger();
  const service = await createS3Service({ directory, buckets, region: TEST_REGION, logger });
  const events: S3EventRecord[] = [];
  service.onObjectCreated((record) => events.push(record));
  const requests: S3TestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    service.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    port,
    root,
    directory,
    service,
    events,
    requests,
    logger,
    client() {
      const client = new S3Client({
        endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      clients.push(client);
      return client;
    },
    async waitForEvents(count) {
      for (let i = 0; i < 200 && events.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      return events;
    },
    async close() {
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An HTTP request with the path sent byte for byte (fetch would resolve `..` segments); `agent` to reuse a connection. */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: Buffer | string,
  agent?: Agent,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, ...(agent === undefined ? {} : { agent }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What an SDK call that must fail rejected with: the AWS error name, message and HTTP status. */
export async function sdkRejection(send: Promise<unknown>) {
  const error = (await send.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  if (!error) throw new Error('Expected the call to fail');
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

/** Every file and directory under `dir`, relative to it. */
export function listTree(dir: string): string[] {
  const entries: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      entries.push(relative(dir, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return entries.sort();
}
