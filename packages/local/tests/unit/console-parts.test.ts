import { buildDefinition } from '@sizegate/state-machine';
import { isOwnOutput, ownOutputReason } from '@sizegate/types';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thresholdOf } from '../../src/console/api.js';
import { consoleAsset, consoleAssetsDirectory } from '../../src/console/assets.js';
import { failureOf, outcomeMessage } from '../../src/console/outcome.js';
import { stateSpans, type ApiHistoryEvent } from '../../src/console/timeline.js';
import { describeFilter, uploadPrefix, uploadVerdict, type ConsoleWorkflow } from '../../src/console/uploads.js';
import type { KeyFilter } from '../../src/workflow/config.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the console timeline: each state entered → exited', () => {
  it('pairs StateEntered and StateExited by name, gives task events to the open state, and leaves a running state open', () => {
    // Prepare: seconds, as the JSON protocol sends them; ChoiceState is entered twice (a loop).
    const events: ApiHistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: 100 },
      { id: 2, type: 'TaskStateEntered', timestamp: 100.01, stateEnteredEventDetails: { name: 'CheckFileSize' } },
      { id: 3, type: 'TaskScheduled', timestamp: 100.02 },
      { id: 4, type: 'TaskSucceeded', timestamp: 100.25 },
      { id: 5, type: 'TaskStateExited', timestamp: 100.26, stateExitedEventDetails: { name: 'CheckFileSize' } },
      { id: 6, type: 'ChoiceStateEntered', timestamp: 100.3, stateEnteredEventDetails: { name: 'ChoiceState' } },
      { id: 7, type: 'ChoiceStateExited', timestamp: 100.301, stateExitedEventDetails: { name: 'ChoiceState' } },
      { id: 8, type: 'ChoiceStateEntered', timestamp: 101, stateEnteredEventDetails: { name: 'ChoiceState' } },
      { id: 9, type: 'ChoiceStateExited', timestamp: 101.5, stateExitedEventDetails: { name: 'ChoiceState' } },
      { id: 10, type: 'TaskStateEntered', timestamp: 102, stateEnteredEventDetails: { name: 'ProcessFile' } },
      { id: 11, type: 'TaskScheduled', timestamp: 102.001 },
    ];

    // Act
    const spans = stateSpans(events);

    // Assess
    expect(spans).toEqual([
      { state: 'CheckFileSize', enteredAt: 100_010, exitedAt: 100_260, durationMs: 250, events: ['TaskScheduled', 'TaskSucceeded'] },
      { state: 'ChoiceState', enteredAt: 100_300, exitedAt: 100_301, durationMs: 1, events: [] },
      { state: 'ChoiceState', enteredAt: 101_000, exitedAt: 101_500, durationMs: 500, events: [] },
      { state: 'ProcessFile', enteredAt: 102_000, events: ['TaskScheduled'] },
    ]);
  });
});

describe('the console timeline of a failed execution', () => {
  it('ends the span of the state the execution failed in at ExecutionFailed (it has no StateExited), instead of leaving it running', () => {
    // Prepare
    const events: ApiHistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: 200 },
      { id: 2, type: 'TaskStateEntered', timestamp: 200.1, stateEnteredEventDetails: { name: 'ProcessFile' } },
      { id: 3, type: 'TaskScheduled', timestamp: 200.2 },
      { id: 4, type: 'TaskFailed', timestamp: 200.3 },
      { id: 5, type: 'ExecutionFailed', timestamp: 200.35 },
    ];

    // Act
    const spans = stateSpans(events);

    // Assess
    expect(spans).toEqual([
      {
        state: 'ProcessFile',
        enteredAt: 200_100,
        exitedAt: 200_350,
        durationMs: 250,
        events: ['TaskScheduled', 'TaskFailed', 'ExecutionFailed'],
      },
    ]);
  });
});

describe('which console uploads start an execution', () => {
  const workflow = (keyFilter: KeyFilter, more: Partial<ConsoleWorkflow> = {}): ConsoleWorkflow => ({
    keyFilter,
    events: ['s3:ObjectCreated:*'],
    trigger: 's3-notification',
    outputBucket: 'in',
    outputPrefix: 'processed/',
    ...more,
  });

  it('puts uploads under the prefix, or the literal start of a wildcard (\\* is a star), else at the top', () => {
    // Act
    const prefixes = [{ prefix: 'incoming/' }, { wildcard: 'up\\*loads/*.csv' }, { wildcard: '*.csv' }, { suffix: '.csv' }, {}].map(
      uploadPrefix,
    );

    // Assess
    expect(prefixes).toEqual(['incoming/', 'up*loads/', '', '', '']);
  });

  it('refuses a key outside the filter, naming the object and the whole filter', () => {
    // Act
    const wrongSuffix = uploadVerdict('in', workflow({ prefix: 'incoming/', suffix: '.csv' }), 'incoming/a.txt');
    const wrongWildcard = uploadVerdict('in', workflow({ wildcard: 'uploads/*.csv' }, { trigger: 'eventbridge' }), 'uploads/a.txt');
    const taken = uploadVerdict('in', workflow({ prefix: 'incoming/', suffix: '.csv' }), 'incoming/a.csv');

    // Assess
    expect(wrongSuffix).toEqual({
      starts: false,
      reason: `s3://in/incoming/a.txt starts no execution: its key does not match the trigger's key filter (prefix "incoming/", suffix ".csv")`,
    });
    expect(wrongWildcard).toMatchObject({ starts: false, reason: expect.stringContaining('wildcard "uploads/*.csv"') });
    expect(taken).toEqual({ starts: true });
  });

  it('refuses a PUT when the S3 notification listens to other event types only (EventBridge takes every object-created event)', () => {
    // Act
    const postOnly = uploadVerdict('in', workflow({}, { events: ['s3:ObjectCreated:Post'] }), 'a.txt');
    const putToo = uploadVerdict('in', workflow({}, { events: ['s3:ObjectCreated:Put'] }), 'a.txt');
    const eventBridge = uploadVerdict('in', workflow({}, { events: [], trigger: 'eventbridge' }), 'a.txt');

    // Assess
    expect(postOnly).toMatchObject({ starts: false, reason: expect.stringContaining('s3:ObjectCreated:Post only') });
    expect(putToo).toEqual({ starts: true });
    expect(eventBridge).toEqual({ starts: true });
  });

  it('refuses a key under the output prefix of the output bucket only (start-execution skips its own manifests)', () => {
    // Act
    const own = uploadVerdict('in', workflow({}), 'processed/x.json');
    const otherOutputBucket = uploadVerdict('in', workflow({}, { outputBucket: 'out' }), 'processed/x.json');

    // Assess
    expect(own).toMatchObject({ starts: false, reason: expect.stringContaining('output prefix "processed/"') });
    expect(otherOutputBucket).toEqual({ starts: true });
  });

  it('decides by isOwnOutput of @sizegate/types (start-execution and backfill decide by it too), giving its reason', () => {
    // Prepare
    const output = { outputBucket: 'in', outputPrefix: 'out/' };
    const keys = ['out/a.json', 'out', 'outside/a.json', 'a/out/b.json'];

    // Act
    const verdicts = keys.map((key) => uploadVerdict('in', workflow({}, output), key));

    // Assess
    expect(verdicts.map((verdict) => verdict.starts)).toEqual(keys.map((key) => !isOwnOutput({ bucket: 'in', key }, output)));
    expect(verdicts[0]).toEqual({ starts: false, reason: `s3://in/out/a.json starts no execution: ${ownOutputReason(output)}` });
  });

  it('describes the filter for the header', () => {
    // Act / Assess
    expect(describeFilter({})).toBe('any key');
    expect(describeFilter({ prefix: 'a/', suffix: '.b' })).toBe('prefix "a/", suffix ".b"');
  });
});

describe('the threshold shown in the console header', () => {
  it('is read from the definition the runtime runs (`$.size >=` in its Choice), and is undefined without one', () => {
    // Act
    const threshold = thresholdOf(buildDefinition({ minSizeBytes: 4321 }));
    const none = thresholdOf({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });

    // Assess
    expect(threshold).toBe(4321);
    expect(none).toBeUndefined();
  });
});

describe('the console files', () => {
  it('are found from wherever the code runs in the package (dist/console, the CLI bundle and its chunks)', () => {
    // Act
    const fromChunks = consoleAssetsDirectory(`${PACKAGE_ROOT}dist/cli-bundle/chunks`);
    const fromTsc = consoleAssetsDirectory(`${PACKAGE_ROOT}dist/console`);
    const outside = () => consoleAssetsDirectory('/');

    // Assess
    expect(fromChunks).toBe(`${PACKAGE_ROOT}console`);
    expect(fromTsc).toBe(`${PACKAGE_ROOT}console`);
    expect(outside).toThrow(/web console's files .* were not found above \//);
  });

  it('are the listed files only: no path from the request, no inherited property names', () => {
    // Act
    const page = consoleAsset('');
    const script = consoleAsset('console.js');

    // Assess
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(script?.body.toString('utf8')).toContain("'use strict'");
    for (const name of ['../package.json', 'constructor', '__proto__', 'toString', 'console/../index.html'])
      expect(consoleAsset(name)).toBeUndefined();
  });
});

describe('the console outcome: message and failure', () => {
  it("takes the outcome message from the output: sizegate's Message, another workflow's message, else nothing", () => {
    // Act / Assess
    expect(outcomeMessage(JSON.stringify({ Message: 'File processed OK', size: 3 }))).toBe('File processed OK');
    expect(outcomeMessage(JSON.stringify({ message: 'done' }))).toBe('done');
    expect(outcomeMessage(JSON.stringify({ result: 42 }))).toBeUndefined();
    expect(outcomeMessage(JSON.stringify({ Message: 7 }))).toBeUndefined();
    expect(outcomeMessage(JSON.stringify(['Message']))).toBeUndefined();
    expect(outcomeMessage('"just text"')).toBeUndefined();
    expect(outcomeMessage('not json')).toBeUndefined();
    expect(outcomeMessage(undefined)).toBeUndefined();
  });

  it("reads Lambda's error document: type and message first, the stack apart", () => {
    // Prepare
    const cause = JSON.stringify({
      errorType: 'ObjectNotFound',
      errorMessage: 'Object not found: GetObject answered 404 (bucket "b", key "k")',
      trace: ['ObjectNotFound: Object not found', '    at translateGetObjectError (s3-errors.js:1:1)'],
    });

    // Act
    const failure = failureOf('ObjectNotFound', cause);

    // Assess
    expect(failure).toEqual({
      type: 'ObjectNotFound',
      message: 'Object not found: GetObject answered 404 (bucket "b", key "k")',
      trace: ['ObjectNotFound: Object not found', '    at translateGetObjectError (s3-errors.js:1:1)'],
    });
  });

  it('keeps a plain-text cause (a Fail state, an injected fault) as the message, with no stack', () => {
    // Act / Assess
    expect(failureOf('DefaultStateError', 'No Matches!')).toEqual({ type: 'DefaultStateError', message: 'No Matches!', trace: [] });
    expect(failureOf('States.Timeout', undefined)).toEqual({ type: 'States.Timeout', message: '', trace: [] });
    expect(failureOf('E', '{"not":"lambda"}')).toEqual({ type: 'E', message: '{"not":"lambda"}', trace: [] });
  });

  it("takes the error type from the document when the execution names none, and another runtime's stackTrace", () => {
    // Act
    const failure = failureOf(
      undefined,
      JSON.stringify({ errorType: 'ValueError', errorMessage: 'bad', stackTrace: ['  File "x.py", line 1'] }),
    );

    // Assess
    expect(failure).toEqual({ type: 'ValueError', message: 'bad', trace: ['  File "x.py", line 1'] });
  });

  it('is undefined for an execution that did not fail', () => {
    expect(failureOf(undefined, undefined)).toBeUndefined();
  });
});
