import type { Processor } from '@sizegate/process-file';
import type { LoggerLike } from '@sizegate/types';
import type { ClockMode, LambdaFunctionSource, LocalFunctionHandler, TaskFault } from '@sizegate/sfn-local';
import type { AccessKey } from '@sizegate/types/sigv4';
import type { DeliveryOptions, EventShape } from './notifications/delivery-options.js';

export const DEFAULTS = {
  port: 4566,
  host: '127.0.0.1',
  bucket: 'sizegate-incoming',
  region: 'us-east-1',
  accountId: '000000000000',
  stateMachineName: 'sizegate',
} as const;

export interface StartLocalOptions {
  /** TCP port; 0 picks a free one. @default 4566 */
  readonly port?: number;
  /**
   * Address to bind. Anything but a loopback address makes the runtime reachable from other
   * machines without credentials; it logs a warning. @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Host names (`name`, any port, or `name:port`) the runtime also answers to, e.g. when it sits
   * behind a known name or a proxy. Requests with any other Host header, or from a browser page of
   * another origin, are refused with 403 (DNS rebinding and CSRF protection).
   * @default none: only 127.0.0.1, localhost, [::1] and the bound address, on the served port
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Check who is asking, on every service of the endpoint: S3 and Step Functions requests must be
   * signed (AWS Signature Version 4: header, presigned URL, signed chunks) with one of `accessKeys`,
   * else they get AWS's errors (S3: 403 SignatureDoesNotMatch / InvalidAccessKeyId, an unsigned S3
   * request is anonymous and gets what ACLs grant; Step Functions: UnrecognizedClientException,
   * InvalidSignatureException, MissingAuthenticationTokenException). The web console keeps
   * working: it is the runtime's own same-origin page behind the Host/Origin guard, so its requests
   * need no signature. @default false: any credentials, and none, work
   */
  readonly verifySignatures?: boolean;
  /**
   * With `verifySignatures`: the access keys accepted (at least one), e.g. `parseAccessKey('ID:SECRET[:NAME]')`
   * from `@sizegate/types/sigv4`. Each is its own S3 owner; the first owns the buckets created at
   * start, and the runtime's own functions sign with it (one account, as on AWS).
   */
  readonly accessKeys?: readonly AccessKey[];
  /**
   * Where objects (`<dataDir>/s3`) and executions with their histories (`<dataDir>/stepfunctions`)
   * are kept. Starting again with the same directory serves them again: executions that were
   * running when the process stopped are closed as ABORTED and started again as
   * `<name>-restart-N`, and objects that never got an execution get one.
   * @default a new temp dir, removed on close
   */
  readonly dataDir?: string;
  /** The incoming bucket, created at start; uploads into it start executions. @default 'sizegate-incoming' */
  readonly bucket?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** @default 'sizegate' */
  readonly stateMachineName?: string;
  /** Objects of at least this many bytes are processed. @default 2_000_000 */
  readonly minSizeBytes?: number;
  /** Where manifests go (created at start when it differs from `bucket`). @default the incoming bucket */
  readonly outputBucket?: string;
  /** @default 'processed/' */
  readonly outputPrefix?: string;
  /** Extra ProcessFile processors, the same contract as `@sizegate/process-file`. */
  readonly processors?: readonly Processor[];
  /**
   * Run what you deploy: a synthesized CloudFormation template (a path such as
   * `cdk.out/MyStack.template.json`, or its parsed JSON) of a stack with a SizeGate construct.
   * Its definition, threshold, buckets, key filter, trigger and environment replace the defaults;
   * `bucket` and `stateMachineName` still win (they are names), and `minSizeBytes`, `outputBucket`
   * and `outputPrefix` are errors with it (the template sets them).
   */
  readonly template?: string | object;
  /** With `template`: which SizeGate state machine, by construct path or logical id (needed when there are several). */
  readonly stateMachine?: string;
  /**
   * With `template`: handlers for Lambda functions the template does not map to a sizegate
   * handler (no `sizegate:handler` metadata), by logical id — e.g. your own ProcessFile function.
   */
  readonly functions?: Readonly<Record<string, LocalFunctionHandler>>;
  /**
   * Lambda functions by function **name**, for state machines you create on the endpoint
   * (CreateStateMachine): a handler `(event, context) => result`, the path of a module exporting
   * `handler`, or `{ handler, timeoutSeconds, memorySize, environment }`. Task states reach them by
   * name, partial ARN or ARN in this region and account (`arn:aws:lambda:<region>:<account>:function:<name>`).
   * @default none
   */
  readonly lambdaFunctions?: Readonly<Record<string, LambdaFunctionSource>>;
  /**
   * A directory of Lambda functions (`serve --functions DIR`): each `<name>.mjs`, `.cjs` or `.js`
   * exporting `handler` is the function `<name>`; an optional `<name>.json` sets `timeout`
   * (default 60 s), `memorySize` and `environment`. Read at start; a changed file is used from the
   * next invocation on. @default none
   */
  readonly functionsDir?: string;
  /**
   * Deliver notifications the way S3 may, to test your handlers: `duplicate` delivers each twice,
   * `reorder` holds deliveries briefly and releases them shuffled, `delayMs` makes each wait first.
   * @default plain delivery: once, in order, at once
   */
  readonly delivery?: DeliveryOptions;
  /**
   * The event the trigger's function receives: `'s3'` (an S3 event notification) or
   * `'eventbridge'` (an EventBridge "Object Created" event, key not URL-encoded).
   * @default 's3'; with `template`, the template's trigger decides unless this is given
   */
  readonly eventShape?: EventShape;
  /**
   * Make Task states fail as the Lambda service would, to test the definition's Retry/Catch:
   * `{ state: 'ProcessFile', error: 'Lambda.ServiceException', count: 2 }` fails the first 2
   * attempts of ProcessFile in every execution with that error, before the handler runs. Several
   * faults for one state apply one after the other. Checked against the definition at start.
   * @default none
   */
  readonly faults?: readonly TaskFault[];
  /**
   * Makes time pass faster for the state machines: Retry intervals, Wait states, Task
   * TimeoutSeconds and the machine's TimeoutSeconds are multiplied by it, e.g. 0.001 turns a 900 s
   * timeout into 900 ms. History timestamps show the durations as written (as AWS would record
   * them). 0 < timeScale <= 1. @default 1
   */
  readonly timeScale?: number;
  /**
   * How time passes for executions: `real` follows the wall clock (times `timeScale`); `virtual`
   * jumps to the next timer whenever no function is running, so a 1-year Wait ends at once and
   * the history shows the timestamps AWS would record (a year apart). @default 'real'
   */
  readonly clock?: ClockMode;
  /**
   * Which event a distributed Map's MapStateExited points at: AWS's today (`MapRunStarted`) or, to
   * replay recordings made before late 2024, `MapRunSucceeded`. @default 'MapRunStarted'
   */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
  /** Logger for the runtime and the in-process handlers. @default JSON lines on stderr */
  readonly logger?: LoggerLike;
}

export interface LocalRuntime {
  /** e.g. http://127.0.0.1:4566 — give it to any SDK client or `aws --endpoint-url`. */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly stateMachineArn: string;
  /** Resolves when no notification is pending and no execution is running. */
  idle(): Promise<void>;
  /** Stops serving, finishes what is pending, and removes a temp data dir. */
  close(): Promise<void>;
}
