import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { SizeGate } from '@sizegate/construct';
import type { Construct } from 'constructs';

/**
 * The deployable sizegate: one SizeGate with its defaults (new bucket, 2,000,000-byte threshold,
 * manifests under processed/, S3 notifications), and the outputs the demo's `--aws` mode needs.
 */
export class SizeGateStack extends Stack {
  readonly gate: SizeGate;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // A demo deployment: `cdk destroy` removes what it created (empty the bucket first).
    this.gate = new SizeGate(this, 'SizeGate', { removalPolicy: RemovalPolicy.DESTROY });

    new CfnOutput(this, 'BucketName', {
      value: this.gate.bucket.bucketName,
      description: 'Upload objects here (demo: --bucket)',
    });
    new CfnOutput(this, 'StateMachineArn', {
      value: this.gate.stateMachine.stateMachineArn,
      description: 'The sizegate state machine (demo: --state-machine-arn)',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.gate.deadLetterQueue.queueUrl,
      description: 'Events start-execution could not handle',
    });
  }
}
