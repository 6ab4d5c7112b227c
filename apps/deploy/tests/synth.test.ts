import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createApp, STACK_NAME } from '../src/app.js';

interface TemplateJson {
  readonly Resources: Record<string, { readonly Type: string; readonly Metadata?: Record<string, unknown> }>;
  readonly Outputs: Record<string, { readonly Value: unknown }>;
}

const outdir = mkdtempSync(join(tmpdir(), 'sizegate-deploy-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('apps/deploy', () => {
  // Prepare / Act: synthesize the app in process, with the AwsSolutions plugin it always carries.
  const { app } = createApp({ outdir });
  const assembly = app.synth();
  const template = JSON.parse(readFileSync(join(outdir, `${STACK_NAME}.template.json`), 'utf8')) as TemplateJson;

  it('synthesizes SizeGateStack with cdk-nag AwsSolutions clean (synth would have thrown otherwise)', () => {
    // Assess
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual([STACK_NAME]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('outputs the bucket name and state machine ARN the demo takes', () => {
    // Assess
    const bucketId = Object.entries(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('SizeGateBucket'),
    )?.[0];
    const machineId = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')?.[0];
    expect(template.Outputs['BucketName']?.Value).toEqual({ Ref: bucketId });
    expect(template.Outputs['StateMachineArn']?.Value).toEqual({ Ref: machineId });
  });

  it('marks the three handler functions and the state machine for the local runtime', () => {
    // Assess
    const handlers = Object.values(template.Resources)
      .map((resource) => resource.Metadata?.['sizegate:handler'])
      .filter((handler) => handler !== undefined);
    expect(handlers.sort()).toEqual(['check-size', 'process-file', 'start-execution']);
    const machines = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines.map((machine) => machine.Metadata?.['sizegate:state-machine'])).toEqual([`${STACK_NAME}/SizeGate`]);
  });
});
