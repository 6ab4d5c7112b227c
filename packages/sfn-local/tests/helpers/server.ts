import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StepFunctionsService } from '../../src/service.js';

export interface ServedStepFunctions {
  readonly endpoint: string;
  readonly sfn: SFNClient;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 that hands every request to `service.handle`, and a real SDK client for it. */
export async function serveStepFunctions(service: StepFunctionsService): Promise<ServedStepFunctions> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      void service.handle(Array.isArray(target) ? target[0] : target, Buffer.concat(chunks).toString('utf8')).then((response) => {
        res.writeHead(response.statusCode, response.headers);
        res.end(response.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const sfn = new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    sfn,
    close: async () => {
      sfn.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Polls DescribeExecution (bounded) until the execution has left RUNNING. */
export async function waitForClose(sfn: SFNClient, executionArn: string, timeoutMs = 10_000): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; Date.now() < deadline; round++) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 * (round + 1), 50)));
  }
  throw new Error(`Execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
}

/** The whole history (all pages of 1000). */
export async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const response = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(response.events ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return events;
}

/** `[id, previousEventId, type]` per event: the shape AWS's histories are compared on. */
export const eventChain = (events: readonly HistoryEvent[]) => events.map((event) => [event.id, event.previousEventId, event.type]);

/** Resolves after `ms`; for handlers that stand for slow Lambdas. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What an SDK call that must fail rejected with: the AWS error name, message and HTTP status. */
export async function sdkRejection(send: Promise<unknown>) {
  const error = (await send.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  if (!error) throw new Error('Expected the call to fail');
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}
