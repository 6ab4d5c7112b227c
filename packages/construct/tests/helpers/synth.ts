import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SizeGate } from '../../src/index.js';
import type { SizeGateProps } from '../../src/index.js';

export interface Synthesized {
  readonly app: App;
  readonly stack: Stack;
  readonly gate: SizeGate;
  readonly template: Template;
  readonly json: TemplateJson;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}
export interface TemplateJson {
  readonly Resources: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, unknown>;
}

/** A fresh app and stack; the account/region make ARNs concrete enough to read. */
export function newStack(id = 'TestStack'): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } });
  return { app, stack };
}

/** One SizeGate in a fresh stack, synthesized. */
export function synthGate(props: SizeGateProps = {}, build?: (stack: Stack) => Partial<SizeGateProps>): Synthesized {
  const { app, stack } = newStack();
  const gate = new SizeGate(stack, 'Gate', { ...props, ...build?.(stack) });
  const template = Template.fromStack(stack);
  return { app, stack, gate, template, json: template.toJSON() as TemplateJson };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(json: TemplateJson, type: string): [string, CfnResourceJson][] {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

export interface StatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Sid?: string;
  readonly Condition?: unknown;
}

/** Every statement of every AWS::IAM::Policy, with the policy's logical id. */
export function policyStatements(json: TemplateJson): { policy: string; statement: StatementJson }[] {
  return resourcesOfType(json, 'AWS::IAM::Policy').flatMap(([policy, resource]) => {
    const document = resource.Properties?.['PolicyDocument'] as { Statement: StatementJson[] };
    return document.Statement.map((statement) => ({ policy, statement }));
  });
}

export const actionsOf = (statement: StatementJson): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

export const resourcesOf = (statement: StatementJson): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** The statements of the role policy attached to the function with this `sizegate:handler` metadata. */
export function statementsOfHandler(json: TemplateJson, handler: string): StatementJson[] {
  const [, fn] = functionOf(json, handler);
  const roleId = (fn.Properties!['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return statementsOfRole(json, roleId);
}

export function statementsOfRole(json: TemplateJson, roleId: string): StatementJson[] {
  return resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties!['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties!['PolicyDocument'] as { Statement: StatementJson[] }).Statement);
}

/** The function resource carrying `sizegate:handler: <handler>` (exactly one expected). */
export function functionOf(json: TemplateJson, handler: string, owner?: string): [string, CfnResourceJson] {
  const matches = resourcesOfType(json, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Metadata?.['sizegate:handler'] === handler && (owner === undefined || fn.Metadata?.['sizegate:state-machine'] === owner),
  );
  if (matches.length !== 1) throw new Error(`expected one ${handler} function${owner ? ` of ${owner}` : ''}, found ${matches.length}`);
  return matches[0]!;
}

/** The logical id of the one resource of this type whose logical id starts with the prefix. */
export function logicalIdOf(json: TemplateJson, type: string, prefix: string): string {
  const matches = resourcesOfType(json, type).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${matches.map(([id]) => id).join(', ')}`);
  return matches[0]![0];
}

/** cdk-nag AwsSolutions findings left unacknowledged after synthesis, as "RuleId at path". */
export function unacknowledgedNagFindings(app: App): string[] {
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}
