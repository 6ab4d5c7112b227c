import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { SizeGate } from '../../src/index.js';
import { functionOf, logicalIdOf, newStack, resourcesOfType, synthGate, type TemplateJson } from '../helpers/synth.js';

describe('SizeGate triggers', () => {
  it('s3-notification: ObjectCreated with the prefix and suffix filters, to start-execution', () => {
    // Prepare / Act
    const { json, template } = synthGate({ keyPrefix: 'uploads/', keySuffix: '.csv' });
    const [startId] = functionOf(json, 'start-execution');

    // Assess
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket') },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            LambdaFunctionArn: { 'Fn::GetAtt': [startId, 'Arn'] },
            Filter: {
              Key: {
                // CDK writes the suffix rule first.
                FilterRules: [
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'uploads/' },
                ],
              },
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [startId, 'Arn'] },
    });
  });

  it('s3-notification without filters: every ObjectCreated', () => {
    // Prepare / Act
    const { template } = synthGate();

    // Assess
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [Match.objectEquals({ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: Match.anyValue() })],
      },
    });
  });

  it('eventbridge: turns on EventBridge delivery and routes matching "Object Created" events, dead-lettering undeliverable ones', () => {
    for (const [filters, key] of [
      [{ keyPrefix: 'uploads/' }, [{ prefix: 'uploads/' }]],
      [{ keySuffix: '.csv' }, [{ suffix: '.csv' }]],
      [{ keyPrefix: 'uploads/', keySuffix: '.csv' }, [{ wildcard: 'uploads/*.csv' }]],
    ] as const) {
      // Prepare / Act
      const { json, template } = synthGate({ trigger: 'eventbridge', ...filters });
      const bucketId = logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket');

      // Assess
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { Ref: bucketId },
        NotificationConfiguration: Match.objectEquals({ EventBridgeConfiguration: {} }),
      });
      template.resourceCountIs('AWS::Events::Rule', 1);
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: [{ Ref: bucketId }] }, object: { key } },
        },
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [functionOf(json, 'start-execution')[0], 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(json, 'AWS::SQS::Queue', 'GateDeadLetterQueue'), 'Arn'] } },
          },
        ],
      });
    }
  });
});

describe('SizeGate buckets', () => {
  it('creates the bucket with secure defaults and an access-log bucket', () => {
    // Prepare / Act
    const { json, template } = synthGate();
    const bucket = json.Resources[logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket')]!;
    const logsId = logicalIdOf(json, 'AWS::S3::Bucket', 'GateAccessLogsBucket');

    // Assess
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId } },
    });
    expect(bucket).toMatchObject({ UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' });
    // enforceSSL: both buckets deny non-TLS requests.
    const sslDenials = resourcesOfType(json, 'AWS::S3::BucketPolicy').filter(([, policy]) =>
      JSON.stringify(policy.Properties?.['PolicyDocument']).includes('"aws:SecureTransport":"false"'),
    );
    expect(sslDenials).toHaveLength(2);
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  it('lets bucketProps override the defaults', () => {
    // Prepare / Act
    const { json } = synthGate({ bucketProps: { encryption: s3.BucketEncryption.KMS_MANAGED, bucketName: 'my-gated-bucket' } });
    const bucket = json.Resources[logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket')]!;

    // Assess
    expect(bucket.Properties).toMatchObject({
      BucketName: 'my-gated-bucket',
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('uses an existing bucket from another stack without creating one or a dependency cycle', () => {
    // Prepare
    const app = new App();
    const storage = new Stack(app, 'Storage');
    const bucket = new s3.Bucket(storage, 'Data');
    const stack = new Stack(app, 'Gate');

    // Act
    const gate = new SizeGate(stack, 'Gate', { existingBucketObj: bucket });
    const assembly = app.synth();
    const json = Template.fromStack(stack).toJSON() as TemplateJson;

    // Assess: nothing in Storage refers back to Gate; the notification lives in the Gate stack.
    expect(gate.bucket).toBe(bucket);
    expect(resourcesOfType(json, 'AWS::S3::Bucket')).toEqual([]);
    expect(assembly.getStackByName('Gate').dependencies.map((dependency) => dependency.id)).toContain('Storage');
    expect(assembly.getStackByName('Storage').dependencies.map((dependency) => dependency.id)).not.toContain('Gate');
    const [, notifications] = resourcesOfType(json, 'Custom::S3BucketNotifications')[0]!;
    expect(notifications.Properties?.['BucketName']).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Storage:ExportsOutputRefData/) });
    expect(notifications.Properties?.['Managed']).toBe(false);
    expect(JSON.stringify(functionOf(json, 'process-file')[1].Properties?.['Environment'])).toMatch(/Storage:ExportsOutputRefData/);
  });

  it('writes manifests to a separate output bucket', () => {
    // Prepare / Act
    const { json } = synthGate({}, (stack) => ({ outputBucket: new s3.Bucket(stack, 'Manifests') }));
    const outputId = logicalIdOf(json, 'AWS::S3::Bucket', 'Manifests');

    // Assess
    const variables = (functionOf(json, 'process-file')[1].Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(variables['SIZEGATE_OUTPUT_BUCKET']).toEqual({ Ref: outputId });
  });

  it('works twice in one stack, each construct with its own functions, told apart by metadata', () => {
    // Prepare
    const { stack } = newStack();

    // Act
    new SizeGate(stack, 'Images', { keyPrefix: 'images/' });
    new SizeGate(stack, 'Reports', { trigger: 'eventbridge' });
    const json = Template.fromStack(stack).toJSON() as TemplateJson;

    // Assess
    const owners = resourcesOfType(json, 'AWS::StepFunctions::StateMachine').map(
      ([, machine]) => machine.Metadata?.['sizegate:state-machine'],
    );
    expect(owners.sort()).toEqual(['TestStack/Images', 'TestStack/Reports']);
    for (const owner of owners as string[]) {
      for (const handler of ['check-size', 'process-file', 'start-execution']) expect(() => functionOf(json, handler, owner)).not.toThrow();
    }
    // One CDK bucket-notification handler serves both.
    expect(resourcesOfType(json, 'AWS::Lambda::Function')).toHaveLength(7);
  });
});
