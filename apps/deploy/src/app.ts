import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SizeGateStack } from './sizegate-stack.js';

/** Name of the stack, and so of cdk.out/SizeGateStack.template.json. */
export const STACK_NAME = 'SizeGateStack';

/**
 * The sizegate CDK app with cdk-nag's AwsSolutions pack as a validation plugin: synthesis fails
 * on any finding that is not acknowledged. Environment-agnostic unless the CLI provides an
 * account and region (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION), so synth needs no credentials.
 */
export function createApp(props?: AppProps): { app: App; stack: SizeGateStack } {
  const app = new App(props);
  const account = process.env['CDK_DEFAULT_ACCOUNT'];
  const region = process.env['CDK_DEFAULT_REGION'];
  const stack = new SizeGateStack(app, STACK_NAME, {
    description: 'sizegate: gate S3 objects by size with AWS Step Functions',
    ...(account !== undefined && region !== undefined ? { env: { account, region } } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
