import { buildDefinition } from '@sizegate/state-machine';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thresholdOf } from '../../src/console/api.js';
import { consoleAsset, consoleAssetsDirectory } from '../../src/console/assets.js';
import { stateSpans, type ApiHistoryEvent } from '../../src/console/timeline.js';

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
    for (const name of ['../package.json', 'constructor', '__proto__', 'toString', 'console/../index.html']) expect(consoleAsset(name)).toBeUndefined();
  });
});
