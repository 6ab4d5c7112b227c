import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStepFunctionsService } from '../../src/service.js';
import { recordingLogger } from '../helpers/fixtures.js';
import { call, detailsOf, runToEnd, type WireEvent } from '../helpers/direct.js';

// Runs the recorded AWS cases of the conformance references (tests/fixtures/conformance: AWS
// responses recorded by LocalStack's snapshot tests, Apache-2.0, see its README) on the local
// runtime and compares the histories: event types, ids, previousEventId, the details member and
// its fields, and the values that do not depend on the Lambda runtime (Python error documents and
// invoke metadata differ by nature). The facts the runtime relies on are also asserted in the
// other sfn-* tests, which need no shared files.

const DIR = process.env.SIZEGATE_CONFORMANCE_DIR ?? fileURLToPath(new URL('../fixtures/conformance/', import.meta.url));
const present = existsSync(join(DIR, 'README.md'));
if (!present) console.info(`sfn-conformance: skipped, no conformance references at ${DIR} (set SIZEGATE_CONFORMANCE_DIR)`);

interface RecordedCase {
  title: string;
  template: { States: Record<string, { Type: string; Resource?: string }> };
  setup: { execution_input?: unknown; lambda_behaviour?: string };
  recorded: Record<string, { events?: Record<string, unknown>[] }>;
}

/** Why a recorded case cannot run here, or undefined when it can. */
function skipReason(file: string, testCase: RecordedCase): string | undefined {
  const text = JSON.stringify(testCase.template);
  if (text.includes('ThisContextObject.$'))
    return 'recorded in 2023, before AWS added $$.Execution.RedriveCount to the context object (the packages/conformance runner covers it)';
  if (testCase.setup.lambda_behaviour?.includes('sleeps')) return 'a 5 s Task timeout (covered by engine.test.ts with 1 s)';
  if (file === 'history-stop.json') return 'StopExecution during Wait (covered below)';
  return undefined;
}

function handlerFor(behaviour = ''): (event: never) => Promise<unknown> {
  if (behaviour.includes('CustomException')) {
    return async () => {
      throw Object.assign(new Error(''), { name: 'CustomException' });
    };
  }
  if (behaviour.includes('raises Exception')) {
    return async () => {
      throw Object.assign(new Error('Some exception was raised.'), { name: 'Exception' });
    };
  }
  if (behaviour.includes('"Return": "HelloWorld"')) return async () => ({ Return: 'HelloWorld' });
  return async (event) => event;
}

/** Replaces the recording's ARN placeholders so the engine accepts the Resource. */
function concreteTemplate(template: RecordedCase['template']): RecordedCase['template'] {
  const text = JSON.stringify(template)
    .replaceAll('<partition>', 'aws')
    .replaceAll('<region>', 'us-east-1')
    .replace(/<(lambda_function(?:_\d)?_name)>/g, '$1');
  return JSON.parse(text) as RecordedCase['template'];
}

/** Placeholders in every recording (role, region, function ARNs). */
const ALWAYS_IGNORED = new Set(['resource', 'region', 'roleArn', 'taskCredentials']);
/** What the Lambda runtime decides: Python error documents and Invoke response metadata. */
const LAMBDA_IGNORED = new Set(['SdkHttpMetadata', 'SdkResponseMetadata', 'Cause', 'cause']);

/** Decodes JSON-string fields as the snapshot tool did and blanks what depends on the runtime. */
function normalise(value: unknown, lambdaInvolved: boolean): unknown {
  if (typeof value === 'string' && value.startsWith('{')) return normalise(JSON.parse(value), lambdaInvolved);
  if (Array.isArray(value)) return value.map((item) => normalise(item, lambdaInvolved));
  if (value && typeof value === 'object') {
    const ignored = (key: string) => ALWAYS_IGNORED.has(key) || (lambdaInvolved && LAMBDA_IGNORED.has(key));
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key, ignored(key) ? '<ignored>' : normalise(field, lambdaInvolved)]),
    );
  }
  return value;
}

function compare(actual: WireEvent[], recorded: Record<string, unknown>[], lambdaInvolved: boolean): void {
  expect(actual.map((event) => [event.id, event.previousEventId, event.type])).toEqual(
    recorded.map((event) => [event.id, event.previousEventId, event.type]),
  );
  actual.forEach((event, index) => {
    const expected = recorded[index]!;
    const key = Object.keys(expected).find((name) => name.endsWith('EventDetails'));
    const details = detailsOf(event);
    expect(details?.key, `event ${event.id} details key`).toBe(key);
    if (!key || !details) return;
    const expectedValue = expected[key] as Record<string, unknown>;
    expect(Object.keys(details.value).sort(), `event ${event.id} fields`).toEqual(
      Object.keys(expectedValue)
        .filter((field) => field !== 'taskCredentials')
        .sort(),
    );
    expect(normalise(details.value, lambdaInvolved), `event ${event.id} values`).toEqual(normalise(expectedValue, lambdaInvolved));
  });
}

const files = present ? readdirSync(DIR).filter((name) => name.startsWith('history-')) : [];

describe.skipIf(!present)('conformance with recorded AWS histories', () => {
  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cases: RecordedCase[] };
    for (const testCase of cases) {
      const reason = skipReason(file, testCase);
      it.skipIf(reason !== undefined)(`${file}: ${testCase.title}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
        // Prepare
        const template = concreteTemplate(testCase.template);
        // A Task naming a function that does not exist gets none: it fails as on AWS.
        const missingFunction = JSON.stringify(testCase.setup.execution_input ?? '').includes('no_such_');
        const tasks = Object.entries(template.States).filter(([, state]) => state.Type === 'Task' && !missingFunction);
        const service = createStepFunctionsService({
          region: 'us-east-1',
          accountId: '111111111111',
          stateMachineName: 'conformance',
          definition: template,
          functions: Object.fromEntries(
            tasks.map(([name]) => [name, { functionName: name, handler: handlerFor(testCase.setup.lambda_behaviour) }]),
          ),
          logger: recordingLogger(),
          clock: 'virtual',
        });

        // Act
        const { executionArn, events } = await runToEnd(service, service.stateMachineArn, testCase.setup.execution_input ?? {});
        const reversed = await call<{ events: WireEvent[] }>(service, 'GetExecutionHistory', { executionArn, reverseOrder: true });
        await service.close();

        // Assess
        for (const [key, recording] of Object.entries(testCase.recorded)) {
          if (!recording?.events) continue;
          const reverse = key.includes('reverseOrder[True]');
          compare(reverse ? reversed.events : events, recording.events, tasks.length > 0 || missingFunction);
        }
      });
    }
  }

  it('history-stop.json: StopExecution during a Wait state ends the history with ExecutionAborted', async () => {
    // Prepare
    const { cases } = JSON.parse(readFileSync(join(DIR, 'history-stop.json'), 'utf8')) as { cases: RecordedCase[] };
    const testCase = cases[0]!;
    const service = createStepFunctionsService({
      region: 'us-east-1',
      accountId: '111111111111',
      stateMachineName: 'conformance',
      definition: testCase.template,
      functions: {},
      logger: recordingLogger(),
    });
    const { executionArn } = await call<{ executionArn: string }>(service, 'StartExecution', { stateMachineArn: service.stateMachineArn });

    // Act: stop once the Wait state has been entered (bounded poll).
    for (let round = 0; round < 200; round++) {
      const { events } = await call<{ events: WireEvent[] }>(service, 'GetExecutionHistory', { executionArn });
      if (events.some((event) => event.type === 'WaitStateEntered')) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await call(service, 'StopExecution', { executionArn });
    const { events } = await call<{ events: WireEvent[] }>(service, 'GetExecutionHistory', { executionArn });
    await service.close();

    // Assess
    const recorded = Object.values(testCase.recorded).find((recording) => recording?.events)!.events!;
    compare(events, recorded, false);
  });
});
