/**
 * The corpus format, as `shared/conformance/README.md` ("corpus/") describes it. Only the fields
 * the runner reads are typed; everything else stays in the JSON.
 */

export const CATEGORIES = [
  'engine-jsonpath',
  'intrinsics',
  'jsonata',
  'variables',
  'errors-retry-catch',
  'timeouts',
  'map-parallel',
  'test-state',
  'api',
  'service-integrations',
  'unsupported',
] as const;

export type Category = (typeof CATEGORIES)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An API call of the test (`service` when it is not Step Functions). */
export interface ApiStep {
  readonly op: string;
  readonly args: JsonObject;
  readonly service?: string;
  readonly client?: string;
  /** variable → path into the response (`stateMachineArn`, `mapRuns[0].mapRunArn`) */
  readonly bind?: Readonly<Record<string, string>>;
  readonly expect_error?: boolean;
  readonly client_side_validation?: boolean;
}

/** The test waited (`await_execution_terminated`, `await_state_machine_listed`, …). */
export interface WaitStep {
  readonly wait: string;
  readonly args: Readonly<Record<string, string>>;
}

export type Step = ApiStep | WaitStep;

export function isWaitStep(step: Step): step is WaitStep {
  return 'wait' in step;
}

export interface CaseLambda {
  readonly name: string;
  readonly arn: string;
  readonly js_handler: string;
  readonly behaviour?: string;
  readonly python_error?: { readonly errorType: string; readonly errorMessage: string };
}

export interface CaseStateMachine {
  readonly step: number;
  readonly op: string;
  readonly name?: string;
  readonly var?: string;
  readonly definition: string | null;
  readonly definition_is_json?: boolean;
  readonly definition_has_repeat_tokens?: boolean;
}

export interface CaseExecution {
  readonly step: number;
  readonly op: string;
  readonly state_machine?: string;
  readonly input: string | null;
  readonly input_omitted?: boolean;
  readonly name?: string;
  readonly var?: string;
  readonly expect_error?: boolean;
  readonly recorded?: Readonly<Record<string, string | readonly string[]>>;
}

/** Where a recorded value came from (`recorded_links[key]`). */
export interface RecordedLink {
  readonly response_of_step?: number;
  readonly error_of_step?: number;
  readonly wrapped_by_test?: boolean;
  readonly client_side_validation?: boolean;
  readonly derived_from_steps?: readonly number[];
  readonly built_by_test?: boolean | string;
  readonly after_step?: number;
}

export type NormaliseRule =
  | {
      readonly kind: 'regex';
      readonly find: string | null;
      readonly replace: string;
      readonly find_is_bound?: boolean;
      readonly find_from?: string;
    }
  | { readonly kind: 'jsonpath'; readonly path: string; readonly replace: string; readonly replace_references: boolean }
  | { readonly kind: 'key_value'; readonly key: string; readonly replace: string; readonly replace_references: boolean }
  | { readonly kind: 'key_value_rule'; readonly rule: string; readonly replacement: string }
  | { readonly kind: 'resource_name'; readonly rule: string; readonly replacement: string }
  | { readonly kind: 'map_run_arn'; readonly index: number; readonly rule: string }
  | { readonly kind: 'parallel_events_sorted'; readonly note?: string }
  | { readonly kind: 'custom'; readonly rule: string };

export interface MockedVariant {
  readonly mock_config: JsonObject;
  readonly steps: readonly Step[];
}

export interface CorpusCase {
  readonly id: string;
  readonly category: Category;
  readonly source: JsonObject;
  readonly state_machines: readonly CaseStateMachine[];
  readonly executions: readonly CaseExecution[];
  readonly steps: readonly Step[];
  readonly recorded: JsonObject;
  readonly recorded_links: Readonly<Record<string, RecordedLink>>;
  readonly normalise?: readonly NormaliseRule[];
  readonly vars?: Readonly<Record<string, string>>;
  readonly lambdas?: readonly CaseLambda[];
  readonly needs_service?: readonly string[];
  readonly unsupported_reason?: string;
  readonly mocked_variant?: MockedVariant;
  readonly notes?: readonly string[];
  readonly not_runnable?: readonly string[];
}

export interface CategoryFile {
  readonly source: JsonObject;
  readonly category: Category;
  readonly description: string;
  readonly count: number;
  readonly cases: readonly CorpusCase[];
}

/** The test function a case belongs to: its id up to the pytest parameters (`[...]`). */
export function testFunctionOf(caseId: string): string {
  const bracket = caseId.indexOf('[');
  return bracket === -1 ? caseId : caseId.slice(0, bracket);
}
