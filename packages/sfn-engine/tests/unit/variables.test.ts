import { describe, expect, it } from 'vitest';
import { variableReferences } from '../../src/index.js';
import { detailsOf, runToEnd } from '../helpers/run.js';

describe('Assign', () => {
  it('reads the variables from before the state and writes JSON texts into the Exited event', async () => {
    // Prepare: the corpus case BASE_EVALUATION_ORDER_PASS_STATE
    const definition = {
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Result: { theQuestion: 'Q?' }, Assign: { 'question.$': '$.theQuestion', answer: 42 }, Next: 'State1' },
        State1: {
          Type: 'Pass',
          InputPath: '$answer',
          ResultPath: '$.theAnswer',
          OutputPath: '$answer',
          Assign: { answer: '<omitted>' },
          End: true,
        },
      },
    };
    // Act
    const { result, history } = await runToEnd(definition, {});
    // Assess
    expect(result.output).toBe('42');
    expect(detailsOf(history[2])).toMatchObject({
      assignedVariables: { question: '"Q?"', answer: '42' },
      assignedVariablesDetails: { truncated: false },
    });
    expect(detailsOf(history[4])).toMatchObject({ assignedVariables: { answer: '"<omitted>"' } });
  });

  it('lets Map iterations read outer variables without leaking their own assignments', async () => {
    const definition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { bias: 10, inner: 'outer' }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Add',
            States: { Add: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($, $bias)' }, Assign: { inner: 'changed' }, End: true } },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'inner.$': '$inner', 'results.$': '$' }, End: true },
      },
    };
    const { result } = await runToEnd(definition, [1, 2]);
    expect(JSON.parse(result.output ?? '')).toEqual({ inner: 'outer', results: [{ v: 11 }, { v: 12 }] });
  });

  it('assigns from JSONata with $states.result', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Output: { x: 2 }, Assign: { doubled: '{% $states.input.n * 2 %}' }, Next: 'Q' },
        Q: { Type: 'Pass', Output: '{% $doubled %}', End: true },
      },
    };
    expect((await runToEnd(definition, { n: 21 })).result.output).toBe('42');
  });

  it('fails with States.QueryEvaluationError and an EvaluationFailed event for an undefined variable', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'S',
      States: { S: { Type: 'Pass', Output: '{% $doesNotExist %}', End: true } },
    };
    const { result, history } = await runToEnd(definition, {});
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(history[2]?.previousEventId).toBe(0);
    expect(detailsOf(history[2])).toMatchObject({ error: 'States.QueryEvaluationError', location: 'Output', state: 'S' });
  });
});

describe('variableReferences', () => {
  it('lists the variables each state reads, from paths and JSONata expressions', () => {
    const references = variableReferences({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { 'r.$': '$result', 'f.$': "States.Format('{}', $name)" }, Assign: { set: 1 }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $sum($list) & $states.input.x %}', End: true },
      },
    });
    expect(references).toEqual({ A: ['name', 'result'], B: ['list'] });
  });
});
