import { ConfigurationError } from '@sizegate/types';
import { type AccessKey, parseAccessKey } from '@sizegate/types/sigv4';
import { parseArgs } from 'node:util';
import type { ClockMode, TaskFault } from '@sizegate/sfn-local';
import { parseFaultFlags } from './fault-flags.js';
import { createStderrLogger, parseLogLevel } from './logger.js';
import { EVENT_SHAPES, parseDeliveryFlag, type DeliveryOptions, type EventShape } from './notifications/delivery-options.js';
import { DEFAULTS } from './options.js';
import { startLocal } from './start-local.js';
import { readyLine } from './ready-line.js';

const USAGE = `Usage: sizegate-local serve [options]
       sizegate-local backfill [options]   (see sizegate-local backfill --help)
       sizegate-local graph [options]      (see sizegate-local graph --help)

Serves S3 and Step Functions on one endpoint and runs the sizegate workflow in process; any
state machine you create there (CreateStateMachine) runs too, its Lambda functions from --functions.
Prints one JSON line {"endpoint","region","bucket","stateMachineArn"} on stdout when ready;
logs go to stderr. Any access key works, unless --verify-signatures is given.
A web console (executions, their graphs, uploads) is served at <endpoint>/_sizegate/,
e.g. http://127.0.0.1:${DEFAULTS.port}/_sizegate/.

Options:
  --port N             TCP port, 0 picks a free one (default ${DEFAULTS.port})
  --host ADDR          address to bind (default ${DEFAULTS.host})
  --allowed-host NAME  also answer to this Host name (NAME or NAME:PORT; repeatable); other
                       hosts and cross-origin browser requests get 403
  --verify-signatures  S3 and Step Functions requests must be signed (SigV4) with an --access-key;
                       others get AWS's errors (unsigned S3 requests are anonymous: ACLs decide).
                       The web console at /_sizegate/ keeps working (same origin, guarded)
  --access-key ID:SECRET[:DISPLAY_NAME]
                       with --verify-signatures, a key to accept; repeatable, each its own S3
                       owner; the first owns the buckets created at start
  --data-dir DIR       where objects and executions are kept (default: a temp dir, removed on
                       exit); restarting with it resumes: running executions are marked ABORTED
                       and started again, objects without an execution get one
  --region R           the region of every ARN (default ${DEFAULTS.region})
  --account-id A       the 12-digit account of every ARN (default ${DEFAULTS.accountId})
  --functions DIR      Lambda functions by name for your own state machines: DIR/<name>.mjs,
                       .cjs or .js exporting handler is function <name>; DIR/<name>.json may set
                       timeout (default 60 s), memorySize and environment; a changed file is used
                       from the next invocation on
  --clock MODE         real | virtual: virtual jumps over waits while no function runs, so a
                       1-year Wait ends at once with AWS's timestamps in the history (default real)
  --bucket NAME        the incoming bucket (default ${DEFAULTS.bucket})
  --min-size-bytes N   processing threshold in bytes (default 2000000)
  --output-bucket NAME where manifests go (default: the incoming bucket)
  --output-prefix P    manifest key prefix (default processed/)
  --log-level LEVEL    debug | info | warn | error (default info; also SIZEGATE_LOG_LEVEL)
  --template FILE      run what you deploy: a synthesized template (cdk.out/<Stack>.template.json)
                       gives the definition, threshold, buckets, key filter, trigger and env;
                       not with --min-size-bytes, --output-bucket or --output-prefix (--bucket wins)
  --state-machine ID   with --template: which SizeGate construct (construct path or logical id)
  --delivery LIST      deliver notifications as S3 may, to test your handlers; comma-separated:
                       duplicate (each twice), reorder (held briefly, released shuffled),
                       delay=MS (each waits MS first); e.g. --delivery duplicate,reorder,delay=100
  --event-shape SHAPE  s3 | eventbridge: the event the trigger's function receives (default s3;
                       with --template the template's trigger decides unless this is given)
  --fault STATE:ERROR:COUNT
                       the Task state STATE fails with error ERROR (as the Lambda service would)
                       on its first COUNT attempts of every execution, before its handler runs;
                       the definition's Retry/Catch decides what follows; repeatable, e.g.
                       --fault ProcessFile:Lambda.ServiceException:2
  --time-scale X       0 < X <= 1: multiplies Retry intervals, Wait states and TimeoutSeconds,
                       e.g. 0.001 turns a 900 s timeout into 900 ms (default 1; the history
                       shows the durations as written)
  --map-state-exited-after EVENT
                       MapRunStarted | MapRunSucceeded: where a distributed Map's MapStateExited
                       points (default MapRunStarted, as AWS does since late 2024; the other
                       replays older recordings)
  -h, --help           this text
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function deliveryOption(value: string | undefined): DeliveryOptions | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDeliveryFlag(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function eventShapeOption(value: string | undefined): EventShape | undefined {
  if (value === undefined) return undefined;
  if (!EVENT_SHAPES.includes(value as EventShape))
    throw new UsageError(`--event-shape must be one of ${EVENT_SHAPES.join(', ')} (got "${value}")`);
  return value as EventShape;
}

function faultOption(values: string[] | undefined): TaskFault[] | undefined {
  if (values === undefined) return undefined;
  try {
    return parseFaultFlags(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function timeScaleOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 1)
    throw new UsageError(`--time-scale must be a number > 0 and <= 1, e.g. 0.001 (got "${value}")`);
  return parsed;
}

function clockOption(value: string | undefined): ClockMode | undefined {
  if (value === undefined) return undefined;
  if (value !== 'real' && value !== 'virtual') throw new UsageError(`--clock must be real or virtual (got "${value}")`);
  return value;
}

function mapStateExitedAfterOption(value: string | undefined): 'MapRunStarted' | 'MapRunSucceeded' | undefined {
  if (value === undefined || value === 'MapRunStarted' || value === 'MapRunSucceeded') return value;
  throw new UsageError(`--map-state-exited-after must be MapRunStarted or MapRunSucceeded (got "${value}")`);
}

function regionOption(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(value)) {
    throw new UsageError(`--region must be a region name such as us-east-1 (got "${value}")`);
  }
  return value;
}

function accountIdOption(value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{12}$/.test(value)) throw new UsageError(`--account-id must be 12 digits (got "${value}")`);
  return value;
}

function integerOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${value}")`);
  return parsed;
}

function allowedHostsOption(values: string[] | undefined): string[] | undefined {
  for (const value of values ?? []) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(value)) {
      throw new UsageError(`--allowed-host must be a host name or address, optionally with :PORT (got "${value}")`);
    }
  }
  return values;
}

/** --access-key ID:SECRET[:NAME] (repeatable) goes with --verify-signatures, and that needs one. */
function accessKeysOption(values: string[] | undefined, verify: boolean | undefined): AccessKey[] | undefined {
  if (verify !== true) {
    if (values !== undefined) throw new UsageError('--access-key needs --verify-signatures');
    return undefined;
  }
  if (values === undefined) throw new UsageError('--verify-signatures needs at least one --access-key ID:SECRET[:DISPLAY_NAME]');
  try {
    return values.map(parseAccessKey);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** With --template the template sets the threshold and output; without it --state-machine means nothing. */
function checkTemplateOptions(values: Record<string, unknown>): void {
  if (values['template'] === undefined) {
    if (values['state-machine'] !== undefined) throw new UsageError('--state-machine needs --template');
    return;
  }
  const owned = ['min-size-bytes', 'output-bucket', 'output-prefix'].filter((name) => values[name] !== undefined);
  if (owned.length > 0) {
    throw new UsageError(
      `${owned.map((name) => `--${name}`).join(', ')} cannot be used with --template: the template sets it (the threshold is in the state machine definition, the output bucket and prefix in the functions' environment)`,
    );
  }
}

/** `backfill` has its own options and loads the SDK clients, so `serve` does not pay for them. */
async function backfillCommand(argv: string[]): Promise<number> {
  const { runBackfillCommand } = await import('./backfill-command.js');
  try {
    return await runBackfillCommand(argv);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((error as Error).name === 'UsageError' || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')))
      throw new UsageError((error as Error).message);
    throw error;
  }
}

/** `graph` loads the SDK client and the layout engine only when asked to draw. */
async function graphCommand(argv: string[]): Promise<number> {
  const { runGraphCommand } = await import('./cli-graph.js');
  try {
    return await runGraphCommand(argv);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((error as Error).name === 'UsageError' || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')))
      throw new UsageError((error as Error).message);
    throw error;
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'backfill') return backfillCommand(argv.slice(1));
  if (argv[0] === 'graph') return graphCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'verify-signatures': { type: 'boolean' },
      'access-key': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      bucket: { type: 'string' },
      'min-size-bytes': { type: 'string' },
      'output-bucket': { type: 'string' },
      'output-prefix': { type: 'string' },
      'log-level': { type: 'string' },
      template: { type: 'string' },
      'state-machine': { type: 'string' },
      delivery: { type: 'string' },
      'event-shape': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'time-scale': { type: 'string' },
      region: { type: 'string' },
      'account-id': { type: 'string' },
      functions: { type: 'string' },
      clock: { type: 'string' },
      'map-state-exited-after': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const [command] = positionals;
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}". ${USAGE}`);

  checkTemplateOptions(values);
  const delivery = deliveryOption(values.delivery);
  const eventShape = eventShapeOption(values['event-shape']);
  const faults = faultOption(values.fault);
  const timeScale = timeScaleOption(values['time-scale']);
  const accessKeys = accessKeysOption(values['access-key'], values['verify-signatures']);
  const clock = clockOption(values.clock);
  const mapStateExitedAfter = mapStateExitedAfterOption(values['map-state-exited-after']);
  const region = regionOption(values.region);
  const accountId = accountIdOption(values['account-id']);
  const logger = createStderrLogger('sizegate-local', parseLogLevel(values['log-level'] ?? process.env.SIZEGATE_LOG_LEVEL));
  // Listen for SIGINT/SIGTERM before anything starts: a signal that arrives while the runtime
  // starts, or right after the ready line, must still shut it down cleanly (never the default kill).
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const runtime = await startLocal({
    template: values.template,
    stateMachine: values['state-machine'],
    port: integerOption('port', values.port, 0),
    host: values.host,
    allowedHosts: allowedHostsOption(values['allowed-host']),
    verifySignatures: values['verify-signatures'],
    accessKeys,
    dataDir: values['data-dir'],
    bucket: values.bucket,
    minSizeBytes: integerOption('min-size-bytes', values['min-size-bytes'], 0),
    outputBucket: values['output-bucket'],
    outputPrefix: values['output-prefix'],
    delivery,
    eventShape,
    faults,
    timeScale,
    clock,
    mapStateExitedAfter,
    region,
    accountId,
    functionsDir: values.functions,
    logger,
  }).catch((error: unknown) => {
    // A template the runtime cannot run, faults for states its definition lacks, bad access keys, or a
    // functions directory it cannot use are problems with the arguments: say what, without a stack.
    const fromArguments =
      values.template !== undefined || faults !== undefined || accessKeys !== undefined || values.functions !== undefined;
    throw error instanceof ConfigurationError && fromArguments ? new UsageError(error.message) : error;
  });
  process.stdout.write(readyLine(runtime));

  const signal = await stopRequested;
  logger.info('Shutting down', { signal });
  await runtime.close();
  return 0;
}
