import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCases } from '../corpus/load.js';
import { CATEGORIES } from '../corpus/types.js';
import { renderTable } from '../report/console.js';
import { renderConformance } from '../report/markdown.js';
import { missedTargets } from '../report/targets.js';
import { runCases } from '../runner/run-cases.js';
import { DEFAULT_SERVICE_MODULE, DRIVER_NAMES, type DriverName, driverProvider } from './drivers.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
}

/** The committed report: `packages/conformance/CONFORMANCE.md`. */
export const DEFAULT_REPORT = fileURLToPath(new URL('../../CONFORMANCE.md', import.meta.url));

export const USAGE = `Usage: sizegate-conformance run --driver in-process|http|replay [options]

  --category NAME      run only this category (repeatable; default: all ${CATEGORIES.length})
  --write FILE         write the CONFORMANCE.md report to FILE
  --check              compare the report with the committed one (--write's FILE, or this
                       package's CONFORMANCE.md) instead of writing it; exit 1 when they differ
                       (all but the line naming the driver)
  --check-results      like --check, but only which cases pass (per test function, the targets, the
                       ids of the cases that do not): another driver must give the same results,
                       though its failure texts may differ (how a start failure reads, say)
  --targets            print the targets of issues 14 and 15; exit 1 when one is missed
  --targets-of SOURCE  with --targets: exit 1 only for the targets of SOURCE (repeatable),
                       e.g. --targets-of "issue 14" while issue 15's API is still to come
  --json FILE          write every case's result as JSON
  --concurrency N      cases run at once, each on its own driver (default 1)
  --service-module M   in-process: the module exporting createStepFunctionsService
                       (default ${DEFAULT_SERVICE_MODULE})
  --serve-command CMD  http: the command that takes 'serve ...' (default: sizegate-local)
  --wait-timeout MS    the longest one wait step polls (default 30000)
  --case-timeout MS    the longest one case runs (default 120000)
`;

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      driver: { type: 'string' },
      category: { type: 'string', multiple: true },
      write: { type: 'string' },
      check: { type: 'boolean', default: false },
      'check-results': { type: 'boolean', default: false },
      targets: { type: 'boolean', default: false },
      'targets-of': { type: 'string', multiple: true },
      json: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      'service-module': { type: 'string', default: DEFAULT_SERVICE_MODULE },
      'serve-command': { type: 'string' },
      'wait-timeout': { type: 'string', default: '30000' },
      'case-timeout': { type: 'string', default: '120000' },
      help: { type: 'boolean', default: false },
    },
  });
}

/** The CLI: returns the exit code (0 ok, 1 check or targets failed, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const driver = values.driver as DriverName | undefined;
  if (positionals[0] !== 'run' || positionals.length !== 1 || !driver || !DRIVER_NAMES.includes(driver)) {
    io.stderr.write(USAGE);
    return 2;
  }
  const numbers = {
    concurrency: Number(values.concurrency),
    waitTimeout: Number(values['wait-timeout']),
    caseTimeout: Number(values['case-timeout']),
  };
  if (!Object.values(numbers).every((value) => Number.isInteger(value) && value > 0)) {
    io.stderr.write(`--concurrency, --wait-timeout and --case-timeout take positive whole numbers\n`);
    return 2;
  }

  let cases: Awaited<ReturnType<typeof loadCases>>;
  let driverFor: Awaited<ReturnType<typeof driverProvider>>;
  try {
    cases = await loadCases(values.category ?? CATEGORIES);
    driverFor = await driverProvider({
      driver,
      serviceModule: values['service-module'],
      serveCommand: values['serve-command'],
      cwd: io.cwd,
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const started = Date.now();
  const results = await runCases(cases, {
    driverFor,
    concurrency: numbers.concurrency,
    caseTimeoutMs: numbers.caseTimeout,
    wait: { timeoutMs: numbers.waitTimeout },
    onResult: (_, done, total) => {
      if (done % 50 === 0 || done === total) io.stderr.write(`${done}/${total} cases\n`);
    },
  });
  io.stdout.write(
    `${renderTable(results)}\n\n${cases.length} cases with the ${driver} driver in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );

  let exitCode = 0;
  if (values.json) await writeFile(resolve(io.cwd, values.json), `${JSON.stringify(results, null, 2)}\n`, 'utf8');
  const report = renderConformance(results, { driver, command: `node dist/cli.js run --driver ${driver} --write CONFORMANCE.md` });
  const reportPath = values.write ? resolve(io.cwd, values.write) : DEFAULT_REPORT;
  if (values.check || values['check-results']) {
    const committed = await readFile(reportPath, 'utf8').catch(() => '');
    const view = values.check ? withoutDriverLine : resultsOnly;
    const [before, after] = [view(committed), view(report)];
    if (before !== after) {
      io.stderr.write(
        `${reportPath} is not current (or this driver's results differ from it): ${firstChangedLine(before, after)}\nRegenerate it with: node dist/cli.js run --driver ${driver} --write CONFORMANCE.md\n`,
      );
      exitCode = 1;
    }
  } else if (values.write) {
    await writeFile(reportPath, report, 'utf8');
    io.stderr.write(`wrote ${reportPath}\n`);
  }
  const missed = missedTargets(results, values['targets-of']);
  if (values.targets && missed.length > 0) {
    io.stderr.write(`a conformance target is missed: ${missed.map((outcome) => outcome.target.name).join(', ')} (see the table above)\n`);
    exitCode = 1;
  }
  return exitCode;
}

/**
 * What a report says about which cases pass, without how the others failed: the targets, every
 * test function's passed/eligible, each list's title (with its count) and the ids in it.
 */
function resultsOnly(report: string): string {
  return report
    .split('\n')
    .flatMap((line) => {
      if (line.startsWith('| ') && !line.startsWith('| category |'))
        return line.includes('issue 1') || line.startsWith('| `') ? [line] : [];
      if (line.startsWith('## ') || line.startsWith('### ')) return [line];
      const id = /^- `([^`]+)`/.exec(line)?.[1];
      return id === undefined ? [] : [`- ${id}`];
    })
    .join('\n');
}

/** The report without its "Generated by … with the <driver> driver" line. */
function withoutDriverLine(report: string): string {
  return report
    .split('\n')
    .filter((line) => !line.startsWith('Generated by '))
    .join('\n');
}

function firstChangedLine(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    if (a[index] !== b[index]) return `line ${index + 1} was ${JSON.stringify(a[index] ?? '')}, is now ${JSON.stringify(b[index] ?? '')}`;
  }
  return 'the files differ';
}
