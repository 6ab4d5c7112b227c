import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SizeGate } from '../../src/index.js';
import type { SizeGateProps } from '../../src/index.js';
import { unacknowledgedNagFindings } from '../helpers/synth.js';

/** Every acknowledgement recorded in the app: rule id → reason. */
function acknowledgements(app: App): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) found.set(id.replace(/^annotation::/i, ''), reason);
    }
  }
  return found;
}

function gateApp(props: (stack: Stack) => SizeGateProps): App {
  const app = new App();
  const stack = new Stack(app, 'NagStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  new SizeGate(stack, 'Gate', props(stack));
  return app;
}

describe('SizeGate under cdk-nag AwsSolutions', () => {
  it('cdk-nag clean: no unacknowledged AwsSolutions finding with the defaults', () => {
    // Prepare
    const app = gateApp(() => ({}));

    // Act
    const findings = unacknowledgedNagFindings(app);

    // Assess
    expect(findings).toEqual([]);
  });

  it('has no unacknowledged finding with eventbridge, filters, a topic, and a KMS bucket from another stack', () => {
    // Prepare
    const app = new App();
    const storage = new Stack(app, 'Storage');
    const key = new kms.Key(storage, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(storage, 'Data', {
      encryptionKey: key,
      encryption: s3.BucketEncryption.KMS,
      enforceSSL: true,
      serverAccessLogsPrefix: 'logs/',
    });
    const stack = new Stack(app, 'Gate');
    new SizeGate(stack, 'Gate', {
      existingBucketObj: bucket,
      trigger: 'eventbridge',
      keyPrefix: 'in/',
      keySuffix: '.csv',
      alarmTopic: new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: key }),
    });

    // Act
    const findings = unacknowledgedNagFindings(app);

    // Assess
    expect(findings).toEqual([]);
  });

  it('has no unacknowledged finding with two gates in one stack', () => {
    // Prepare
    const app = gateApp((stack) => {
      new SizeGate(stack, 'Second', { keyPrefix: 'b/', trigger: 'eventbridge' });
      return { keyPrefix: 'a/' };
    });

    // Act
    const findings = unacknowledgedNagFindings(app);

    // Assess
    expect(findings).toEqual([]);
  });

  it('leaves the consequence of tracing: false to its owner (AwsSolutions-SF2 is not acknowledged)', () => {
    // Prepare
    const app = gateApp(() => ({ tracing: false }));

    // Act
    const findings = unacknowledgedNagFindings(app);

    // Assess
    expect(findings).toEqual(['AwsSolutions-SF2 at NagStack/Gate/StateMachine/Resource']);
  });

  it('acknowledges only named findings, each with a reason, and never a wildcard action', () => {
    // Prepare
    const app = gateApp(() => ({ keyPrefix: 'uploads/' }));

    // Act
    app.synth();
    const acks = acknowledgements(app);

    // Assess
    // CDK itself acknowledges a cfn-lint warning on log-delivery buckets; the rest are SizeGate's.
    const ours = [...acks].filter(([id]) => !id.startsWith('CloudFormation-Validate::'));
    expect(ours.length).toBeGreaterThan(0);
    for (const [id, reason] of ours) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[(Resource|Policy)::.+\])?$/);
      expect(id).not.toMatch(/Action::/);
      expect(reason.length).toBeGreaterThan(30);
    }
    const resourceFindings = ours.map(([id]) => id).filter((id) => id.startsWith('AwsSolutions-IAM5[Resource::<'));
    expect(resourceFindings.sort()).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<GateBucket[0-9A-F]+\.Arn>\/processed\/\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<GateBucket[0-9A-F]+\.Arn>\/uploads\/\*\]$/),
    ]);
  });

  it('fails synthesis through the Validations plugin when a finding is not acknowledged', () => {
    // Prepare: a bare bucket next to the gate breaks AwsSolutions-S1/S10.
    const app = gateApp((stack) => {
      new s3.Bucket(stack, 'Unsafe');
      return {};
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-S1'[\s\S]*AwsSolutions-S10'/);
    expect(unacknowledgedNagFindings(gateApp(() => ({})))).toEqual([]);
  });
});
