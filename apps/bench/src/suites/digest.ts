import type { Suite } from '../context.js';
import { childScript, runJsonChild } from '../proc.js';
import { ratioAtMost, row } from '../report.js';
import { median } from '../stats.js';

/** ProcessFile over in-memory bytes vs crypto SHA-256 over the same buffers, in one child process. */
export const digestSuite: Suite = async ({ quick, log }) => {
  const totalMiB = quick ? 256 : 1024;
  log(`ProcessFile SHA-256 cost over ${totalMiB} MiB in memory`);
  const { handlerMs, hashMs } = await runJsonChild<{ handlerMs: number[]; hashMs: number[] }>(childScript('digest-cost.js'), [
    '--total-mib',
    String(totalMiB),
    '--runs',
    quick ? '3' : '7',
  ]);
  return [
    {
      row: row(`ProcessFile SHA-256 cost, ${totalMiB} MiB from memory`, median(handlerMs), 'ms', {
        name: 'crypto SHA-256 of the same buffers',
        value: median(hashMs),
      }),
      target: ratioAtMost(1.2),
    },
  ];
};
