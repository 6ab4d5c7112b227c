import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type LocalFunctionHandler, startSfnLocal } from '@sizegate/sfn-local';
import { LOCAL_CREDENTIALS, lambdaFunctionArnOf } from '@sizegate/types';
import { DEFINITION_SUBSTITUTIONS, type StateMachineDefinition } from '../../src/index.js';

// Runs a definition on the real Step Functions service of sizegate (@sizegate/sfn-local), driven
// with the real @aws-sdk/client-sfn over HTTP: the lambda:invoke envelope, Retry timing, error
// names and causes are the service's, as the deployed state machine would see them.

type Handler = (event: never) => unknown;

export interface WorkflowRun {
  status: ExecutionStatus;
  /** Names of the states entered, in order (from the execution history). */
  path: string[];
  /** How often each state was retried (its attempts beyond the first), by state name. */
  retries: Record<string, number>;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface RunOptions {
  /**
   * Multiplies Retry intervals and TimeoutSeconds (the service's time scale, 0 < timeScale <= 1):
   * 0.001 makes the definition's waits take milliseconds, how many attempts there are is still
   * the definition's. Mind the timeouts: 0.001 leaves CheckFileSize 60 ms. @default 1
   */
  readonly timeScale?: number;
}

const SCOPE = { region: 'us-east-1', accountId: '000000000000' };
const FUNCTIONS = {
  CheckFileSize: { name: 'sizegate-check-size', substitution: DEFINITION_SUBSTITUTIONS.checkSizeFunctionArn },
  ProcessFile: { name: 'sizegate-process-file', substitution: DEFINITION_SUBSTITUTIONS.processFileFunctionArn },
} as const;

/** The definition as CloudFormation's DefinitionSubstitutions would deploy it: local function ARNs for the placeholders. */
function deployable(definition: StateMachineDefinition): object {
  let text = JSON.stringify(definition);
  for (const { name, substitution } of Object.values(FUNCTIONS)) {
    text = text.replaceAll(`\${${substitution}}`, lambdaFunctionArnOf(SCOPE, name));
  }
  return JSON.parse(text) as object;
}

/** The states entered, in order, and each state's retries: its Lambda attempts beyond one per entry. */
function readHistory(events: readonly HistoryEvent[]): Pick<WorkflowRun, 'path' | 'retries'> {
  const path: string[] = [];
  const attempts: Record<string, number> = {};
  for (const event of events) {
    const entered = event.stateEnteredEventDetails?.name;
    if (entered !== undefined) path.push(entered);
    if ((event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled') && path.length > 0) {
      const state = path.at(-1) as string;
      attempts[state] = (attempts[state] ?? 0) + 1;
    }
  }
  const retries: Record<string, number> = {};
  for (const [state, count] of Object.entries(attempts)) {
    const extra = count - path.filter((name) => name === state).length;
    if (extra > 0) retries[state] = extra;
  }
  return { path, retries };
}

// The service checks a definition when it starts (asl-validator, a JSON-schema compile): once per definition is enough.
const validated = new WeakSet<StateMachineDefinition>();

/** Runs one execution on a fresh service and reports its status, output or error, the path of states taken and the retries. */
export async function runWorkflow(
  definition: StateMachineDefinition,
  input: unknown,
  handlers: { CheckFileSize: Handler; ProcessFile: Handler },
  options: RunOptions = {},
): Promise<WorkflowRun> {
  const service = await startSfnLocal({
    port: 0,
    region: SCOPE.region,
    accountId: SCOPE.accountId,
    stateMachineName: 'sizegate',
    definition: deployable(definition),
    functions: {
      CheckFileSize: { functionName: FUNCTIONS.CheckFileSize.name, handler: handlers.CheckFileSize as LocalFunctionHandler },
      ProcessFile: { functionName: FUNCTIONS.ProcessFile.name, handler: handlers.ProcessFile as LocalFunctionHandler },
    },
    validateDefinition: !validated.has(definition),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
  });
  validated.add(definition);
  const sfn = new SFNClient({ endpoint: service.endpoint, region: SCOPE.region, credentials: LOCAL_CREDENTIALS });
  try {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: service.stateMachineArn, input: JSON.stringify(input) }),
    );
    await service.idle();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    // One page is enough: these executions have a few dozen events, the page limit is 1,000.
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    return {
      status: described.status as ExecutionStatus,
      ...readHistory(history.events ?? []),
      ...(described.output === undefined ? {} : { output: JSON.parse(described.output) as unknown }),
      ...(described.error === undefined ? {} : { error: described.error }),
      ...(described.cause === undefined ? {} : { cause: described.cause }),
    };
  } finally {
    sfn.destroy();
    await service.close();
  }
}
