import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { ExecutionPath } from '@sizegate/graph';
import { buildDefinition } from '@sizegate/state-machine';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from './options.js';
import { isLoopback } from '@sizegate/types/request-guard';
import { workflowFromTemplate } from './template/workflow-from-template.js';

export const GRAPH_USAGE = `Usage: sizegate-local graph [--definition FILE | --template FILE [--state-machine ID]]
                           [--execution ARN] [--endpoint URL] [--format mermaid|dot|svg] [-o FILE]

Draws the state machine as Mermaid, Graphviz DOT or SVG. With --execution, colours the path that
execution took: the states entered, the transition out of the Choice, the state it failed in.

The workflow: --definition FILE (an ASL JSON file), --template FILE (a synthesized CDK template,
like serve --template; --state-machine ID picks one of several), else the execution's own
definition (DescribeStateMachineForExecution), else the default sizegate definition.

Options:
  --definition FILE     an Amazon States Language definition (JSON)
  --template FILE       a synthesized template (cdk.out/<Stack>.template.json)
  --state-machine ID    with --template: which SizeGate construct (construct path or logical id)
  --execution ARN       an execution to draw the path of (its history is read with the SDK)
  --endpoint URL        where that execution lives: default AWS_ENDPOINT_URL, else AWS itself
                        (region from --region, AWS_REGION or the ARN). Credentials: the SDK's
                        default chain (AWS_PROFILE, SSO, keys); a loopback endpoint with none
                        configured gets dummy local ones
  --region R            the SDK region
  --format F            mermaid | dot | svg (default: from -o's extension — .svg, .dot/.gv,
                        .mmd/.md — else mermaid)
  -o, --output FILE     write there instead of stdout
  -h, --help            this text

Exit codes: 0 drawn, 1 a file, template or execution could not be read, 2 bad arguments.
`;

const FORMATS = ['mermaid', 'dot', 'svg'] as const;
type Format = (typeof FORMATS)[number];
const FORMAT_OF_EXTENSION: Readonly<Record<string, Format>> = {
  '.svg': 'svg',
  '.dot': 'dot',
  '.gv': 'dot',
  '.mmd': 'mermaid',
  '.md': 'mermaid',
};

/** What a local endpoint accepts: any key (the runtime does not check signatures). */
const LOCAL_CREDENTIALS = { accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' };

/**
 * The credentials to read an execution with: the dummy local ones only for a loopback endpoint
 * (the local runtime) when none are configured (no AWS_ACCESS_KEY_ID, no AWS_PROFILE). Anything
 * else, a real AWS endpoint or a profile/SSO set up for it, gets undefined: the SDK's default chain.
 */
export function executionCredentials(endpoint: string | undefined, env: NodeJS.ProcessEnv): typeof LOCAL_CREDENTIALS | undefined {
  if (endpoint === undefined || env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE']) return undefined;
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return undefined; // not a URL: the SDK names the bad endpoint
  }
  return isLoopback(hostname) ? LOCAL_CREDENTIALS : undefined;
}

export class GraphUsageError extends Error {
  override readonly name = 'UsageError';
}

/** A problem with an input the user named (file, template, execution): exit 1, no stack. */
class GraphInputError extends Error {}

function formatOf(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format)) throw new GraphUsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    return format as Format;
  }
  return (output === undefined ? undefined : FORMAT_OF_EXTENSION[extname(output).toLowerCase()]) ?? 'mermaid';
}

function readDefinitionFile(file: string): object {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GraphInputError(
      `--definition ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GraphInputError(`--definition ${file}: not valid JSON (${(error as Error).message})`);
  }
  const record = parsed as { StartAt?: unknown; States?: unknown } | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.StartAt !== 'string' ||
    typeof record.States !== 'object' ||
    record.States === null
  ) {
    throw new GraphInputError(`--definition ${file}: not a state machine definition (it needs "StartAt" and "States")`);
  }
  return record;
}

function definitionFromTemplate(file: string, stateMachine: string | undefined): object {
  try {
    return workflowFromTemplate({ template: file, stateMachine, region: DEFAULTS.region, accountId: DEFAULTS.accountId }).definition;
  } catch (error) {
    const message = (error as Error).message;
    throw new GraphInputError(message.includes(file) ? `--template: ${message}` : `--template ${file}: ${message}`);
  }
}

interface ExecutionDrawing {
  readonly definition: object;
  readonly path: ExecutionPath;
  readonly title: string;
}

async function readExecution(
  executionArn: string,
  endpoint: string | undefined,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ExecutionDrawing> {
  const arnRegion = executionArn.split(':')[3];
  const credentials = executionCredentials(endpoint, env);
  const sfn = new SFNClient({
    region: region ?? (env['AWS_REGION'] || undefined) ?? (arnRegion || DEFAULTS.region),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    maxAttempts: 2,
  });
  const where = endpoint ?? 'AWS';
  try {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const { definition } = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    // Bounded: 1000 pages of 1000 events is far beyond the 25,000-event history limit.
    for (let page = 0; page < 1000; page++) {
      const response = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
      events.push(...(response.events ?? []));
      nextToken = response.nextToken;
      if (!nextToken) break;
    }
    const { pathFromHistory } = await import('@sizegate/graph');
    return {
      definition: JSON.parse(definition ?? '{}') as object,
      path: pathFromHistory(events),
      title: `${execution.name ?? executionArn} — ${execution.status ?? 'UNKNOWN'}`,
    };
  } catch (error) {
    const name = (error as Error).name;
    let reason = name === 'ExecutionDoesNotExist' ? 'no such execution' : `${name}: ${(error as Error).message}`;
    // The SDK's message names no source: say which chain was asked, and with which profile.
    if (name === 'CredentialsProviderError')
      reason += ` (the SDK's default credential chain${env['AWS_PROFILE'] ? `, AWS_PROFILE=${env['AWS_PROFILE']}` : ''})`;
    throw new GraphInputError(`--execution ${executionArn} (at ${where}): ${reason}`);
  } finally {
    sfn.destroy();
  }
}

type GraphModule = typeof import('@sizegate/graph');
type DrawOptions = NonNullable<Parameters<GraphModule['toDot']>[1]>;

async function render(graph: GraphModule, format: Format, definition: object, options: DrawOptions): Promise<string> {
  if (format === 'svg') return graph.toSvg(definition, options);
  return format === 'dot' ? graph.toDot(definition, options) : graph.toMermaid(definition, options);
}

/** `sizegate-local graph ...`: returns the exit code; throws GraphUsageError for bad arguments. */
export async function runGraphCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      definition: { type: 'string' },
      template: { type: 'string' },
      'state-machine': { type: 'string' },
      execution: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(GRAPH_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new GraphUsageError(`graph takes no positional arguments (got "${positionals.join(' ')}")`);
  if (values.definition !== undefined && values.template !== undefined)
    throw new GraphUsageError('--definition and --template exclude each other');
  if (values['state-machine'] !== undefined && values.template === undefined) throw new GraphUsageError('--state-machine needs --template');
  if (values.endpoint !== undefined && values.execution === undefined) throw new GraphUsageError('--endpoint needs --execution');
  if (values.execution !== undefined && !/^arn:[^:]+:states:[^:]*:[^:]*:(execution|express):[^:]+:.+$/.test(values.execution)) {
    throw new GraphUsageError(
      `--execution must be an execution ARN, arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME (got "${values.execution}")`,
    );
  }
  const format = formatOf(values.format, values.output);

  try {
    let definition: object | undefined =
      values.definition !== undefined
        ? readDefinitionFile(values.definition)
        : values.template !== undefined
          ? definitionFromTemplate(values.template, values['state-machine'])
          : undefined;
    let path: ExecutionPath | undefined;
    let title: string | undefined;
    if (values.execution !== undefined) {
      const endpoint = values.endpoint ?? (env['AWS_ENDPOINT_URL'] || undefined);
      const drawn = await readExecution(values.execution, endpoint, values.region, env);
      // A definition given on the command line wins: e.g. to draw an older execution on today's template.
      definition ??= drawn.definition;
      path = drawn.path;
      title = drawn.title;
    }
    definition ??= buildDefinition();

    // Loaded here, not at the top: `serve` never pays for the layout engine.
    const graph = await import('@sizegate/graph');
    const options = { ...(path ? { path } : {}), ...(title ? { title } : {}) };
    const source =
      values.definition !== undefined
        ? `--definition ${values.definition}`
        : values.template !== undefined
          ? `--template ${values.template}`
          : values.execution !== undefined
            ? `--execution ${values.execution}`
            : 'the default definition';
    const text = await render(graph, format, definition, options).catch((error: unknown) => {
      // The graph package refuses a definition without StartAt/States with a TypeError naming that.
      throw error instanceof TypeError ? new GraphInputError(`${source}: ${error.message}`) : error;
    });
    if (values.output === undefined) {
      out(text.endsWith('\n') ? text : `${text}\n`);
    } else {
      try {
        mkdirSync(dirname(values.output), { recursive: true });
        writeFileSync(values.output, text);
      } catch (error) {
        throw new GraphInputError(
          `-o ${values.output}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof GraphInputError) {
      err(`sizegate-local graph: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
