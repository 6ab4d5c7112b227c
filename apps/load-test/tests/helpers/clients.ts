import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import type { LocalRuntime } from '@sizegate/local';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClientOptions {
  /** Sockets the client's keep-alive agent may open to the runtime. @default 50 (the SDK's own default) */
  readonly maxSockets?: number;
  /** Per-request limit, so no call can hang the suite. @default 120 s */
  readonly requestTimeoutMs?: number;
}

/**
 * Real SDK v3 clients as a user's code builds them for the local endpoint (any access key,
 * path-style S3, default checksum settings), on their own keep-alive agent: calls made through
 * one client never queue behind another client's sockets.
 */
export function clientsFor(local: LocalRuntime, options: ClientOptions = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 50 });
  const requestHandler = { httpAgent: agent, connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 120_000 };
  const config = {
    endpoint: local.endpoint,
    region: local.region,
    credentials: { accessKeyId: 'load', secretAccessKey: 'load' },
    requestHandler,
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sfn = new SFNClient(config);
  return {
    s3,
    sfn,
    destroy() {
      s3.destroy();
      sfn.destroy();
      agent.destroy();
    },
  };
}

/** An execution's ARN from its state machine's ARN and its name. */
export const executionArnOf = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/** Every execution of the state machine, all pages (bounded). */
export async function listAllExecutions(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const response = await sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken, maxResults: 1_000 }));
    executions.push(...(response.executions ?? []));
    nextToken = response.nextToken;
    if (!nextToken) return executions;
  }
  throw new Error('ListExecutions returned more than 1,000 pages');
}

/** DescribeExecution until the execution exists and has left RUNNING, polling every `pollMs`; bounded by `timeoutMs`. */
export async function waitForFinalState(
  sfn: SFNClient,
  executionArn: string,
  timeoutMs: number,
  pollMs = 500,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING') return execution;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
    await sleep(pollMs);
  }
  throw new Error(`${executionArn} did not reach a final state within ${timeoutMs} ms`);
}

/** Runs `task` for every item with at most `concurrency` in flight; results in item order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
