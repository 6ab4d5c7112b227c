import { ConfigurationError } from '@sizegate/types';
import type { KeyFilter, TriggerKind } from '../workflow/config.js';
import type { Resolver } from './intrinsics.js';
import { isRecord, type CfnTemplate } from './load.js';

/** How uploads reach the start-execution function, as the template wires it. */
export interface TemplateTrigger {
  readonly kind: TriggerKind;
  /** Where it was found, for messages: e.g. `resource "BucketNotifications" LambdaFunctionConfigurations[0]`. */
  readonly where: string;
  /** The bucket, unresolved (`{"Ref": "<bucket logical id>"}` or a name); undefined: any bucket. */
  readonly bucket: unknown;
  readonly keyFilter: KeyFilter;
  readonly events: readonly string[];
}

/** Whether a resolved ARN (or name) names the function `functionArn`. */
export type IsStarter = (resolvedTarget: string) => boolean;

/**
 * Finds what invokes the start-execution function: a `Custom::S3BucketNotifications` (CDK's S3
 * notifications), a bucket's own `NotificationConfiguration`, or an enabled `AWS::Events::Rule`
 * (S3 → EventBridge). Exactly one is supported: several would each need their own local wiring.
 */
export function findTrigger(
  template: CfnTemplate,
  resolver: Resolver,
  source: string,
  starterId: string,
  isStarter: IsStarter,
): TemplateTrigger {
  const found: TemplateTrigger[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'Custom::S3BucketNotifications') {
      const configurations = isRecord(properties['NotificationConfiguration'])
        ? properties['NotificationConfiguration']['LambdaFunctionConfigurations']
        : undefined;
      asArray(configurations).forEach((configuration, index) => {
        const where = `resource "${logicalId}" NotificationConfiguration.LambdaFunctionConfigurations[${index}]`;
        if (
          !isRecord(configuration) ||
          !isStarter(resolver.resolveString(configuration['LambdaFunctionArn'], `${where}.LambdaFunctionArn`))
        )
          return;
        const filter =
          isRecord(configuration['Filter']) && isRecord(configuration['Filter']['Key'])
            ? configuration['Filter']['Key']['FilterRules']
            : undefined;
        found.push({
          kind: 's3-notification',
          where,
          bucket: properties['BucketName'],
          keyFilter: s3KeyFilter(resolver.resolve(filter, where), source, where),
          events: events(resolver.resolve(configuration['Events'], where)),
        });
      });
    } else if (resource.Type === 'AWS::S3::Bucket' && isRecord(properties['NotificationConfiguration'])) {
      asArray(properties['NotificationConfiguration']['LambdaConfigurations']).forEach((configuration, index) => {
        const where = `resource "${logicalId}" NotificationConfiguration.LambdaConfigurations[${index}]`;
        if (!isRecord(configuration) || !isStarter(resolver.resolveString(configuration['Function'], `${where}.Function`))) return;
        const filter =
          isRecord(configuration['Filter']) && isRecord(configuration['Filter']['S3Key'])
            ? configuration['Filter']['S3Key']['Rules']
            : undefined;
        found.push({
          kind: 's3-notification',
          where,
          bucket: { Ref: logicalId },
          keyFilter: s3KeyFilter(resolver.resolve(filter, where), source, where),
          events: events(resolver.resolve([configuration['Event']], where)),
        });
      });
    } else if (resource.Type === 'AWS::Events::Rule' && properties['State'] !== 'DISABLED') {
      asArray(properties['Targets']).forEach((target, index) => {
        const where = `resource "${logicalId}" Targets[${index}]`;
        if (!isRecord(target) || !isStarter(resolver.resolveString(target['Arn'], `${where}.Arn`))) return;
        const trigger = eventBridgeTrigger(properties['EventPattern'], resolver, source, `resource "${logicalId}" EventPattern`);
        if (trigger) found.push(trigger);
      });
    }
  }
  const [first] = found;
  if (first === undefined) {
    throw new ConfigurationError(
      `${source}: nothing invokes the start-execution function "${starterId}": expected a Custom::S3BucketNotifications LambdaFunctionConfiguration or an AWS::Events::Rule (S3 "Object Created") targeting it`,
    );
  }
  if (found.length > 1) {
    throw new ConfigurationError(
      `${source}: the start-execution function "${starterId}" has ${found.length} triggers (${found.map((trigger) => trigger.where).join('; ')}); the local runtime runs exactly one`,
    );
  }
  return first;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function events(value: unknown): string[] {
  const list = asArray(value).filter((event): event is string => typeof event === 'string');
  return list.length > 0 ? list : ['s3:ObjectCreated:*'];
}

/** `FilterRules: [{ Name: 'prefix' | 'suffix', Value }]` (S3 accepts each name once, in any case). */
function s3KeyFilter(rules: unknown, source: string, where: string): KeyFilter {
  const filter: { prefix?: string; suffix?: string } = {};
  for (const rule of asArray(rules)) {
    const name = isRecord(rule) && typeof rule['Name'] === 'string' ? rule['Name'].toLowerCase() : undefined;
    const value = isRecord(rule) ? rule['Value'] : undefined;
    if ((name !== 'prefix' && name !== 'suffix') || typeof value !== 'string') {
      throw new ConfigurationError(
        `${source}: ${where}: filter rule ${JSON.stringify(rule)} is not { "Name": "prefix" | "suffix", "Value": "..." }`,
      );
    }
    filter[name] = value;
  }
  return filter;
}

/**
 * An S3 "Object Created" rule: `source: ["aws.s3"]`, `detail-type` with "Object Created",
 * `detail.bucket.name` and at most one `detail.object.key` matcher (prefix, suffix, wildcard or
 * an exact key). Returns undefined for a rule about other events.
 */
function eventBridgeTrigger(rawPattern: unknown, resolver: Resolver, source: string, where: string): TemplateTrigger | undefined {
  const unresolved = typeof rawPattern === 'string' ? (JSON.parse(rawPattern) as unknown) : rawPattern;
  if (!isRecord(unresolved)) throw new ConfigurationError(`${source}: ${where} is not an event pattern object`);
  const sources = asArray(unresolved['source']);
  const detailTypes = unresolved['detail-type'];
  if (!sources.includes('aws.s3') || (detailTypes !== undefined && !asArray(detailTypes).includes('Object Created'))) return undefined;
  const detail = isRecord(unresolved['detail']) ? unresolved['detail'] : {};
  const bucketNames = isRecord(detail['bucket']) ? asArray(detail['bucket']['name']) : [];
  if (bucketNames.length > 1)
    throw new ConfigurationError(
      `${source}: ${where}: detail.bucket.name lists ${bucketNames.length} buckets; the local runtime serves one incoming bucket`,
    );
  const keyMatchers = isRecord(detail['object']) ? asArray(resolver.resolve(detail['object']['key'], `${where} detail.object.key`)) : [];
  if (keyMatchers.length > 1)
    throw new ConfigurationError(
      `${source}: ${where}: detail.object.key has ${keyMatchers.length} matchers; the local runtime supports one (prefix, suffix or wildcard)`,
    );
  return {
    kind: 'eventbridge',
    where,
    bucket: bucketNames[0],
    keyFilter: eventBridgeKeyFilter(keyMatchers[0], source, where),
    events: ['s3:ObjectCreated:*'],
  };
}

function eventBridgeKeyFilter(matcher: unknown, source: string, where: string): KeyFilter {
  if (matcher === undefined) return {};
  if (typeof matcher === 'string') return { wildcard: matcher.replace(/\*/g, '\\*') };
  if (isRecord(matcher) && Object.keys(matcher).length === 1) {
    for (const name of ['prefix', 'suffix', 'wildcard'] as const) {
      if (typeof matcher[name] === 'string') return { [name]: matcher[name] };
    }
  }
  throw new ConfigurationError(
    `${source}: ${where}: detail.object.key matcher ${JSON.stringify(matcher)} is not supported locally (use prefix, suffix or wildcard)`,
  );
}
