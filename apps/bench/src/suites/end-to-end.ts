import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionNameFor } from '@sizegate/start-execution';
import { setTimeout as sleep } from 'node:timers/promises';
import { sfnClient } from '../clients.js';
import type { Suite } from '../context.js';
import { row, type Target } from '../report.js';
import { percentile, since } from '../stats.js';

const POLL_MS = 1;
const GIVE_UP_MS = 30_000;

/** Polls DescribeExecution until the execution has closed; returns its status. */
async function waitForFinalState(sfn: SFNClient, executionArn: string): Promise<string> {
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    try {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== undefined && status !== 'RUNNING') return status;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
    await sleep(POLL_MS);
  }
  throw new Error(`${executionArn} did not finish within ${GIVE_UP_MS} ms`);
}

/**
 * A small upload into the incoming bucket until its execution's final state is visible through
 * DescribeExecution, against a bare PutObject + HeadObject round trip on the same endpoint.
 */
export const endToEndSuite: Suite = async ({ serve, s3, dataBucket, quick, log }) => {
  const sfn = sfnClient(serve.endpoint);
  const executionPrefix = serve.stateMachineArn.replace(':stateMachine:', ':execution:');
  const samples = quick ? 30 : 200;
  log(`End to end: ${samples} paired small uploads`);
  let counter = 0;
  const timeWorkflow = async () => {
    const key = `e2e/small-${counter++}.csv`;
    const start = performance.now();
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: serve.bucket, Key: key, Body: `id,value\n${counter},1\n` }));
    const name = executionNameFor({ bucket: serve.bucket, key, etag: ETag ?? null });
    const status = await waitForFinalState(sfn, `${executionPrefix}:${name}`);
    const ms = since(start);
    if (status !== 'SUCCEEDED') throw new Error(`execution for ${key} ended ${status}`);
    return ms;
  };
  const timeRoundTrip = async () => {
    const key = `e2e/bare-${counter++}.csv`;
    const start = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: dataBucket, Key: key, Body: `id,value\n${counter},1\n` }));
    await s3.send(new HeadObjectCommand({ Bucket: dataBucket, Key: key }));
    return since(start);
  };
  for (let warmUp = 0; warmUp < 10; warmUp++) {
    await timeWorkflow();
    await timeRoundTrip();
  }
  const workflowMs: number[] = [];
  const roundTripMs: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    workflowMs.push(await timeWorkflow());
    roundTripMs.push(await timeRoundTrip());
  }
  sfn.destroy();
  const baseline = 'bare PutObject + HeadObject';
  const p50Target: Target = { text: '<= 15 ms', met: (r) => r.value <= 15 };
  return [
    {
      row: row('End to end, small file, p50', percentile(workflowMs, 50), 'ms', { name: baseline, value: percentile(roundTripMs, 50) }),
      target: p50Target,
    },
    { row: row('End to end, small file, p99', percentile(workflowMs, 99), 'ms', { name: baseline, value: percentile(roundTripMs, 99) }) },
  ];
};
