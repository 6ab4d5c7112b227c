import type { Suite } from '../context.js';
import { childScript, runJsonChild } from '../proc.js';
import { row, ratioAtLeast, type Figure, type Target } from '../report.js';
import { GiB, median, MiB, paired } from '../stats.js';
import { deleteObject, uploadGenerated } from '../upload.js';

interface RunResult {
  readonly ms: number;
  readonly rssBefore: number;
  readonly peakRss: number;
}

const SIZES = [
  { label: '1 MiB', bytes: MiB, runs: 7 },
  { label: '64 MiB', bytes: 64 * MiB, runs: 5 },
  { label: '1 GiB', bytes: GiB, runs: 5 },
  { label: '4 GiB', bytes: 4 * GiB, runs: 2 },
];

const RSS_LIMIT_MIB = 128;
const rssGrowthAtMost: Target = {
  text: `peak <= before +${RSS_LIMIT_MIB} MiB`,
  met: (r) => r.baselineValue !== null && r.value - r.baselineValue <= RSS_LIMIT_MIB,
};

const DRAIN = 'bare GetObject drain';

/**
 * ProcessFile (the @sizegate/process-file core, in its own process) against the local S3 over
 * HTTP, paired with a bare GetObject drain of the same object: time, throughput and peak RSS.
 */
export const processFileSuite: Suite = async ({ serve, s3, dataBucket, quick, log }) => {
  const figures: Figure[] = [];
  for (const size of SIZES) {
    if (quick && size.bytes > GiB) continue;
    const runs = quick ? 1 : size.runs;
    const key = `bench/process-file-${size.bytes}.csv`;
    log(`ProcessFile ${size.label}: uploading`);
    const etag = await uploadGenerated(s3, dataBucket, key, size.bytes);
    const args = (mode: string) => [
      '--mode',
      mode,
      '--endpoint',
      serve.endpoint,
      '--bucket',
      dataBucket,
      '--key',
      key,
      '--size',
      String(size.bytes),
      '--etag',
      etag,
    ];
    const once = (mode: string) => () => runJsonChild<RunResult>(childScript('process-file-run.js'), args(mode));
    log(`ProcessFile ${size.label}: ${runs} paired run(s)`);
    const { a: handler, b: drain } = await paired(runs, once('handler'), once('drain'));
    await deleteObject(s3, dataBucket, key);

    const handlerMs = median(handler.map((r) => r.ms));
    const drainMs = median(drain.map((r) => r.ms));
    const mibPerSecond = (ms: number) => size.bytes / MiB / (ms / 1000);
    if (size.bytes === GiB) {
      figures.push({
        row: row(`ProcessFile throughput, ${size.label}`, mibPerSecond(handlerMs), 'MiB/s', { name: DRAIN, value: mibPerSecond(drainMs) }),
        target: ratioAtLeast(0.9),
      });
    }
    figures.push({ row: row(`ProcessFile time, ${size.label}`, handlerMs, 'ms', { name: DRAIN, value: drainMs }) });
    figures.push({
      row: row(`ProcessFile peak RSS, ${size.label}`, median(handler.map((r) => r.peakRss)) / MiB, 'MiB', {
        name: 'RSS before the run',
        value: median(handler.map((r) => r.rssBefore)) / MiB,
      }),
      target: size.bytes >= GiB ? rssGrowthAtMost : undefined,
    });
  }
  return figures;
};
