// Runs in a temp project where the @sizegate packages were installed from their tarballs with npm.
// Starts the tarball's `sizegate-local serve --port 0` as a user would, reads its JSON line,
// uploads a file with the AWS SDK (installed from the registry), waits for the execution that the
// upload starts, then stops the server with SIGTERM. Prints its observations as one JSON line.
// Usage: node serve.mjs <file to upload>
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';

const file = process.argv[2];
if (!file) throw new Error('usage: node serve.mjs <file>');
const body = await readFile(file);

const bin = join(process.cwd(), 'node_modules', '.bin', 'sizegate-local');
const server = spawn(bin, ['serve', '--port', '0', '--min-size-bytes', '1024', '--log-level', 'warn'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = once(server, 'exit');
try {
  const ready = await withTimeout(firstLine(server.stdout), 30_000, 'sizegate-local serve printed no JSON line');
  const { endpoint, region, bucket, stateMachineArn } = JSON.parse(ready);

  const clientConfig = { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  const sfn = new SFNClient(clientConfig);
  const key = 'incoming/report.csv';
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  // The upload's notification starts the execution asynchronously: poll (bounded) until it ends.
  const deadline = Date.now() + 60_000;
  let execution = { status: 'NOT_STARTED' };
  while (Date.now() < deadline) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    const first = executions[0];
    if (first !== undefined && first.status !== 'RUNNING') {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
      execution = {
        status: described.status,
        count: executions.length,
        output: described.output === undefined ? undefined : JSON.parse(described.output),
      };
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // The web console's page and script come from the tarball's console/ directory.
  const page = await fetch(`${endpoint}/_sizegate/`);
  const script = await fetch(`${endpoint}/_sizegate/console.js`);
  const consolePage = {
    status: page.status,
    type: page.headers.get('content-type'),
    csp: page.headers.get('content-security-policy'),
    hasTitle: (await page.text()).includes('sizegate'),
    scriptStatus: script.status,
  };
  await script.arrayBuffer();

  server.kill('SIGTERM');
  const [code, signal] = await withTimeout(exited, 15_000, 'sizegate-local did not exit after SIGTERM');
  console.log(
    JSON.stringify({ ready: { endpoint, region, bucket, stateMachineArn }, key, execution, consolePage, exit: { code, signal } }),
  );
} finally {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', (line) => resolve(line));
    stream.once('end', () => reject(new Error('sizegate-local serve closed stdout before printing its JSON line')));
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
