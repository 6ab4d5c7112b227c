import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { pathFromHistory, toMermaid, toSvg } from '../../src/index.js';
import { sizegateCase } from '../helpers/fixtures.js';

/** data-state → classes, and the taken edges as "from->to", read from the parsed SVG. */
function marks(svg: string): { states: Map<string, string[]>; taken: string[] } {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'g' }).parse(svg) as {
    svg: { g: { g: Record<string, string>[] }[] };
  };
  const groups = parsed.svg.g.flatMap((graph) => graph.g);
  const classes = (g: Record<string, string>) => String(g['@class']).split(' ');
  return {
    states: new Map(groups.filter((g) => g['@data-state'] !== undefined).map((g) => [g['@data-state']!, classes(g)])),
    taken: groups.filter((g) => classes(g).includes('sg-taken')).map((g) => `${g['@data-from']}->${g['@data-to']}`),
  };
}

describe('paths of sizegate executions recorded on the local runtime', () => {
  it('small file: CheckFileSize → ChoiceState → NotifyFileTooSmall, the "size < 2000000" edge taken', async () => {
    // Prepare
    const { definition, events } = sizegateCase('small-file');

    // Act
    const path = pathFromHistory(events);
    const svg = marks(await toSvg(definition, { path }));

    // Assess
    expect(path).toEqual({
      entered: ['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall'],
      transitions: [
        { from: 'CheckFileSize', to: 'ChoiceState' },
        { from: 'ChoiceState', to: 'NotifyFileTooSmall' },
      ],
      status: 'SUCCEEDED',
    });
    expect(svg.taken).toEqual([
      'Start->CheckFileSize',
      'CheckFileSize->ChoiceState',
      'ChoiceState->NotifyFileTooSmall',
      'NotifyFileTooSmall->End',
    ]);
    expect(svg.states.get('ProcessFile')).not.toContain('sg-entered');
    expect(toMermaid(definition, { path })).toMatch(/linkStyle [\d,]+ stroke:/);
  });

  it('large file: ProcessFile → NotifyOk, the "size >= 2000000" edge taken', async () => {
    // Prepare
    const { definition, events } = sizegateCase('large-file');

    // Act
    const path = pathFromHistory(events);
    const svg = marks(await toSvg(definition, { path }));

    // Assess
    expect(path.entered).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(path.status).toBe('SUCCEEDED');
    expect(svg.taken).toContain('ChoiceState->ProcessFile');
    expect(svg.taken).not.toContain('ChoiceState->NotifyFileTooSmall');
    expect(svg.states.get('NotifyOk')).toContain('sg-entered');
  });

  it('missing size: FAILED in DefaultState, which is marked failed', async () => {
    // Prepare
    const { definition, events } = sizegateCase('missing-size');

    // Act
    const path = pathFromHistory(events);
    const svg = marks(await toSvg(definition, { path }));

    // Assess
    expect(path).toMatchObject({ status: 'FAILED', failedState: 'DefaultState' });
    expect(path.transitions.at(-1)).toEqual({ from: 'ChoiceState', to: 'DefaultState' });
    expect(svg.states.get('DefaultState')).toContain('sg-failed');
    expect(svg.taken).toContain('ChoiceState->DefaultState');
    expect(svg.taken).not.toContain('DefaultState->End'); // End is reached only by a success
  });

  it('failed ProcessFile: 7 attempts are one entry; FAILED in ProcessFile', async () => {
    // Prepare
    const { definition, events } = sizegateCase('process-file-failed');
    const attempts = events.filter((event) => event.type === 'TaskScheduled').length;

    // Act
    const path = pathFromHistory(events);
    const svg = marks(await toSvg(definition, { path }));

    // Assess
    expect(attempts).toBe(1 + 7); // CheckFileSize once, ProcessFile 1 + MaxAttempts 6
    expect(path.entered).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile']);
    expect(path).toMatchObject({ status: 'FAILED', failedState: 'ProcessFile' });
    expect(svg.states.get('ProcessFile')).toContain('sg-failed');
    expect(svg.states.get('NotifyOk')).not.toContain('sg-entered');
  });

  it('retries that end in success: ProcessFile entered once, then NotifyOk', () => {
    // Prepare
    const { events } = sizegateCase('retried-then-succeeded');

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(events.filter((event) => event.type === 'TaskFailed')).toHaveLength(2);
    expect(path.entered).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(path.entered.filter((name) => name === 'ProcessFile')).toHaveLength(1);
    expect(path.status).toBe('SUCCEEDED');
  });

  it('RUNNING while ProcessFile is retried: currentState ProcessFile, marked sg-current', async () => {
    // Prepare
    const { definition, events } = sizegateCase('running');

    // Act
    const path = pathFromHistory(events);
    const svg = marks(await toSvg(definition, { path }));

    // Assess
    expect(path).toMatchObject({ status: 'RUNNING', currentState: 'ProcessFile' });
    expect(path.failedState).toBeUndefined();
    expect(svg.states.get('ProcessFile')).toContain('sg-current');
    expect(svg.states.get('ChoiceState')).toContain('sg-entered');
    expect(svg.taken).not.toContain('ProcessFile->NotifyOk');
  });
});
