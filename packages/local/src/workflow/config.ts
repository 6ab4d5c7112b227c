import { buildDefinition } from '@sizegate/state-machine';
import { checkOutputPrefix, DEFAULT_OUTPUT_PREFIX, ENV, lambdaFunctionArnOf, STATE_NAMES, stateMachineArnOf } from '@sizegate/types';
import type { LocalFunctionHandler } from '@sizegate/sfn-local';

/** The handler packages a template's functions can name in their `sizegate:handler` metadata. */
export const BUILT_IN_HANDLERS = ['check-size', 'process-file', 'start-execution'] as const;
export type BuiltInHandler = (typeof BUILT_IN_HANDLERS)[number];

/** One Lambda function of the workflow, as the local runtime runs it. */
export interface LocalFunctionSpec {
  /** Its logical id, when it comes from a template. */
  readonly logicalId?: string;
  readonly functionName: string;
  readonly functionArn: string;
  /** A handler package (built with `env`, as its Lambda entry would be), or a handler given programmatically. */
  readonly handler: BuiltInHandler | LocalFunctionHandler;
  /** The function's environment variables (applied to built-in handlers). */
  readonly env: Readonly<Record<string, string>>;
  /** The function's Timeout, in seconds. @default 60 */
  readonly timeoutSeconds?: number;
}

/**
 * Which uploads start an execution: the key filter of the S3 notification (prefix and suffix) or
 * of the EventBridge rule (one prefix, suffix or wildcard matcher). Keys are matched as stored.
 */
export interface KeyFilter {
  readonly prefix?: string;
  readonly suffix?: string;
  /** EventBridge `wildcard`: `*` matches any run of characters, `\*` a literal star. */
  readonly wildcard?: string;
}

export type TriggerKind = 's3-notification' | 'eventbridge';

/** Everything startLocal needs to run one sizegate workflow: from the defaults, or from a template. */
export interface LocalWorkflowConfig {
  /** The ASL definition, with concrete function ARNs. */
  readonly definition: object;
  readonly stateMachineName: string;
  /** The incoming bucket: uploads into it that pass the trigger's filter start executions. */
  readonly bucket: string;
  /** Where manifests go (created at start when it differs from `bucket`). */
  readonly outputBucket: string;
  readonly outputPrefix: string;
  readonly keyFilter: KeyFilter;
  /** S3 event types the trigger is subscribed to (`s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, ...). */
  readonly events: readonly string[];
  /** 's3-notification' delivers `{ Records: [...] }`; 'eventbridge' the EventBridge "Object Created" event. */
  readonly trigger: TriggerKind;
  /** Task state name → the function it calls. */
  readonly tasks: Readonly<Record<string, LocalFunctionSpec>>;
  /** The function the trigger invokes (start-execution). */
  readonly starter: LocalFunctionSpec;
  /** Where it came from, for logs: a template path, or 'defaults'. */
  readonly source: string;
}

export interface DefaultWorkflowOptions {
  readonly region: string;
  readonly accountId: string;
  readonly bucket: string;
  readonly stateMachineName: string;
  readonly minSizeBytes?: number | undefined;
  readonly outputBucket?: string | undefined;
  readonly outputPrefix?: string | undefined;
}

/** The workflow `startLocal()` runs without a template: the @sizegate/state-machine definition and the three handlers. */
export function defaultWorkflowConfig(options: DefaultWorkflowOptions): LocalWorkflowConfig {
  const { region, accountId, bucket, stateMachineName } = options;
  const scope = { region, accountId };
  const outputBucket = options.outputBucket ?? bucket;
  // Checked here, not only by the handlers: the env var it becomes cannot be empty (blank means unset).
  const outputPrefix = checkOutputPrefix(options.outputPrefix ?? DEFAULT_OUTPUT_PREFIX);
  const spec = (suffix: string, handler: BuiltInHandler, env: Record<string, string>): LocalFunctionSpec => {
    const functionName = `${stateMachineName}-${suffix}`;
    return { functionName, functionArn: lambdaFunctionArnOf(scope, functionName), handler, env };
  };
  const checkSize = spec('check-size', 'check-size', {});
  const processFile = spec('process-file', 'process-file', { [ENV.outputBucket]: outputBucket, [ENV.outputPrefix]: outputPrefix });
  const stateMachineArn = stateMachineArnOf(scope, stateMachineName);
  return {
    definition: buildDefinition({
      minSizeBytes: options.minSizeBytes,
      checkSizeFunctionArn: checkSize.functionArn,
      processFileFunctionArn: processFile.functionArn,
    }),
    stateMachineName,
    bucket,
    outputBucket,
    outputPrefix,
    keyFilter: {},
    events: ['s3:ObjectCreated:*'],
    trigger: 's3-notification',
    tasks: { [STATE_NAMES.checkFileSize]: checkSize, [STATE_NAMES.processFile]: processFile },
    starter: spec('start-execution', 'start-execution', {
      [ENV.stateMachineArn]: stateMachineArn,
      [ENV.outputBucket]: outputBucket,
      [ENV.outputPrefix]: outputPrefix,
    }),
    source: 'defaults',
  };
}
