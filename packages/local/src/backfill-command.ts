import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { backfill, type BackfillProgress } from '@sizegate/start-execution';
import { DEFAULT_OUTPUT_PREFIX, LOCAL_CREDENTIALS, type LoggerLike } from '@sizegate/types';
import { parseArgs } from 'node:util';
import { createStderrLogger, parseLogLevel } from './logger.js';
import { DEFAULTS } from './options.js';
import { createProgress, type ProgressStream } from './progress.js';
import { stateMachineArnOf } from '@sizegate/sfn-local/endpoint';

export const BACKFILL_USAGE = `Usage: sizegate-local backfill [options]

Lists the incoming bucket and starts an execution for every object that has none, with the input
and deterministic execution name the start-execution handler would give it: objects that already
have one answer ExecutionAlreadyExists, so running it again starts nothing twice. Prints a JSON
summary {"bucket","prefix","listed","started","alreadyStarted","skipped","failed":[...]} on stdout;
exits 1 when any object failed (each named with bucket and key), else 0. Progress goes to stderr:
one line redrawn in place on a terminal, a line every few seconds otherwise.

Against a local runtime (the default): --endpoint URL, else AWS_ENDPOINT_URL, else
http://127.0.0.1:${DEFAULTS.port}; any credentials. Against AWS: --aws (no endpoint; the default
credential chain and region), with --bucket and --state-machine-arn.

Options:
  --endpoint URL            the S3 + Step Functions endpoint (a running sizegate-local serve)
  --aws                     talk to AWS itself
  --bucket NAME             the incoming bucket (local default ${DEFAULTS.bucket})
  --prefix P                only keys under this prefix
  --state-machine-arn ARN   the state machine (local default: the runtime's "${DEFAULTS.stateMachineName}")
  --region R                default: AWS_REGION, else ${DEFAULTS.region} locally
  --output-prefix P         keys under it are sizegate's manifests and skipped (default ${DEFAULT_OUTPUT_PREFIX})
  --output-bucket NAME      the bucket the output prefix applies to (default: every bucket)
  --versioned               the bucket has versioning on: name executions after the latest version id
  --concurrency N           StartExecution calls in flight (default 8)
  --log-level LEVEL         debug | info | warn | error (default info), on stderr
  -h, --help                this text
`;

export class BackfillUsageError extends Error {
  override readonly name = 'UsageError';
}

/** `backfill s3://bucket/prefix: 3200 listed, 3150 started, 40 already started, 10 skipped, 0 failed` */
export function backfillStatus(bucket: string, prefix: string, progress: BackfillProgress): string {
  return (
    `backfill s3://${bucket}/${prefix}: ${progress.listed} listed, ${progress.started} started, ` +
    `${progress.alreadyStarted} already started, ${progress.skipped} skipped, ${progress.failed} failed`
  );
}

/** `sizegate-local backfill ...`: returns the exit code. The summary goes to `out`, progress and logs to `err`. */
export async function runBackfillCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: ProgressStream = process.stderr,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' },
      aws: { type: 'boolean' },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      'state-machine-arn': { type: 'string' },
      region: { type: 'string' },
      'output-prefix': { type: 'string' },
      'output-bucket': { type: 'string' },
      versioned: { type: 'boolean' },
      concurrency: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(BACKFILL_USAGE);
    return 0;
  }
  const onAws = values.aws === true;
  if (onAws && values.endpoint !== undefined) throw new BackfillUsageError('--aws and --endpoint exclude each other');
  if (onAws) {
    // On AWS there is no default to fall back on: name exactly the flags that are missing.
    const missing = (['bucket', 'state-machine-arn'] as const).filter((name) => values[name] === undefined).map((name) => `--${name}`);
    if (missing.length > 0) throw new BackfillUsageError(`--aws needs ${missing.join(' and ')} (there is no default on AWS)`);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isSafeInteger(concurrency) || concurrency < 1)) {
    throw new BackfillUsageError(`--concurrency must be an integer >= 1 (got "${values.concurrency}")`);
  }
  const endpoint = onAws
    ? undefined
    : (values.endpoint ?? (env['AWS_ENDPOINT_URL'] || undefined) ?? `http://${DEFAULTS.host}:${DEFAULTS.port}`);
  const region = values.region ?? (env['AWS_REGION'] || undefined) ?? (onAws ? undefined : DEFAULTS.region);
  const progress = createProgress({ stream: err });
  // Log lines go above the progress line on a terminal, never into it.
  const logger: LoggerLike = createStderrLogger('sizegate-local', parseLogLevel(values['log-level'] ?? env['SIZEGATE_LOG_LEVEL']), (line) =>
    progress.log(line),
  );
  const clientConfig = {
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint, credentials: env['AWS_ACCESS_KEY_ID'] ? undefined : LOCAL_CREDENTIALS }),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
  const s3 = new S3Client({ ...clientConfig, ...(endpoint === undefined ? {} : { forcePathStyle: true }) });
  const sfn = new SFNClient(clientConfig);
  const bucket = values.bucket ?? DEFAULTS.bucket;
  let last: BackfillProgress | undefined;
  try {
    const summary = await backfill({
      s3,
      sfn,
      bucket,
      prefix: values.prefix,
      stateMachineArn:
        values['state-machine-arn'] ??
        stateMachineArnOf({ region: region ?? DEFAULTS.region, accountId: DEFAULTS.accountId }, DEFAULTS.stateMachineName),
      outputPrefix: values['output-prefix'],
      outputBucket: values['output-bucket'],
      versioned: values.versioned,
      concurrency,
      logger,
      onProgress: (counts) => {
        last = counts;
        progress.update(backfillStatus(bucket, values.prefix ?? '', counts));
      },
    });
    progress.done(backfillStatus(bucket, summary.prefix, { ...summary, failed: summary.failed.length }));
    out(`${JSON.stringify(summary)}\n`);
    return summary.failed.length > 0 ? 1 : 0;
  } catch (error) {
    progress.done(last === undefined ? undefined : backfillStatus(bucket, values.prefix ?? '', last));
    // A listing failure (missing bucket, denied, no endpoint): one JSON line naming it, exit 1.
    out(`${JSON.stringify({ error: (error as Error).name, message: (error as Error).message })}\n`);
    return 1;
  } finally {
    s3.destroy();
    sfn.destroy();
  }
}
