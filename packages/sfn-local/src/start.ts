import type { LoggerLike } from '@sizegate/types';
import type { AccessKey } from '@sizegate/types/sigv4';
import { startGuardedServer, type Listen } from '@sizegate/types/request-guard';
import type { ClockMode, TaskFault } from './faults.js';
import { createStepFunctionsEndpoint } from './endpoint/http.js';
import type { LambdaFunctionSource } from './functions/registry.js';
import type { LocalFunctionHandler } from './lambda/invoke.js';
import { createStepFunctionsService, type StepFunctionsServiceOptions } from './service.js';

export interface StartSfnLocalOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /**
   * Address to bind. Anything but a loopback address makes the service reachable from other
   * machines without credentials; it logs a warning. @default '127.0.0.1'
   */
  readonly host?: string;
  /** A state machine to make at start (more come through CreateStateMachine); its Task states call `functions`. */
  readonly definition?: object;
  /**
   * Task state name → the local Lambda function it runs in the state machine made at start:
   * `(event, context) => result`, or `{ functionName, handler }` to name the function (its ARN may
   * be the name). A Task state without an entry calls the function it names in `lambdaFunctions`.
   */
  readonly functions?: Readonly<
    Record<string, LocalFunctionHandler | { readonly functionName: string; readonly handler: LocalFunctionHandler }>
  >;
  /** Lambda functions by function name, for every state machine: a handler, a module path, or either with config. */
  readonly lambdaFunctions?: Readonly<Record<string, LambdaFunctionSource>>;
  /** A directory of function modules (`<name>.mjs|.cjs|.js`, optional `<name>.json`), read at start. */
  readonly functionsDirectory?: string;
  /** The state machine made from `definition`. @default 'local' */
  readonly stateMachineName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Reported by DescribeStateMachine and ExecutionStarted. @default arn:aws:iam::<accountId>:role/sizegate-local */
  readonly roleArn?: string;
  /**
   * Keep executions and their histories in this directory and load them at start (executions
   * that were running are closed as ABORTED and started again). @default in memory only
   */
  readonly dataDir?: string;
  /** Retry intervals, Wait `Seconds` and TimeoutSeconds multiplied by this (0 < timeScale <= 1). @default 1 */
  readonly timeScale?: number;
  /** `virtual` jumps over waits while no function runs (a 1-year Wait ends at once). @default 'real' */
  readonly clock?: ClockMode;
  /** See StepFunctionsServiceOptions.mapStateExitedAfter. @default 'MapRunStarted' */
  readonly mapStateExitedAfter?: StepFunctionsServiceOptions['mapStateExitedAfter'];
  /** Task states that fail their first attempts in each execution, before the handler runs. @default none */
  readonly faults?: readonly TaskFault[];
  /** Kept for compatibility: the engine validates every definition. */
  readonly validateDefinition?: boolean;
  /**
   * Host names (`name`, any port, or `name:port`) also answered to. Requests with any other Host
   * header, or from a browser page of another origin, get 403 (DNS rebinding and CSRF protection).
   * @default none: only 127.0.0.1, localhost, [::1] and the bound address, on the served port
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Check every request's AWS Signature Version 4 (SigV4, header or presigned) against
   * `accessKeys`, with AWS's errors for unsigned or wrongly signed requests. @default false: any
   * credentials, and none, are accepted
   */
  readonly verifySignatures?: boolean;
  /** The access keys accepted when `verifySignatures` is on (at least one), e.g. from parseAccessKey('ID:SECRET'). */
  readonly accessKeys?: readonly AccessKey[];
  /** @default silent */
  readonly logger?: LoggerLike;
  /** How to bind (tests). @default server.listen */
  readonly listen?: Listen;
}

export interface SfnLocal {
  /** e.g. `http://127.0.0.1:45123`: give it to an SFNClient as `endpoint`. */
  readonly endpoint: string;
  /** The state machine made from `definition`, if one was given. */
  readonly stateMachineArn: string | undefined;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  /** Stops serving, aborts running executions (ABORTED) and waits (bounded) for running handlers. */
  close(): Promise<void>;
}

/**
 * Starts the Step Functions service alone on its own port, behind the request guard: STANDARD
 * state machines (the one given, and any created through the API) whose Task states run the given
 * functions in process. For Step Functions beside other services on one port, mount
 * `createStepFunctionsEndpoint` over `createStepFunctionsService`.
 */
export async function startSfnLocal(
  options: StartSfnLocalOptions & { readonly definition: object },
): Promise<SfnLocal & { readonly stateMachineArn: string }>;
export async function startSfnLocal(options: StartSfnLocalOptions): Promise<SfnLocal>;
export async function startSfnLocal(options: StartSfnLocalOptions): Promise<SfnLocal> {
  const service = createStepFunctionsService({
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    ...(options.definition === undefined ? {} : { definition: options.definition, stateMachineName: options.stateMachineName ?? 'local' }),
    ...(options.functions === undefined
      ? {}
      : {
          functions: Object.fromEntries(
            Object.entries(options.functions).map(([state, fn]) => [
              state,
              typeof fn === 'function' ? { functionName: state, handler: fn } : fn,
            ]),
          ),
        }),
    ...(options.lambdaFunctions === undefined ? {} : { lambdaFunctions: options.lambdaFunctions }),
    ...(options.functionsDirectory === undefined ? {} : { functionsDirectory: options.functionsDirectory }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.mapStateExitedAfter === undefined ? {} : { mapStateExitedAfter: options.mapStateExitedAfter }),
    ...(options.roleArn === undefined ? {} : { roleArn: options.roleArn }),
    ...(options.dataDir === undefined ? {} : { persistDirectory: options.dataDir }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.validateDefinition === undefined ? {} : { validateDefinition: options.validateDefinition }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  let endpoint: ReturnType<typeof createStepFunctionsEndpoint>;
  try {
    endpoint = createStepFunctionsEndpoint({
      service,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.verifySignatures === undefined ? {} : { verifySignatures: options.verifySignatures }),
      ...(options.accessKeys === undefined ? {} : { accessKeys: options.accessKeys }),
    });
  } catch (error) {
    await service.close(); // an access key that is not valid: nothing may keep running
    throw error;
  }
  let server: Awaited<ReturnType<typeof startGuardedServer>>;
  try {
    server = await startGuardedServer({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      allowedHosts: options.allowedHosts,
      listen: options.listen,
      logger: options.logger,
      handle: endpoint.handle,
      sendAccessDenied: endpoint.sendAccessDenied,
    });
  } catch (error) {
    await service.close();
    throw error;
  }
  return {
    endpoint: server.endpoint,
    stateMachineArn: service.stateMachineArn,
    idle: () => service.idle(),
    async close() {
      await server.close();
      await service.close();
    },
  };
}
