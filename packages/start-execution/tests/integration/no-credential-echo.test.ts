import { SFNClient } from '@aws-sdk/client-sfn';
import {
  type AnsweringServer,
  CANARY_CREDENTIALS,
  captureProcessOutput,
  echoedCredentials,
  everythingIn,
  RecordingLogger,
  rejection,
  startAnsweringServer,
} from '@sizegate/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../src/index.js';
import { notification, notificationRecord } from '../helpers/events.js';

// "Errors never echo credentials": the SDK reads distinctive credentials from the environment
// (as in Lambda) and signs real requests with them; the handler is driven into each error path
// and neither the thrown error (message, cause chain, every property) nor any log line may
// contain them.
let server: AnsweringServer | undefined;

beforeAll(() => {
  for (const [name, value] of Object.entries(CANARY_CREDENTIALS)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.stubEnv('SIZEGATE_STATE_MACHINE_ARN', '');
});

afterAll(() => vi.unstubAllEnvs());

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';

/** A Step Functions error response as the service sends it (awsJson1_0). */
function sfnErrorAnswer(status: number, type: string, message: string) {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type, 'x-amzn-requestid': 'canary-request' },
    body: JSON.stringify({ __type: `com.amazonaws.swf.service.v2.model#${type}`, message }),
  };
}

describe('errors never echo credentials', () => {
  it.each([
    ['AccessDeniedException', sfnErrorAnswer(400, 'AccessDeniedException', 'User is not authorized to perform: states:StartExecution')],
    ['StateMachineDoesNotExist', sfnErrorAnswer(400, 'StateMachineDoesNotExist', 'State Machine Does Not Exist')],
    ['ThrottlingException', sfnErrorAnswer(400, 'ThrottlingException', 'Rate exceeded')],
    ['an internal error', sfnErrorAnswer(500, 'InternalServerError', 'Internal error')],
  ])('errors never echo credentials: StartExecution %s, with a client signing with the environment credentials', async (_case, answer) => {
    // Prepare
    server = await startAnsweringServer(() => answer);
    const logger = new RecordingLogger();
    const sfn = new SFNClient({ endpoint: server.endpoint, maxAttempts: 1 });
    const handler = createHandler({ sfn, logger, stateMachineArn: STATE_MACHINE_ARN });

    // Act
    const error = await rejection(handler(notification(notificationRecord({ key: 'secret-report.csv' }))));
    sfn.destroy();

    // Assess
    expect((error as Error).name, String((error as Error).stack)).toBe('StartExecutionFailed');
    expect(server.authorizations.join('\n')).toContain(`Credential=${CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID}/`);
    expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_SESSION_TOKEN);
    expect(echoedCredentials(everythingIn(error))).toEqual([]);
    expect(echoedCredentials(JSON.stringify(logger.lines))).toEqual([]);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('errors never echo credentials: bad config (createHandler without a state machine ARN)', () => {
    // Prepare
    const sfn = new SFNClient({});

    // Act
    const error = (() => {
      try {
        createHandler({ sfn, stateMachineArn: ' ' });
      } catch (caught) {
        return caught;
      }
      throw new Error('expected createHandler to throw');
    })();

    // Assess
    expect((error as Error).name).toBe('ConfigurationError');
    expect(echoedCredentials(everythingIn(error))).toEqual([]);
  });

  it('errors never echo credentials: the Lambda entry with bad config (SIZEGATE_STATE_MACHINE_ARN unset) and with Step Functions errors', async () => {
    // Prepare: the entry builds its own client from the environment; AWS_ENDPOINT_URL_SFN points it at the local server
    server = await startAnsweringServer(() => sfnErrorAnswer(400, 'AccessDeniedException', 'User is not authorized'));
    vi.stubEnv('AWS_ENDPOINT_URL_SFN', server.endpoint);
    vi.resetModules();
    const unconfigured = (await import('../../src/lambda.js')).handler;
    const unconfiguredOutput = captureProcessOutput();
    let badConfig: unknown;
    try {
      badConfig = await rejection(unconfigured(notification(notificationRecord({ key: 'secret-report.csv' }))));
    } finally {
      unconfiguredOutput.restore();
    }
    vi.stubEnv('SIZEGATE_STATE_MACHINE_ARN', STATE_MACHINE_ARN);
    vi.resetModules();
    const { handler } = await import('../../src/lambda.js');
    const output = captureProcessOutput();
    let denied: unknown;

    // Act
    try {
      denied = await rejection(handler(notification(notificationRecord({ key: 'secret-report.csv' }))));
    } finally {
      output.restore();
    }

    // Assess
    expect([(badConfig as Error).name, (denied as Error).name]).toEqual(['ConfigurationError', 'StartExecutionFailed']);
    expect((badConfig as Error).message).toContain('SIZEGATE_STATE_MACHINE_ARN');
    expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID);
    expect(output.text()).toContain('secret-report.csv');
    expect(echoedCredentials(everythingIn(badConfig))).toEqual([]);
    expect(echoedCredentials(everythingIn(denied))).toEqual([]);
    expect(echoedCredentials(unconfiguredOutput.text() + output.text())).toEqual([]);
  });
});
