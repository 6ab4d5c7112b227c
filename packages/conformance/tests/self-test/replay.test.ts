import { beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../src/compare/compare.js';
import { loadCases } from '../../src/corpus/load.js';
import { CATEGORIES, type CorpusCase } from '../../src/corpus/types.js';
import { denormaliserFor } from '../../src/drivers/denormalise.js';
import { replayDriver } from '../../src/drivers/replay.js';
import type { CallResult } from '../../src/drivers/types.js';
import { runCase } from '../../src/runner/run-case.js';
import { runCases } from '../../src/runner/run-cases.js';
import { caseById } from '../helpers/corpus.js';

/**
 * The runner's self-test. The replay driver answers with the recorded responses turned back into
 * wire form (concrete names, ARNs, UUIDs and dates; JSON members as strings), so a pass means the
 * runner resolved the steps, found every recorded value by its link and normalised it back to
 * exactly what the snapshot tool stored. And a changed answer must fail at the right place.
 */
describe('runner + replay driver', () => {
  let cases: CorpusCase[];
  beforeAll(async () => {
    cases = await loadCases(CATEGORIES);
  });

  it('passes every case it judges, in every category', async () => {
    // Act
    const results = await runCases(cases, { driverFor: (testCase) => replayDriver(testCase) });

    // Assess
    const judged = results.filter((result) => result.status !== 'needs_service' && result.status !== 'unsupported');
    const notPassed = judged.filter((result) => result.status !== 'passed' && result.status !== 'not_comparable');
    expect(notPassed.map((result) => `${result.id}: ${result.reason ?? JSON.stringify(result.difference)}`)).toEqual([]);
    for (const category of CATEGORIES.filter((name) => name !== 'service-integrations' && name !== 'unsupported')) {
      expect(judged.filter((result) => result.category === category && result.status === 'passed').length, category).toBeGreaterThan(0);
    }
    // Only the calls boto3 refused before sending are left out (api: 5 marked, 5 wrapped ParamValidationErrors).
    expect(judged.filter((result) => result.status === 'not_comparable').map((result) => result.category)).toEqual(
      new Array(10).fill('api'),
    );
  });

  it('gets answers that differ from the recordings, so the normalisation has work to do', () => {
    // Prepare
    let answers = 0;
    let changed = 0;

    // Act
    for (const testCase of cases) {
      const denormalise = denormaliserFor(testCase);
      for (const [key, link] of Object.entries(testCase.recorded_links)) {
        const recorded = testCase.recorded[key];
        // An answer of nothing but ResponseMetadata (DeleteStateMachine, TagResource, …) has nothing to normalise.
        if (link.response_of_step === undefined || Object.keys(recorded as object).every((name) => name === 'ResponseMetadata')) continue;
        answers += 1;
        if (firstDifference(recorded, denormalise.value(recorded))) changed += 1;
      }
    }

    // Assess
    expect(answers).toBeGreaterThan(900);
    expect(changed / answers).toBeGreaterThan(0.95);
  });

  it('also runs the needs_service and unsupported cases when forced, failing only where a service or a test-built value is missing', async () => {
    // Act: the replay driver answers the other services' steps from the recordings too
    const forced = cases.filter((testCase) => testCase.category === 'service-integrations' || testCase.category === 'unsupported');
    const results = await runCases(forced, { driverFor: (testCase) => replayDriver(testCase), runEverything: true });

    // Assess: the rule kinds only these use (key_value, SNS URL rules, jsonpath references) round-trip;
    // what is left needs CloudWatch Logs, a value the test built or read itself, or is the one
    // recording whose SdkHttpMetadata Date no fixture version replaced (a 2024 SQS callback test).
    const explained = [
      /holds a value the test assembled/,
      /await_on_execution_logs/,
      /a value the test read at run time/,
      /no recorded_links entry/,
    ];
    const unexplained = results.filter(
      (result) =>
        result.status !== 'passed' &&
        !explained.some((pattern) => pattern.test(result.reason ?? '')) &&
        !(
          result.id.startsWith('error_handling/test_task_service_sqs.py::TestTaskServiceSqs::test_sqs_failure_in_wait_for_task_tok') &&
          result.difference?.path.endsWith('SdkHttpMetadata.AllHttpHeaders.Date')
        ),
    );
    expect(results.filter((result) => result.status === 'passed').length).toBeGreaterThan(140);
    expect(unexplained.map((result) => `${result.id}: ${result.reason ?? JSON.stringify(result.difference)}`)).toEqual([]);
  });
});

describe('a changed answer fails with the right first difference', () => {
  const ID = 'base/test_base.py::TestSnfBase::test_state_pass_result';
  const HISTORY_STEP = 3;

  async function runWith(change: (events: Record<string, unknown>[]) => void) {
    const testCase = await caseById('engine-jsonpath', ID);
    const override = (step: number, answer: CallResult): CallResult => {
      if (step !== HISTORY_STEP || !answer.ok) return answer;
      const response = structuredClone(answer.response) as { events: Record<string, unknown>[] };
      change(response.events);
      return { ok: true, response };
    };
    return runCase(testCase, { driverFactory: replayDriver(testCase, { override }) });
  }

  it('passes unchanged (the baseline of the mutations)', async () => {
    expect((await runWith(() => undefined)).status).toBe('passed');
  });

  it("one event's type changed", async () => {
    const result = await runWith((events) => {
      (events[2] as Record<string, unknown>).type = 'PassStateEntered';
    });
    expect(result.status).toBe('failed');
    expect(result.difference).toEqual({
      key: 'get_execution_history',
      path: '$.events[2].type',
      expected: 'PassStateExited',
      actual: 'PassStateEntered',
    });
  });

  it('one output value changed', async () => {
    const result = await runWith((events) => {
      (events[3] as { executionSucceededEventDetails: { output: string } }).executionSucceededEventDetails.output = '{"Arg1":"argument2"}';
    });
    expect(result.status).toBe('failed');
    expect(result.difference).toEqual({
      key: 'get_execution_history',
      path: '$.events[3].executionSucceededEventDetails.output.Arg1',
      expected: 'argument1',
      actual: 'argument2',
    });
  });

  it('one event dropped', async () => {
    const result = await runWith((events) => {
      events.splice(1, 1);
    });
    expect(result.status).toBe('failed');
    expect(result.difference).toEqual({ key: 'get_execution_history', path: '$.events[1].id', expected: 2, actual: 3 });
  });

  it('the last event dropped', async () => {
    const result = await runWith((events) => {
      events.pop();
    });
    expect(result.difference).toMatchObject({
      key: 'get_execution_history',
      path: '$.events[3]',
      actual: '<absent>',
      note: '4 items expected, 3 found',
    });
  });

  it('a key added', async () => {
    const result = await runWith((events) => {
      (events[0] as Record<string, unknown>).executionArn = 'arn:aws:states:us-east-1:111111111111:execution:x:y';
    });
    expect(result.status).toBe('failed');
    expect(result.difference).toEqual({
      key: 'get_execution_history',
      path: '$.events[0].executionArn',
      expected: '<absent>',
      actual: 'arn:<partition>:states:<region>:111111111111:execution:x:y',
      note: 'unexpected key',
    });
  });
});
