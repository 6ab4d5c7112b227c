import { type CfnResource, type Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { buildDefinition } from '#sizegate-deps';
import { STATE_MACHINE_METADATA_KEY } from './functions.js';
import { invokeFunctionStatements } from './permissions.js';
import type { SizeGateLoggingProps } from './props.js';

export interface WorkflowOptions {
  readonly minSizeBytes: number;
  readonly checkSizeFunction: lambda.IFunction;
  readonly processFileFunction: lambda.IFunction;
  /** Timeout of the check-size function when SizeGate created it; the task waits at least as long. */
  readonly checkSizeTimeout?: Duration | undefined;
  /** Timeout of the process-file function when SizeGate created it. */
  readonly processFileTimeout?: Duration | undefined;
  readonly logging: SizeGateLoggingProps | undefined;
  readonly tracing: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly ownerPath: string;
}

export interface Workflow {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.ILogGroup;
}

/** Task timeouts of @sizegate/state-machine's defaults; longer function timeouts raise them. */
const DEFAULT_CHECK_SIZE_TASK_SECONDS = 60;
const DEFAULT_PROCESS_FILE_TASK_SECONDS = 900;

const taskSeconds = (timeout: Duration | undefined, fallback: number): number | undefined =>
  timeout !== undefined && timeout.toSeconds() > fallback ? timeout.toSeconds() : undefined;

/**
 * The STANDARD state machine running @sizegate/state-machine's definition. STANDARD, not EXPRESS:
 * start-execution relies on execution names being unique per state machine (a re-delivered S3
 * event names the same execution and is rejected as ExecutionAlreadyExists), and on execution
 * history to report outcomes. EXPRESS has neither.
 */
export function createWorkflow(scope: Construct, options: WorkflowOptions): Workflow {
  const { logging = {}, tracing, removalPolicy } = options;
  const checkSizeTimeoutSeconds = taskSeconds(options.checkSizeTimeout, DEFAULT_CHECK_SIZE_TASK_SECONDS);
  const processFileTimeoutSeconds = taskSeconds(options.processFileTimeout, DEFAULT_PROCESS_FILE_TASK_SECONDS);
  const definition = buildDefinition({
    minSizeBytes: options.minSizeBytes,
    ...(checkSizeTimeoutSeconds !== undefined ? { checkSizeTimeoutSeconds } : {}),
    ...(processFileTimeoutSeconds !== undefined ? { processFileTimeoutSeconds } : {}),
  });

  const logGroup =
    logging.logGroup ??
    new logs.LogGroup(scope, 'StateMachineLogGroup', {
      retention: logging.retention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy,
    });

  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
    definitionSubstitutions: {
      CheckSizeFunctionArn: options.checkSizeFunction.functionArn,
      ProcessFileFunctionArn: options.processFileFunction.functionArn,
    },
    logs: { destination: logGroup, level: logging.level ?? sfn.LogLevel.ALL, includeExecutionData: logging.includeExecutionData ?? true },
    tracingEnabled: tracing,
    comment: 'sizegate: CheckFileSize → ChoiceState → ProcessFile | NotifyFileTooSmall | DefaultState',
  });
  const invokes = invokeFunctionStatements({ CheckFileSize: options.checkSizeFunction, ProcessFile: options.processFileFunction });
  for (const statement of invokes) stateMachine.addToRolePolicy(statement);
  (stateMachine.node.defaultChild as CfnResource).addMetadata(STATE_MACHINE_METADATA_KEY, options.ownerPath);

  Validations.of(stateMachine.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only actions AWS authorizes on Resource "*" alone: CloudWatch Logs log delivery (logs:CreateLogDelivery, ' +
      'logs:PutResourcePolicy, ...) for execution logging' +
      (tracing ? ', and X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSampling*) for tracing' : '') +
      '. lambda:InvokeFunction is scoped to the two functions.',
  });
  return { stateMachine, logGroup };
}
