import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHandler } from '@sizegate/check-size';
import { s3Client } from '../clients.js';
import { silentLogger } from '@sizegate/types';
import type { Suite } from '../context.js';
import { ratioAtMost, row } from '../report.js';
import { percentile, since } from '../stats.js';

/**
 * CheckFileSize (the @sizegate/check-size core with its own client) against a bare HeadObject
 * sent with a freshly built SDK client of default settings, alternating request by request.
 */
export const checkSizeSuite: Suite = async ({ serve, s3, dataBucket, quick, log }) => {
  const key = 'bench/check-size.csv';
  await s3.send(new PutObjectCommand({ Bucket: dataBucket, Key: key, Body: 'a,b\n1,2\n' }));
  const checkSize = createHandler({ s3: s3Client(serve.endpoint), logger: silentLogger });
  const bare = s3Client(serve.endpoint);
  const samples = quick ? 200 : 1000;
  log(`CheckFileSize latency: ${samples} paired requests`);
  const handlerMs: number[] = [];
  const bareMs: number[] = [];
  const timeHandler = async () => {
    const start = performance.now();
    await checkSize({ bucket: dataBucket, key });
    return since(start);
  };
  const timeBare = async () => {
    const start = performance.now();
    await bare.send(new HeadObjectCommand({ Bucket: dataBucket, Key: key }));
    return since(start);
  };
  for (let warmUp = 0; warmUp < 50; warmUp++) {
    await timeHandler();
    await timeBare();
  }
  for (let sample = 0; sample < samples; sample++) {
    if (sample % 2 === 0) {
      handlerMs.push(await timeHandler());
      bareMs.push(await timeBare());
    } else {
      bareMs.push(await timeBare());
      handlerMs.push(await timeHandler());
    }
  }
  bare.destroy();
  const baseline = 'bare HeadObject, fresh SDK client';
  return [50, 99].map((p) => ({
    row: row(`CheckFileSize latency p${p}`, percentile(handlerMs, p), 'ms', { name: baseline, value: percentile(bareMs, p) }),
    target: ratioAtMost(1.1),
  }));
};
