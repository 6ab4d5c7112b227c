import { ConfigurationError, DEFAULT_OUTPUT_PREFIX, ENV } from '@sizegate/types';
import type { LocalFunctionHandler } from '@sizegate/sfn-local';
import { BUILT_IN_HANDLERS, type BuiltInHandler, type LocalFunctionSpec, type LocalWorkflowConfig } from '../workflow/config.js';
import { findTrigger } from './find-trigger.js';
import { createResolver, type Resolver } from './intrinsics.js';
import { isRecord, loadTemplate, type CfnTemplate, type TemplateSource } from './load.js';
import { selectStateMachine } from './select-state-machine.js';
import { resolveDefinition, taskTargets } from './definition.js';

/** Resource Metadata the SizeGate construct writes (the contract between construct and local). */
export const METADATA = {
  handler: 'sizegate:handler',
  stateMachine: 'sizegate:state-machine',
} as const;

/** The incoming bucket's local name when neither `bucket` nor the template's BucketName names it. */
export const DEFAULT_TEMPLATE_BUCKET = 'sizegate-incoming';

export interface WorkflowFromTemplateOptions {
  /** A synthesized template: its path (e.g. `cdk.out/MyStack.template.json`) or its parsed JSON. */
  readonly template: TemplateSource;
  /** Which SizeGate state machine, by construct path or logical id; needed when the template has several. */
  readonly stateMachine?: string | undefined;
  /** Handlers for functions the template does not map to a sizegate handler: logical id (or function ARN/name) → handler. */
  readonly functions?: Readonly<Record<string, LocalFunctionHandler>> | undefined;
  readonly region: string;
  readonly accountId: string;
  /** Wins over the template's BucketName. */
  readonly bucket?: string | undefined;
  /** Wins over the template's StateMachineName and the construct path. */
  readonly stateMachineName?: string | undefined;
}

/**
 * Reads a synthesized SizeGate stack and returns the workflow it deploys, resolved to local
 * values: the definition with the function ARNs substituted, the buckets, the trigger's key
 * filter, and each function's handler and environment.
 */
export function workflowFromTemplate(options: WorkflowFromTemplateOptions): LocalWorkflowConfig {
  const { template, source } = loadTemplate(options.template);
  const scope = { region: options.region, accountId: options.accountId, source };
  const machine = selectStateMachine(template, source, options.stateMachine);
  const stateMachineName =
    options.stateMachineName ??
    (template.Resources[machine.logicalId]?.Properties?.['StateMachineName'] !== undefined
      ? createResolver(template, scope).physicalName(machine.logicalId)
      : stateMachineNameFromPath(machine.path));
  const lambdaIds = Object.keys(template.Resources).filter((id) => template.Resources[id]?.Type === 'AWS::Lambda::Function');
  const handlerOf = (id: string) => metadataHandler(template, source, id);

  // The start-execution function of this state machine, and the one trigger that invokes it.
  const starters = lambdaIds.filter(
    (id) => handlerOf(id) === 'start-execution' && template.Resources[id]?.Metadata?.[METADATA.stateMachine] === machine.path,
  );
  const [starterId] = starters;
  if (starterId === undefined || starters.length !== 1) {
    throw new ConfigurationError(
      `${source}: expected one AWS::Lambda::Function with Metadata "${METADATA.handler}": "start-execution" and "${METADATA.stateMachine}": "${machine.path}", found ${starters.length === 0 ? 'none' : starters.join(', ')}`,
    );
  }
  const firstResolver = createResolver(template, { ...scope, names: { [machine.logicalId]: stateMachineName } });
  const starterArn = firstResolver.functionArn(starterId);
  const starterName = firstResolver.physicalName(starterId);
  const trigger = findTrigger(template, firstResolver, source, starterId, (target) => sameFunction(target, starterArn, starterName));

  // The incoming bucket: `bucket` wins, then the bucket resource's BucketName, then the default.
  const bucketId = bucketLogicalId(template, trigger.bucket);
  const bucket = options.bucket ?? templateBucketName(template, firstResolver, trigger.bucket, bucketId, trigger.where);
  const resolver = createResolver(template, {
    ...scope,
    names: { [machine.logicalId]: stateMachineName, ...(bucketId === undefined ? {} : { [bucketId]: bucket }) },
  });

  const used = new Set<string>();
  const specOf = (id: string, fallback: BuiltInHandler | undefined, role: string): LocalFunctionSpec => {
    const given = options.functions?.[id];
    if (given) used.add(id);
    const handler = given ?? handlerOf(id) ?? fallback;
    if (handler === undefined) {
      throw new ConfigurationError(
        `${source}: Lambda function "${id}" (${role}) has no Metadata "${METADATA.handler}", so the local runtime does not know which handler it runs: ` +
          `pass one programmatically, startLocal({ template, functions: { '${id}': handler } })`,
      );
    }
    const properties = template.Resources[id]?.Properties ?? {};
    return {
      logicalId: id,
      functionName: resolver.physicalName(id),
      functionArn: resolver.functionArn(id),
      handler,
      env: typeof handler === 'string' ? environmentOf(resolver, id, properties) : {},
      ...(typeof properties['Timeout'] === 'number' ? { timeoutSeconds: properties['Timeout'] } : {}),
    };
  };

  const definition = resolveDefinition(template, resolver, source, machine.logicalId);
  const functionIds = new Map<string, string>();
  for (const id of lambdaIds) {
    functionIds.set(resolver.functionArn(id), id);
    functionIds.set(resolver.physicalName(id), id);
  }
  const tasks: Record<string, LocalFunctionSpec> = {};
  for (const { state, target } of taskTargets(definition, source)) {
    const id = functionIds.get(unqualified(target));
    if (id !== undefined) {
      tasks[state] = specOf(id, undefined, `called by Task state "${state}"`);
      continue;
    }
    const given = options.functions?.[target] ?? options.functions?.[unqualified(target)];
    if (!given) {
      throw new ConfigurationError(
        `${source}: Task state "${state}" calls ${target}, which is not a Lambda function of the template: pass its handler, startLocal({ template, functions: { '${target}': handler } })`,
      );
    }
    used.add(options.functions?.[target] ? target : unqualified(target));
    const bare = unqualified(target);
    const functionName = bare.slice(bare.lastIndexOf(':') + 1);
    tasks[state] = {
      functionName,
      functionArn: target.startsWith('arn:') ? target : `arn:aws:lambda:${options.region}:${options.accountId}:function:${functionName}`,
      handler: given,
      env: {},
    };
  }
  const starter = specOf(starterId, 'start-execution', `the trigger's target`);
  const stateMachineArn = resolver.resolveString({ Ref: machine.logicalId }, `state machine "${machine.logicalId}"`);
  const starterMachine = starter.env[ENV.stateMachineArn];
  if (typeof starter.handler === 'string' && starterMachine !== stateMachineArn) {
    throw new ConfigurationError(
      `${source}: resource "${starterId}" Environment.Variables.${ENV.stateMachineArn} is ${starterMachine === undefined ? 'not set' : `"${starterMachine}"`}, not the state machine "${machine.logicalId}" (${stateMachineArn})`,
    );
  }
  const unknown = Object.keys(options.functions ?? {}).filter((key) => !used.has(key));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `${source}: "functions" names ${unknown.map((key) => `"${key}"`).join(', ')}, which the workflow does not run; its functions are ${[...Object.values(tasks).map((task) => task.logicalId ?? task.functionArn), starterId].join(', ')}`,
    );
  }

  // Manifests go where process-file writes them (start-execution must skip the same place).
  const outputEnv = Object.values(tasks).find((task) => task.handler === 'process-file')?.env ?? starter.env;
  const outputBucket = nonBlank(outputEnv[ENV.outputBucket]) ?? bucket;
  const outputPrefix = nonBlank(outputEnv[ENV.outputPrefix]) ?? DEFAULT_OUTPUT_PREFIX;
  return {
    definition,
    stateMachineName,
    bucket,
    outputBucket,
    outputPrefix,
    keyFilter: trigger.keyFilter,
    events: trigger.events,
    trigger: trigger.kind,
    tasks,
    starter,
    source,
  };
}

/** The incoming bucket's name as the template gives it: the resource's BucketName, a literal name, or the default. */
function templateBucketName(
  template: CfnTemplate,
  resolver: Resolver,
  bucket: unknown,
  bucketId: string | undefined,
  where: string,
): string {
  if (bucketId !== undefined) {
    return template.Resources[bucketId]?.Properties?.['BucketName'] !== undefined
      ? resolver.physicalName(bucketId)
      : DEFAULT_TEMPLATE_BUCKET;
  }
  return bucket === undefined ? DEFAULT_TEMPLATE_BUCKET : resolver.resolveString(bucket, `${where} bucket`);
}

function metadataHandler(template: CfnTemplate, source: string, id: string): BuiltInHandler | undefined {
  const value = template.Resources[id]?.Metadata?.[METADATA.handler];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(BUILT_IN_HANDLERS as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `${source}: resource "${id}" has Metadata "${METADATA.handler}": ${JSON.stringify(value)}; expected one of ${BUILT_IN_HANDLERS.join(', ')}`,
    );
  }
  return value as BuiltInHandler;
}

function environmentOf(resolver: Resolver, id: string, properties: Readonly<Record<string, unknown>>): Record<string, string> {
  const environment = properties['Environment'];
  const variables = isRecord(environment) && isRecord(environment['Variables']) ? environment['Variables'] : {};
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      resolver.resolveString(value, `resource "${id}" Environment.Variables.${name}`),
    ]),
  );
}

/** The bucket's logical id when the trigger names it by `{ "Ref": id }` (or `Fn::GetAtt`-free forms CDK writes). */
function bucketLogicalId(template: CfnTemplate, bucket: unknown): string | undefined {
  if (isRecord(bucket) && typeof bucket['Ref'] === 'string' && template.Resources[bucket['Ref']]?.Type === 'AWS::S3::Bucket')
    return bucket['Ref'];
  return undefined;
}

/** A function ARN without a version or alias qualifier (`...:function:name:alias` → `...:function:name`); names stay. */
function unqualified(target: string): string {
  return target.startsWith('arn:') ? target.split(':').slice(0, 7).join(':') : target;
}

function sameFunction(target: string, arn: string, name: string): boolean {
  const bare = unqualified(target);
  return bare === arn || bare === name;
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A state machine name from a construct path: its last part, with only the characters Step Functions allows. */
export function stateMachineNameFromPath(path: string): string {
  const last =
    path
      .split('/')
      .filter((part) => part !== '')
      .at(-1) ?? 'sizegate';
  const name = last.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  return name === '' ? 'sizegate' : name;
}
