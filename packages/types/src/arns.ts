/**
 * The one place sizegate builds ARNs: the local runtime, its S3 and Step Functions services, the
 * engine and the template resolver all name resources as AWS would, through these. The partition
 * is `aws` unless a scope names another (a template's `AWS::Partition`).
 */

/** The partition a resource lives in. @default 'aws' */
export interface PartitionScope {
  readonly partition?: string | undefined;
}

/** The region and account a resource lives in. */
export interface ArnScope extends PartitionScope {
  readonly region: string;
  readonly accountId: string;
}

const DEFAULT_PARTITION = 'aws';

const arn = (scope: PartitionScope, service: string, region: string, accountId: string, resource: string): string =>
  `arn:${scope.partition ?? DEFAULT_PARTITION}:${service}:${region}:${accountId}:${resource}`;

/** `arn:aws:states:<region>:<account>:stateMachine:<name>` */
export const stateMachineArnOf = (scope: ArnScope, name: string): string =>
  arn(scope, 'states', scope.region, scope.accountId, `stateMachine:${name}`);

/** `arn:aws:states:<region>:<account>:execution:<stateMachine>:<execution>` (a STANDARD execution). */
export const executionArnOf = (scope: ArnScope, stateMachineName: string, executionName: string): string =>
  arn(scope, 'states', scope.region, scope.accountId, `execution:${stateMachineName}:${executionName}`);

/**
 * The ARN of execution `executionName` of the state machine `stateMachineArn`:
 * `...:stateMachine:<name>` → `...:execution:<name>:<executionName>`.
 */
export const executionArnOfStateMachine = (stateMachineArn: string, executionName: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;

/** `arn:aws:states:<region>:<account>:express:<stateMachine>:<execution>` (an EXPRESS execution, as TestState reports one). */
export const expressExecutionArnOf = (scope: ArnScope, stateMachineName: string, executionName: string): string =>
  arn(scope, 'states', scope.region, scope.accountId, `express:${stateMachineName}:${executionName}`);

/** `arn:aws:states:<region>:<account>:mapRun:<stateMachine>/<label>:<id>` (a Distributed Map run). */
export const mapRunArnOf = (scope: ArnScope, stateMachineName: string, label: string, id: string): string =>
  arn(scope, 'states', scope.region, scope.accountId, `mapRun:${stateMachineName}/${label}:${id}`);

/** `arn:aws:lambda:<region>:<account>:function:<name>` (unqualified). */
export const lambdaFunctionArnOf = (scope: ArnScope, functionName: string): string =>
  arn(scope, 'lambda', scope.region, scope.accountId, `function:${functionName}`);

/** `arn:aws:sns:<region>:<account>:<topic>` */
export const snsTopicArnOf = (scope: ArnScope, topicName: string): string => arn(scope, 'sns', scope.region, scope.accountId, topicName);

/** `arn:aws:iam::<account>:role/<name>` (IAM is global: no region). */
export const roleArnOf = (scope: PartitionScope & { readonly accountId: string }, roleName: string): string =>
  arn(scope, 'iam', '', scope.accountId, `role/${roleName}`);

/** `arn:aws:s3:::<bucket>` (bucket ARNs carry neither region nor account). */
export const bucketArnOf = (bucket: string, scope: PartitionScope = {}): string => arn(scope, 's3', '', '', bucket);
