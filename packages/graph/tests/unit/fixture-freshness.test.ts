import { buildDefinition } from '@sizegate/state-machine';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordedCase } from '../helpers/fixtures.js';

// The recorded histories are only worth testing against while they were recorded with the
// definition sizegate deploys today: a Retry, Catch or state added to @sizegate/state-machine
// without re-recording would leave the path tests checking an old workflow.
const RERUN = 'the fixture is behind @sizegate/state-machine: rebuild, then run `node packages/local/scripts/record-graph-histories.mjs`';

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/sizegate-histories.json', import.meta.url), 'utf8')) as {
  cases: Record<string, RecordedCase>;
};

/** The function a Task state of a recorded definition invokes (the runtime's concrete ARN). */
function functionOf(definition: object, state: string): string {
  const found = (definition as { States?: Record<string, { Parameters?: { FunctionName?: unknown } }> }).States?.[state]?.Parameters
    ?.FunctionName;
  if (typeof found !== 'string') throw new Error(`The recorded definition has no FunctionName for ${state}`);
  return found;
}

describe('the recorded sizegate histories (tests/fixtures/sizegate-histories.json)', () => {
  it('cover the six cases the path tests and docs read', () => {
    // Assess
    expect(Object.keys(cases).sort()).toEqual([
      'large-file',
      'missing-size',
      'process-file-failed',
      'retried-then-succeeded',
      'running',
      'small-file',
    ]);
  });

  it.each(Object.keys(cases))('%s was recorded with the definition buildDefinition() builds today', (name) => {
    // Prepare: the recorded definition names the runtime's functions; everything else must match.
    const recorded = cases[name]!.definition;
    const expected = buildDefinition({
      checkSizeFunctionArn: functionOf(recorded, 'CheckFileSize'),
      processFileFunctionArn: functionOf(recorded, 'ProcessFile'),
    });

    // Act / Assess
    expect(recorded, RERUN).toEqual(expected);
  });
});
