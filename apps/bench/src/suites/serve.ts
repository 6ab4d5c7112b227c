import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client, sfnClient } from '../clients.js';
import type { Suite } from '../context.js';
import { memoryOf, startServe, timeProcess } from '../proc.js';
import { row, type Figure, type Target } from '../report.js';
import { median, MiB, paired } from '../stats.js';
import { executionsPerSecond } from '../workload.js';

const SETTLE_MS = 1_000;

async function idleNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e3)'], { stdio: 'ignore' });
  await sleep(SETTLE_MS);
  const { rss } = memoryOf(child.pid);
  child.kill();
  return rss;
}

/**
 * `sizegate-local serve`: spawn → ready JSON line against `node -e 0`, then RSS when idle after
 * ready and after 1,000 executions, against an idle `node` process.
 */
export const serveSuite: Suite = async ({ quick, log }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sizegate-bench-serve-'));
  try {
    const runs = quick ? 3 : 9;
    log(`serve start: ${runs} paired starts`);
    const { a: readyMs, b: nodeMs } = await paired(
      runs,
      async () => {
        const serve = await startServe(['--data-dir', join(dataDir, 'start')]);
        await serve.stop();
        return serve.readyMs;
      },
      () => timeProcess(process.execPath, ['-e', '0']),
    );

    log('serve RSS: idle, then 1,000 executions');
    const serve = await startServe(['--data-dir', join(dataDir, 'rss'), '--output-bucket', 'sizegate-bench-data']);
    const figures: Figure[] = [];
    try {
      await sleep(SETTLE_MS);
      const idle = memoryOf(serve.child.pid).rss;
      const nodeIdle = await idleNodeRss();
      const s3 = s3Client(serve.endpoint);
      const sfn = sfnClient(serve.endpoint);
      await s3.send(new PutObjectCommand({ Bucket: 'sizegate-bench-data', Key: 'rss.csv', Body: 'a,b\n1,2\n' }));
      const executions = quick ? 200 : 1000;
      const input = { bucket: 'sizegate-bench-data', key: 'rss.csv', versionId: null };
      await executionsPerSecond(sfn, serve.stateMachineArn, executions, 50, (index) => `rss-${index}`, input);
      s3.destroy();
      sfn.destroy();
      await sleep(SETTLE_MS);
      const after = memoryOf(serve.child.pid).rss;

      const readyTarget: Target = { text: '<= 400 ms (stretch 250)', met: (r) => r.value <= 400 };
      const idleTarget: Target = { text: '<= 100 MiB (stretch 64)', met: (r) => r.value <= 100 };
      const growthTarget: Target = {
        text: 'growth <= 32 MiB',
        met: (r) => r.baselineValue !== null && r.value - r.baselineValue <= 32,
      };
      figures.push(
        {
          row: row('serve: start -> ready line', median(readyMs), 'ms', { name: 'node -e 0', value: median(nodeMs) }),
          target: readyTarget,
        },
        {
          row: row('serve: RSS idle after ready', idle / MiB, 'MiB', { name: 'idle node process', value: nodeIdle / MiB }),
          target: idleTarget,
        },
        {
          row: row(`serve: RSS after ${executions} executions`, after / MiB, 'MiB', {
            name: 'serve RSS idle after ready',
            value: idle / MiB,
          }),
          target: growthTarget,
        },
      );
    } finally {
      await serve.stop();
    }
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};
