import { describe, expect, it } from 'vitest';
import { planOf } from '../../../src/runner/plan.js';
import { caseById } from '../../helpers/corpus.js';

describe('planOf', () => {
  it("replays a case's own steps as they are", async () => {
    const testCase = await caseById('engine-jsonpath', 'base/test_base.py::TestSnfBase::test_state_pass_result');
    const plan = planOf(testCase);
    expect(plan.steps).toBe(testCase.steps);
    expect(plan.stepIndex(3)).toBe(3);
    expect(plan.mockConfig).toBeUndefined();
  });

  it('replays a mocked variant with its mock config, lining the steps up by operation and pointing name rules at the mocked names', async () => {
    // Prepare: the real run has two CreateStateMachine calls, the mocked one a single one
    const testCase = await caseById(
      'service-integrations',
      'local_mocking/test_base_callbacks.py::TestBaseScenarios::test_sfn_start_execution_sync[SFN_SYNC2]',
    );

    // Act
    const plan = planOf(testCase);

    // Assess
    expect(plan.steps).toBe(testCase.mocked_variant?.steps);
    expect(plan.mockConfig).toBe(testCase.mocked_variant?.mock_config);
    expect(plan.stepIndex(4)).toBe(3); // GetExecutionHistory
    expect(plan.stepIndex(1)).toBeUndefined(); // the second CreateStateMachine has no counterpart
    const finds = plan.rules.flatMap((rule) => (rule.kind === 'regex' ? [rule.find] : []));
    expect(finds).toContain('mocked_state_machine_a0000001');
    expect(finds).toContain('arn:aws:iam::111111111111:role/test-sfn-role-a0000002');
    expect(finds).not.toContain('statemachine_create_and_record_execution_a0000002');
  });
});
