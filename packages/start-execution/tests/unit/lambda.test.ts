import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../src/index.js';
import { SFN_CONNECTION_TIMEOUT_MS, SFN_REQUEST_TIMEOUT_MS } from '../../src/lambda.js';
import { notification, notificationRecord } from '../helpers/events.js';

// The Lambda entry reads its settings once, on the first invocation, so the environment is set
// before any call and the module-level client is the one aws-sdk-client-mock intercepts.
const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:from-env';
const sfnMock = mockClient(SFNClient);

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('SIZEGATE_STATE_MACHINE_ARN', ARN);
  vi.stubEnv('SIZEGATE_OUTPUT_PREFIX', 'out/');
  vi.stubEnv('SIZEGATE_OUTPUT_BUCKET', '');
});

afterAll(() => {
  vi.unstubAllEnvs();
  sfnMock.restore();
});

describe('the Lambda entry handler', () => {
  it('starts executions of the configured state machine, skipping the configured prefix, with one client', async () => {
    // Prepare
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: new Date(0) });
    const context = {
      functionName: 'start',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:lambda',
      memoryLimitInMB: '128',
      functionVersion: '$LATEST',
    };

    // Act
    const first = await handler(
      notification(notificationRecord({ key: 'a.txt' }), notificationRecord({ key: 'out/a.txt.manifest.json' })),
      context,
    );
    const second = await handler({ bucket: 'uploads', key: 'b.txt', versionId: 'v1' });

    // Assess
    expect(first.results.map((result) => result.status)).toEqual(['started', 'skipped']);
    expect(second.results.map((result) => result.status)).toEqual(['started']);
    const calls = sfnMock.commandCalls(StartExecutionCommand);
    expect(calls.map((call) => call.args[0].input.stateMachineArn)).toEqual([ARN, ARN]);
    expect(calls[0]!.thisValue).toBe(calls[1]!.thisValue);
  });

  it('SDK request and connection timeouts are set on the client the Lambda entry builds', async () => {
    // Prepare
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: new Date(0) });
    await handler({ bucket: 'uploads', key: 'timeouts.txt', versionId: 'v1' });
    const client = sfnMock.commandCalls(StartExecutionCommand).at(-1)!.thisValue as SFNClient;

    // Act
    const config = await requestHandlerConfig(client);

    // Assess
    expect(config).toMatchObject({ connectionTimeout: SFN_CONNECTION_TIMEOUT_MS, requestTimeout: SFN_REQUEST_TIMEOUT_MS });
    expect([SFN_CONNECTION_TIMEOUT_MS, SFN_REQUEST_TIMEOUT_MS]).toEqual([5_000, 10_000]);
  });
});

/** What the SDK's Node.js request handler was configured with (resolved from the client's requestHandler option). */
async function requestHandlerConfig(client: { config: { requestHandler: unknown } }): Promise<Record<string, unknown>> {
  const { configProvider } = client.config.requestHandler as { configProvider?: Promise<Record<string, unknown>> };
  if (configProvider === undefined) throw new Error('the client has no Node.js HTTP request handler');
  return configProvider;
}
