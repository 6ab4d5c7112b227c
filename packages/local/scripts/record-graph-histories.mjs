// Records real sizegate execution histories from the local runtime into
// packages/graph/tests/fixtures/sizegate-histories.json, for @sizegate/graph's tests (graph cannot
// depend on local: local depends on graph). Run after building local:
//   node packages/local/scripts/record-graph-histories.mjs
// Volatile values (timestamps, ARNs' random parts, temp dirs) are normalised so a second run writes
// the same file: `git diff --exit-code packages/graph/tests/fixtures` checks it is reproducible.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { writeFileSync } from 'node:fs';
import { buildDefinition } from '@sizegate/state-machine';
import { createStepFunctionsService, silentLogger, startLocal } from '../dist/index.js';

const OUT = new URL('../../graph/tests/fixtures/sizegate-histories.json', import.meta.url);
const LARGE_BYTES = 2_000_001;

const clientsFor = (runtime) => {
  const config = { endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: 'rec', secretAccessKey: 'rec' } };
  return { s3: new S3Client({ ...config, forcePathStyle: true }), sfn: new SFNClient(config) };
};

async function history(sfn, executionArn) {
  const events = [];
  let nextToken;
  for (let page = 0; page < 100; page++) {
    const response = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(response.events ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return events;
}

/** Waits (bounded) for the one execution of the state machine, then until `done(events)`. */
async function waitFor(sfn, stateMachineArn, done, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    if (executions.length > 1) throw new Error(`expected one execution, found ${executions.length}`);
    if (executions.length === 1) {
      const events = await history(sfn, executions[0].executionArn);
      if (done(events)) return events;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no history reached the expected point within ${timeoutMs} ms`);
}
const closed = (events) => events.some((event) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(event.type));

/** One runtime per case: faults apply to every execution of a runtime. */
async function record({ options = {}, act, until = closed }) {
  const runtime = await startLocal({ port: 0, logger: silentLogger, ...options });
  const { s3, sfn } = clientsFor(runtime);
  try {
    await act({ runtime, s3, sfn });
    const events = await waitFor(sfn, runtime.stateMachineArn, until);
    const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: runtime.stateMachineArn }));
    // A history read while running: keep it as read at the first matching event, so reruns agree.
    const cut = until === closed ? events.length : events.findIndex((_, index) => until(events.slice(0, index + 1))) + 1;
    return { definition: JSON.parse(definition), events: events.slice(0, cut) };
  } finally {
    await runtime.idle();
    s3.destroy();
    sfn.destroy();
    await runtime.close();
  }
}

const upload =
  (key, body) =>
  async ({ runtime, s3 }) => {
    await s3.send(new PutObjectCommand({ Bucket: runtime.bucket, Key: key, Body: body }));
  };
const large = () => Buffer.alloc(LARGE_BYTES, 'a');

/**
 * check-size always reports a size for an object it can read, so the Choice's "size missing" guard
 * is only reached when something else sizes the object (a replaced check-size function). This
 * case runs the real definition on local's Step Functions service with a CheckFileSize function
 * that returns no size.
 */
async function recordMissingSize() {
  const definition = buildDefinition({ checkSizeFunctionArn: 'check-size', processFileFunctionArn: 'process-file' });
  const service = createStepFunctionsService({
    region: 'us-east-1',
    accountId: '000000000000',
    stateMachineName: 'sizegate',
    // A copy: the engine annotates the object it is given (QueryLanguage on every state), and the
    // fixture must hold the definition as built.
    definition: structuredClone(definition),
    logger: silentLogger,
    functions: {
      CheckFileSize: { functionName: 'check-size', handler: async (event) => ({ bucket: event.bucket, key: event.key }) },
      ProcessFile: { functionName: 'process-file', handler: async () => ({}) },
    },
  });
  const call = async (operation, input) => {
    const response = await service.handle(`AWSStepFunctions.${operation}`, JSON.stringify(input));
    if (response.statusCode !== 200) throw new Error(`${operation}: ${response.body}`);
    return JSON.parse(response.body);
  };
  try {
    const { executionArn } = await call('StartExecution', {
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate',
      name: 'no-size',
      input: JSON.stringify({ bucket: 'sizegate-incoming', key: 'no-size.txt' }),
    });
    await service.idle();
    const { events } = await call('GetExecutionHistory', { executionArn, maxResults: 1000 });
    return { definition, events };
  } finally {
    await service.close();
  }
}

const cases = {
  'small-file': {
    title: 'a 10-byte upload: CheckFileSize → ChoiceState → NotifyFileTooSmall, SUCCEEDED',
    ...(await record({ act: upload('small.txt', '0123456789') })),
  },
  'large-file': {
    title: `a ${LARGE_BYTES}-byte upload: CheckFileSize → ChoiceState → ProcessFile → NotifyOk, SUCCEEDED`,
    ...(await record({ act: upload('large.bin', large()) })),
  },
  'missing-size': {
    title: 'an execution whose CheckFileSize output has no size: ChoiceState → DefaultState, FAILED (DefaultStateError)',
    ...(await recordMissingSize()),
  },
  'process-file-failed': {
    title:
      'a large upload whose ProcessFile fails with Lambda.ServiceException on every attempt: 7 attempts in one state entry, FAILED in ProcessFile',
    ...(await record({
      options: { timeScale: 0.001, faults: [{ state: 'ProcessFile', error: 'Lambda.ServiceException', count: 99 }] },
      act: upload('large.bin', large()),
    })),
  },
  'retried-then-succeeded': {
    title: 'a large upload whose ProcessFile fails twice (Lambda.ServiceException) and then succeeds: ProcessFile entered once, SUCCEEDED',
    ...(await record({
      options: { timeScale: 0.001, faults: [{ state: 'ProcessFile', error: 'Lambda.ServiceException', count: 2 }] },
      act: upload('large.bin', large()),
    })),
  },
  running: {
    title: 'a large upload read while ProcessFile is being retried (cut after its first TaskFailed): RUNNING in ProcessFile',
    ...(await record({
      options: { timeScale: 0.01, faults: [{ state: 'ProcessFile', error: 'Lambda.ServiceException', count: 99 }] },
      act: upload('large.bin', large()),
      until: (events) => events.some((event) => event.type === 'TaskFailed'),
    })),
  },
};

/** Values that differ from run to run become stable ones; the shape and order stay as recorded. */
function normalise(value) {
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value instanceof Date) return value;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalise(item)]));
  }
  if (typeof value !== 'string') return value;
  return value
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '2026-01-01T00:00:00.000Z')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-0000-0000-000000000000')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:4566')
    .replace(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g, 'Thu, 01 Jan 2026 00:00:00 GMT')
    .replace(/Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16}/g, 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000');
}

/** Event timestamps become 2026-01-01 plus 10 ms per event id: the real ones differ on every run. */
const fixtures = Object.fromEntries(
  Object.entries(cases).map(([name, recorded]) => [
    name,
    {
      title: recorded.title,
      definition: normalise(recorded.definition),
      events: recorded.events.map((event) => ({
        ...normalise({ ...event, timestamp: undefined }),
        timestamp: new Date(Date.UTC(2026, 0, 1) + event.id * 10).toISOString(),
      })),
    },
  ]),
);
writeFileSync(
  OUT,
  `${JSON.stringify({ description: 'sizegate execution histories recorded from the local runtime by packages/local/scripts/record-graph-histories.mjs (volatile values normalised).', cases: fixtures }, null, 1)}\n`,
);
console.log(`wrote ${Object.keys(fixtures).length} histories to ${OUT.pathname}`);
