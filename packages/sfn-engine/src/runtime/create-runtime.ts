/** The per-execution runtime from the machine's options and the start options. */
import type { Clock } from '../clock.js';
import type { StatesBlock } from '../definition/types.js';
import type { Recorder } from '../history/recorder.js';
import type { StartOptions, StateMachineOptions } from '../options.js';
import { Turns } from './turns.js';
import type { ExecutionRuntime, Frame } from './types.js';

export const DEFAULT_PAYLOAD_LIMIT = 262_144;
export const DEFAULT_HISTORY_LIMIT = 25_000;

export interface RuntimeParts {
  readonly clock: Clock;
  readonly recorder: Recorder;
  readonly signal: AbortSignal;
  readonly inputValue: unknown;
  readonly runBlock: (rt: ExecutionRuntime, block: StatesBlock, input: unknown, frame: Frame) => Promise<unknown>;
  readonly redriveCount?: number | undefined;
}

export function createRuntime(options: StateMachineOptions, start: StartOptions, parts: RuntimeParts): ExecutionRuntime {
  const arnParts = start.executionArn.split(':');
  const stateMachineName = start.context?.StateMachine?.Name ?? arnParts[6] ?? 'StateMachine';
  const region = options.region ?? arnParts[3] ?? 'us-east-1';
  const accountId = options.accountId ?? arnParts[4] ?? '123456789012';
  return {
    recorder: parts.recorder,
    turns: new Turns(),
    options,
    clock: parts.clock,
    ...(options.invoke === undefined ? {} : { invoke: options.invoke }),
    ...(options.mocks === undefined ? {} : { mocks: options.mocks }),
    ...(options.itemReader === undefined ? {} : { itemReader: options.itemReader }),
    region,
    accountId,
    payloadLimit: options.limits?.payloadBytes ?? DEFAULT_PAYLOAD_LIMIT,
    executionArn: start.executionArn,
    contextBase: {
      Execution: {
        Id: start.context?.Id ?? start.executionArn,
        Input: parts.inputValue,
        StartTime: start.context?.StartTime ?? new Date(parts.clock.now()).toISOString(),
        Name: start.context?.Name ?? arnParts[7] ?? start.executionArn,
        RoleArn: start.context?.RoleArn ?? `arn:aws:iam::${accountId}:role/StepFunctionsRole`,
        RedriveCount: parts.redriveCount ?? start.context?.RedriveCount ?? 0,
      },
      StateMachine: {
        Id: start.context?.StateMachine?.Id ?? `arn:aws:states:${region}:${accountId}:stateMachine:${stateMachineName}`,
        Name: stateMachineName,
      },
    },
    signal: parts.signal,
    mockCalls: new Map(),
    callbacks: new Map(),
    mapRuns: 0,
    stateMachineName,
    runBlock: parts.runBlock,
  };
}
