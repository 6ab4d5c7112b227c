import { ConfigurationError } from '@sizegate/types';
import { isRecord, type CfnTemplate } from './load.js';

/** Where the template is "deployed" locally: the runtime's region and account. */
export interface ResolverScope {
  readonly region: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default 'amazonaws.com' */
  readonly urlSuffix?: string;
}

export interface ResolverOptions extends ResolverScope {
  /** Names errors point at: the template's path. */
  readonly source: string;
  /** Local physical names that win over the template's (logical id → name), e.g. `--bucket`. */
  readonly names?: Readonly<Record<string, string>>;
}

export interface Resolver {
  /** `value` with every intrinsic function replaced by its local value; `where` names the place in errors. */
  resolve(value: unknown, where: string): unknown;
  /** Like resolve, for values that must end up a string (numbers and booleans become strings). */
  resolveString(value: unknown, where: string): string;
  /** The local physical name of a resource (what `Ref` gives for buckets and functions). */
  physicalName(logicalId: string): string;
  /** The local ARN of a Lambda function resource. */
  functionArn(logicalId: string): string;
}

/** Ref / Fn::GetAtt support per resource type: the attributes a sizegate template uses. */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::SNS::Topic': 'TopicName',
};

/** `{"Ref": ...}` as compact JSON, shortened, for messages. */
export function describeExpression(expression: unknown): string {
  const text = JSON.stringify(expression) ?? String(expression);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** S3 bucket names: 3-63 of a-z 0-9 . - ; a CDK logical id lower-cased fits once other characters go. */
export function bucketNameFromLogicalId(logicalId: string): string {
  const name = logicalId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return name.length >= 3 ? name : `${name}-bucket`;
}

/**
 * Resolves CloudFormation intrinsic functions to the values they would have if the template were
 * deployed into the local runtime: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::FindInMap, Fn::Base64 and the pseudo parameters. Physical names come from the resource's
 * name property, else the logical id (buckets: lower-cased), unless `names` says otherwise.
 */
export function createResolver(template: CfnTemplate, options: ResolverOptions): Resolver {
  const partition = options.partition ?? 'aws';
  const urlSuffix = options.urlSuffix ?? 'amazonaws.com';
  const { region, accountId, source } = options;
  const naming = new Set<string>(); // physical names being resolved, against Ref cycles

  const fail = (where: string, expression: unknown, reason: string): never => {
    throw new ConfigurationError(`${source}: ${where}: cannot resolve ${describeExpression(expression)} locally: ${reason}`);
  };

  const resourceOf = (logicalId: string, where: string, expression: unknown) => {
    const resource = template.Resources[logicalId];
    if (!resource) return fail(where, expression, `there is no resource "${logicalId}" in the template`);
    return resource;
  };

  const physicalName = (logicalId: string): string => {
    const override = options.names?.[logicalId];
    if (override !== undefined) return override;
    const resource = template.Resources[logicalId];
    if (!resource) throw new ConfigurationError(`${source}: there is no resource "${logicalId}" in the template`);
    const property = NAME_PROPERTIES[resource.Type];
    const value = property === undefined ? undefined : resource.Properties?.[property];
    if (value !== undefined && property !== undefined) {
      if (naming.has(logicalId))
        throw new ConfigurationError(`${source}: resource "${logicalId}" property ${property}: its name refers to itself`);
      naming.add(logicalId);
      try {
        return resolveString(value, `resource "${logicalId}" property ${property}`);
      } finally {
        naming.delete(logicalId);
      }
    }
    return resource.Type === 'AWS::S3::Bucket' ? bucketNameFromLogicalId(logicalId) : logicalId;
  };

  const functionArn = (logicalId: string) => `arn:${partition}:lambda:${region}:${accountId}:function:${physicalName(logicalId)}`;
  const stateMachineArn = (logicalId: string) => `arn:${partition}:states:${region}:${accountId}:stateMachine:${physicalName(logicalId)}`;

  const pseudo = (name: string, where: string, expression: unknown): string => {
    switch (name) {
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return urlSuffix;
      default:
        return fail(where, expression, `the pseudo parameter ${name} has no local value`);
    }
  };

  const ref = (target: unknown, where: string, expression: unknown): unknown => {
    if (typeof target !== 'string') return fail(where, expression, 'Ref takes a logical id');
    if (target.startsWith('AWS::')) return pseudo(target, where, expression);
    const parameter = template.Parameters?.[target];
    if (parameter !== undefined) {
      if (parameter.Default === undefined)
        return fail(where, expression, `parameter "${target}" has no Default, and nothing is passed locally`);
      return parameter.Default;
    }
    const resource = resourceOf(target, where, expression);
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
      case 'AWS::Lambda::Function':
      case 'AWS::IAM::Role':
        return physicalName(target);
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(target);
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${accountId}:${physicalName(target)}`;
      default:
        return fail(where, expression, `Ref to "${target}" (${resource.Type}) is not supported by the local runtime`);
    }
  };

  const getAtt = (logicalId: string, attribute: string, where: string, expression: unknown): string => {
    const resource = resourceOf(logicalId, where, expression);
    const key = `${resource.Type} ${attribute}`;
    switch (key) {
      case 'AWS::S3::Bucket Arn':
        return `arn:${partition}:s3:::${physicalName(logicalId)}`;
      case 'AWS::S3::Bucket DomainName':
        return `${physicalName(logicalId)}.s3.${urlSuffix}`;
      case 'AWS::S3::Bucket RegionalDomainName':
        return `${physicalName(logicalId)}.s3.${region}.${urlSuffix}`;
      case 'AWS::Lambda::Function Arn':
        return functionArn(logicalId);
      case 'AWS::StepFunctions::StateMachine Arn':
        return stateMachineArn(logicalId);
      case 'AWS::StepFunctions::StateMachine Name':
        return physicalName(logicalId);
      case 'AWS::IAM::Role Arn':
        return `arn:${partition}:iam::${accountId}:role/${physicalName(logicalId)}`;
      case 'AWS::SNS::Topic TopicArn':
        return `arn:${partition}:sns:${region}:${accountId}:${physicalName(logicalId)}`;
      case 'AWS::SNS::Topic TopicName':
        return physicalName(logicalId);
      default:
        return fail(where, expression, `attribute ${attribute} of "${logicalId}" (${resource.Type}) is not supported by the local runtime`);
    }
  };

  const sub = (args: unknown, where: string, expression: unknown): string => {
    const [text, variables] = Array.isArray(args) ? args : [args, {}];
    if (typeof text !== 'string' || !isRecord(variables))
      return fail(where, expression, 'Fn::Sub takes a string or [string, { variables }]');
    return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal} stays literal
      if (Object.hasOwn(variables, name)) return resolveString(variables[name], where);
      if (name.startsWith('AWS::')) return pseudo(name, where, expression);
      const dot = name.indexOf('.');
      if (dot > 0) return getAtt(name.slice(0, dot), name.slice(dot + 1), where, expression);
      return toText(ref(name, where, expression), where, expression);
    });
  };

  const toText = (value: unknown, where: string, expression: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return fail(where, expression, `it gives ${describeExpression(value)}, not a string`);
  };

  const list = (value: unknown, where: string, expression: unknown): unknown[] => {
    const resolved = resolve(value, where);
    if (!Array.isArray(resolved)) return fail(where, expression, 'expected a list');
    return resolved;
  };

  const intrinsic = (name: string, args: unknown, where: string, expression: unknown): unknown => {
    switch (name) {
      case 'Ref':
        return ref(args, where, expression);
      case 'Fn::GetAtt': {
        const parts = typeof args === 'string' ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)] : args;
        if (
          !Array.isArray(parts) ||
          parts.length !== 2 ||
          typeof parts[0] !== 'string' ||
          typeof parts[1] !== 'string' ||
          parts[0] === ''
        ) {
          return fail(where, expression, 'Fn::GetAtt takes [logicalId, attribute]');
        }
        return getAtt(parts[0], parts[1], where, expression);
      }
      case 'Fn::Join': {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string')
          return fail(where, expression, 'Fn::Join takes [delimiter, [values]]');
        return list(args[1], where, expression)
          .map((item) => toText(item, where, expression))
          .join(args[0]);
      }
      case 'Fn::Sub':
        return sub(args, where, expression);
      case 'Fn::Select': {
        if (!Array.isArray(args) || args.length !== 2) return fail(where, expression, 'Fn::Select takes [index, [values]]');
        const index = Number(resolve(args[0], where));
        const values = list(args[1], where, expression);
        if (!Number.isInteger(index) || index < 0 || index >= values.length)
          return fail(where, expression, `index ${String(args[0])} is out of range`);
        return values[index];
      }
      case 'Fn::Split': {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string')
          return fail(where, expression, 'Fn::Split takes [delimiter, string]');
        return toText(resolve(args[1], where), where, expression).split(args[0]);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(args) || args.length !== 3) return fail(where, expression, 'Fn::FindInMap takes [map, topKey, secondKey]');
        const [map, top, second] = args.map((arg) => toText(resolve(arg, where), where, expression));
        const mappings = isRecord(template.Mappings) ? template.Mappings : {};
        const mapping = mappings[map as string];
        const row = isRecord(mapping) ? mapping[top as string] : undefined;
        const value = isRecord(row) ? row[second as string] : undefined;
        if (value === undefined) return fail(where, expression, `Mappings has no ${map}.${top}.${second}`);
        return value;
      }
      case 'Fn::Base64':
        return Buffer.from(toText(resolve(args, where), where, expression), 'utf8').toString('base64');
      default:
        return fail(where, expression, `${name} is not supported by the local runtime`);
    }
  };

  function resolve(value: unknown, where: string): unknown {
    if (Array.isArray(value)) return value.map((item) => resolve(item, where));
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const [name] = keys;
    if (keys.length === 1 && name !== undefined && (name === 'Ref' || name.startsWith('Fn::') || name === 'Condition')) {
      return intrinsic(name, value[name], where, value);
    }
    return Object.fromEntries(keys.map((key) => [key, resolve(value[key], where)]));
  }

  function resolveString(value: unknown, where: string): string {
    return toText(resolve(value, where), where, value);
  }

  return { resolve, resolveString, physicalName, functionArn };
}
