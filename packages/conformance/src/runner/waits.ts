import type { CallPurpose, CallResult, Driver } from '../drivers/types.js';

/** Time for the runner's polling; injected so tests run on a fake clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions {
  readonly clock: Clock;
  /** The longest one wait polls. */
  readonly timeoutMs: number;
  /** The first pause between polls; it doubles up to `maxIntervalMs` (an engine on a virtual clock is done at once). */
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
}

export const DEFAULT_WAIT_OPTIONS: Omit<WaitOptions, 'clock'> = { timeoutMs: 30_000, intervalMs: 2, maxIntervalMs: 250 };

/**
 * `met`: the condition held. Otherwise `fatal` says whether the source test would have stopped
 * there: its execution waits assert, its list waits only log a warning and go on.
 */
export type WaitOutcome = { readonly met: true } | { readonly met: false; readonly fatal: boolean; readonly reason: string };

type Check = { readonly done: true } | { readonly done: false; readonly hopeless?: string };
type Poll = { readonly operation: string; readonly args: Record<string, unknown>; readonly check: (result: CallResult) => Check };

const TERMINAL_EVENTS = new Set(['ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut', 'ExecutionSucceeded']);

/** Turns one `wait` step into bounded polling of the API call its source helper polls. */
export async function runWait(
  kind: string,
  args: Readonly<Record<string, string>>,
  step: number,
  driver: Driver,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const plan = planWait(kind, args);
  if (typeof plan === 'string') return { met: false, fatal: true, reason: plan };
  const { poll, fatal } = plan;
  const deadline = options.clock.now() + options.timeoutMs;
  let interval = options.intervalMs;
  let last = 'no answer yet';
  for (;;) {
    const result = await callAllPages(driver, poll, { step, wait: kind, waitArgs: args });
    const check = poll.check(result);
    if (check.done) return { met: true };
    last = result.ok ? 'condition not met' : `${result.error.code}: ${result.error.message}`;
    if (check.hopeless) return { met: false, fatal, reason: `${kind}: ${check.hopeless}` };
    if (options.clock.now() >= deadline) {
      return { met: false, fatal, reason: `${kind} (${JSON.stringify(args)}) not met within ${options.timeoutMs} ms (last poll: ${last})` };
    }
    await options.clock.sleep(Math.min(interval, Math.max(0, deadline - options.clock.now())));
    interval = Math.min(interval * 2, options.maxIntervalMs);
  }
}

function planWait(kind: string, args: Readonly<Record<string, string>>): { poll: Poll; fatal: boolean } | string {
  switch (kind) {
    case 'await_execution_success':
      return {
        fatal: true,
        poll: historyPoll(args, (events) => {
          const last = events.at(-1);
          if (last && 'executionSucceededEventDetails' in last) return { done: true };
          if (last && TERMINAL_EVENTS.has(String(last.type)))
            return { done: false, hopeless: `the execution ended with ${String(last.type)}` };
          return { done: false };
        }),
      };
    case 'await_execution_terminated':
      return {
        fatal: true,
        poll: historyPoll(args, (events) => {
          const last = events.at(-1);
          return { done: last !== undefined && (last.type === undefined || TERMINAL_EVENTS.has(String(last.type))) };
        }),
      };
    case 'await_execution_started':
      return {
        fatal: true,
        poll: historyPoll(args, (events) => ({ done: events[0] !== undefined && 'executionStartedEventDetails' in events[0] })),
      };
    case 'await_execution_aborted':
      return {
        fatal: false,
        poll: {
          operation: 'DescribeExecution',
          args: { executionArn: args.execution_arn },
          check: (result) => ({ done: result.ok && result.response.status === 'ABORTED' }),
        },
      };
    case 'await_execution_lists_terminated':
      return {
        fatal: false,
        poll: listPoll('ListExecutions', { stateMachineArn: args.state_machine_arn }, 'executions', (items) => {
          const item = items.find((execution) => execution.executionArn === args.execution_arn);
          return item !== undefined && item.status !== 'RUNNING';
        }),
      };
    case 'await_list_execution_status':
      return {
        fatal: false,
        poll: listPoll('ListExecutions', { stateMachineArn: args.state_machine_arn, statusFilter: args.status }, 'executions', (items) =>
          items.some((execution) => execution.executionArn === args.execution_arn && execution.status === args.status),
        ),
      };
    case 'await_state_machine_listed':
    case 'await_state_machine_not_listed': {
      const wanted = kind === 'await_state_machine_listed';
      return {
        fatal: false,
        poll: listPoll(
          'ListStateMachines',
          {},
          'stateMachines',
          (items) => items.some((item) => item.stateMachineArn === args.state_machine_arn) === wanted,
        ),
      };
    }
    case 'await_state_machine_version_listed':
    case 'await_state_machine_version_not_listed': {
      const wanted = kind === 'await_state_machine_version_listed';
      const versionArn = args.state_machine_version_arn;
      // The `{arn}` form does not name the version: one successful listing is all the runner can check.
      const stateMachineArn = args.state_machine_arn ?? args.arn;
      return {
        fatal: false,
        poll: listPoll('ListStateMachineVersions', { stateMachineArn }, 'stateMachineVersions', (items) =>
          versionArn === undefined ? true : items.some((item) => item.stateMachineVersionArn === versionArn) === wanted,
        ),
      };
    }
    case 'await_state_machine_alias_is_created':
    case 'await_state_machine_alias_is_deleted': {
      const wanted = kind === 'await_state_machine_alias_is_created';
      return {
        fatal: false,
        poll: listPoll(
          'ListStateMachineAliases',
          { stateMachineArn: args.state_machine_arn },
          'stateMachineAliases',
          (items) => items.some((item) => item.stateMachineAliasArn === args.state_machine_alias_arn) === wanted,
        ),
      };
    }
    default:
      return `the runner has no polling for wait '${kind}' (it needs a service the runner does not drive)`;
  }
}

type Item = Record<string, unknown>;

/** History polls read every page (bounded): the last event decides, and a long history has several. */
const MAX_HISTORY_PAGES = 50;

async function callAllPages(driver: Driver, poll: Poll, purpose: CallPurpose): Promise<CallResult> {
  let result = await driver.call(poll.operation, poll.args, purpose);
  if (poll.operation !== 'GetExecutionHistory') return result;
  const events: unknown[] = [];
  for (let page = 1; result.ok; page++) {
    events.push(...(Array.isArray(result.response.events) ? result.response.events : []));
    const nextToken = result.response.nextToken;
    if (typeof nextToken !== 'string' || page >= MAX_HISTORY_PAGES) return { ok: true, response: { ...result.response, events } };
    result = await driver.call(poll.operation, { ...poll.args, nextToken }, purpose);
  }
  return result;
}

function historyPoll(args: Readonly<Record<string, string>>, test: (events: Item[]) => Check): Poll {
  return {
    operation: 'GetExecutionHistory',
    args: { executionArn: args.execution_arn },
    check: (result) => {
      if (!result.ok) return { done: false };
      const events = Array.isArray(result.response.events) ? (result.response.events as Item[]) : [];
      // The source helper sorts the events by timestamp before it looks at the last one.
      return test([...events].sort((a, b) => timeOf(a) - timeOf(b)));
    },
  };
}

function timeOf(event: Item): number {
  return event.timestamp instanceof Date ? event.timestamp.getTime() : 0;
}

function listPoll(operation: string, args: Record<string, unknown>, member: string, test: (items: Item[]) => boolean): Poll {
  return {
    operation,
    args,
    check: (result) => ({ done: result.ok && test(Array.isArray(result.response[member]) ? (result.response[member] as Item[]) : []) }),
  };
}
