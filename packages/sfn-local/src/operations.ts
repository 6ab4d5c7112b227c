import { randomUUID } from 'node:crypto';
import { executionArnOf, parseStatesArn } from './arns.js';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  invalidToken,
  stateMachineDeleting,
  stateMachineDoesNotExist,
  StepFunctionsApiError,
  validationError,
} from './errors.js';
import { Execution, type ExecutionEnvironment, type ExecutionView } from './executions.js';
import { serializeEvent } from './history.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import type { LocalStateMachine } from './state-machine.js';
import type { StateMachineStore } from './state-machine-store.js';
import type { ExecutionStore } from './store.js';
import { parseExecutionInput, validateExecutionName, type ExecutionInput, type RequestMembers } from './validation.js';

/** The service's state shared by the operations. */
export interface ServiceState {
  readonly env: ExecutionEnvironment;
  /** Reported for state machines created without a role (the one given at start). */
  readonly defaultRoleArn: string;
  /** Every state machine by ARN, in creation order. */
  readonly stateMachines: Map<string, LocalStateMachine>;
  /** Every execution by ARN, and in start order. */
  readonly executions: Map<string, ExecutionView>;
  readonly started: ExecutionView[];
  accepting: boolean;
  /** Where executions persist (a data directory), if anywhere. */
  readonly store: ExecutionStore | undefined;
  /** Where state machines created through the API persist, if anywhere. */
  readonly stateMachineStore: StateMachineStore | undefined;
}

/** Starts an execution under a name known to be free, and records it. */
export function beginExecution(state: ServiceState, machine: LocalStateMachine, name: string, input: ExecutionInput): Execution {
  const executionArn = executionArnOf(state.env.scope, machine.name, name);
  const persistence = state.store && { store: state.store, seq: state.store.nextSeq() };
  const execution = new Execution(state.env, machine, executionArn, name, input, persistence);
  state.executions.set(executionArn, execution);
  state.started.push(execution);
  state.env.logger.info('Execution started', { executionArn });
  return execution;
}

export type Operation = (state: ServiceState, members: RequestMembers) => Promise<object> | object;

export const seconds = (ms: number) => ms / 1000;
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;

/** The state machine an ARN names (ACTIVE or DELETING), or StateMachineDoesNotExist. */
export function requireStateMachine(state: ServiceState, stateMachineArn: string): LocalStateMachine {
  parseStatesArn('stateMachineArn', stateMachineArn, 'stateMachine');
  const machine = state.stateMachines.get(stateMachineArn);
  if (!machine) throw stateMachineDoesNotExist(stateMachineArn);
  return machine;
}

export function requireExecution(state: ServiceState, executionArn: string): ExecutionView {
  parseStatesArn('executionArn', executionArn, 'execution');
  const execution = state.executions.get(executionArn);
  if (!execution) throw executionDoesNotExist(executionArn);
  return execution;
}

function optionalLimited(members: RequestMembers, name: string, max: number): string | undefined {
  const value = members.optionalString(name);
  if (value !== undefined && value.length > max) throw validationError(name, value, `Member must have length less than or equal to ${max}`);
  return value;
}

const startExecution: Operation = (state, members) => {
  const stateMachineArn = members.requiredString('stateMachineArn');
  const requestedName = members.optionalString('name');
  if (requestedName !== undefined) validateExecutionName(requestedName);
  const input = parseExecutionInput(members.optionalString('input'));
  members.optionalString('traceHeader'); // accepted and ignored: there is no X-Ray here
  const machine = requireStateMachine(state, stateMachineArn);
  if (!state.accepting || machine.status === 'DELETING') throw stateMachineDeleting(stateMachineArn);
  const name = requestedName ?? randomUUID();
  const executionArn = executionArnOf(state.env.scope, machine.name, name);
  const existing = state.executions.get(executionArn);
  if (existing) {
    // Standard workflows: the same name and input while it runs is the same execution;
    // anything else (other input, or the first one has closed) is ExecutionAlreadyExists.
    if (existing.status === 'RUNNING' && existing.input.text === input.text) {
      return { executionArn, startDate: seconds(existing.startDate) };
    }
    throw executionAlreadyExists(executionArn);
  }
  const execution = beginExecution(state, machine, name, input);
  return { executionArn, startDate: seconds(execution.startDate) };
};

function redrive(execution: ExecutionView): object {
  if (execution.status === 'SUCCEEDED' || execution.status === 'RUNNING') {
    return {
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: `Execution is ${execution.status} and cannot be redriven`,
    };
  }
  return { redriveCount: 0, redriveStatus: 'REDRIVABLE' };
}

const describeExecution: Operation = (state, members) => {
  const execution = requireExecution(state, members.requiredString('executionArn'));
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    ...(execution.stopDate !== undefined ? { stopDate: seconds(execution.stopDate) } : {}),
    input: execution.input.text,
    inputDetails: { included: true },
    ...(execution.status === 'SUCCEEDED' ? { output: execution.output, outputDetails: { included: true } } : {}),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
    ...redrive(execution),
  };
};

const getExecutionHistory: Operation = async (state, members) => {
  const execution = requireExecution(state, members.requiredString('executionArn'));
  const maxResults = members.maxResults();
  const reverseOrder = members.optionalBoolean('reverseOrder') ?? false;
  const includeExecutionData = members.optionalBoolean('includeExecutionData') ?? true;
  const nextToken = members.nextToken();
  const scope = `${execution.executionArn}|${reverseOrder}`;
  // Positions are event ids, so pages stay right while a running execution adds events.
  const stored = await execution.historyEvents();
  const events = reverseOrder ? [...stored].reverse() : stored;
  let from = 0;
  if (nextToken !== undefined) {
    const id = decodePageToken(nextToken, 'GetExecutionHistory', scope);
    from = events.findIndex((event) => event.id === id);
    if (from < 0) throw invalidToken('Invalid token');
  }
  const page = events.slice(from, from + maxResults);
  const next = events[from + maxResults];
  return {
    events: page.map((event) => serializeEvent(event, includeExecutionData)),
    ...(next ? { nextToken: encodePageToken({ op: 'GetExecutionHistory', scope, position: next.id }) } : {}),
  };
};

const listExecutions: Operation = (state, members) => {
  const stateMachineArn = members.optionalString('stateMachineArn');
  const mapRunArn = members.optionalString('mapRunArn');
  if (stateMachineArn === undefined) {
    if (mapRunArn !== undefined)
      throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: mapRun'`);
    throw new StepFunctionsApiError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
  }
  requireStateMachine(state, stateMachineArn);
  const statusFilter = members.statusFilter();
  const maxResults = members.maxResults();
  const nextToken = members.nextToken();
  members.optionalString('redriveFilter');
  const scope = `${stateMachineArn}|${statusFilter ?? ''}`;
  const newestFirst = state.started.filter((execution) => execution.stateMachineArn === stateMachineArn).reverse();
  let from = 0;
  if (nextToken !== undefined) {
    // The position is the last ARN returned; its place in the unfiltered list survives status changes.
    const after = decodePageToken(nextToken, 'ListExecutions', scope);
    const index = newestFirst.findIndex((execution) => execution.executionArn === after);
    if (index < 0) throw invalidToken('Invalid token');
    from = index + 1;
  }
  const matching = newestFirst.slice(from).filter((execution) => statusFilter === undefined || execution.status === statusFilter);
  const page = matching.slice(0, maxResults);
  const last = page.at(-1);
  return {
    executions: page.map((execution) => ({
      executionArn: execution.executionArn,
      stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: seconds(execution.startDate),
      ...(execution.stopDate !== undefined ? { stopDate: seconds(execution.stopDate) } : {}),
      redriveCount: 0,
    })),
    ...(matching.length > maxResults && last
      ? { nextToken: encodePageToken({ op: 'ListExecutions', scope, position: last.executionArn }) }
      : {}),
  };
};

const stopExecution: Operation = async (state, members) => {
  const execution = requireExecution(state, members.requiredString('executionArn'));
  const error = optionalLimited(members, 'error', MAX_ERROR_LENGTH);
  const cause = optionalLimited(members, 'cause', MAX_CAUSE_LENGTH);
  await execution.stop(error, cause);
  return { stopDate: seconds(execution.stopDate ?? Date.now()) };
};

/** The execution operations by name (the part of X-Amz-Target after "AWSStepFunctions."). */
export const EXECUTION_OPERATIONS: Readonly<Record<string, Operation>> = {
  StartExecution: startExecution,
  DescribeExecution: describeExecution,
  GetExecutionHistory: getExecutionHistory,
  ListExecutions: listExecutions,
  StopExecution: stopExecution,
};
