import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CfnResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { resolveFromHere } from '#sizegate-deps';
import type { SizeGateFunctionProps } from './props.js';

/** The three handlers, by the name their function's `sizegate:handler` metadata carries. */
export type HandlerName = 'check-size' | 'process-file' | 'start-execution';

/** CloudFormation metadata keys the local runtime and other tools map resources back with. */
export const HANDLER_METADATA_KEY = 'sizegate:handler';
export const STATE_MACHINE_METADATA_KEY = 'sizegate:state-machine';

/**
 * The newest Node.js runtime this aws-cdk-lib knows (cdk-nag AwsSolutions-L1 asks for the latest);
 * the bundles target node22, which it runs unchanged. arm64 for price/performance.
 */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const HANDLER_ARCHITECTURE = lambda.Architecture.ARM_64;

const PACKAGES: Readonly<Record<HandlerName, string>> = {
  'check-size': '@sizegate/check-size',
  'process-file': '@sizegate/process-file',
  'start-execution': '@sizegate/start-execution',
};

const DEFAULTS: Readonly<Record<HandlerName, { readonly memorySize: number; readonly timeout: Duration; readonly description: string }>> = {
  'check-size': { memorySize: 256, timeout: Duration.seconds(30), description: 'sizegate CheckFileSize: HeadObject → size, version, ETag' },
  'process-file': {
    memorySize: 1024,
    timeout: Duration.minutes(15),
    description: 'sizegate ProcessFile: streams the sized version once and writes its manifest',
  },
  'start-execution': { memorySize: 256, timeout: Duration.seconds(30), description: 'sizegate: starts one execution per new object' },
};

/**
 * Directory of a handler package's pre-built bundle (dist/bundle/index.mjs, handler index.handler).
 * Resolved through the package's package.json so it works from ESM and CommonJS alike.
 */
export function bundleDirOf(handler: HandlerName): string {
  const packageName = PACKAGES[handler];
  const dir = join(dirname(resolveFromHere(`${packageName}/package.json`)), 'dist', 'bundle');
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(`${packageName} has no pre-built bundle at ${dir}/index.mjs: build it (pnpm build) or reinstall the package`);
  }
  return dir;
}

export interface HandlerFunctionOptions {
  readonly handler: HandlerName;
  readonly props: SizeGateFunctionProps | undefined;
  /** The SIZEGATE_ variables this handler reads. */
  readonly environment: Readonly<Record<string, string>>;
  readonly tracing: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** Node path of the owning SizeGate, written as `sizegate:state-machine` metadata. */
  readonly ownerPath: string;
}

export interface HandlerFunction {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * One handler function from its package's pre-built bundle: no bundling, Docker or network at
 * synth. Its role starts empty (no managed policies): it may write to its own log group only;
 * the caller adds exactly the data permissions the handler needs.
 */
export function createHandlerFunction(scope: Construct, id: string, options: HandlerFunctionOptions): HandlerFunction {
  const { handler, props = {}, tracing, removalPolicy } = options;
  const defaults = DEFAULTS[handler];

  const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
    retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    removalPolicy,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the sizegate ${handler} function`,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );

  const fn = new lambda.Function(scope, id, {
    description: defaults.description,
    runtime: HANDLER_RUNTIME,
    architecture: HANDLER_ARCHITECTURE,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(bundleDirOf(handler)),
    memorySize: props.memorySize ?? defaults.memorySize,
    timeout: props.timeout ?? defaults.timeout,
    ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
    environment: { ...props.environment, ...options.environment },
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: props.logLevel ?? lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: lambda.SystemLogLevel.WARN,
    tracing: tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
  });
  // The function may not run before its role can write logs.
  fn.node.addDependency(role);

  const cfn = fn.node.defaultChild as CfnResource;
  cfn.addMetadata(HANDLER_METADATA_KEY, handler);
  cfn.addMetadata(STATE_MACHINE_METADATA_KEY, options.ownerPath);
  return { fn, role, logGroup };
}
