import { describe, expect, it } from 'vitest';
import { queryPath } from '../../src/paths/jsonpath.js';
import { applyResultPath } from '../../src/paths/result-path.js';
import { runToEnd } from '../helpers/run.js';

describe('queryPath', () => {
  it('gives one value for a definite path and an array for wildcards and slices, even when nothing matches', () => {
    expect(queryPath('$.items[1].k', { items: [{ k: 0 }, { k: 1 }] })).toEqual({ found: true, value: 1 });
    expect(queryPath('$.items[*].k', {})).toEqual({ found: true, value: [] });
    expect(queryPath('$.items[1:]', { items: [1, 2, 3] })).toEqual({ found: true, value: [2, 3] });
    expect(queryPath('$.a[?(@.x > 1)]', { a: [{ x: 1 }, { x: 2 }] })).toEqual({ found: true, value: [{ x: 2 }] });
  });

  it('names the first missing segment in AWS form', () => {
    expect(queryPath('$.a.b.c', { x: 1 })).toEqual({ found: false, missingAt: "$['a']", lastSegment: false });
    expect(queryPath('$.x', {})).toEqual({ found: false, missingAt: "$['x']", lastSegment: true });
  });
});

describe('applyResultPath', () => {
  it('replaces, keeps or places the result, creating missing objects', () => {
    expect(applyResultPath({ a: 1 }, 2, '$')).toBe(2);
    expect(applyResultPath({ a: 1 }, 2, null)).toEqual({ a: 1 });
    expect(applyResultPath({ a: 1 }, 2, '$.b.c')).toEqual({ a: 1, b: { c: 2 } });
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    expect(() => applyResultPath('text', 2, '$.b')).toThrow(expect.objectContaining({ error: 'States.ResultPathMatchFailure' }));
  });
});

describe('JSONPath state processing', () => {
  const run = (state: object, input: unknown) => runToEnd({ StartAt: 'S', States: { S: { End: true, ...state } } }, input);

  it('applies InputPath, Parameters, ResultSelector-free Result, ResultPath and OutputPath in order', async () => {
    const { result } = await run(
      { Type: 'Pass', InputPath: '$.in', Parameters: { 'v.$': '$.v', fixed: 1 }, ResultPath: '$.out', OutputPath: '$.out' },
      { in: { v: 'x' } },
    );
    expect(result.output).toBe('{"v":"x","fixed":1}');
  });

  it('keeps Pass Result values false, 0 and ""', async () => {
    for (const value of [false, 0, '']) expect((await run({ Type: 'Pass', Result: value }, {})).result.output).toBe(JSON.stringify(value));
  });

  it('gives AWS texts for missing paths by field', async () => {
    const prefix = "An error occurred while executing the state 'S' (entered at the event id #2). ";
    expect((await run({ Type: 'Pass', InputPath: '$.x' }, {})).result.cause).toBe(
      `${prefix}Invalid path '$.x' : No results for path: $['x']`,
    );
    expect((await run({ Type: 'Pass', OutputPath: '$.a.b' }, {})).result.cause).toBe(
      `${prefix}Invalid path '$.a.b' : Missing property in path $['a']`,
    );
    expect((await run({ Type: 'Pass', Parameters: { 'value.$': '$.x' } }, { y: 1 })).result.cause).toBe(
      `${prefix}The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{"y":1}'`,
    );
  });

  it('reads the context object, State included', async () => {
    const { result } = await run(
      { Type: 'Pass', Parameters: { 'name.$': '$$.State.Name', 'redrive.$': '$$.Execution.RedriveCount', 'sm.$': '$$.StateMachine.Name' } },
      {},
    );
    expect(JSON.parse(result.output ?? '')).toEqual({ name: 'S', redrive: 0, sm: 'machine' });
  });

  it('turns null InputPath and OutputPath into {}', async () => {
    expect((await run({ Type: 'Pass', InputPath: null }, { a: 1 })).result.output).toBe('{}');
    expect((await run({ Type: 'Pass', OutputPath: null }, { a: 1 })).result.output).toBe('{}');
  });
});
