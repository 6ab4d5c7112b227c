import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startLocal, type LocalRuntime } from '@sizegate/local';
import { DEFAULT_MIN_SIZE_BYTES, ENV, LOCAL_CREDENTIALS } from '@sizegate/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSamples, expectedMessage, userSamples } from './samples.js';
import { writeGraph } from './graph-files.js';
import { renderTable } from './table.js';
import { runSample, type Outcome, type Target } from './workflow-client.js';
import { chooseTarget, remoteClientConfig, targetLine } from './target.js';
import { createStderrLogger } from '@sizegate/local';
import { createProgress } from '@sizegate/local/progress';

const USAGE = `Usage: pnpm demo [options] [file ...]

Uploads sample files (or your files) and prints the path each execution took.
The first line says which target it uses and why:
  - the embedded local runtime, started on a free port: the default;
  - the endpoint in AWS_ENDPOINT_URL, when that is set (e.g. a running sizegate-local serve);
  - AWS with --aws (AWS_ENDPOINT_URL is then ignored).
Remote targets need --bucket/--state-machine-arn or SIZEGATE_BUCKET/SIZEGATE_STATE_MACHINE_ARN.

Options:
  --aws                       use real AWS (credentials and region from the usual AWS chain)
  --bucket NAME               the incoming bucket (remote targets)
  --state-machine-arn ARN     the state machine (remote targets)
  --min-size-bytes N          threshold the outcomes are checked against (default 2000000)
  --timeout-seconds N         how long to wait for each execution (default 120)
  --json                      print machine-readable results instead of the table
  --graph DIR                 also draw each execution's path through the workflow as
                              DIR/<key, flattened>-<hash>.svg (one file per key)
  -h, --help                  this text
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      aws: { type: 'boolean' },
      bucket: { type: 'string' },
      'state-machine-arn': { type: 'string' },
      'min-size-bytes': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      json: { type: 'boolean' },
      graph: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const minSizeBytes = Number(values['min-size-bytes'] ?? DEFAULT_MIN_SIZE_BYTES);
  const timeoutMs = Number(values['timeout-seconds'] ?? 120) * 1000;
  if (!Number.isSafeInteger(minSizeBytes) || minSizeBytes < 0) throw new Error('--min-size-bytes must be a non-negative integer');
  if (!(timeoutMs > 0)) throw new Error('--timeout-seconds must be a positive number');
  if (values.graph === '') throw new Error('--graph needs a directory');

  // On a terminal one status line follows the uploads; elsewhere, plain lines.
  const progress = createProgress();
  const log = (line: string) => progress.log(line);
  const choice = chooseTarget({ aws: values.aws }, process.env);
  log(targetLine(choice));
  let local: LocalRuntime | undefined;
  let target: Target;
  if (choice.kind !== 'local') {
    const bucket = values.bucket ?? process.env[ENV.bucket];
    const stateMachineArn = values['state-machine-arn'] ?? process.env[ENV.stateMachineArn];
    const missing = [
      bucket ? undefined : `--bucket or ${ENV.bucket}`,
      stateMachineArn ? undefined : `--state-machine-arn or ${ENV.stateMachineArn}`,
    ].filter(Boolean);
    if (!bucket || !stateMachineArn) throw new Error(`A remote target needs ${missing.join(' and ')}`);
    const config = remoteClientConfig(choice);
    target = { bucket, stateMachineArn, s3: new S3Client(config.s3), sfn: new SFNClient(config.sfn) };
    log(`Using bucket ${bucket}, state machine ${stateMachineArn}`);
  } else {
    local = await startLocal({ port: 0, minSizeBytes, logger: createStderrLogger('sizegate-local', 'warn', log) });
    const clientConfig = {
      endpoint: local.endpoint,
      region: local.region,
      forcePathStyle: true,
      // The local runtime accepts any access key.
      credentials: LOCAL_CREDENTIALS,
    };
    target = {
      bucket: local.bucket,
      stateMachineArn: local.stateMachineArn,
      s3: new S3Client(clientConfig),
      sfn: new SFNClient(clientConfig),
    };
    log(`Started the embedded local runtime at ${local.endpoint} (bucket ${local.bucket})`);
  }

  const workDir = mkdtempSync(join(tmpdir(), 'sizegate-demo-'));
  try {
    const samples =
      positionals.length > 0
        ? userSamples(positionals).map((sample) => ({ ...sample, expectedMessage: expectedMessage(sample.size, minSizeBytes) }))
        : await createSamples(workDir, minSizeBytes);
    const outcomes: Outcome[] = [];
    const startedAt = Date.now();
    for (const [index, sample] of samples.entries()) {
      const label = `[${index + 1}/${samples.length}] ${sample.key}`;
      const { outcome, events } = await runSample(target, sample, timeoutMs, (status) => progress.update(`${label}: ${status}`));
      if (values.graph === undefined) {
        outcomes.push(outcome);
      } else {
        const graph = await writeGraph(target.sfn, values.graph, outcome, events);
        log(`drew ${graph}`);
        outcomes.push({ ...outcome, graph });
      }
    }
    progress.done(
      `${outcomes.length} file(s) uploaded and followed to their final state in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    if (values.json) {
      process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderTable(outcomes)}\n`);
      const unexpected = outcomes.filter((outcome) => !outcome.ok).length;
      process.stdout.write(
        unexpected === 0
          ? `\nAll ${outcomes.length} outcomes as expected.\n`
          : `\n${unexpected} outcome(s) differ from the expected ones.\n`,
      );
    }
    return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
  } finally {
    progress.done(); // after an error too: the status line is cleared before the error is printed
    rmSync(workDir, { recursive: true, force: true });
    target.s3.destroy();
    target.sfn.destroy();
    await local?.close();
  }
}
