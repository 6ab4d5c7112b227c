import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import { since } from './stats.js';

const POLL_MS = 2;

/** Runs `total` tasks with at most `concurrency` in flight; returns tasks per second. */
export async function throughput(total: number, concurrency: number, task: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total) await task(next++);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return total / (since(start) / 1000);
}

/** StartExecution, then DescribeExecution until it closed; fails unless it SUCCEEDED. */
export async function runExecution(sfn: SFNClient, stateMachineArn: string, name: string, input: object): Promise<void> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  for (;;) {
    await sleep(POLL_MS);
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status === 'RUNNING') continue;
    if (status !== 'SUCCEEDED') throw new Error(`execution ${name} ended ${status}`);
    return;
  }
}
