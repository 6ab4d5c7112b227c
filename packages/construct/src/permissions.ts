import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';

/*
 * Every statement is written out: CDK's grantRead/grantWrite add wildcard actions (s3:GetObject*,
 * s3:List*, kms:ReEncrypt*, ...) the handlers do not need. No statement here has a wildcard
 * action; the object-level resources are the only wildcards, scoped to a key prefix.
 */

/** Reads check-size and process-file do: HeadObject/GetObject (plain and of a version). */
export function readObjectStatements(bucket: s3.IBucket, keyPrefix: string | undefined): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'ReadGatedObjects',
      // HeadObject is authorized by s3:GetObject; the version-specific calls by s3:GetObjectVersion.
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [bucket.arnForObjects(`${keyPrefix ?? ''}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ListGatedBucket',
      // Without s3:ListBucket, S3 answers 403 instead of 404 for a missing key.
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
    }),
  ];
  if (bucket.encryptionKey !== undefined) {
    statements.push(
      new iam.PolicyStatement({ sid: 'DecryptGatedObjects', actions: ['kms:Decrypt'], resources: [bucket.encryptionKey.keyArn] }),
    );
  }
  return statements;
}

/** The manifest write of process-file: one PutObject under the output prefix. */
export function writeManifestStatements(outputBucket: s3.IBucket, outputPrefix: string): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'WriteManifests',
      actions: ['s3:PutObject'],
      resources: [outputBucket.arnForObjects(`${outputPrefix}*`)],
    }),
  ];
  if (outputBucket.encryptionKey !== undefined) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'EncryptManifests',
        actions: ['kms:GenerateDataKey'],
        resources: [outputBucket.encryptionKey.keyArn],
      }),
    );
  }
  return statements;
}

export function startExecutionStatement(stateMachine: sfn.IStateMachine): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'StartSizeGateExecutions',
    actions: ['states:StartExecution'],
    resources: [stateMachine.stateMachineArn],
  });
}

/** One lambda:InvokeFunction statement per task function (each statement scoped to one resource). */
export function invokeFunctionStatements(functions: Readonly<Record<string, lambda.IFunction>>): iam.PolicyStatement[] {
  return Object.entries(functions).map(
    ([name, fn]) =>
      new iam.PolicyStatement({
        sid: `Invoke${name}`,
        actions: ['lambda:InvokeFunction'],
        // Unqualified ARN: the definition invokes $LATEST, so no ":*" version wildcard is needed.
        resources: [fn.functionArn],
      }),
  );
}

/**
 * cdk-nag's AwsSolutions-IAM5 names each wildcard resource of a policy by its flattened form
 * (`Resource::<BucketLogicalId.Arn>/uploads/*`), which is only final once cross-stack references
 * are resolved. So the acknowledgements of the object-level wildcards are recorded during
 * synthesis' validation phase, which runs after reference resolution and before policy
 * validation plugins such as cdk-nag: exactly the statements SizeGate wrote, each with its reason.
 */
export function acknowledgeObjectWildcards(
  owner: IConstruct,
  entries: readonly { readonly role: IConstruct; readonly statement: iam.PolicyStatement; readonly reason: string }[],
): void {
  owner.node.addValidation({
    validate: () => {
      for (const { role, statement, reason } of entries) {
        const json = Stack.of(role).resolve(statement.toStatementJson()) as { Resource?: unknown };
        const resources = Array.isArray(json.Resource) ? json.Resource : [json.Resource];
        for (const resource of resources) {
          const flat = flattenCfnReference(resource);
          if (flat.includes('*')) Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
        }
      }
      return [];
    },
  });
}

/** The same flattening cdk-nag applies to a resolved CloudFormation value (utils/flatten-cfn-reference). */
export function flattenCfnReference(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (Token.isUnresolved(value)) return String(value);
  const node = value as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (node['Fn::Sub']) return flattenCfnReference(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return flattenCfnReference(node['Fn::ImportValue']);
  if (node['Ref']) return `<${flattenCfnReference(node['Ref'])}>`;
  return JSON.stringify(value);
}
