import type { ItemReader } from '@sizegate/sfn-engine';
import { ConfigurationError, type LoggerLike, silentLogger } from '@sizegate/types';
import { randomUUID } from 'node:crypto';
import { defaultRoleArnOf, stateMachineArnOf } from './arns.js';
import { clockFactory } from './clock.js';
import { checkStateFunctions } from './definition.js';
import { StepFunctionsApiError, unknownOperation } from './errors.js';
import type { ExecutionEnvironment } from './executions.js';
import { checkClockMode, checkFaults, checkTimeScale, type ClockMode, type TaskFault } from './faults.js';
import {
  createFunctionRegistry,
  DEFAULT_FUNCTION_CONFIG,
  type LambdaFunctionSource,
  type LocalLambdaFunction,
} from './functions/registry.js';
import { functionArnOf, parseFunctionReference } from './functions/reference.js';
import type { LocalFunctionHandler } from './lambda/invoke.js';
import { EXECUTION_OPERATIONS, type Operation, type ServiceState } from './operations.js';
import { CONTENT_TYPE, TARGET_PREFIX, type StepFunctionsHandler, type StepFunctionsResponse } from './protocol.js';
import { restoreExecutions } from './restore.js';
import { DEFAULT_CONFIGURATIONS, LocalStateMachine } from './state-machine.js';
import { addStateMachine, STATE_MACHINE_OPERATIONS } from './state-machine-operations.js';
import { StateMachineStore } from './state-machine-store.js';
import { ExecutionStore } from './store.js';
import { parseRequestBody, RequestMembers } from './validation.js';

export interface StepFunctionsServiceOptions {
  /** e.g. 'us-east-1' */
  readonly region: string;
  /** e.g. '000000000000' */
  readonly accountId: string;
  /** The name of the state machine made at start from `definition` (e.g. 'sizegate'). */
  readonly stateMachineName?: string;
  /** A state machine to make at start (more come through CreateStateMachine), with concrete FunctionName values. */
  readonly definition?: object | string;
  /** Reported by DescribeStateMachine and ExecutionStarted for the state machine made at start. @default arn:aws:iam::<accountId>:role/sizegate-local */
  readonly roleArn?: string;
  /**
   * Task state name → the local Lambda function that runs it in the state machine made at start:
   * the real handler and the function name (or ARN) it stands for. A Task state without an entry
   * calls the function its Resource or FunctionName names (`lambdaFunctions`, `functionsDirectory`).
   */
  readonly functions?: Readonly<Record<string, { readonly functionName: string; readonly handler: LocalFunctionHandler }>>;
  /**
   * Lambda functions by function name, for every state machine: a handler, the path of a module
   * exporting `handler`, or `{ handler, timeoutSeconds, memorySize, environment }`. Task states
   * reach them by name, partial ARN or ARN (in this region and account), as Lambda resolves them.
   */
  readonly lambdaFunctions?: Readonly<Record<string, LambdaFunctionSource>>;
  /** A directory of function modules (`<name>.mjs|.cjs|.js`, optional `<name>.json`), read at start (`serve --functions`). */
  readonly functionsDirectory?: string;
  readonly logger?: LoggerLike;
  /** Kept for compatibility: the engine validates every definition (it is cheap). */
  readonly validateDefinition?: boolean;
  /** Shortens Retry intervals, Waits and timeouts (for tests): 0.001 = 1000x faster; 0 < timeScale <= 1. @default 1 */
  readonly timeScale?: number;
  /**
   * How time passes: `real` follows the wall clock (times `timeScale`); `virtual` also jumps to the
   * next timer whenever no function is running, so a 1-year Wait ends at once while the history
   * shows the timestamps AWS would record. @default 'real'
   */
  readonly clock?: ClockMode;
  /** Task states of the state machine made at start that fail their first attempts in each execution, before the handler runs. @default none */
  readonly faults?: readonly TaskFault[];
  /**
   * Keep state machines, executions and their histories in this directory, and load the ones found
   * there: closed executions are served as before; executions that were RUNNING when the process
   * stopped are closed as ABORTED and started again as `<name>-restart-N` with the same input.
   * @default none: everything lives in memory only
   */
  readonly persistDirectory?: string;
  /**
   * Which event a distributed Map's MapStateExited points at: AWS's today (`MapRunStarted`), or
   * `MapRunSucceeded` as AWS recorded it until late 2024 (to replay older recordings). @default 'MapRunStarted'
   */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
  /** Fetches a distributed Map's ItemReader source (S3 objects and listings). @default none: such a Map fails */
  readonly itemReader?: ItemReader;
}

export interface StepFunctionsService extends StepFunctionsHandler {
  /** The state machine made at start from `definition`, if one was given. */
  readonly stateMachineArn: string | undefined;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  /** Aborts running executions (ABORTED) and takes no new ones; waits (bounded) for running handlers. */
  close(): Promise<void>;
}

/** How long close() waits for handlers still running after their execution was aborted. */
const CLOSE_GRACE_MS = 5_000;
/** idle() re-checks when executions start while it waits; this bounds the rounds. */
const MAX_IDLE_ROUNDS = 10_000;
/** Lambda's longest timeout: a function bound by `functions` is not cut short locally. */
const BOUND_FUNCTION_TIMEOUT_SECONDS = 900;

const OPERATIONS: Readonly<Record<string, Operation>> = { ...EXECUTION_OPERATIONS, ...STATE_MACHINE_OPERATIONS };

/**
 * A local Step Functions API: state machines made at start or through CreateStateMachine,
 * executions run in process on @sizegate/sfn-engine, Task states calling Lambda functions from
 * `functions`/`lambdaFunctions`/`functionsDirectory` as Lambda would, answers with AWS's shapes,
 * history events and error codes.
 */
export function createStepFunctionsService(
  options: StepFunctionsServiceOptions & { readonly definition: object | string; readonly stateMachineName: string },
): StepFunctionsService & { readonly stateMachineArn: string };
export function createStepFunctionsService(options: StepFunctionsServiceOptions): StepFunctionsService;
export function createStepFunctionsService(options: StepFunctionsServiceOptions): StepFunctionsService {
  checkTimeScale(options.timeScale);
  checkClockMode(options.clock);
  const logger = options.logger ?? silentLogger;
  const scope = { region: options.region, accountId: options.accountId };
  const running = new Set<Promise<unknown>>();
  const env: ExecutionEnvironment = {
    scope,
    functions: createFunctionRegistry({
      ...scope,
      logger,
      ...(options.functionsDirectory === undefined ? {} : { directory: options.functionsDirectory }),
      ...(options.lambdaFunctions === undefined ? {} : { functions: options.lambdaFunctions }),
    }),
    newClock: clockFactory(options.clock, options.timeScale),
    engineOptions: {
      ...(options.mapStateExitedAfter === undefined ? {} : { mapStateExitedAfter: options.mapStateExitedAfter }),
      ...(options.itemReader === undefined ? {} : { itemReader: options.itemReader }),
    },
    logger,
    trackInvocation: (invocation) => {
      running.add(invocation);
      void invocation.then(
        () => running.delete(invocation),
        () => running.delete(invocation),
      );
    },
  };
  const defaultRoleArn = options.roleArn ?? defaultRoleArnOf(options.accountId);
  const state: ServiceState = {
    env,
    defaultRoleArn,
    stateMachines: new Map(),
    executions: new Map(),
    started: [],
    accepting: true,
    store: options.persistDirectory === undefined ? undefined : new ExecutionStore(options.persistDirectory, logger),
    stateMachineStore: options.persistDirectory === undefined ? undefined : new StateMachineStore(options.persistDirectory, logger),
  };
  const initial = initialStateMachine(options, defaultRoleArn);
  for (const record of state.stateMachineStore?.load() ?? []) {
    if (record.stateMachineArn === initial?.stateMachineArn) continue; // the one given at start wins
    try {
      state.stateMachines.set(record.stateMachineArn, new LocalStateMachine(record, { persisted: true }));
    } catch (error) {
      logger.warn('Skipped a stored state machine the engine does not accept', {
        stateMachineArn: record.stateMachineArn,
        error: String(error),
      });
    }
  }
  if (initial) addStateMachine(state, initial);
  if (state.store) restoreExecutions(state, state.store);
  const runningExecutions = () => state.started.filter((execution) => execution.status === 'RUNNING');

  return {
    stateMachineArn: initial?.stateMachineArn,
    handle: (target, body) => handle(state, target, body),
    async idle() {
      for (let round = 0; round < MAX_IDLE_ROUNDS; round++) {
        const executions = runningExecutions();
        if (executions.length === 0) break;
        await Promise.all(executions.map((execution) => execution.finished));
      }
      await state.store?.flush();
    },
    async close() {
      state.accepting = false;
      await Promise.all(runningExecutions().map((execution) => execution.stop()));
      // What the next start with this data directory reads: every record and history line written.
      await state.store?.flush();
      if (running.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        Promise.allSettled([...running]).then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), CLOSE_GRACE_MS))),
      ]);
      clearTimeout(timer);
      if (gaveUp) logger.warn('Closing with Lambda handlers still running', { handlers: running.size });
    },
  };
}

/** The state machine given in the options (made again at each start, never stored), with its bound functions and faults. */
function initialStateMachine(options: StepFunctionsServiceOptions, roleArn: string): LocalStateMachine | undefined {
  const { definition, stateMachineName } = options;
  if (definition === undefined) {
    if (options.functions !== undefined || options.faults?.length)
      throw new ConfigurationError('"functions" and "faults" belong to the state machine made at start: give its "definition" too');
    return undefined;
  }
  if (stateMachineName === undefined) throw new ConfigurationError('"definition" needs a "stateMachineName"');
  const definitionObject = typeof definition === 'string' ? (JSON.parse(definition) as object) : definition;
  checkFaults(options.faults, definitionObject);
  checkStateFunctions(definitionObject, Object.keys(options.functions ?? {}));
  const scope = { region: options.region, accountId: options.accountId };
  const stateFunctions = new Map<string, LocalLambdaFunction>(
    Object.entries(options.functions ?? {}).map(([stateName, { functionName, handler }]) => {
      const name = parseFunctionReference(functionName)?.name ?? functionName;
      const fn: LocalLambdaFunction = {
        name,
        arn: functionName.startsWith('arn:') ? functionName : functionArnOf(scope, name),
        config: { ...DEFAULT_FUNCTION_CONFIG, timeoutSeconds: BOUND_FUNCTION_TIMEOUT_SECONDS },
        load: async () => handler,
      };
      return [stateName, fn];
    }),
  );
  try {
    return new LocalStateMachine(
      {
        v: 1,
        name: stateMachineName,
        stateMachineArn: stateMachineArnOf(scope, stateMachineName),
        type: 'STANDARD',
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2),
        roleArn,
        creationDate: Date.now(),
        ...DEFAULT_CONFIGURATIONS,
      },
      { stateFunctions, ...(options.faults ? { faults: options.faults } : {}), persisted: false },
    );
  } catch (error) {
    if (error instanceof StepFunctionsApiError) throw new ConfigurationError(`State machine "${stateMachineName}": ${error.message}`);
    throw error;
  }
}

async function handle(state: ServiceState, target: string | undefined, body: string): Promise<StepFunctionsResponse> {
  const requestId = randomUUID();
  try {
    const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const operation = name !== undefined && Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    if (!operation) throw unknownOperation(target);
    const result = await operation(state, new RequestMembers(parseRequestBody(body)));
    return respond(200, requestId, result);
  } catch (error) {
    if (error instanceof StepFunctionsApiError) {
      state.env.logger.debug('Step Functions request rejected', { target, code: error.code, message: error.message });
      return respond(error.statusCode, requestId, { __type: error.type, message: error.message }, error.code);
    }
    state.env.logger.error('Step Functions request failed', { target, error: String(error) });
    return respond(
      500,
      requestId,
      { __type: 'com.amazon.coral.service#InternalFailure', message: 'Internal error in the local Step Functions' },
      'InternalFailure',
    );
  }
}

function respond(statusCode: number, requestId: string, payload: object, errorType?: string): StepFunctionsResponse {
  const body = JSON.stringify(payload);
  return {
    statusCode,
    headers: {
      'content-type': CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body, 'utf8')),
      'x-amzn-requestid': requestId,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    body,
  };
}
