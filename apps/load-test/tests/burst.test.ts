import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { silentLogger, startLocal, type LocalRuntime } from '@sizegate/local';
import { createProgress } from '@sizegate/local/progress';
import { executionNameFor } from '@sizegate/start-execution';
import { MESSAGES } from '@sizegate/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, executionArnOf, listAllExecutions, mapWithConcurrency } from './helpers/clients.js';
import { KiB, sha256Hex, smallObjectBody } from './helpers/generated-data.js';
import { recordResults } from './helpers/results.js';
import { percentile, round } from './helpers/stats.js';

const UPLOADS = 1_000;
/**
 * A threshold users could choose (startLocal's `minSizeBytes`): half the burst is processed
 * (ProcessFile streams and hashes it, writes a manifest) and half is too small, with objects of
 * 0 B to 64 KiB, so the burst measures the workflow rather than the disk.
 */
const MIN_SIZE_BYTES = 16 * KiB;
/** The probe goes out once this many uploads have been answered: well inside the burst. */
const PROBE_AFTER_UPLOADS = 100;
/**
 * Each probe call must answer within a third of the burst (first upload sent → last execution
 * final). A server that served the probe only after the burst, or whose event loop the burst
 * blocked, answers after most of it; one that keeps serving between the burst's requests answers in
 * a small share of it (measured: ~11 % for a HeadObject on a new connection, whose file reads queue
 * behind the uploads' writes in libuv's thread pool, and 0.5-1.5 % for DescribeExecution, which is
 * served from memory), on a lightly and on a heavily loaded machine alike. A share, not a fixed time,
 * because the burst itself takes 14 s or 40 s depending on what else the machine runs; the probe
 * client's 30 s request timeout is the absolute ceiling.
 */
const PROBE_SHARE_OF_BURST = 1 / 3;
/** How long the probe waits for the probed object's execution to appear (notifications are asynchronous). */
const PROBE_GIVE_UP_MS = 60_000;
/** How long the whole burst may take to reach final states before the test gives up. */
const BURST_GIVE_UP_MS = 240_000;

interface Upload {
  readonly index: number;
  readonly key: string;
  readonly body: Buffer;
}

interface Uploaded extends Upload {
  /** Client clock (Date.now()) just before the PutObject was sent. */
  readonly startedAt: number;
  readonly executionName: string;
}

/** Object `index` of the burst: sizes spread over 0 B .. 64 KiB, with the threshold's edges included. */
function uploadAt(index: number): Upload {
  const size =
    index === 2
      ? MIN_SIZE_BYTES - 1
      : index === 3
        ? MIN_SIZE_BYTES
        : index % 2 === 0
          ? (index * 37) % MIN_SIZE_BYTES // below the threshold (index 0: an empty object)
          : MIN_SIZE_BYTES + ((index * 53) % (3 * MIN_SIZE_BYTES)); // at or above it
  return { index, key: `burst/object-${String(index).padStart(4, '0')}.csv`, body: smallObjectBody(index, size) };
}

interface ProbeResult {
  /** Uploads answered when the probe went out, and when its DescribeExecution found the execution. */
  readonly uploadsAnsweredAtStart: number;
  readonly uploadsAnsweredAtAnswer: number;
  readonly headObjectMs: number;
  readonly headObjectContentLength: number | undefined;
  /** Bytes the probed object was uploaded with. */
  readonly probedSize: number;
  /** Every DescribeExecution call the probe made (ExecutionDoesNotExist until the notification started it). */
  readonly describeCallsMs: number[];
  readonly describedStatus: string | undefined;
  /** Client clock when the DescribeExecution that found the execution answered. */
  readonly describedAt: number;
}

/** A HeadObject and DescribeExecution calls sent while the burst is in progress, each timed. */
async function probe(
  s3Probe: ReturnType<typeof clientsFor>,
  local: LocalRuntime,
  target: Uploaded,
  answered: () => number,
): Promise<ProbeResult> {
  const uploadsAnsweredAtStart = answered();
  const headStart = performance.now();
  const head = await s3Probe.s3.send(new HeadObjectCommand({ Bucket: local.bucket, Key: target.key }));
  const headObjectMs = performance.now() - headStart;
  const describeCallsMs: number[] = [];
  const executionArn = executionArnOf(local.stateMachineArn, target.executionName);
  const deadline = Date.now() + PROBE_GIVE_UP_MS;
  let described: DescribeExecutionCommandOutput | undefined;
  while (described === undefined && Date.now() < deadline) {
    const callStart = performance.now();
    described = await describeOrUndefined(s3Probe.sfn, executionArn);
    describeCallsMs.push(performance.now() - callStart);
    if (described === undefined) await sleep(20);
  }
  return {
    uploadsAnsweredAtStart,
    uploadsAnsweredAtAnswer: answered(),
    headObjectMs,
    headObjectContentLength: head.ContentLength,
    probedSize: target.body.length,
    describeCallsMs,
    describedStatus: described?.status,
    describedAt: Date.now(),
  };
}

async function describeOrUndefined(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput | undefined> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

/** `promise`, or a failure naming `what` after `ms`. */
async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let dataDir: string;
let local: LocalRuntime | undefined;
let burstClients: ReturnType<typeof clientsFor> | undefined;
let probeClients: ReturnType<typeof clientsFor> | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sizegate-load-burst-'));
  local = await startLocal({ port: 0, dataDir, minSizeBytes: MIN_SIZE_BYTES, logger: silentLogger });
  // One socket per upload, so all 1,000 are on the wire at once rather than queued in the client.
  burstClients = clientsFor(local, { maxSockets: UPLOADS });
  // The probe's own client: its calls never wait for a socket of the burst's agent.
  probeClients = clientsFor(local, { requestTimeoutMs: 30_000 });
});

afterAll(async () => {
  try {
    burstClients?.destroy();
    probeClients?.destroy();
    await local?.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('Load: a burst of uploads', () => {
  it('1,000 uploads fired concurrently → exactly 1,000 executions, all reaching a final state, none lost or duplicated; the server stays responsive (a DescribeExecution during the burst answers)', async () => {
    // Prepare
    const runtime = local!;
    const { s3, sfn } = burstClients!;
    const uploads = Array.from({ length: UPLOADS }, (_, index) => uploadAt(index));

    // Act: every PutObject sent at once; the probe goes out from inside the burst
    // Plain lines every few seconds under vitest (its workers' stderr is a pipe), one redrawn line on a terminal.
    const progress = createProgress();
    let answered = 0;
    let probed: Promise<ProbeResult> | undefined;
    const burstStart = Date.now();
    const uploaded = await Promise.all(
      uploads.map(async (upload): Promise<Uploaded> => {
        const startedAt = Date.now();
        const response = await s3.send(
          new PutObjectCommand({ Bucket: runtime.bucket, Key: upload.key, Body: upload.body, ContentType: 'text/csv' }),
        );
        // The name start-execution gives the execution of this object version (bucket, key, versionId or ETag).
        const executionName = executionNameFor({
          bucket: runtime.bucket,
          key: upload.key,
          versionId: response.VersionId ?? null,
          etag: response.ETag ?? null,
        });
        const result = { ...upload, startedAt, executionName };
        answered++;
        progress.update(`[load] burst: ${answered}/${UPLOADS} uploads answered`);
        if (answered === PROBE_AFTER_UPLOADS) {
          probed = probe(probeClients!, runtime, result, () => answered);
          probed.catch(() => {}); // awaited (and its failure reported) after the burst
        }
        return result;
      }),
    );
    const uploadsDoneAt = Date.now();
    const expectedNames = new Set(uploaded.map((upload) => upload.executionName));
    // Bounded wait, through the API a user has: until all 1,000 are listed and none is RUNNING.
    const deadline = Date.now() + BURST_GIVE_UP_MS;
    let listed = await listAllExecutions(sfn, runtime.stateMachineArn);
    while ((listed.length < UPLOADS || listed.some((execution) => execution.status === 'RUNNING')) && Date.now() < deadline) {
      const running = listed.filter((execution) => execution.status === 'RUNNING').length;
      progress.update(`[load] burst: ${listed.length}/${UPLOADS} executions started, ${listed.length - running} final`);
      await sleep(250);
      listed = await listAllExecutions(sfn, runtime.stateMachineArn);
    }
    progress.done();
    const probeResult = await probed!;
    // Nothing pending any more: a late duplicate would now be listed too.
    await withinMs(runtime.idle(), 60_000, 'the runtime did not become idle');
    const final = await listAllExecutions(sfn, runtime.stateMachineArn);
    const described = await mapWithConcurrency(uploaded, 20, (upload) =>
      sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(runtime.stateMachineArn, upload.executionName) })),
    );

    // Report (before asserting, so a failing run still shows its figures): executions/s from the
    // first upload sent to the last final state; per object, from its upload's start (client clock)
    // to its execution's stopDate (DescribeExecution; the runtime runs in this process, so both read
    // the same clock).
    const stopDates = described.map((execution) => execution.stopDate?.getTime() ?? Number.NaN);
    const lastFinalState = Math.max(...stopDates);
    const burstMs = lastFinalState - burstStart;
    const probeBoundMs = burstMs * PROBE_SHARE_OF_BURST;
    const latencies = uploaded.map((upload, at) => (stopDates[at] as number) - upload.startedAt);
    const slowestDescribeMs = Math.max(...probeResult.describeCallsMs);
    const figures = {
      uploads: UPLOADS,
      minSizeBytes: MIN_SIZE_BYTES,
      processed: UPLOADS / 2,
      executionsPerSecond: round(UPLOADS / (burstMs / 1000)),
      burstSeconds: round(burstMs / 1000, 2),
      uploadsAnsweredSeconds: round((uploadsDoneAt - burstStart) / 1000, 2),
      uploadToFinalStateMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
        measuredWith: 'DescribeExecution stopDate − client clock before PutObject',
      },
      probe: {
        sentAfterUploadsAnswered: probeResult.uploadsAnsweredAtStart,
        uploadsAnsweredWhenDescribed: probeResult.uploadsAnsweredAtAnswer,
        headObjectMs: round(probeResult.headObjectMs),
        describeExecutionCalls: probeResult.describeCallsMs.length,
        describeExecutionMaxMs: round(slowestDescribeMs),
        describedStatus: probeResult.describedStatus,
        describedSecondsBeforeLastFinalState: round((lastFinalState - probeResult.describedAt) / 1000, 2),
        boundMs: Math.round(probeBoundMs),
      },
    };
    console.log(`[load] burst: ${JSON.stringify(figures)}`);
    recordResults('burst', figures);

    // Assess: exactly one execution per upload, under the deterministic names, nothing else
    expect(expectedNames.size).toBe(UPLOADS);
    expect(final).toHaveLength(UPLOADS);
    expect(new Set(final.map((execution) => execution.name))).toEqual(expectedNames);
    // every one reached its final state and ended as its size says, with the right bytes hashed
    const outcomes = uploaded.map((upload, at) => {
      const execution = described[at]!;
      const output = JSON.parse(execution.output ?? 'null') as {
        Message?: string;
        key?: string;
        size?: number;
        manifest?: { size?: number; sha256?: string };
      } | null;
      return {
        key: upload.key,
        status: execution.status,
        inputKey: JSON.parse(execution.input ?? '{}').key,
        message: output?.Message,
        size: output?.size,
        manifestSize: output?.manifest?.size,
        sha256: output?.manifest?.sha256,
      };
    });
    const expectedOutcomes = uploaded.map((upload) => {
      const processed = upload.body.length >= MIN_SIZE_BYTES;
      return {
        key: upload.key,
        status: 'SUCCEEDED',
        inputKey: upload.key,
        message: processed ? MESSAGES.processedOk : MESSAGES.notBigEnough,
        size: upload.body.length,
        manifestSize: processed ? upload.body.length : undefined,
        sha256: processed ? sha256Hex(upload.body) : undefined,
      };
    });
    expect(outcomes).toEqual(expectedOutcomes);
    expect(expectedOutcomes.filter((outcome) => outcome.message === MESSAGES.processedOk)).toHaveLength(UPLOADS / 2);
    // the server answered the probe while the burst was in progress, each call within the bound
    expect(probeResult.headObjectContentLength).toBe(probeResult.probedSize);
    expect(probeResult.headObjectMs).toBeLessThan(probeBoundMs);
    expect(probeResult.describedStatus).toBeDefined();
    expect(slowestDescribeMs).toBeLessThan(probeBoundMs);
    expect(probeResult.describedAt).toBeLessThan(lastFinalState);
  });
});
