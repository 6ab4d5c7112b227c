import { SFNClient } from '@aws-sdk/client-sfn';
import { Readable } from 'node:stream';
import { type LambdaHandler, loadHandlers } from './lambdas.js';
import { callWithSdk, LOCAL_CREDENTIALS } from './sdk-call.js';
import type { Driver, DriverFactory } from './types.js';

/** What the runner needs of a local Step Functions service: one awsJson1_0 request at a time. */
export interface LocalStepFunctionsService {
  /** `target` is the X-Amz-Target header (`AWSStepFunctions.StartExecution`), `body` the raw JSON body. */
  handle(target: string | undefined, body: string): Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
  close?(): Promise<void>;
}

export interface LocalServiceOptions {
  readonly region: string;
  readonly accountId: string;
  /** Function name → handler: every function the case creates. */
  readonly lambdaFunctions: Readonly<Record<string, LambdaHandler>>;
  /** Step Functions Local's `MockConfigFile` content, for `mocked_variant` cases. */
  readonly mockConfig?: Readonly<Record<string, unknown>>;
  /** The service option of the same name (see DriverStartOptions). */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
}

export type CreateLocalService = (options: LocalServiceOptions) => LocalStepFunctionsService | Promise<LocalStepFunctionsService>;

/**
 * Runs each case on a fresh service built in this process (e.g. `createStepFunctionsService` of
 * `@sizegate/sfn-local`). Requests still go through the real SDK client, so the wire format in
 * both directions (awsJson1_0, `__type` error codes, epoch-second dates) is the SDK's, with no
 * socket in between.
 */
export function inProcessDriver(createService: CreateLocalService): DriverFactory {
  return {
    name: 'in-process',
    async start(options): Promise<Driver> {
      const service = await createService({
        region: options.region,
        accountId: options.accountId,
        lambdaFunctions: await loadHandlers(options.lambdas),
        ...(options.mockConfig ? { mockConfig: options.mockConfig } : {}),
        ...(options.mapStateExitedAfter ? { mapStateExitedAfter: options.mapStateExitedAfter } : {}),
      });
      const client = new SFNClient({
        region: options.region,
        endpoint: 'http://in-process.localhost',
        credentials: LOCAL_CREDENTIALS,
        disableHostPrefix: true,
        maxAttempts: 1,
        requestHandler: inMemoryHandler(service),
      });
      return {
        call: (operation, args) => callWithSdk(client, operation, args),
        async close() {
          client.destroy();
          await service.close?.();
        },
      };
    },
  };
}

/** An SDK request handler that hands each request to the service instead of a socket. */
function inMemoryHandler(service: LocalStepFunctionsService) {
  return {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
      const answer = await service.handle(target, bodyText(request.body));
      return {
        response: {
          statusCode: answer.statusCode,
          headers: Object.fromEntries(Object.entries(answer.headers).map(([name, value]) => [name.toLowerCase(), value])),
          body: Readable.from([Buffer.from(answer.body, 'utf8')]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return String(body);
}
