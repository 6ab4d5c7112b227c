// Worker threads vs child processes as the sandbox for a local Lambda function: the figures behind
// docs/function-runner.md. Self-contained (node: built-ins and the workspace's @aws-sdk/client-s3 only),
// so it measures the two mechanisms, not our runner.
//
//   node packages/sfn-local/scripts/compare-isolation.mjs [--runs 11] [--json out.json]
//
// Each scenario runs in a fresh `node` (this file with --scenario), so one scenario's heap and
// threads never colour another's RSS. Progress goes to stderr, the table to stdout.
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: { scenario: { type: 'string' }, dir: { type: 'string' }, runs: { type: 'string', default: '11' }, json: { type: 'string' } },
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const rssOf = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const log = (m) => process.stderr.write(`[compare-isolation] ${m}\n`);

// ---- the two sandboxes: the same tiny runtime, one as a thread, one as a process -------------------

/** The runtime inside a sandbox: import the handler module, then answer {id, event} with {id, result}. */
const RUNTIME = `
const isThread = !!require('node:worker_threads').parentPort;
const port = isThread ? require('node:worker_threads').parentPort : process;
const modulePath = isThread ? require('node:worker_threads').workerData.modulePath : process.argv[2];
import(require('node:url').pathToFileURL(modulePath).href).then(({ handler }) => {
  port.on('message', async ({ id, event }) => {
    const result = await Promise.resolve(handler(event)).catch((error) => ({ error: error.name }));
    port.postMessage ? port.postMessage({ id, result }) : port.send({ id, result });
  });
  port.postMessage ? port.postMessage({ ready: true }) : port.send({ ready: true });
});`;

function startThread(_dir, modulePath, options = {}) {
  return new Worker(RUNTIME, { eval: true, workerData: { modulePath }, env: {}, stdout: false, stderr: false, ...options });
}

function startProcess(dir, modulePath, { execArgv = [], serialization = 'json' } = {}) {
  return fork(join(dir, 'runtime.cjs'), [modulePath], { execArgv, serialization, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: {} });
}

/** One request/response on a started sandbox (thread or process: both are EventEmitters with 'message'). */
function rpc(sandbox, event) {
  const id = Math.random();
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m.id !== id) return;
      sandbox.off('message', onMessage);
      resolve(m.result);
    };
    sandbox.on('message', onMessage);
    if (sandbox.postMessage) sandbox.postMessage({ id, event });
    else sandbox.send({ id, event });
  });
}
const ready = (sandbox) => new Promise((resolve) => sandbox.once('message', resolve));
const stop = async (sandbox) => {
  if (sandbox.terminate) return sandbox.terminate();
  if (sandbox.exitCode !== null || sandbox.signalCode !== null) return;
  const exited = new Promise((r) => sandbox.once('exit', r));
  sandbox.kill('SIGKILL');
  await exited;
};
const start = (kind, dir, modulePath, options) => (kind === 'thread' ? startThread : startProcess)(dir, modulePath, options);

// ---- scenarios (each in its own node process) -------------------------------------------------------

const scenarios = {
  /** Spawn → module loaded (client-s3 unbundled, or the check-size bundle) → first invoke answered, ms. */
  async cold(dir, kind, module) {
    const t0 = performance.now();
    const sandbox = start(kind, dir, join(dir, module));
    await ready(sandbox);
    await rpc(sandbox, { n: 1 });
    const ms = performance.now() - t0;
    await stop(sandbox);
    return { ms };
  },
  /** RSS cost of 4 warm sandboxes (client-s3 imported, one invoke done): parent delta + children. */
  async rss(dir, kind) {
    globalThis.gc?.();
    const before = rssOf('self');
    const sandboxes = [];
    for (let i = 0; i < 4; i++) {
      const s = start(kind, dir, join(dir, 's3-handler.mjs'));
      await ready(s);
      await rpc(s, { n: 1 });
      sandboxes.push(s);
    }
    await new Promise((r) => setTimeout(r, 500));
    const parentDelta = rssOf('self') - before;
    const children = kind === 'process' ? sandboxes.reduce((sum, p) => sum + rssOf(p.pid), 0) : 0;
    for (const s of sandboxes) await stop(s);
    return { perWorkerMiB: (parentDelta + children) / 4, parentDeltaMiB: parentDelta, childrenMiB: children };
  },
  /** Small-event round trip on a warm sandbox: p50/p99 over 2,000 sequential invokes. */
  async latency(dir, kind, serialization) {
    const s = start(kind, dir, join(dir, 'echo-handler.mjs'), kind === 'process' ? { serialization } : {});
    await ready(s);
    for (let i = 0; i < 200; i++) await rpc(s, { n: i });
    const samples = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await rpc(s, { n: i, bucket: 'b', key: 'k' });
      samples.push(performance.now() - t0);
    }
    await stop(s);
    return { p50: median(samples), p99: pct(samples, 99) };
  },
  /** 1 MiB event echoed back (2 MiB moved per invoke): invokes/s and MiB/s over 100 sequential invokes. */
  async payload(dir, kind, serialization) {
    const s = start(kind, dir, join(dir, 'echo-handler.mjs'), kind === 'process' ? { serialization } : {});
    await ready(s);
    const event = { data: 'x'.repeat(1024 * 1024) };
    for (let i = 0; i < 10; i++) await rpc(s, event);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) await rpc(s, event);
    const seconds = (performance.now() - t0) / 1000;
    await stop(s);
    return { perSecond: 100 / seconds, mibPerSecond: (100 * 2) / seconds };
  },
  /** What each sandbox does with a heap overrun, process.exit, while(true), Buffers and chdir. */
  async isolation(dir, kind) {
    const out = {};
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const run = async (module, options, event = {}) => {
      const s = start(kind, dir, join(dir, module), options);
      await ready(s);
      const t0 = performance.now();
      const ended = new Promise((resolve) => {
        let stderr = '';
        s.stderr?.on('data', (c) => (stderr += c));
        s.once('error', (e) => resolve({ how: `error ${e.code ?? e.name}`, ms: performance.now() - t0 }));
        s.once('exit', (code, signal) =>
          resolve({
            how: `exit ${code ?? signal}${/heap limit|out of memory/i.test(stderr) ? ' (V8 heap OOM)' : ''}`,
            ms: performance.now() - t0,
          }),
        );
      });
      const answered = rpc(s, event).then((result) => ({ how: `answered ${JSON.stringify(result)}`, ms: performance.now() - t0 }));
      const first = await Promise.race([
        ended,
        answered,
        new Promise((r) => setTimeout(() => r({ how: 'still running after 5 s' }), 5000)),
      ]);
      await stop(s);
      return first;
    };
    const limit = kind === 'thread' ? { resourceLimits: { maxOldGenerationSizeMb: 64 } } : { execArgv: ['--max-old-space-size=64'] };
    out.heapOverrun = await run('heap-hog.mjs', limit);
    out.bufferOverrun = await run('buffer-hog.mjs', limit);
    out.processExit = await run('exit-handler.mjs', {});
    out.chdir = await run('chdir-handler.mjs', {});
    ticks = 0;
    const loop = start(kind, dir, join(dir, 'loop-handler.mjs'));
    await ready(loop);
    loop.postMessage ? loop.postMessage({ id: 0, event: {} }) : loop.send({ id: 0, event: {} });
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    await stop(loop);
    out.whileTrue = { parentTicksIn500ms: ticks, stopMs: performance.now() - t0 };
    clearInterval(ticker);
    out.parentAlive = true;
    return out;
  },
};

// ---- fixtures -----------------------------------------------------------------------------------------

function writeFixtures(dir) {
  const require = createRequire(fileURLToPath(new URL('../../check-size/package.json', import.meta.url)));
  const clientS3 = pathToFileURL(require.resolve('@aws-sdk/client-s3')).href;
  // Built by `turbo run build --filter=@sizegate/check-size`.
  const checkSizeBundle = new URL('../../check-size/dist/bundle/index.mjs', import.meta.url).href;
  const files = {
    'runtime.cjs': RUNTIME,
    's3-handler.mjs': `import { S3Client } from ${JSON.stringify(clientS3)};\nconst client = new S3Client({ region: 'us-east-1' });\nexport const handler = async (event) => ({ ok: !!client, event });\n`,
    'bundle-handler.mjs': `export { handler } from ${JSON.stringify(checkSizeBundle)};\n`,
    'echo-handler.mjs': 'export const handler = async (event) => event;\n',
    'heap-hog.mjs': 'export const handler = async () => { const keep = []; for (;;) keep.push({ a: Math.random(), b: [1, 2, 3] }); };\n',
    'buffer-hog.mjs':
      'export const handler = async () => { const keep = []; for (let i = 0; i < 16; i++) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); return { mib: keep.length * 16 }; };\n',
    'exit-handler.mjs': 'export const handler = async () => { process.exit(3); };\n',
    'chdir-handler.mjs':
      "export const handler = async () => { try { process.chdir('/'); return 'chdir ok'; } catch (e) { return e.code; } };\n",
    'loop-handler.mjs': 'export const handler = async () => { while (true) {} };\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

function runScenario(dir, name, ...args) {
  const child = spawnSync(process.execPath, ['--expose-gc', self, '--scenario', [name, ...args].join(':'), '--dir', dir], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

function timeNode(args) {
  const t0 = performance.now();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t0;
}

// ---- main ---------------------------------------------------------------------------------------------

if (values.scenario) {
  const [name, ...args] = values.scenario.split(':');
  const result = await scenarios[name](values.dir, ...args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'sizegate-isolation-'));
try {
  writeFixtures(dir);
  const runs = Number(values.runs);
  const cold = { thread: [], process: [], threadBundle: [], processBundle: [], node: [] };
  log(`cold start: ${runs} alternating runs`);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['process', 'thread'] : ['thread', 'process'];
    for (const kind of order) {
      cold[kind].push(runScenario(dir, 'cold', kind, 's3-handler.mjs').ms);
      cold[`${kind}Bundle`].push(runScenario(dir, 'cold', kind, 'bundle-handler.mjs').ms);
    }
    cold.node.push(timeNode(['-e', '0']));
  }
  const results = {
    node: process.version,
    coldStartMs: Object.fromEntries(Object.entries(cold).map(([key, samples]) => [key, median(samples)])),
  };
  log('warm RSS (4 sandboxes each)');
  results.rss = {
    thread: median([0, 1, 2].map(() => runScenario(dir, 'rss', 'thread').perWorkerMiB)),
    process: median([0, 1, 2].map(() => runScenario(dir, 'rss', 'process').perWorkerMiB)),
  };
  log('round trip');
  results.latencyMs = {
    thread: runScenario(dir, 'latency', 'thread'),
    processJson: runScenario(dir, 'latency', 'process', 'json'),
    processAdvanced: runScenario(dir, 'latency', 'process', 'advanced'),
  };
  log('1 MiB payload');
  results.payload1MiB = {
    thread: runScenario(dir, 'payload', 'thread'),
    processJson: runScenario(dir, 'payload', 'process', 'json'),
    processAdvanced: runScenario(dir, 'payload', 'process', 'advanced'),
  };
  log('isolation');
  results.isolation = { thread: runScenario(dir, 'isolation', 'thread'), process: runScenario(dir, 'isolation', 'process') };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
