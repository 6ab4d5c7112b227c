import { parseStatesArn, stateMachineArnOf } from './arns.js';
import { invalidToken, stateMachineAlreadyExists, stateMachineDeleting, StepFunctionsApiError, validationError } from './errors.js';
import { type Operation, requireExecution, requireStateMachine, seconds, type ServiceState } from './operations.js';
import { decodePageToken, encodePageToken } from './pagination.js';
import {
  DEFAULT_CONFIGURATIONS,
  describedConfiguration,
  isSameCreation,
  LocalStateMachine,
  type StateMachineRecord,
} from './state-machine.js';
import { type RequestMembers, validateStateMachineName } from './validation.js';

/** The model's limits of CreateStateMachine's members. */
const MAX_DEFINITION_LENGTH = 1_048_576;
const MAX_ARN_LENGTH = 256;
const TYPES = ['STANDARD', 'EXPRESS'] as const;
const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;

/** Adds a state machine to the service (and to the data directory when it is one to keep). */
export function addStateMachine(state: ServiceState, machine: LocalStateMachine): void {
  state.stateMachines.set(machine.stateMachineArn, machine);
  if (machine.extras.persisted) state.stateMachineStore?.save(machine.record);
}

/** A structure member's fields in a fixed order (so two requests compare equal), or the default. */
function configuration(
  members: RequestMembers,
  name: keyof typeof DEFAULT_CONFIGURATIONS,
  read: (given: Readonly<Record<string, unknown>>) => Record<string, unknown>,
): Readonly<Record<string, unknown>> {
  const given = members.optionalObject(name);
  return given === undefined ? DEFAULT_CONFIGURATIONS[name] : read(given);
}

function loggingConfiguration(members: RequestMembers): Readonly<Record<string, unknown>> {
  return configuration(members, 'loggingConfiguration', (given) => {
    const level = given.level ?? 'OFF';
    if (!(LOG_LEVELS as readonly unknown[]).includes(level)) {
      throw validationError('loggingConfiguration.level', level, `Member must satisfy enum value set: [${LOG_LEVELS.join(', ')}]`);
    }
    return {
      level,
      includeExecutionData: given.includeExecutionData === true,
      ...(Array.isArray(given.destinations) && given.destinations.length > 0 ? { destinations: given.destinations } : {}),
    };
  });
}

const createStateMachineOperation: Operation = (state, members) => {
  const name = members.limitedString('name', 1, 80);
  validateStateMachineName(name);
  const definition = members.limitedString('definition', 1, MAX_DEFINITION_LENGTH);
  const roleArn = members.limitedString('roleArn', 1, MAX_ARN_LENGTH);
  const type = members.optionalEnum('type', TYPES) ?? 'STANDARD';
  members.optionalString('versionDescription');
  if (members.optionalBoolean('publish') === true) {
    throw new StepFunctionsApiError(
      'ValidationException',
      'sizegate-local does not publish state machine versions yet: create the state machine without publish',
    );
  }
  if (type === 'EXPRESS') {
    throw new StepFunctionsApiError(
      'StateMachineTypeNotSupported',
      'sizegate-local does not run EXPRESS state machines yet: create the state machine with type STANDARD',
    );
  }
  const stateMachineArn = stateMachineArnOf(state.env.scope, name);
  const record: StateMachineRecord = {
    v: 1,
    name,
    stateMachineArn,
    type,
    definition,
    roleArn,
    creationDate: Date.now(),
    loggingConfiguration: loggingConfiguration(members),
    tracingConfiguration: configuration(members, 'tracingConfiguration', (given) => ({ enabled: given.enabled === true })),
    encryptionConfiguration: configuration(members, 'encryptionConfiguration', (given) => ({ ...given })),
  };
  const machine = new LocalStateMachine(record, { persisted: true });
  const existing = state.stateMachines.get(stateMachineArn);
  if (existing) {
    if (existing.status === 'DELETING') throw stateMachineDeleting(stateMachineArn);
    if (!isSameCreation(existing.record, record)) throw stateMachineAlreadyExists(stateMachineArn);
    return { stateMachineArn, creationDate: seconds(existing.record.creationDate) };
  }
  addStateMachine(state, machine);
  state.env.logger.info('State machine created', { stateMachineArn });
  return { stateMachineArn, creationDate: seconds(record.creationDate) };
};

const describeStateMachine: Operation = (state, members) => {
  const machine = requireStateMachine(state, members.requiredString('stateMachineArn'));
  members.optionalString('includedData');
  return {
    ...describedConfiguration(machine),
    status: machine.status,
    type: machine.record.type,
    creationDate: seconds(machine.record.creationDate),
  };
};

const describeStateMachineForExecution: Operation = (state, members) => {
  const execution = requireExecution(state, members.requiredString('executionArn'));
  members.optionalString('includedData');
  const machine = execution.machine ?? requireStateMachine(state, execution.stateMachineArn);
  return { ...describedConfiguration(machine), updateDate: seconds(machine.record.creationDate) };
};

const listStateMachines: Operation = (state, members) => {
  const maxResults = members.maxResults();
  const nextToken = members.nextToken();
  const listed = [...state.stateMachines.values()].filter((machine) => machine.status === 'ACTIVE');
  let from = 0;
  if (nextToken !== undefined) {
    const after = decodePageToken(nextToken, 'ListStateMachines', '');
    from = listed.findIndex((machine) => machine.stateMachineArn === after) + 1;
    if (from === 0) throw invalidToken('Invalid token');
  }
  const page = listed.slice(from, from + maxResults);
  const last = page.at(-1);
  return {
    stateMachines: page.map(({ record }) => ({
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      type: record.type,
      creationDate: seconds(record.creationDate),
    })),
    ...(listed.length > from + maxResults && last
      ? { nextToken: encodePageToken({ op: 'ListStateMachines', scope: '', position: last.stateMachineArn }) }
      : {}),
  };
};

/**
 * DeleteStateMachine, as AWS does it: the state machine is DELETING at once (no new executions,
 * Describe shows it), its running executions are stopped, and once they have all closed it is
 * gone (its executions stay readable). An ARN of no state machine is a success.
 */
const deleteStateMachine: Operation = (state, members) => {
  const stateMachineArn = members.requiredString('stateMachineArn');
  parseStatesArn('stateMachineArn', stateMachineArn, 'stateMachine');
  const machine = state.stateMachines.get(stateMachineArn);
  if (!machine || machine.status === 'DELETING') return {};
  machine.status = 'DELETING';
  const running = state.started.filter((execution) => execution.stateMachineArn === stateMachineArn && execution.status === 'RUNNING');
  void Promise.all(running.map((execution) => execution.stop())).then(() => {
    if (state.stateMachines.get(stateMachineArn) === machine) state.stateMachines.delete(stateMachineArn);
    state.stateMachineStore?.remove(stateMachineArn);
    state.env.logger.info('State machine deleted', { stateMachineArn, stoppedExecutions: running.length });
  });
  return {};
};

/** The state machine operations by name. */
export const STATE_MACHINE_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateStateMachine: createStateMachineOperation,
  DescribeStateMachine: describeStateMachine,
  DescribeStateMachineForExecution: describeStateMachineForExecution,
  ListStateMachines: listStateMachines,
  DeleteStateMachine: deleteStateMachine,
};
