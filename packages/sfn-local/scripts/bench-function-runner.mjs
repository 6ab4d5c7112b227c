// The function runner's figures (docs/function-runner.md): for each sizegate handler bundle, the cold
// start of a sandbox against `node -e 0` (issue target <= 1.8x), the RSS each warm sandbox costs,
// and what an isolated invocation costs over an in-process one (round trip, 1 MiB events).
//
//   npx -y pnpm@12.4.2 turbo run build --filter=@sizegate/sfn-local --filter=@sizegate/check-size \
//     --filter=@sizegate/process-file --filter=@sizegate/start-execution
//   node packages/sfn-local/scripts/bench-function-runner.mjs [--runs 11] [--json out.json]
//
// Uses dist/ (the code that ships). Progress goes to stderr, the table and the JSON to stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const rssMiB = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
/** This process's RSS before the runner is loaded (the RSS scenario's "bare node"). */
const bareRss = rssMiB();
const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '11' }, json: { type: 'string' }, scenario: { type: 'string' } },
});
const { createFunctionRunner } = await import(new URL('../dist/lambda/runtime/index.js', import.meta.url).href);

const BUNDLES = ['check-size', 'start-execution', 'process-file'];
/** What the bundles read at cold start (start-execution's entry requires the state machine). */
const ENVIRONMENT = { SIZEGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate' };
const log = (m) => process.stderr.write(`[bench-function-runner] ${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

/** The bundle a handler package exports as `<pkg>/bundle` (dist/bundle-dir.js), entry index.mjs. */
async function bundleEntry(name) {
  const { bundleDir } = await import(new URL(`../../${name}/dist/bundle-dir.js`, import.meta.url).href);
  return join(bundleDir, 'index.mjs');
}

const fnFor = (name, path, memorySize = 256) => ({
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  path,
  config: { timeoutSeconds: 10, memorySize, environment: {} },
});

function timeNode(args, env = {}) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, {
    stdio: 'ignore',
    env: { ...process.env, ...ENVIRONMENT, AWS_REGION: 'us-east-1', ...env },
  });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${child.status}`);
  return performance.now() - t0;
}

/**
 * A cold start: invoke() called → first answer, and the REPORT's Init Duration. `spare`: another
 * function of the same memory size ran first, so a booted spare sandbox is waiting (the runner's
 * steady state); otherwise the runner's very first sandbox, booted on demand.
 */
async function coldStart(path, warmup) {
  const runner = createFunctionRunner({ mode: 'isolated', environment: ENVIRONMENT, spareSandboxes: warmup !== undefined });
  try {
    if (warmup) {
      await runner.invoke(fnFor('warmup', warmup), {});
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const t0 = performance.now();
    const result = await runner.invoke(fnFor('cold', path), {});
    const ms = performance.now() - t0;
    if (result.error?.errorType === 'Sandbox.Timedout') throw new Error(`cold start timed out: ${path}`);
    const init = Number(/\tInit Duration: ([\d.]+) ms/.exec(result.logs.at(-1))?.[1]);
    return { ms, init };
  } finally {
    await runner.close();
  }
}

/**
 * In a fresh node: RSS before and after loading the runner, then with 1 and with 3 warm sandboxes
 * of the bundle (with spares on, one spare sandbox is booted beside them).
 */
async function rssScenario(path, spares) {
  const bare = bareRss;
  const runner = createFunctionRunner({ mode: 'isolated', environment: ENVIRONMENT, spareSandboxes: spares });
  const settle = () => new Promise((r) => setTimeout(r, 500));
  await settle();
  const idle = rssMiB();
  await runner.invoke(fnFor('warm', path), {});
  await settle();
  const one = rssMiB();
  // Three at once: the warm sandbox takes one, two more start.
  await Promise.all([1, 2, 3].map(() => runner.invoke(fnFor('warm', path), {})));
  await settle();
  const three = rssMiB();
  const warm = runner.stats()[0]?.idle;
  await runner.close();
  return { bare, idle, one, three, warm };
}

async function roundTrips(mode, path, event, count) {
  const runner = createFunctionRunner({ mode });
  const fn = fnFor('echo', path, 1024);
  for (let i = 0; i < 50; i++) await runner.invoke(fn, event);
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = await runner.invoke(fn, event);
    samples.push(performance.now() - t0);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  }
  await runner.close();
  return samples;
}

if (values.scenario) {
  const [name, path, spares] = values.scenario.split('|');
  if (name === 'rss') process.stdout.write(`${JSON.stringify(await rssScenario(path, spares === 'spares'))}\n`);
  process.exit(0);
}

const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'sizegate-bench-runner-'));
const echoPath = join(dir, 'echo.mjs');
writeFileSync(echoPath, 'export const handler = async (event) => event;\n');
async function measure() {
  const results = { node: process.version, runs, coldStart: {}, rss: {}, invoke: {} };
  const rows = [];
  for (const name of BUNDLES) {
    const path = await bundleEntry(name);
    log(`cold start ${name}: ${runs} alternating runs`);
    const sandbox = [];
    const init = [];
    const spare = [];
    const spareInit = [];
    const nodeE0 = [];
    const nodeImport = [];
    const nodeImportCached = [];
    const importArgs = ['--input-type=module', '-e', `await import(${JSON.stringify(path)})`];
    const compileCache = { NODE_COMPILE_CACHE: join(dir, 'compile-cache') };
    timeNode(importArgs, compileCache);
    for (let i = 0; i < runs; i++) {
      const steps = [
        async () => {
          const r = await coldStart(path);
          sandbox.push(r.ms);
          init.push(r.init);
        },
        async () => {
          const r = await coldStart(path, echoPath);
          spare.push(r.ms);
          spareInit.push(r.init);
        },
        async () => nodeE0.push(timeNode(['-e', '0'])),
        async () => nodeImport.push(timeNode(importArgs)),
        async () => nodeImportCached.push(timeNode(importArgs, compileCache)),
      ];
      for (const step of i % 2 ? steps.reverse() : steps) await step();
    }
    const figure = {
      firstSandboxToAnswerMs: median(sandbox),
      firstSandboxInitMs: median(init),
      spareToAnswerMs: median(spare),
      spareInitMs: median(spareInit),
      nodeE0Ms: median(nodeE0),
      nodeImportMs: median(nodeImport),
      nodeImportCompileCacheMs: median(nodeImportCached),
    };
    results.coldStart[name] = figure;
    rows.push([`cold start ${name}, spare sandbox: Init Duration`, figure.spareInitMs, figure.nodeE0Ms, 'target <= 1.8x']);
    rows.push(['  same, invoke() to first answer', figure.spareToAnswerMs, figure.nodeE0Ms, 'first invocation included']);
    rows.push(['  first sandbox (booted on demand): Init Duration', figure.firstSandboxInitMs, figure.nodeE0Ms, '']);
    rows.push(['  same, invoke() to first answer', figure.firstSandboxToAnswerMs, figure.nodeE0Ms, '']);
    rows.push(["  node importing the bundle (apps/bench's figure)", figure.nodeImportMs, figure.nodeE0Ms, '']);
    rows.push(['  same, with NODE_COMPILE_CACHE', figure.nodeImportCompileCacheMs, figure.nodeE0Ms, '']);

    log(`warm RSS ${name}`);
    const rssOf = (spares) => {
      const child = spawnSync(process.execPath, [self, '--scenario', `rss|${path}|${spares}`], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      return JSON.parse(child.stdout.trim().split('\n').at(-1));
    };
    const r = rssOf('no-spares');
    const withSpare = rssOf('spares');
    const memory = {
      ...r,
      runnerLoadedMiB: r.idle - r.bare,
      firstSandboxMiB: r.one - r.idle,
      perSandboxMiB: (r.three - r.idle) / 3,
      spareMiB: withSpare.one - r.one,
    };
    results.rss[name] = memory;
    rows.push([`RSS per warm sandbox ${name} (MiB, 3 warm)`, memory.perSandboxMiB, null, `first ${memory.firstSandboxMiB.toFixed(1)} MiB`]);
    rows.push([
      '  a spare sandbox (booted, no function) (MiB)',
      memory.spareMiB,
      null,
      `runner loaded: +${memory.runnerLoadedMiB.toFixed(1)} MiB`,
    ]);
  }

  for (const [label, event, count] of [
    ['small event', { bucket: 'b', key: 'k', size: 1 }, 2000],
    ['1 MiB event', { data: 'x'.repeat(1024 * 1024) }, 100],
  ]) {
    log(`invoke round trip, ${label}`);
    const isolated = await roundTrips('isolated', echoPath, event, count);
    const inProcess = await roundTrips('in-process', echoPath, event, count);
    results.invoke[label] = {
      isolated: { p50: median(isolated), p99: pct(isolated, 99) },
      inProcess: { p50: median(inProcess), p99: pct(inProcess, 99) },
    };
    rows.push([`invoke round trip p50, ${label}: isolated`, median(isolated), median(inProcess), 'baseline: in process']);
    rows.push([`invoke round trip p99, ${label}: isolated`, pct(isolated, 99), pct(inProcess, 99), '']);
  }
  return { results, rows };
}

let measured;
try {
  measured = await measure();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { results, rows } = measured;

const fmt = (v) => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
process.stdout.write(`\n${'figure'.padEnd(52)}${'value'.padStart(9)}${'baseline'.padStart(10)}${'ratio'.padStart(8)}  note\n`);
for (const [name, value, baseline, note] of rows) {
  const ratio = baseline ? `${(value / baseline).toFixed(2)}x` : '-';
  process.stdout.write(`${name.padEnd(52)}${fmt(value).padStart(9)}${fmt(baseline).padStart(10)}${ratio.padStart(8)}  ${note}\n`);
}
process.stdout.write(`\n${JSON.stringify(results, null, 2)}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
