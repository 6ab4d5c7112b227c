// `pnpm test:node24`: the Node.js 24 smoke of the README's test command. The full suite runs on the
// Node.js first on PATH (22 in CI); this puts Node.js 24 first on PATH (from the npm registry's `node`
// package, so no system install is needed) and runs the build, every package's unit tests and the
// demo on it.
//
// - Turbo's task hash does not include the Node.js version, so without `--force` a build or test
//   result cached by a Node.js 22 run would be replayed here instead of run on Node.js 24.
// - Variables that pnpm/npx set from the Node.js that started this script (NODE,
//   npm_node_execpath, npm_config_prefix, ...) are dropped, so nothing underneath falls back to it;
//   pnpm's scripts are checked to run Node.js 24 before anything else runs.
// - pnpm runs at the version root package.json's packageManager pins.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MAJOR = 24;
/** Set by npm/pnpm from the Node.js that runs them; the npx and pnpm started below set them afresh. */
const FROM_OUTER_NODE = ['NODE', 'npm_node_execpath', 'npm_config_prefix', 'npm_config_global_prefix', 'npm_config_globalconfig'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageManager = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const shell = process.platform === 'win32';

function fail(message) {
  console.error(`node24-smoke: ${message}`);
  process.exit(1);
}

function capture(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', shell, stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout.trim();
}

const nodePath = capture('npx', ['-y', `node@${NODE_MAJOR}`, '-p', 'process.execPath'], process.env);
const env = { ...process.env };
for (const name of FROM_OUTER_NODE) delete env[name];
env.PATH = `${dirname(nodePath)}${delimiter}${process.env.PATH ?? ''}`;

const version = capture('node', ['--version'], env);
if (!version.startsWith(`v${NODE_MAJOR}.`)) fail(`node on PATH is ${version}, not Node.js ${NODE_MAJOR} (${nodePath})`);
const scriptsVersion = capture('npx', ['-y', packageManager, 'exec', 'node', '--version'], env);
if (scriptsVersion !== version) fail(`pnpm's scripts run node ${scriptsVersion}, not ${version}`);
console.log(`node24-smoke: Node.js ${version} (${nodePath})`);

const steps = [
  ['build + unit tests', ['-y', packageManager, 'turbo', 'run', 'build', 'test:unit', '--force', '--output-logs=new-only']],
  ['demo', ['-y', packageManager, 'demo']],
];
const timings = [];
for (const [name, args] of steps) {
  const started = performance.now();
  console.log(`node24-smoke: ${name}: npx ${args.join(' ')}`);
  const result = spawnSync('npx', args, { cwd: root, env, shell, stdio: 'inherit' });
  timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) fail(`${name} failed (exit ${result.status ?? result.signal}) on Node.js ${version}`);
}
console.log(`node24-smoke: passed on Node.js ${version}: ${timings.join(', ')}`);
