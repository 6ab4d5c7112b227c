// One ProcessFile run (or one bare GetObject drain) in a fresh process, so its peak RSS is its own.
// Prints {"ms","rssBefore","peakRss","bytes"} as one JSON line.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHandler } from '@sizegate/process-file';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { quietLogger, s3Client } from '../clients.js';
import { memoryOf } from '../proc.js';
import { since } from '../stats.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    endpoint: { type: 'string' },
    bucket: { type: 'string' },
    key: { type: 'string' },
    size: { type: 'string' },
    etag: { type: 'string' },
  },
});
const required = (name: keyof typeof values): string => {
  const value = values[name];
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
};
const [mode, endpoint, bucket, key, etag] = (['mode', 'endpoint', 'bucket', 'key', 'etag'] as const).map(required) as [
  string,
  string,
  string,
  string,
  string,
];
const size = Number(values.size);
// The same timeouts as the Lambda entry of @sizegate/process-file.
const s3 = s3Client(endpoint, { requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, socketTimeout: 30_000 } });
const processFile = createHandler({ s3, logger: quietLogger, outputPrefix: 'bench-manifests/' });

async function drain(): Promise<number> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  let bytes = 0;
  for await (const chunk of response.Body as AsyncIterable<Buffer>) bytes += chunk.length;
  return bytes;
}

async function processObject(): Promise<number> {
  const manifest = await processFile({ bucket, key, versionId: null, size, etag });
  return manifest.size;
}

const run = mode === 'drain' ? drain : processObject;
// Loads and connects once so the timed run measures streaming only.
await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
globalThis.gc?.();
resetPeakRss();
const rssBefore = memoryOf('self').rss;
const start = performance.now();
const bytes = await run();
const ms = since(start);
const { peak } = memoryOf('self');
if (bytes !== size) throw new Error(`read ${bytes} bytes, expected ${size}`);
s3.destroy();
process.stdout.write(`${JSON.stringify({ ms, rssBefore, peakRss: peak, bytes })}\n`);

/** Linux: writing 5 to clear_refs resets VmHWM, so the peak read after the run is the run's own. */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Older kernels or restricted /proc: the peak then also covers start-up, a slight overstatement.
  }
}
