import { describe, expect, it } from 'vitest';
import { replayDriver } from '../../../src/drivers/replay.js';
import type { DriverFactory } from '../../../src/drivers/types.js';
import { runCase } from '../../../src/runner/run-case.js';
import { caseById } from '../../helpers/corpus.js';
import { factoryOf, scriptedDriver } from '../../helpers/fakes.js';

const PASS_RESULT = 'base/test_base.py::TestSnfBase::test_state_pass_result';

describe('runCase', () => {
  it('lists a case that needs another service without running it', async () => {
    // Prepare
    const testCase = await caseById(
      'service-integrations',
      'local_mocking/test_base_scenarios.py::TestBaseScenarios::test_sqs_send_message',
    );
    const factory = factoryOf(scriptedDriver(() => ({ ok: true, response: {} })));

    // Act
    const result = await runCase(testCase, { driverFactory: factory });

    // Assess
    expect(result).toEqual({ id: testCase.id, category: 'service-integrations', status: 'needs_service', reason: 'needs sqs' });
    expect(factory.starts).toHaveLength(0);
  });

  it('does not pass a case the service cannot run: the first failing step is the reason', async () => {
    // Prepare: today's service answers CreateStateMachine with an unknown-operation error
    const testCase = await caseById('engine-jsonpath', PASS_RESULT);
    const driver = scriptedDriver(() => ({
      ok: false,
      error: { code: 'UnknownOperationException', message: 'Unknown operation CreateStateMachine', httpStatus: 400 },
    }));

    // Act
    const result = await runCase(testCase, { driverFactory: factoryOf(driver) });

    // Assess
    expect(result.status).toBe('failed');
    expect(result.reason).toBe(
      'the run stopped at step 0: step 0 (CreateStateMachine) failed: UnknownOperationException: Unknown operation CreateStateMachine',
    );
    expect(result.difference).toMatchObject({ key: 'get_execution_history', path: '$', actual: '<no value>' });
    expect(driver.calls).toHaveLength(1);
  });

  it('reports a driver that does not start as an error', async () => {
    const testCase = await caseById('engine-jsonpath', PASS_RESULT);
    const broken: DriverFactory = { name: 'broken', start: () => Promise.reject(new Error('port in use')) };
    const result = await runCase(testCase, { driverFactory: broken });
    expect(result).toMatchObject({ status: 'error', reason: 'the broken driver did not start: port in use' });
  });

  it('bounds a case that hangs', async () => {
    const testCase = await caseById('engine-jsonpath', PASS_RESULT);
    const hanging = factoryOf({ call: () => new Promise(() => undefined), close: async () => undefined });
    const result = await runCase(testCase, { driverFactory: hanging, caseTimeoutMs: 50 });
    expect(result).toMatchObject({ status: 'error', reason: 'the case did not finish within 50 ms' });
  });

  it("registers the case's Lambdas and passes a mocked variant's mock config to the driver", async () => {
    // Prepare
    const testCase = await caseById('map-parallel', 'local_mocking/test_base_scenarios.py::TestBaseScenarios::test_parallel_state_lambda');
    const replay = replayDriver(testCase);
    const seen: Parameters<DriverFactory['start']>[0][] = [];
    const recording: DriverFactory = {
      name: 'replay',
      start: (options) => {
        seen.push(options);
        return replay.start(options);
      },
    };

    // Act
    const result = await runCase(testCase, { driverFactory: recording });

    // Assess
    expect(result.status).toBe('passed');
    expect(seen[0]?.mockConfig).toEqual(testCase.mocked_variant?.mock_config);
    expect(seen[0]?.lambdas.map((lambda) => [lambda.name, lambda.arn])).toEqual(
      testCase.lambdas?.map((lambda) => [lambda.name, lambda.arn]),
    );
    expect(seen[0]).toMatchObject({ region: 'us-east-1', accountId: '111111111111' });
  });

  it('never counts a key boto3 rejected before sending as passed', async () => {
    const testCase = await caseById('api', 'test_sfn_api_tagging.py::TestSnfApiTagging::test_tag_invalid_state_machine[tag_list1]');
    const result = await runCase(testCase, { driverFactory: replayDriver(testCase) });
    expect(result.status).toBe('not_comparable');
    expect(result.skippedKeys?.map((entry) => entry.key)).toEqual(['error']);
  });
});
