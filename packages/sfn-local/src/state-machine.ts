import { createStateMachine, InvalidDefinition, type StateMachineDefinition, variableReferences } from '@sizegate/sfn-engine';
import { StepFunctionsApiError } from './errors.js';
import type { TaskFault } from './faults.js';
import type { LocalLambdaFunction } from './functions/registry.js';

/** What the data directory keeps of a state machine (`state-machines/<hash>.json`), and what Describe answers from. */
export interface StateMachineRecord {
  readonly v: 1;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly type: 'STANDARD';
  /** The definition exactly as CreateStateMachine got it: DescribeStateMachine returns it as is. */
  readonly definition: string;
  readonly roleArn: string;
  /** Epoch milliseconds. */
  readonly creationDate: number;
  readonly loggingConfiguration: Readonly<Record<string, unknown>>;
  readonly tracingConfiguration: Readonly<Record<string, unknown>>;
  readonly encryptionConfiguration: Readonly<Record<string, unknown>>;
}

/** What a state machine made by the service itself (not through the API) brings besides its record. */
export interface StateMachineExtras {
  /** Task state name → the function it runs, whatever its Resource names (the `functions` option). */
  readonly stateFunctions?: ReadonlyMap<string, LocalLambdaFunction>;
  /** Faults injected into its Task states (the `faults` option). */
  readonly faults?: readonly TaskFault[];
  /** Kept in the data directory (state machines made through the API); the one given at start is made again each start. */
  readonly persisted: boolean;
}

/** The configurations AWS reports for a state machine created without them. */
export const DEFAULT_CONFIGURATIONS = {
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  tracingConfiguration: { enabled: false },
  encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
} as const;

/**
 * One state machine of the service: its record, the definition the engine validated (every
 * execution runs it on a machine of its own, with its own clock), and the variables each state
 * reads (DescribeStateMachine's `variableReferences`).
 */
export class LocalStateMachine {
  status: 'ACTIVE' | 'DELETING' = 'ACTIVE';
  readonly definition: StateMachineDefinition;
  readonly variableReferences: Readonly<Record<string, readonly string[]>>;

  constructor(
    readonly record: StateMachineRecord,
    readonly extras: StateMachineExtras,
  ) {
    this.definition = checkedDefinition(record.definition);
    this.variableReferences = variableReferences(this.definition);
  }

  get stateMachineArn(): string {
    return this.record.stateMachineArn;
  }

  get name(): string {
    return this.record.name;
  }
}

/** The definition as the engine validated it; an invalid one is AWS's InvalidDefinition with the engine's diagnostics. */
export function checkedDefinition(definitionText: string): StateMachineDefinition {
  try {
    return createStateMachine(definitionText).definition;
  } catch (error) {
    if (error instanceof InvalidDefinition) throw new StepFunctionsApiError('InvalidDefinition', error.message);
    throw error;
  }
}

/** What DescribeStateMachine and DescribeStateMachineForExecution share. */
export function describedConfiguration(machine: LocalStateMachine): Record<string, unknown> {
  const { record } = machine;
  return {
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    definition: record.definition,
    roleArn: record.roleArn,
    loggingConfiguration: record.loggingConfiguration,
    tracingConfiguration: record.tracingConfiguration,
    encryptionConfiguration: record.encryptionConfiguration,
    // AWS leaves the member out when no state reads a variable.
    ...(Object.keys(machine.variableReferences).length > 0 ? { variableReferences: machine.variableReferences } : {}),
  };
}

/**
 * Whether CreateStateMachine with this record is the same request again: AWS compares the name,
 * definition, type and the logging, tracing and encryption configurations, and ignores a
 * different roleArn or tags (they are not updated either).
 */
export function isSameCreation(existing: StateMachineRecord, requested: StateMachineRecord): boolean {
  const fields = ['definition', 'type', 'loggingConfiguration', 'tracingConfiguration', 'encryptionConfiguration'] as const;
  return fields.every((field) => JSON.stringify(existing[field]) === JSON.stringify(requested[field]));
}
