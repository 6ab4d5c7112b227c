import { buildDefinition } from '@sizegate/state-machine';
import { describe, expect, it } from 'vitest';
import type { ExecutionPath } from '../../src/index.js';
import { toDot, toMermaid } from '../../src/index.js';

const definition = buildDefinition({ minSizeBytes: 2_000_000 });
const smallFile: ExecutionPath = {
  entered: ['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall'],
  transitions: [
    { from: 'CheckFileSize', to: 'ChoiceState' },
    { from: 'ChoiceState', to: 'NotifyFileTooSmall' },
  ],
  status: 'SUCCEEDED',
};

/** DOT edge lines as { from label, to label, attributes } using the node labels. */
function dotEdges(dot: string): { from: string; to: string; attributes: string }[] {
  const labels = new Map([...dot.matchAll(/^ {2}(\w+) \[label="([^"]*)"/gm)].map((match) => [match[1], match[2]]));
  return [...dot.matchAll(/^ {2}(\w+) -> (\w+) \[(.*)\];$/gm)].map((match) => ({
    from: labels.get(match[1] ?? '') ?? '',
    to: labels.get(match[2] ?? '') ?? '',
    attributes: match[3] ?? '',
  }));
}

describe('toDot on the real sizegate definition', () => {
  it('labels the Choice edges with the real rules and Default', () => {
    // Prepare (definition above) / Act
    const edges = dotEdges(toDot(definition));

    // Assess
    const fromChoice = edges.filter((edge) => edge.from === 'ChoiceState');
    expect(fromChoice.map((edge) => [edge.to, /label="([^"]*)"/.exec(edge.attributes)?.[1]])).toEqual([
      ['DefaultState', 'size is not present\\nsize is not numeric\\nDefault'],
      ['ProcessFile', 'size >= 2000000'],
      ['NotifyFileTooSmall', 'size < 2000000'],
    ]);
  });

  it('draws every state plus Start and End, with Next and End edges', () => {
    // Prepare / Act
    const dot = toDot(definition);
    const edges = dotEdges(dot).map((edge) => `${edge.from}->${edge.to}`);

    // Assess
    for (const name of Object.keys(definition.States)) expect(dot).toContain(`label="${name}"`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'Start->CheckFileSize',
        'CheckFileSize->ChoiceState',
        'ProcessFile->NotifyOk',
        'NotifyOk->End',
        'NotifyFileTooSmall->End',
        'DefaultState->End',
      ]),
    );
    expect(dot).not.toContain('sg-legend'); // no path, nothing to explain
  });

  it('with a small-file path: marks the entered states and the edge taken out of the Choice, adds the legend', () => {
    // Prepare / Act
    const dot = toDot(definition, { path: smallFile, title: 'small.txt' });
    const taken = dotEdges(dot)
      .filter((edge) => edge.attributes.includes('sg-taken'))
      .map((edge) => `${edge.from}->${edge.to}`);

    // Assess
    expect(taken).toEqual([
      'Start->CheckFileSize',
      'CheckFileSize->ChoiceState',
      'ChoiceState->NotifyFileTooSmall',
      'NotifyFileTooSmall->End',
    ]);
    expect(dot).toMatch(/label="NotifyFileTooSmall", id="state-NotifyFileTooSmall", class="[^"]*sg-entered"/);
    expect(dot).toMatch(/label="ProcessFile", id="state-ProcessFile", class="sg-node sg-task"/);
    expect(dot).toContain('sg-legend');
    expect(dot).toContain('label="small.txt"');
  });

  it('marks the failed state and draws Catch edges dashed with their error names', () => {
    // Prepare
    const withCatch = {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: 'arn:x', Catch: [{ ErrorEquals: ['States.Timeout', 'Custom'], Next: 'Recover' }], End: true },
        Recover: { Type: 'Fail', Error: 'E' },
      },
    };
    const path: ExecutionPath = {
      entered: ['Work', 'Recover'],
      transitions: [{ from: 'Work', to: 'Recover' }],
      status: 'FAILED',
      failedState: 'Recover',
    };

    // Act
    const dot = toDot(JSON.stringify(withCatch), { path });
    const catchEdge = dotEdges(dot).find((edge) => edge.to === 'Recover');

    // Assess
    expect(catchEdge?.attributes).toContain('label="States.Timeout, Custom"');
    expect(catchEdge?.attributes).toContain('style="dashed"');
    expect(catchEdge?.attributes).toContain('sg-taken');
    expect(dot).toMatch(/id="state-Recover", class="[^"]*sg-failed"/);
  });

  it('escapes quotes and backslashes in state names', () => {
    // Prepare
    const odd = { StartAt: 'Say "hi" \\N', States: { 'Say "hi" \\N': { Type: 'Succeed' } } };

    // Act
    const dot = toDot(odd);

    // Assess
    expect(dot).toContain('label="Say \\"hi\\" \\\\N"');
  });

  it('refuses a definition without StartAt/States, naming what is missing', () => {
    // Prepare / Act / Assess
    expect(() => toDot({ States: {} })).toThrow(/StartAt/);
    expect(() => toDot('{not json')).toThrow(/not valid JSON/);
  });
});

describe('toMermaid on the real sizegate definition', () => {
  it('writes a flowchart with the Choice rules on the edges (entities for < and >)', () => {
    // Prepare / Act
    const mermaid = toMermaid(definition);

    // Assess
    expect(mermaid.startsWith('flowchart TD\n')).toBe(true);
    expect(mermaid).toMatch(/s1 -->\|"size #62;= 2000000"\| s2/);
    expect(mermaid).toMatch(/s1 -->\|"size #60; 2000000"\| s4/);
    expect(mermaid).toMatch(/s1 -->\|"size is not present<br\/>size is not numeric<br\/>Default"\| s5/);
    expect(mermaid).not.toMatch(/^\s+end\b(?!\))/m); // `end` is a Mermaid keyword: never a node id
  });

  it('with a path: classDef for entered/failed, linkStyle on the taken edges, a legend', () => {
    // Prepare
    const missingSize: ExecutionPath = {
      entered: ['CheckFileSize', 'ChoiceState', 'DefaultState'],
      transitions: [
        { from: 'CheckFileSize', to: 'ChoiceState' },
        { from: 'ChoiceState', to: 'DefaultState' },
      ],
      status: 'FAILED',
      failedState: 'DefaultState',
    };

    // Act
    const mermaid = toMermaid(definition, { path: missingSize, title: 'no-size' });
    const edgeLines = mermaid.split('\n').filter((line) => /-->|-\.->/.test(line));
    const styled = (/linkStyle ([\d,]+) /.exec(mermaid)?.[1] ?? '').split(',').map(Number);

    // Assess
    expect(styled.map((index) => edgeLines[index]?.trim())).toEqual([
      'sgStart --> s0',
      's0 --> s1',
      's1 -->|"size is not present<br/>size is not numeric<br/>Default"| s5',
    ]);
    expect(mermaid).toContain('class s5 sgFailed');
    expect(mermaid).toContain('class sgStart,s0,s1 sgEntered');
    expect(mermaid).toContain('subgraph legend ["Legend"]');
    expect(mermaid).toContain('title: "no-size"');
  });
});

describe('toDot with a Parallel state', () => {
  it('draws the Parallel as one node: the branch states do not break the path, a failure inside marks the Parallel', () => {
    // Prepare: AWS histories list the branch states between ParallelStateEntered and ParallelStateExited
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Parallel', Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } }], Next: 'After' },
        After: { Type: 'Pass', End: true },
      },
    };
    const succeeded: ExecutionPath = {
      entered: ['Fan', 'Inner', 'After'],
      transitions: [
        { from: 'Fan', to: 'Inner' },
        { from: 'Inner', to: 'After' },
      ],
      status: 'SUCCEEDED',
    };
    const failedInside: ExecutionPath = {
      entered: ['Fan', 'Inner'],
      transitions: [{ from: 'Fan', to: 'Inner' }],
      status: 'FAILED',
      failedState: 'Inner',
    };

    // Act
    const taken = dotEdges(toDot(definition, { path: succeeded }))
      .filter((edge) => edge.attributes.includes('sg-taken'))
      .map((edge) => `${edge.from}->${edge.to}`);
    const failedDot = toDot(definition, { path: failedInside });

    // Assess
    expect(taken).toEqual(['Start->Fan', 'Fan->After', 'After->End']);
    expect(failedDot).not.toContain('Inner');
    expect(failedDot).toMatch(/id="state-Fan", class="[^"]*sg-failed"/);
  });
});
