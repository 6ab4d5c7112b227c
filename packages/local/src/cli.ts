import { parseArgs } from 'node:util';
import { createStderrLogger, parseLogLevel } from './logger.js';
import { DEFAULTS } from './options.js';
import { startLocal } from './start-local.js';

const USAGE = `Usage: sizegate-local serve [options]

Serves S3 and Step Functions on one endpoint and runs the sizegate workflow in process.
Prints one JSON line {"endpoint","region","bucket","stateMachineArn"} on stdout when ready;
logs go to stderr. Any access key works: the runtime does not check signatures.

Options:
  --port N             TCP port, 0 picks a free one (default ${DEFAULTS.port})
  --host ADDR          address to bind (default ${DEFAULTS.host})
  --data-dir DIR       where objects are kept (default: a temp dir, removed on exit)
  --bucket NAME        the incoming bucket (default ${DEFAULTS.bucket})
  --min-size-bytes N   processing threshold in bytes (default 2000000)
  --output-bucket NAME where manifests go (default: the incoming bucket)
  --output-prefix P    manifest key prefix (default processed/)
  --log-level LEVEL    debug | info | warn | error (default info; also SIZEGATE_LOG_LEVEL)
  -h, --help           this text
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integerOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${value}")`);
  return parsed;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      bucket: { type: 'string' },
      'min-size-bytes': { type: 'string' },
      'output-bucket': { type: 'string' },
      'output-prefix': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const [command] = positionals;
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}". ${USAGE}`);

  const logger = createStderrLogger('sizegate-local', parseLogLevel(values['log-level'] ?? process.env.SIZEGATE_LOG_LEVEL));
  const runtime = await startLocal({
    port: integerOption('port', values.port, 0),
    host: values.host,
    dataDir: values['data-dir'],
    bucket: values.bucket,
    minSizeBytes: integerOption('min-size-bytes', values['min-size-bytes'], 0),
    outputBucket: values['output-bucket'],
    outputPrefix: values['output-prefix'],
    logger,
  });
  const { endpoint, region, bucket, stateMachineArn } = runtime;
  process.stdout.write(`${JSON.stringify({ endpoint, region, bucket, stateMachineArn })}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('Shutting down', { signal });
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await runtime.close();
  return 0;
}
