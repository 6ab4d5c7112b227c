import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import type { LocalRuntime } from '../../src/index.js';

/** Real SDK clients as a user would configure them: default checksum settings, any access key. */
export function clientsFor(local: LocalRuntime) {
  const config = {
    endpoint: local.endpoint,
    region: local.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), sfn: new SFNClient(config) };
}

/** Every execution of the state machine (all pages). */
export async function listAllExecutions(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  const executions: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const response = await sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken, maxResults: 100 }));
    executions.push(...(response.executions ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return executions;
}

/** Waits (bounded) until the one execution for `key` exists and has finished. */
export async function waitForExecutionOf(
  sfn: SFNClient,
  stateMachineArn: string,
  key: string,
  timeoutMs = 20_000,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const item of await listAllExecutions(sfn, stateMachineArn)) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      if (JSON.parse(execution.input ?? '{}').key === key && execution.status !== 'RUNNING') return execution;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`No finished execution for key "${key}" within ${timeoutMs} ms`);
}

export async function statesEntered(sfn: SFNClient, executionArn: string): Promise<string[]> {
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return (history.events ?? []).flatMap((event) => (event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : []));
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
