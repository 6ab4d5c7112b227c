import { App, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { SizeGate } from '../../src/index.js';
import {
  actionsOf,
  logicalIdOf,
  policyStatements,
  resourcesOf,
  resourcesOfType,
  statementsOfHandler,
  statementsOfRole,
  synthGate,
  type StatementJson,
  type TemplateJson,
} from '../helpers/synth.js';

/** Actions AWS authorizes only on Resource "*". */
const STAR_ONLY_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const objectsArn = (bucketId: string, pattern: string) => ({ 'Fn::Join': ['', [getAtt(bucketId), `/${pattern}`]] });
/** Statements without the log and X-Ray ones every function role has. */
const dataStatements = (statements: StatementJson[]) =>
  statements.filter((statement) => statement.Sid !== 'WriteOwnLogs' && !actionsOf(statement).every((a) => a.startsWith('xray:')));

function assertNoWildcardActionsAndOnlyStarOnlyResourceStars(json: TemplateJson): void {
  const statements = policyStatements(json);
  expect(statements.length).toBeGreaterThan(0);
  for (const { policy, statement } of statements) {
    for (const action of actionsOf(statement)) expect(action, `${policy}: ${action}`).not.toContain('*');
    if (resourcesOf(statement).includes('*')) {
      for (const action of actionsOf(statement)) expect(STAR_ONLY_ACTIONS.has(action), `${policy}: ${action} on "*"`).toBe(true);
    }
  }
  // Managed policies carry Resource "*" statements of their own: the one allowed is CDK's bucket-notification
  // handler's basic-execution policy (logs), on that role only; no inline role policies at all.
  for (const [roleId, role] of resourcesOfType(json, 'AWS::IAM::Role')) {
    expect(role.Properties?.['Policies'], `${roleId}: inline policies`).toBeUndefined();
    const managed = (role.Properties?.['ManagedPolicyArns'] ?? []) as unknown[];
    if (managed.length === 0) continue;
    expect(roleId, `${roleId} has managed policies`).toMatch(/^BucketNotificationsHandler[0-9a-f]+Role/);
    expect(managed.map((arn) => JSON.stringify(arn))).toEqual([JSON.stringify(BASIC_EXECUTION_ROLE_ARN)]);
  }
}

const BASIC_EXECUTION_ROLE_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']],
};

describe('SizeGate IAM: least privilege', () => {
  it('no wildcard actions; the only `Resource: "*"` statements are the actions AWS allows no other way (X-Ray, log delivery, and the logs of CDK\'s bucket-notification handler)', () => {
    for (const trigger of ['s3-notification', 'eventbridge'] as const) {
      // Prepare / Act
      const { json } = synthGate({ trigger });

      // Assess
      assertNoWildcardActionsAndOnlyStarOnlyResourceStars(json);
    }
  });

  it.each([
    ['the defaults', {}],
    ['eventbridge', { trigger: 'eventbridge' as const }],
    ['a separate output bucket', {}, (stack: Stack) => ({ outputBucket: new s3.Bucket(stack, 'Out', { enforceSSL: true }) })],
  ])(
    'S3, Step Functions and Lambda statements each scoped to one resource (%s): each statement names one bucket (or a key prefix in it), one state machine or one function',
    (_case, props, build?: (stack: Stack) => object) => {
      // Prepare / Act
      const { json } = synthGate(props, build);

      // Assess
      const scoped = policyStatements(json).filter(({ statement }) =>
        actionsOf(statement).some((action) => /^(s3|states|lambda):/.test(action)),
      );
      expect(scoped.length).toBeGreaterThanOrEqual(5);
      for (const { policy, statement } of scoped) {
        expect(resourcesOf(statement), `${policy}: ${actionsOf(statement).join(',')} names one resource`).toHaveLength(1);
        for (const resource of resourcesOf(statement)) {
          expect(resource, `${policy}: ${actionsOf(statement).join(',')}`).not.toBe('*');
          // One resource of this template per entry: a Ref/GetAtt, or a bucket ARN + "/prefix*" for objects.
          const referenced = [...JSON.stringify(resource).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((match) => match[1]!);
          expect(referenced, `${policy}: ${JSON.stringify(resource)}`).toHaveLength(1);
          expect(json.Resources[referenced[0]!], `${policy}: ${referenced[0]} is a resource of the stack`).toBeDefined();
        }
      }
    },
  );

  it('the only `Resource: "*"` statements are the actions AWS allows no other way, each acknowledged on its role with a reason', () => {
    // Prepare
    const { app, stack, json } = synthGate({ trigger: 'eventbridge' });

    // Act
    const starPolicies = new Set(
      policyStatements(json)
        .filter(({ statement }) => resourcesOf(statement).includes('*'))
        .map(({ policy }) => policy),
    );

    // Assess
    expect(starPolicies.size).toBeGreaterThan(0);
    for (const policyId of starPolicies) {
      const roleIds = (json.Resources[policyId]!.Properties!['Roles'] as { Ref: string }[]).map((role) => role.Ref);
      for (const roleId of roleIds) {
        const cfnRole = app.node
          .findAll()
          .find(
            (construct): construct is iam.CfnRole =>
              construct instanceof iam.CfnRole && stack.getLogicalId(construct as CfnResource) === roleId,
          );
        expect(cfnRole, roleId).toBeDefined();
        const reason = acknowledgementOn(cfnRole!, 'AwsSolutions-IAM5[Resource::*]');
        expect(reason, `${roleId} acknowledges its Resource "*" statements`).toMatch(/Resource "\*"/);
      }
    }
  });

  it.each(['s3-notification', 'eventbridge'] as const)(
    'the managed basic-execution policy (logs on Resource "*") of CDK\'s bucket-notification handler role is acknowledged with a reason (%s trigger)',
    (trigger) => {
      // Prepare
      const { app, stack, json } = synthGate({ trigger });

      // Act
      const managedRoles = resourcesOfType(json, 'AWS::IAM::Role').filter(
        ([, role]) => role.Properties?.['ManagedPolicyArns'] !== undefined,
      );

      // Assess
      expect(managedRoles.map(([roleId]) => roleId)).toEqual([expect.stringMatching(/^BucketNotificationsHandler[0-9a-f]+Role/)]);
      const cfnRole = app.node
        .findAll()
        .find(
          (construct): construct is iam.CfnRole =>
            construct instanceof iam.CfnRole && stack.getLogicalId(construct as CfnResource) === managedRoles[0]![0],
        );
      expect(cfnRole).toBeDefined();
      const reason = acknowledgementOn(
        cfnRole!,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      );
      expect(reason).toMatch(/bucket-notification handler/);
    },
  );

  it('grants each role exactly the statements its handler needs, on exact resources', () => {
    // Prepare / Act
    const { json } = synthGate({ keyPrefix: 'uploads/', outputPrefix: 'processed/' });
    const bucketId = logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket');
    const queueId = logicalIdOf(json, 'AWS::SQS::Queue', 'GateDeadLetterQueue');
    const machineId = logicalIdOf(json, 'AWS::StepFunctions::StateMachine', 'GateStateMachine');
    const reads = [
      {
        Sid: 'ReadGatedObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: objectsArn(bucketId, 'uploads/*'),
      },
      { Sid: 'ListGatedBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: getAtt(bucketId) },
    ];

    // Assess
    expect(dataStatements(statementsOfHandler(json, 'check-size'))).toEqual(reads);
    expect(dataStatements(statementsOfHandler(json, 'process-file'))).toEqual([
      ...reads,
      { Sid: 'WriteManifests', Effect: 'Allow', Action: 's3:PutObject', Resource: objectsArn(bucketId, 'processed/*') },
    ]);
    expect(dataStatements(statementsOfHandler(json, 'start-execution'))).toEqual([
      { Sid: 'StartSizeGateExecutions', Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: machineId } },
      // Added by the on-failure destination: send to this queue only.
      { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: getAtt(queueId) },
    ]);
    for (const handler of ['check-size', 'process-file', 'start-execution']) {
      const logs = statementsOfHandler(json, handler).filter((statement) => statement.Sid === 'WriteOwnLogs');
      expect(logs).toHaveLength(1);
      expect(logs[0]!.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(JSON.stringify(logs[0]!.Resource)).toMatch(/LogGroup/);
    }

    const machineRoleId = logicalIdOf(json, 'AWS::IAM::Role', 'GateStateMachineRole');
    const invoke = statementsOfRole(json, machineRoleId).filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'));
    expect(invoke).toEqual([
      {
        Sid: 'InvokeCheckFileSize',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(logicalIdOf(json, 'AWS::Lambda::Function', 'GateCheckSizeFunction')),
      },
      {
        Sid: 'InvokeProcessFile',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(logicalIdOf(json, 'AWS::Lambda::Function', 'GateProcessFileFunction')),
      },
    ]);
  });

  it('with a KMS-encrypted existing bucket: kms:Decrypt for readers, kms:GenerateDataKey for the manifest writer, on that key only', () => {
    // Prepare
    const app = new App();
    const storage = new Stack(app, 'Storage');
    const key = new kms.Key(storage, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(storage, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    const stack = new Stack(app, 'Gate');

    // Act
    new SizeGate(stack, 'Gate', { existingBucketObj: bucket });
    const json = Template.fromStack(stack).toJSON() as TemplateJson;

    // Assess
    const kmsStatements = (handler: string) =>
      statementsOfHandler(json, handler).filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
    const keyArn = (statement: StatementJson) => JSON.stringify(statement.Resource);
    const [decryptForCheckSize] = kmsStatements('check-size');
    expect(kmsStatements('check-size')).toHaveLength(1);
    expect(decryptForCheckSize!.Action).toBe('kms:Decrypt');
    expect(keyArn(decryptForCheckSize!)).toMatch(/^{"Fn::ImportValue":"Storage:ExportsOutputFnGetAttKey[0-9A-F]+Arn[0-9A-F]+"}$/);
    expect(kmsStatements('process-file').map((statement) => statement.Action)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(new Set(kmsStatements('process-file').map(keyArn))).toEqual(new Set([keyArn(decryptForCheckSize!)]));
    expect(kmsStatements('start-execution')).toEqual([]);
    assertNoWildcardActionsAndOnlyStarOnlyResourceStars(json);
  });

  it('without a key, grants no KMS action at all', () => {
    // Prepare / Act
    const { json } = synthGate();

    // Assess
    const kmsActions = policyStatements(json)
      .flatMap(({ statement }) => actionsOf(statement))
      .filter((action) => action.startsWith('kms:'));
    expect(kmsActions).toEqual([]);
  });
});

/** The reason of an acknowledgement of `id` on the construct or one of its scopes, as cdk-nag reads it. */
function acknowledgementOn(construct: IConstruct, id: string): string | undefined {
  for (let scope: IConstruct | undefined = construct; scope !== undefined; scope = scope.node.scope) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (key.replace(/^annotation::/i, '') === id) return reason;
      }
    }
  }
  return undefined;
}
