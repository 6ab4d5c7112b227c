import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/states/choice-rules.js';
import { runToEnd } from '../helpers/run.js';

const scope = (input: unknown) => ({ input, context: {}, variables: {} });

describe('Choice rules', () => {
  it('compare only values of the operator type', () => {
    expect(evaluateRule({ Variable: '$.v', NumericEquals: 1 }, scope({ v: 1 }))).toBe(true);
    expect(evaluateRule({ Variable: '$.v', NumericEquals: 1 }, scope({ v: '1' }))).toBe(false);
    expect(evaluateRule({ Variable: '$.v', BooleanEqualsPath: '$.w' }, scope({ v: true, w: true }))).toBe(true);
    expect(evaluateRule({ Variable: '$.v', StringMatches: 'log-*.txt' }, scope({ v: 'log-1.txt' }))).toBe(true);
    expect(evaluateRule({ Variable: '$.v', TimestampLessThan: '2020-01-01T00:00:00Z' }, scope({ v: '2019-12-31T23:59:59Z' }))).toBe(true);
  });

  it('treat IsPresent false as a match for a missing path', () => {
    expect(evaluateRule({ Variable: '$.missing', IsPresent: false }, scope({}))).toBe(true);
    expect(evaluateRule({ Variable: '$.v', IsPresent: false }, scope({ v: null }))).toBe(false);
  });

  it('combine with And, Or and Not', () => {
    const rule = { And: [{ Variable: '$.a', IsNumeric: true }, { Not: { Variable: '$.a', NumericGreaterThan: 5 } }] };
    expect(evaluateRule(rule, scope({ a: 3 }))).toBe(true);
    expect(evaluateRule({ Or: [rule, { Variable: '$.b', IsNull: true }] }, scope({ a: 9, b: null }))).toBe(true);
  });
});

describe('Choice state', () => {
  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const definition = {
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'E' }] }, E: { Type: 'Succeed' } },
    };
    const { result, history } = await runToEnd(definition, { v: 2 });
    expect(result.error).toBe('States.NoChoiceMatched');
    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });

  it('uses the matching rule’s Assign instead of the state’s', async () => {
    const definition = {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.v', NumericEquals: 42, Assign: { status: 'CORRECT' }, Next: 'E' }],
          Assign: { status: 'INCORRECT' },
          Default: 'E',
        },
        E: { Type: 'Pass', Parameters: { 'status.$': '$status' }, End: true },
      },
    };
    expect((await runToEnd(definition, { v: 42 })).result.output).toBe('{"status":"CORRECT"}');
    expect((await runToEnd(definition, { v: 0 })).result.output).toBe('{"status":"INCORRECT"}');
  });
});
