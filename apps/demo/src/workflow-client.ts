import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { executionNameFor } from '@sizegate/start-execution';
import { executionArnOfStateMachine } from '@sizegate/types';
import { openSample, type Sample } from './samples.js';

export interface Target {
  readonly bucket: string;
  readonly stateMachineArn: string;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
}

export interface Outcome {
  readonly key: string;
  readonly size: number;
  readonly path: string[];
  readonly status: string;
  readonly message: string | undefined;
  readonly error: string | undefined;
  readonly durationMs: number;
  readonly expectedMessage: string | undefined;
  readonly ok: boolean;
  readonly executionArn: string;
  readonly output: unknown;
  /** With --graph DIR: the SVG drawn for this execution. */
  readonly graph?: string;
}

/** An outcome with the history it was read from (the history is not part of the printed results). */
export interface SampleRun {
  readonly outcome: Outcome;
  readonly events: readonly HistoryEvent[];
}

/** Uploads one sample with the SDK's managed upload (multipart when large), telling `status` how far it got. */
export async function uploadSample(target: Target, sample: Sample, status: (text: string) => void) {
  const upload = new Upload({
    client: target.s3,
    params: { Bucket: target.bucket, Key: sample.key, Body: openSample(sample) },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  });
  upload.on('httpUploadProgress', ({ loaded }) => {
    status(`uploading ${sample.size === 0 ? 100 : Math.round(((loaded ?? 0) / sample.size) * 100)}%`);
  });
  const result = await upload.done();
  return { etag: result.ETag, versionId: result.VersionId };
}

/** The execution ARN start-execution will use for this object: names are derived, not looked up. */
export function executionArnFor(stateMachineArn: string, bucket: string, key: string, etag?: string, versionId?: string) {
  const name = executionNameFor({ bucket, key, etag, versionId });
  return executionArnOfStateMachine(stateMachineArn, name);
}

/** Polls DescribeExecution until the execution exists and has finished, within `timeoutMs`. */
export async function waitForExecution(sfn: SFNClient, executionArn: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  while (Date.now() < deadline) {
    try {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') return execution;
    } catch (error) {
      // The notification that starts it is asynchronous: it may not exist yet.
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${executionArn}`);
}

/** The execution's whole history (all pages). */
export async function executionHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const response = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(response.events ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return events;
}

/** Names of the states the execution entered, in order, from its history. */
export const statesEntered = (events: readonly HistoryEvent[]): string[] =>
  events.flatMap((event) => (event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : []));

/** Uploads a sample, waits for its execution and reports the outcome; `status` hears what it is doing. */
export async function runSample(target: Target, sample: Sample, timeoutMs: number, status: (text: string) => void): Promise<SampleRun> {
  const started = Date.now();
  status('uploading');
  const { etag, versionId } = await uploadSample(target, sample, status);
  status('waiting for its execution');
  const executionArn = executionArnFor(target.stateMachineArn, target.bucket, sample.key, etag, versionId);
  const execution = await waitForExecution(target.sfn, executionArn, timeoutMs);
  const events = await executionHistory(target.sfn, executionArn);
  const output = execution.output ? (JSON.parse(execution.output) as { Message?: string }) : undefined;
  const message = output?.Message;
  const outcome: Outcome = {
    key: sample.key,
    size: sample.size,
    path: statesEntered(events),
    status: execution.status ?? 'UNKNOWN',
    message,
    error: execution.error,
    durationMs: Date.now() - started,
    expectedMessage: sample.expectedMessage,
    ok: execution.status === 'SUCCEEDED' && (sample.expectedMessage === undefined || message === sample.expectedMessage),
    executionArn,
    output,
  };
  return { outcome, events };
}
