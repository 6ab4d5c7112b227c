import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildDefinition } from '@sizegate/state-machine';
import { DEFAULT_MIN_SIZE_BYTES, ENV } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { bundleDirOf } from '../../src/index.js';
import { functionOf, logicalIdOf, resourcesOfType, synthGate } from '../helpers/synth.js';

describe('SizeGate resources', () => {
  it('creates the bucket pair, three functions, one STANDARD state machine, a DLQ and four alarms', () => {
    // Prepare / Act
    const { template } = synthGate();

    // Assess: counts include CDK's bucket-notification handler (a fourth function and role).
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.resourceCountIs('AWS::Lambda::Function', 4);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::Logs::LogGroup', 4);
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
  });

  it('runs each handler from its package bundle on nodejs22.x or newer, arm64, with handler metadata', () => {
    // Prepare / Act
    const { json, stack, app } = synthGate();
    const assemblyDir = app.synth().directory;

    // Assess
    for (const handler of ['check-size', 'process-file', 'start-execution'] as const) {
      const [, fn] = functionOf(json, handler);
      const runtime = String(fn.Properties?.['Runtime']);
      expect(runtime).toMatch(/^nodejs\d+\.x$/);
      expect(Number(/^nodejs(\d+)/.exec(runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties?.['Architectures']).toEqual(['arm64']);
      expect(fn.Properties?.['Handler']).toBe('index.handler');
      expect(fn.Metadata?.['sizegate:state-machine']).toBe('TestStack/Gate');
      // The asset is the package's pre-built bundle directory (entry and lazily loaded chunks), staged as is.
      const hash = /^([0-9a-f]{64})\.zip$/.exec(String((fn.Properties!['Code'] as { S3Key: unknown }).S3Key))?.[1];
      expect(hash).toBeDefined();
      const staged = join(assemblyDir, `asset.${hash}`);
      expect(readdirSync(staged, { recursive: true }).sort()).toEqual(readdirSync(bundleDirOf(handler), { recursive: true }).sort());
      expect(readdirSync(staged)).toContain('index.mjs');
      expect(readFileSync(join(staged, 'index.mjs'))).toEqual(readFileSync(join(bundleDirOf(handler), 'index.mjs')));
    }
    const stateMachines = resourcesOfType(json, 'AWS::StepFunctions::StateMachine');
    expect(stateMachines[0]![1].Metadata?.['sizegate:state-machine']).toBe(`${stack.node.path}/Gate`);
  });

  it('sets the SIZEGATE_ variables each handler reads, keeping added variables', () => {
    // Prepare / Act
    const { json } = synthGate({ outputPrefix: 'manifests/', startExecutionFunctionProps: { environment: { EXTRA: 'x' } } });
    const bucketId = logicalIdOf(json, 'AWS::S3::Bucket', 'GateBucket');
    const stateMachineId = logicalIdOf(json, 'AWS::StepFunctions::StateMachine', 'GateStateMachine');

    // Assess
    const variablesOf = (handler: string) =>
      (functionOf(json, handler)[1].Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    expect(variablesOf('process-file')).toEqual({
      [ENV.outputBucket]: { Ref: bucketId },
      [ENV.outputPrefix]: 'manifests/',
    });
    expect(variablesOf('start-execution')).toEqual({
      EXTRA: 'x',
      [ENV.stateMachineArn]: { Ref: stateMachineId },
      [ENV.outputBucket]: { Ref: bucketId },
      [ENV.outputPrefix]: 'manifests/',
    });
    expect(variablesOf('check-size')).toBeUndefined();
  });

  it('applies function settings: memory, timeout, reserved concurrency, log level', () => {
    // Prepare / Act
    const { json } = synthGate({
      checkSizeFunctionProps: {
        memorySize: 512,
        timeout: Duration.seconds(90),
        reservedConcurrentExecutions: 5,
        logLevel: lambda.ApplicationLogLevel.DEBUG,
      },
    });

    // Assess
    const props = functionOf(json, 'check-size')[1].Properties;
    expect(props?.['MemorySize']).toBe(512);
    expect(props?.['Timeout']).toBe(90);
    expect(props?.['ReservedConcurrentExecutions']).toBe(5);
    expect(props?.['LoggingConfig']).toMatchObject({ ApplicationLogLevel: 'DEBUG', LogFormat: 'JSON' });
    expect(props?.['TracingConfig']).toEqual({ Mode: 'Active' });
  });
});

describe('SizeGate state machine', () => {
  it("runs @sizegate/state-machine's definition with the threshold baked in and ARN substitutions", () => {
    // Prepare / Act
    const { json } = synthGate({ minSizeBytes: 1234 });
    const [, machine] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine')[0]!;
    const props = machine.Properties!;

    // Assess: the definition is exactly buildDefinition's output (a string, no tokens inside).
    expect(typeof props['DefinitionString']).toBe('string');
    expect(JSON.parse(props['DefinitionString'] as string)).toEqual(buildDefinition({ minSizeBytes: 1234 }));
    expect(props['DefinitionSubstitutions']).toEqual({
      CheckSizeFunctionArn: { 'Fn::GetAtt': [functionOf(json, 'check-size')[0], 'Arn'] },
      ProcessFileFunctionArn: { 'Fn::GetAtt': [functionOf(json, 'process-file')[0], 'Arn'] },
    });
    expect(props['StateMachineType']).toBe('STANDARD');
    expect(props['TracingConfiguration']).toEqual({ Enabled: true });
    expect(props['LoggingConfiguration']).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
  });

  it('defaults the threshold to the shared 2,000,000 bytes', () => {
    // Prepare / Act
    const { json } = synthGate();
    const [, machine] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine')[0]!;

    // Assess
    expect(DEFAULT_MIN_SIZE_BYTES).toBe(2_000_000);
    expect(JSON.parse(machine.Properties!['DefinitionString'] as string)).toEqual(buildDefinition({ minSizeBytes: 2_000_000 }));
  });

  it('deploys ProcessFile retrying a throttled manifest write (ManifestWriteThrottled) with back-off, never ManifestWriteFailed', () => {
    // Prepare / Act
    const { json } = synthGate();
    const [, machine] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine')[0]!;
    const definition = JSON.parse(machine.Properties!['DefinitionString'] as string) as {
      States: Record<string, { Retry?: { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }[] }>;
    };

    // Assess: transient write failures are retried in the execution; only what outlives the retries reaches ExecutionsFailed.
    const retried = (definition.States['ProcessFile']?.Retry ?? []).filter((retrier) =>
      retrier.ErrorEquals.includes('ManifestWriteThrottled'),
    );
    expect(retried).toHaveLength(1);
    expect(retried[0]!.MaxAttempts).toBeGreaterThan(0);
    expect(retried[0]!.BackoffRate).toBeGreaterThan(1);
    expect(JSON.stringify(definition)).not.toContain('ManifestWriteFailed');
  });

  it('lets the ProcessFile task wait as long as a longer process-file timeout', () => {
    // Prepare / Act: check-size's 2-minute timeout exceeds the task's default 60 s.
    const { json } = synthGate({ checkSizeFunctionProps: { timeout: Duration.minutes(2) } });
    const [, machine] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine')[0]!;

    // Assess
    expect(JSON.parse(machine.Properties!['DefinitionString'] as string)).toEqual(
      buildDefinition({ minSizeBytes: 2_000_000, checkSizeTimeoutSeconds: 120 }),
    );
  });

  it('uses an existing process-file function in the definition and creates none', () => {
    // Prepare / Act
    const { json, template } = synthGate({}, (stack) => ({
      existingProcessFileFunction: new lambda.Function(stack, 'MyProcessor', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('export const handler = async () => ({})'),
      }),
    }));

    // Assess
    expect(() => functionOf(json, 'process-file')).toThrow(/found 0/);
    const processorId = logicalIdOf(json, 'AWS::Lambda::Function', 'MyProcessor');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionSubstitutions: { ProcessFileFunctionArn: { 'Fn::GetAtt': [processorId, 'Arn'] } },
    });
  });
});

describe('SizeGate failure handling', () => {
  it("sends start-execution's failed async invocations to the encrypted dead-letter queue", () => {
    // Prepare / Act
    const { json, template } = synthGate();
    const queueId = logicalIdOf(json, 'AWS::SQS::Queue', 'GateDeadLetterQueue');

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionOf(json, 'start-execution')[0] },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    // SSL-only access to the queue.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('alarms on failed, timed-out and throttled executions and DLQ depth, notifying the topic', () => {
    // Prepare / Act
    const { json, gate } = synthGate({}, (stack) => ({ alarmTopic: new sns.Topic(stack, 'Alerts') }));
    const topicId = logicalIdOf(json, 'AWS::SNS::Topic', 'Alerts');
    const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!);

    // Assess
    expect(gate.alarms).toHaveLength(4);
    expect(alarms.map((alarm) => `${String(alarm['Namespace'])}:${String(alarm['MetricName'])}`).sort()).toEqual([
      'AWS/SQS:ApproximateNumberOfMessagesVisible',
      'AWS/States:ExecutionThrottled',
      'AWS/States:ExecutionsFailed',
      'AWS/States:ExecutionsTimedOut',
    ]);
    for (const alarm of alarms) {
      expect(alarm['Threshold']).toBe(1);
      expect(alarm['ComparisonOperator']).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm['AlarmActions']).toEqual([{ Ref: topicId }]);
    }
  });

  it('creates no alarms with alarms: false', () => {
    // Prepare / Act
    const { template, gate } = synthGate({ alarms: false });

    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(gate.alarms).toEqual([]);
  });
});
