import type { StepFunctionsService } from '../../src/service.js';

/** One API call straight into `service.handle`, as the front server would make it. */
export async function call<T = Record<string, unknown>>(
  service: StepFunctionsService,
  operation: string,
  request: object = {},
): Promise<T> {
  const response = await service.handle(`AWSStepFunctions.${operation}`, JSON.stringify(request));
  const body = JSON.parse(response.body) as T & { __type?: string; message?: string };
  if (response.statusCode !== 200)
    throw Object.assign(new Error(body.message), { name: body.__type?.split('#')[1], statusCode: response.statusCode });
  return body;
}

export interface WireEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly type: string;
  readonly timestamp: number;
  readonly [details: string]: unknown;
}

/** Starts an execution, waits (bounded) for it to close, and returns its description and history. */
export async function runToEnd(service: StepFunctionsService, stateMachineArn: string, input: unknown, name?: string) {
  const { executionArn } = await call<{ executionArn: string }>(service, 'StartExecution', {
    stateMachineArn,
    input: JSON.stringify(input),
    ...(name ? { name } : {}),
  });
  await service.idle();
  const execution = await call(service, 'DescribeExecution', { executionArn });
  const { events } = await call<{ events: WireEvent[] }>(service, 'GetExecutionHistory', { executionArn, maxResults: 1000 });
  return { executionArn, execution, events };
}

/** The `*EventDetails` member of a wire event (undefined when it has none). */
export function detailsOf(event: WireEvent): { key: string; value: Record<string, unknown> } | undefined {
  const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
  return key ? { key, value: event[key] as Record<string, unknown> } : undefined;
}
