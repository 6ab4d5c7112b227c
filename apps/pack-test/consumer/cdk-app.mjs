// An ESM CDK app, as a user would write it: `new App(); new Stack(); new SizeGate(...)`.
// Usage: node cdk-app.mjs <outdir>
import { App, Stack } from 'aws-cdk-lib';
import { SizeGate } from '@sizegate/construct';

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: node cdk-app.mjs <outdir>');
const app = new App({ outdir });
const stack = new Stack(app, 'PackTestEsm', { env: { account: '123456789012', region: 'us-east-1' } });
new SizeGate(stack, 'SizeGate', {});
const assembly = app.synth();
console.log(JSON.stringify({ stackName: stack.stackName, directory: assembly.directory, artifactId: stack.artifactId }));
