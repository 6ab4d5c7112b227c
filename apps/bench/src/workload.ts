import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import { since } from './stats.js';

const POLL_MS = 2;
const DRAIN_POLL_MS = 10;
const GIVE_UP_MS = 120_000;

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

/**
 * `total` StartExecution calls, `concurrency` at a time, then ListExecutions until none of them
 * is RUNNING: executions per second from the first start to the last close. One poller instead
 * of a DescribeExecution loop per execution, so the client's own polling does not become the
 * measured cost. Fails if any execution of the state machine ended other than SUCCEEDED.
 */
export async function executionsPerSecond(
  sfn: SFNClient,
  stateMachineArn: string,
  total: number,
  concurrency: number,
  nameOf: (index: number) => string,
  input: object,
): Promise<number> {
  const inputText = JSON.stringify(input);
  const start = performance.now();
  await throughput(total, concurrency, async (index) => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name: nameOf(index), input: inputText }));
  });
  const deadline = performance.now() + GIVE_UP_MS;
  for (;;) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }));
    if (executions.length === 0) break;
    if (performance.now() > deadline) throw new Error(`executions still running after ${GIVE_UP_MS} ms`);
    await sleep(DRAIN_POLL_MS);
  }
  const seconds = since(start) / 1000;
  for (const statusFilter of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: 1 }));
    if (executions.length > 0) throw new Error(`an execution ended ${statusFilter}: ${executions[0]?.executionArn}`);
  }
  return total / seconds;
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
