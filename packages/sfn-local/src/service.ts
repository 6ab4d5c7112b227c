import type { LoggerLike } from '@sizegate/types';
import { randomUUID } from 'node:crypto';
import { defaultRoleArnOf, executionArnOf, stateMachineArnOf } from './arns.js';
import { analyzeDefinition } from './definition.js';
import { createAwsLocalStepFunctionsEngine } from './engine/aws-local-stepfunctions.js';
import { StepFunctionsApiError, unknownOperation } from './errors.js';
import type { ExecutionEnvironment } from './executions.js';
import { beginExecution, OPERATIONS, type ServiceState } from './operations.js';
import { CONTENT_TYPE, TARGET_PREFIX, type StepFunctionsHandler, type StepFunctionsResponse } from './protocol.js';
import { ExecutionStore } from './store.js';
import { restartNameFor, StoredExecution } from './stored-execution.js';
import { parseExecutionInput, parseRequestBody, RequestMembers } from './validation.js';
import { checkFaults, checkTimeScale, type TaskFault } from './faults.js';
import type { LocalFunctionHandler } from './lambda/invoke.js';

export interface StepFunctionsServiceOptions {
  /** e.g. 'us-east-1' */
  readonly region: string;
  /** e.g. '000000000000' */
  readonly accountId: string;
  /** e.g. 'sizegate' */
  readonly stateMachineName: string;
  /** The ASL definition, with concrete FunctionName values. */
  readonly definition: object;
  /** Reported by DescribeStateMachine and ExecutionStarted. @default arn:aws:iam::<accountId>:role/sizegate-local */
  readonly roleArn?: string;
  /**
   * Task state name → the local Lambda function that runs it: the real handler and the function
   * name (or ARN) it stands for. Every Task state needs one.
   */
  readonly functions: Readonly<Record<string, { readonly functionName: string; readonly handler: LocalFunctionHandler }>>;
  readonly logger?: LoggerLike;
  /**
   * Validate the definition with asl-validator when the service is created. Turning it off saves
   * the JSON-schema compilation (CPU and memory) for a definition already validated elsewhere.
   * @default true
   */
  readonly validateDefinition?: boolean;
  /** Shortens Retry intervals, Wait `Seconds` and TimeoutSeconds (for tests): 0.001 = 1000x faster; 0 < timeScale <= 1. @default 1 */
  readonly timeScale?: number;
  /** Task states that fail their first attempts in each execution, before the handler runs. @default none */
  readonly faults?: readonly TaskFault[];
  /**
   * Keep executions and their histories in this directory, and load the ones found there: closed
   * executions are served as before; executions that were RUNNING when the process stopped are
   * closed as ABORTED and started again as `<name>-restart-N` with the same input.
   * @default none: executions live in memory only
   */
  readonly persistDirectory?: string;
}

export interface StepFunctionsService extends StepFunctionsHandler {
  readonly stateMachineArn: string;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  /** Aborts running executions (ABORTED) and takes no new ones; waits (bounded) for running handlers. */
  close(): Promise<void>;
}

/** How long close() waits for handlers still running after their execution was aborted. */
const CLOSE_GRACE_MS = 5_000;
/** idle() re-checks when executions start while it waits; this bounds the rounds. */
const MAX_IDLE_ROUNDS = 10_000;

const silentLogger: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A local Step Functions API for one STANDARD state machine: executions run in process on the
 * engine (engine/), Task states call the given handlers as Lambda would, and the
 * API answers with AWS's shapes, history events and error codes.
 */
export function createStepFunctionsService(options: StepFunctionsServiceOptions): StepFunctionsService {
  checkTimeScale(options.timeScale);
  checkFaults(options.faults, options.definition);
  const timeScale = options.timeScale ?? 1;
  const logger = options.logger ?? silentLogger;
  const scope = { region: options.region, accountId: options.accountId };
  const info = analyzeDefinition(options.definition, Object.keys(options.functions));
  const running = new Set<Promise<unknown>>();
  const env: ExecutionEnvironment = {
    // One engine for every execution: creating it validates the whole definition.
    engine: createAwsLocalStepFunctionsEngine(options.definition, { validate: options.validateDefinition !== false, timeScale }),
    info,
    scope,
    stateMachineArn: stateMachineArnOf(scope, options.stateMachineName),
    stateMachineName: options.stateMachineName,
    roleArn: options.roleArn ?? defaultRoleArnOf(options.accountId),
    functions: options.functions,
    timeScale,
    faults: options.faults ?? [],
    logger,
    trackInvocation: (invocation) => {
      running.add(invocation);
      void invocation.finally(() => running.delete(invocation));
    },
  };
  const state: ServiceState = {
    env,
    definitionText: JSON.stringify(options.definition, null, 2),
    creationDate: Date.now(),
    executions: new Map(),
    started: [],
    accepting: true,
    store: options.persistDirectory === undefined ? undefined : new ExecutionStore(options.persistDirectory, logger),
  };
  if (state.store) restoreExecutions(state, state.store);
  const runningExecutions = () => state.started.filter((execution) => execution.status === 'RUNNING');

  return {
    stateMachineArn: env.stateMachineArn,
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

/** The ExecutionAborted error of an execution the process stopped under (killed or crashed). */
export const INTERRUPTED_ERROR = 'SizegateLocal.Interrupted';

/**
 * Loads the executions kept in the data directory: closed ones as they were; RUNNING ones (the
 * process stopped under them) closed as ABORTED and started again with the same input.
 */
function restoreExecutions(state: ServiceState, store: ExecutionStore): void {
  const { env } = state;
  const records = store.loadRecords(executionArnOf(env.scope, env.stateMachineName, ''));
  const taken = new Set(records.map((record) => record.name));
  const interrupted: { name: string; input: string }[] = [];
  for (const record of records) {
    let closed = record;
    if (record.status === 'RUNNING') {
      const restartName = restartNameFor(record.name, (name) => taken.has(name));
      const result = store.closeInterrupted(record, env.roleArn, {
        error: INTERRUPTED_ERROR,
        cause: `sizegate-local stopped while this execution was running; it was started again as "${restartName}"`,
      });
      closed = result.record;
      // Closed from its own history (it had ended; only the record was behind): nothing to restart.
      if (result.aborted) {
        taken.add(restartName);
        interrupted.push({ name: restartName, input: record.input });
      }
      env.logger.warn('Execution was running when sizegate-local stopped', {
        executionArn: record.executionArn,
        status: closed.status,
        ...(result.aborted ? { restartedAs: restartName } : {}),
      });
    }
    const execution = new StoredExecution(store, closed);
    state.executions.set(execution.executionArn, execution);
    state.started.push(execution);
  }
  for (const { name, input } of interrupted) beginExecution(state, name, parseExecutionInput(input));
  if (state.started.length > 0)
    env.logger.info('Executions loaded from the data directory', {
      loaded: state.started.length - interrupted.length,
      restarted: interrupted.length,
    });
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
