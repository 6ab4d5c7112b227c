/** How the runner talks to a Step Functions implementation: one API call at a time. */

export interface DriverError {
  /** The error code (`ExecutionDoesNotExist`), as boto3's `Error.Code`. */
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  /** Other members of the modeled error that the response carried (boto3 puts them next to `message`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * A response as the SDK gives it: members as modeled, dates as `Date`, and `ResponseMetadata
 * {HTTPHeaders: {}, HTTPStatusCode}` (boto3's name for the SDK's `$metadata`).
 */
export type DriverResponse = Record<string, unknown>;

export type CallResult = { readonly ok: true; readonly response: DriverResponse } | { readonly ok: false; readonly error: DriverError };

/** Why the runner makes a call: a step of the replayed steps, or polling for the wait step at that index. */
export type CallPurpose =
  | { readonly step: number }
  | { readonly step: number; readonly wait: string; readonly waitArgs: Readonly<Record<string, string>> };

export interface Driver {
  /** Calls a Step Functions operation (`CreateStateMachine`) with the request members as boto3 names them. */
  call(operation: string, args: Readonly<Record<string, unknown>>, purpose?: CallPurpose): Promise<CallResult>;
  close(): Promise<void>;
}

/** A Lambda function the case creates: registered under its name and ARN before the steps run. */
export interface LambdaSpec {
  readonly name: string;
  readonly arn: string;
  /** An ES module exporting `handler`. */
  readonly source: string;
}

export interface DriverStartOptions {
  /** The runner always uses `us-east-1`, the region the recordings' ARNs name. */
  readonly region: string;
  /** The runner always uses `111111111111`, the account of the recordings. */
  readonly accountId: string;
  readonly lambdas: readonly LambdaSpec[];
  /** Step Functions Local's `MockConfigFile` content, for `mocked_variant` cases. */
  readonly mockConfig?: Readonly<Record<string, unknown>>;
  /**
   * Which event a distributed Map's MapStateExited points at, as AWS wrote it when the case was
   * recorded (it changed in late 2024; see runner/aws-eras.ts). @default the service's default
   */
  readonly mapStateExitedAfter?: 'MapRunStarted' | 'MapRunSucceeded';
}

export interface DriverFactory {
  /** What reports call this driver (`in-process`, `http`, `replay`). */
  readonly name: string;
  start(options: DriverStartOptions): Promise<Driver>;
}
