import { type CorpusCase, isWaitStep, type RecordedLink, testFunctionOf } from '../corpus/types.js';
import type { ReplayPlan } from './plan.js';
import type { ReplayOutcome } from './replay-steps.js';
import { recordOf } from './records.js';

/**
 * Values a test assembled itself (corpus README, "Values a test assembled"). Each builder does
 * what the source test did; a value no builder knows makes the key fail with the reason.
 */
export function buildTestValue(
  testCase: CorpusCase,
  key: string,
  link: RecordedLink,
  plan: ReplayPlan,
  outcome: ReplayOutcome,
): { value: unknown } | string {
  if (typeof link.built_by_test === 'string' && link.built_by_test.startsWith('list of {input, output}'))
    return choiceCases(testCase, link, plan, outcome);
  if (testFunctionOf(testCase.id) === 'test_sfn_api.py::TestSnfApi::test_list_sms') return ownStateMachines(link, plan, outcome);
  return `'${key}' holds a value the test assembled (${describe(link)}); the runner cannot build it`;
}

/**
 * choice_operators/: one `{input, output}` per execution, in order: the input the test sent and
 * the output of the execution's ExecutionSucceeded event, both `json.loads`-ed by the test.
 */
function choiceCases(testCase: CorpusCase, link: RecordedLink, plan: ReplayPlan, outcome: ReplayOutcome): { value: unknown } | string {
  const historySteps = link.derived_from_steps ?? [];
  const executions = testCase.executions;
  if (executions.length !== historySteps.length)
    return `${executions.length} executions but ${historySteps.length} histories to build 'cases' from`;
  const cases: unknown[] = [];
  for (const [index, step] of historySteps.entries()) {
    const record = recordOf(step, plan, outcome);
    if (typeof record === 'string') return record;
    if (!record.result.ok) return `step ${step} (${record.op}) failed with ${record.result.error.code}`;
    const events = record.result.response.events;
    const succeeded = Array.isArray(events)
      ? (events as Record<string, unknown>[]).find((event) => event.type === 'ExecutionSucceeded')
      : undefined;
    const details = succeeded?.executionSucceededEventDetails as Record<string, unknown> | undefined;
    if (typeof details?.output !== 'string') return `execution ${index} has no ExecutionSucceeded output (the test read it)`;
    const input = executions[index]?.input;
    try {
      cases.push({
        input: input === null || input === undefined ? null : (JSON.parse(input) as unknown),
        output: JSON.parse(details.output) as unknown,
      });
    } catch (error) {
      return `execution ${index}: ${(error as Error).message}`;
    }
  }
  return { value: cases };
}

/**
 * test_list_sms: `[sm for sm in list_state_machines()["stateMachines"] if sm["name"] in sm_names]`,
 * sm_names being the names of the state machines the test created.
 */
function ownStateMachines(link: RecordedLink, plan: ReplayPlan, outcome: ReplayOutcome): { value: unknown } | string {
  const listStep = link.derived_from_steps?.[0] ?? link.after_step;
  if (listStep === undefined) return 'no ListStateMachines step to filter';
  const record = recordOf(listStep, plan, outcome);
  if (typeof record === 'string') return record;
  if (!record.result.ok) return `step ${listStep} (${record.op}) failed with ${record.result.error.code}`;
  const names = new Set(
    plan.steps.flatMap((step) =>
      !isWaitStep(step) && step.op === 'CreateStateMachine' && typeof step.args.name === 'string' ? [step.args.name] : [],
    ),
  );
  const machines = record.result.response.stateMachines;
  return {
    value: Array.isArray(machines) ? (machines as Record<string, unknown>[]).filter((machine) => names.has(String(machine.name))) : [],
  };
}

function describe(link: RecordedLink): string {
  if (typeof link.built_by_test === 'string') return link.built_by_test;
  if (link.after_step !== undefined) return `after step ${link.after_step}`;
  return `from steps ${(link.derived_from_steps ?? []).join(', ')}`;
}
