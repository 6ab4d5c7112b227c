import { describe, expect, it } from 'vitest';
import { CaseDataError, expandRepeatTokens, resolveRefs, substitute, valueAtPath, Variables } from '../../../src/runner/resolve.js';
import { caseById } from '../../helpers/corpus.js';

describe('resolving a step', () => {
  it('replaces $refs by the definition and input stored in the case', async () => {
    // Prepare
    const testCase = await caseById('intrinsics', 'intrinsic_functions/test_unique_id_generation.py::TestUniqueIdGeneration::test_uuid');
    const step = testCase.steps[0] as { args: Record<string, unknown> };

    // Act
    const args = resolveRefs(step.args, testCase);

    // Assess
    expect(args).toEqual({ ...step.args, definition: testCase.state_machines[0]?.definition });
    expect(typeof args.definition).toBe('string');
  });

  it('expands <<REPEAT c n>> in the one definition that has it (test_start_large_input)', async () => {
    // Prepare
    const testCase = await caseById('errors-retry-catch', 'error_handling/test_states_errors.py::TestStatesErrors::test_start_large_input');

    // Act
    const args = resolveRefs((testCase.steps[0] as { args: Record<string, unknown> }).args, testCase);
    const definition = JSON.parse(args.definition as string) as { States: { State_1: { Result: { Arg1: string } } } };

    // Assess
    expect(definition.States.State_1.Result.Arg1).toBe('a'.repeat(263_168));
    expect(expandRepeatTokens('x<<REPEAT b 3>>y')).toBe('xbbby');
  });

  it('substitutes ${var}, ${var.last} and ${var.prev}, inside definitions and inputs too', () => {
    // Prepare
    const variables = new Variables();
    variables.set('sm0', 'arn:aws:states:us-east-1:111111111111:stateMachine:sm');
    variables.set('exec0', 'arn:aws:states:us-east-1:111111111111:express:sm:part-one:part-two');

    // Act
    const value = substitute(
      { arn: '${sm0}#TestCase', input: '{"StateMachineArn": "${sm0}"}', list: ['${exec0.last}', '${exec0.prev}'] },
      variables,
    );

    // Assess
    expect(value).toEqual({
      arn: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm#TestCase',
      input: '{"StateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:sm"}',
      list: ['part-two', 'part-one'],
    });
    expect(() => substitute('${exec9}', variables)).toThrow(CaseDataError);
  });

  it('reads bind paths with indexes', () => {
    expect(valueAtPath({ mapRuns: [{ mapRunArn: 'arn:x' }] }, 'mapRuns[0].mapRunArn')).toBe('arn:x');
    expect(valueAtPath({ stateMachineArn: 'a' }, 'missing.path')).toBeUndefined();
  });
});
