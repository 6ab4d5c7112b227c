// A CommonJS CDK app (what `cdk init app --language javascript` and ts-node apps compile to):
// the construct must be require()-able.
// Usage: node cdk-app.cjs <outdir>
const { App, Stack } = require('aws-cdk-lib');
const { SizeGate } = require('@sizegate/construct');

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: node cdk-app.cjs <outdir>');
const app = new App({ outdir });
const stack = new Stack(app, 'PackTestCjs', { env: { account: '123456789012', region: 'us-east-1' } });
new SizeGate(stack, 'SizeGate', {});
const assembly = app.synth();
console.log(JSON.stringify({ stackName: stack.stackName, directory: assembly.directory, artifactId: stack.artifactId }));
