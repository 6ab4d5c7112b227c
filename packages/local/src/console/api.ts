import type { StepFunctionsHandler } from '@sizegate/sfn-local';
import { executionArnOfStateMachine } from '@sizegate/types';
import { failureOf, outcomeMessage } from './outcome.js';
import { stateSpans, toMillis, type ApiHistoryEvent } from './timeline.js';
import { triggerInfo, uploadVerdict, type ConsoleWorkflow } from './uploads.js';

/** What the console reads: the same Step Functions operations SDK clients call, handled in process. */
export interface ConsoleSource {
  readonly bucket: string;
  readonly stateMachineArn: string;
  /** The definition the runtime runs (for the threshold in the header). */
  readonly definition: object;
  /** Which uploads start executions (the trigger's key filter, the output prefix); without it, every key. */
  readonly workflow?: ConsoleWorkflow;
  /** The Step Functions side, loaded on first use (as for SDK requests). */
  readonly stepFunctions: () => StepFunctionsHandler | undefined | Promise<StepFunctionsHandler | undefined>;
}

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

/** A Step Functions error, passed on with its status and code. */
export class ConsoleApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

/** Executions listed per poll: the newest ones (the list is polled every second). */
const MAX_LISTED = 200;
/** History pages read for one execution (1,000 events each): bounds a runaway loop. */
const MAX_HISTORY_PAGES = 25;

interface ExecutionListItem {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: number;
  readonly stopDate?: number;
}

interface DescribedExecution extends ExecutionListItem {
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly stateMachineArn: string;
}

export interface ConsoleApi {
  info(): Promise<object>;
  /** Whether an upload of `key` starts an execution, and which one (by the object's ETag or versionId). */
  upload(key: string, identity: { etag?: string; versionId?: string }): Promise<object>;
  executions(status: string | undefined): Promise<object>;
  execution(name: string): Promise<object>;
  graphSvg(name: string): Promise<string>;
}

export function createConsoleApi(source: ConsoleSource): ConsoleApi {
  const call = async <T>(operation: string, input: object): Promise<T> => {
    const service = await source.stepFunctions();
    if (service === undefined) throw new ConsoleApiError(503, 'ServiceUnavailable', 'The Step Functions side is starting');
    const response = await service.handle(`AWSStepFunctions.${operation}`, JSON.stringify(input));
    const body = JSON.parse(response.body) as Record<string, unknown>;
    if (response.statusCode !== 200) {
      const code =
        String(body.__type ?? 'Error')
          .split('#')
          .pop() ?? 'Error';
      throw new ConsoleApiError(response.statusCode, code, String(body.message ?? body.Message ?? code));
    }
    return body as T;
  };
  const executionArn = (name: string) => executionArnOfStateMachine(source.stateMachineArn, name);
  // A closed execution never changes: its bucket/key and outcome message are read once (the list is polled every second).
  const closedObjects = new Map<string, { bucket?: string; key?: string; message?: string }>();
  const describe = async (arn: string): Promise<DescribedExecution> => {
    const raw = await call<Record<string, unknown>>('DescribeExecution', { executionArn: arn });
    return {
      ...raw,
      startDate: toMillis(raw.startDate as number) ?? 0,
      stopDate: toMillis(raw.stopDate as number | undefined),
    } as DescribedExecution;
  };
  const objectOf = async (item: ExecutionListItem) => {
    const known = closedObjects.get(item.executionArn);
    if (known !== undefined) return known;
    const described = await describe(item.executionArn);
    const message = outcomeMessage(described.output);
    const object = { ...objectFromInput(described.input), ...(message === undefined ? {} : { message }) };
    if (described.status !== 'RUNNING') closedObjects.set(item.executionArn, object);
    return object;
  };

  return {
    async info() {
      return {
        bucket: source.bucket,
        stateMachineArn: source.stateMachineArn,
        minSizeBytes: thresholdOf(source.definition),
        ...triggerInfo(source.workflow),
      };
    },

    async upload(key, { etag, versionId }) {
      const verdict = uploadVerdict(source.bucket, source.workflow, key);
      if (!verdict.starts) return { bucket: source.bucket, key, starts: false, reason: verdict.reason };
      // The name start-execution gives this upload's execution: the page follows exactly that one,
      // not just the newest execution of the key (two quick uploads of one name are two executions).
      const builtInStarter = source.workflow === undefined || source.workflow.starter?.handler === 'start-execution';
      if (!builtInStarter || (!etag && !versionId)) return { bucket: source.bucket, key, starts: true };
      const { executionNameFor } = await import('@sizegate/start-execution');
      return { bucket: source.bucket, key, starts: true, executionName: executionNameFor({ bucket: source.bucket, key, etag, versionId }) };
    },

    async executions(status) {
      if (status !== undefined && !(EXECUTION_STATUSES as readonly string[]).includes(status)) {
        throw new ConsoleApiError(400, 'ValidationException', `Unknown status "${status}": one of ${EXECUTION_STATUSES.join(', ')}`);
      }
      const { executions } = await call<{
        executions: (Omit<ExecutionListItem, 'startDate' | 'stopDate'> & { startDate: number; stopDate?: number })[];
      }>('ListExecutions', {
        stateMachineArn: source.stateMachineArn,
        maxResults: MAX_LISTED,
        ...(status === undefined ? {} : { statusFilter: status }),
      });
      const items = executions.map((item) => ({ ...item, startDate: toMillis(item.startDate) ?? 0, stopDate: toMillis(item.stopDate) }));
      items.sort((a, b) => b.startDate - a.startDate || b.name.localeCompare(a.name));
      const withObjects = await Promise.all(items.map(async (item) => ({ ...item, ...(await objectOf(item).catch(() => ({}))) })));
      return { executions: withObjects };
    },

    async execution(name) {
      const [execution, events] = await Promise.all([describe(executionArn(name)), history(call, executionArn(name))]);
      const { pathFromHistory } = await import('@sizegate/graph');
      const message = outcomeMessage(execution.output);
      const failure = failureOf(execution.error, execution.cause);
      return {
        execution: {
          ...execution,
          ...objectFromInput(execution.input),
          ...(message === undefined ? {} : { message }),
          ...(failure === undefined ? {} : { failure }),
        },
        events: events.map((event) => ({ ...event, timestamp: toMillis(event.timestamp) })),
        states: stateSpans(events),
        path: pathFromHistory(events),
      };
    },

    async graphSvg(name) {
      const arn = executionArn(name);
      const [{ definition }, events] = await Promise.all([
        call<{ definition: string }>('DescribeStateMachineForExecution', { executionArn: arn }),
        history(call, arn),
      ]);
      const { pathFromHistory, toSvg } = await import('@sizegate/graph');
      // No title: the page names the execution above the graph.
      return toSvg(definition, { path: pathFromHistory(events) });
    },
  };
}

async function history(call: <T>(operation: string, input: object) => Promise<T>, executionArn: string): Promise<ApiHistoryEvent[]> {
  const events: ApiHistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const response = await call<{ events: ApiHistoryEvent[]; nextToken?: string }>('GetExecutionHistory', {
      executionArn,
      maxResults: 1000,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    events.push(...response.events);
    nextToken = response.nextToken;
    if (nextToken === undefined) break;
  }
  return events;
}

/** The object an execution is for: its input's `bucket` and `key` (what start-execution passes). */
function objectFromInput(input: string | undefined): { bucket?: string; key?: string } {
  try {
    const parsed = JSON.parse(input ?? '{}') as { bucket?: unknown; key?: unknown };
    return {
      ...(typeof parsed.bucket === 'string' ? { bucket: parsed.bucket } : {}),
      ...(typeof parsed.key === 'string' ? { key: parsed.key } : {}),
    };
  } catch {
    return {};
  }
}

/** The size threshold of the definition's Choice (`$.size >= N`), or undefined when it has none. */
export function thresholdOf(definition: object): number | undefined {
  const states = (definition as { States?: Record<string, { Type?: string; Choices?: Record<string, unknown>[] }> }).States ?? {};
  for (const state of Object.values(states)) {
    if (state.Type !== 'Choice') continue;
    for (const rule of state.Choices ?? []) {
      if (rule.Variable === '$.size' && typeof rule.NumericGreaterThanEquals === 'number') return rule.NumericGreaterThanEquals;
    }
  }
  return undefined;
}
