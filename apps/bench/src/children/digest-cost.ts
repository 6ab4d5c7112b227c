// ProcessFile's cost over bytes already in memory (a stub S3 client serves them, so no network or
// disk is involved) against Node's crypto SHA-256 over the same buffers. Prints one JSON line
// {"handlerMs": [...], "hashMs": [...]}; the two are run alternately.
import type { S3Client } from '@aws-sdk/client-s3';
import { createHandler } from '@sizegate/process-file';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { silentLogger } from '@sizegate/types';
import { dataStream } from '../data.js';
import { MiB, paired, since } from '../stats.js';

const { values } = parseArgs({ options: { 'total-mib': { type: 'string' }, runs: { type: 'string' } } });
const totalMiB = Number(values['total-mib'] ?? 1024);
const runs = Number(values.runs ?? 5);
// 64 distinct 1 MiB blocks, served round and round: the working set stays in memory.
const blocks: Buffer[] = [];
for await (const chunk of dataStream(64 * MiB)) blocks.push(chunk as Buffer);
const size = totalMiB * MiB;
const etag = '"bench"';

function* chunks(): Generator<Buffer> {
  for (let index = 0; index < totalMiB; index++) yield blocks[index % blocks.length] as Buffer;
}

// Answers GetObject with the blocks as a Node Readable and accepts the manifest PutObject.
const stub = {
  async send(command: { input: Record<string, unknown> }) {
    if ('IfMatch' in command.input) return { Body: Readable.from(chunks(), { objectMode: false }), ETag: etag, ContentLength: size };
    return {};
  },
} as unknown as S3Client;
const processFile = createHandler({ s3: stub, logger: silentLogger });

const timeHandler = async () => {
  const start = performance.now();
  const manifest = await processFile({ bucket: 'bench', key: 'memory.csv', versionId: null, size, etag });
  if (manifest.size !== size) throw new Error('size mismatch');
  return since(start);
};
const timeHash = async () => {
  const start = performance.now();
  const hash = createHash('sha256');
  for (const chunk of chunks()) hash.update(chunk);
  hash.digest('hex');
  return since(start);
};
await timeHandler(); // warm-up: JIT and lazy loading
const { a: handlerMs, b: hashMs } = await paired(runs, timeHandler, timeHash);
process.stdout.write(`${JSON.stringify({ handlerMs, hashMs })}\n`);
