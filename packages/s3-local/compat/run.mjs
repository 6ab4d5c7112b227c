#!/usr/bin/env node
// pnpm test:s3-compat: runs the committed selection of ceph/s3-tests (third_party/ceph-s3-tests)
// against @sizegate/s3-local and compares the outcome with expectations.json. It fails when a
// test fails that is not listed there, when a listed test passes, or when the README's generated
// section is not current. Needs Debian's Python with python3-boto3 & co.; without them it is
// skipped with a warning, except under CI=true.
//
//   node packages/s3-local/compat/run.mjs [--only test_a,test_b] [--keep] [--verbose]
//
// --only runs some tests (no check of the whole selection), --keep keeps the temp dir (S3 config,
// junit XML, data dir), --verbose prints the message of every failure, expected ones too.
// SIZEGATE_S3_COMPAT_PYTHON names another interpreter (the expectations are for Debian's).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  COMPAT_DIR,
  PACKAGE_DIR,
  README_FILE,
  REPO_ROOT,
  judge,
  loadExpectations,
  loadSelection,
  readmeWithSection,
  renderReadmeSection,
} from './expectations.mjs';
import { S3_TEST_USERS, s3TestsConfig } from './users.mjs';

/** Per test: the slowest passes in ~15 s on 2 loaded cores. */
const TEST_TIMEOUT_SECONDS = 120;
/** The whole run (about 7 minutes on 2 cores). */
const RUN_TIMEOUT_MS = 45 * 60 * 1000;
const PYTHON_MODULES = [
  'boto3',
  'botocore',
  'pytest',
  'pytest_timeout',
  'munch',
  'isodate',
  'requests',
  'pytz',
  'httplib2',
  'lxml',
  'yaml',
  'dateutil',
];
const APT_PACKAGES =
  'python3-boto3 python3-pytest python3-pytest-timeout python3-munch python3-isodate python3-requests python3-tz python3-httplib2 python3-lxml python3-yaml python3-dateutil';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const only = option('--only')?.split(',').filter(Boolean) ?? [];
const keep = args.includes('--keep');
const verbose = args.includes('--verbose');
const started = Date.now();

function fail(message) {
  console.error(`s3-compat: FAILED — ${message}`);
  process.exit(1);
}

const readme = readFileSync(README_FILE, 'utf8');
if (readmeWithSection(readme, renderReadmeSection()) !== readme)
  fail('packages/s3-local/README.md is not current with compat/expectations.json: run `pnpm s3-compat:readme`');

const python = process.env.SIZEGATE_S3_COMPAT_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(python, ['-c', `import ${PYTHON_MODULES.join(', ')}; print(boto3.__version__)`], { encoding: 'utf8' });
if (probe.status !== 0) {
  const why = `${python} with ${PYTHON_MODULES.join(', ')} is needed (Debian: apt-get install -y ${APT_PACKAGES})`;
  if (process.env.CI === 'true') fail(`${why}; CI=true, so the check cannot be skipped`);
  console.warn(`s3-compat: SKIPPED — ${why}`);
  process.exit(0);
}
const boto3Version = probe.stdout.trim();

const distEntry = join(PACKAGE_DIR, 'dist', 'index.js');
if (!existsSync(distEntry)) fail(`${distEntry} is missing: build @sizegate/s3-local first (pnpm test:s3-compat does)`);
const { startS3Local } = await import(pathToFileURL(distEntry).href);

const selection = loadSelection();
const expectations = loadExpectations();
const work = mkdtempSync(join(tmpdir(), 's3-compat-'));
const s3 = await startS3Local({
  port: 0,
  buckets: [],
  dataDir: join(work, 'data'),
  // The suite signs as three users and expects each to be its own owner, and anonymous requests to be refused.
  verifySignatures: true,
  accessKeys: S3_TEST_USERS.map((user) => ({
    accessKeyId: user.accessKey,
    secretAccessKey: user.secretKey,
    displayName: user.displayName,
    canonicalUserId: user.userId,
  })),
});
const { port } = new URL(s3.endpoint);
const configFile = join(work, 's3tests.conf');
writeFileSync(configFile, s3TestsConfig({ host: '127.0.0.1', port: Number(port) }));
const junitFile = join(work, 'junit.xml');
const selectedFile = join(work, 'selected.txt');

console.log(
  `s3-compat: ceph/s3-tests ${selection.file} against s3-local at ${s3.endpoint}, boto3 ${boto3Version}${only.length > 0 ? `, only ${only.join(', ')}` : ''}`,
);
const pytestArgs = [
  '-m',
  'pytest',
  selection.file,
  '-p',
  'no:cacheprovider',
  '-p',
  'select_tests',
  '-q',
  '--tb=no',
  '-rN',
  '--no-header',
  `--timeout=${TEST_TIMEOUT_SECONDS}`,
  `--junitxml=${junitFile}`,
];
const exitCode = await new Promise((resolve) => {
  const child = spawn(python, pytestArgs, {
    cwd: join(REPO_ROOT, selection.suite),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      S3TEST_CONF: configFile,
      S3COMPAT_SELECTION: join(COMPAT_DIR, 'selection.json'),
      S3COMPAT_SELECTED: selectedFile,
      S3COMPAT_ONLY: only.join(','),
      PYTHONPATH: COMPAT_DIR,
      PYTHONDONTWRITEBYTECODE: '1',
    },
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
  child.on('exit', (code, signal) => {
    clearTimeout(timer);
    resolve(code ?? `signal ${signal}`);
  });
});
await s3.close();

// pytest: 0 all passed, 1 some failed, 5 nothing collected; anything else is a broken run.
if (![0, 1, 5].includes(exitCode) || !existsSync(junitFile) || !existsSync(selectedFile))
  fail(`pytest did not complete (exit ${exitCode}); files in ${work}`);
const converted = spawnSync(python, [join(COMPAT_DIR, 'junit_results.py'), junitFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (converted.status !== 0) fail(`could not read ${junitFile}: ${converted.stderr}`);
const results = JSON.parse(converted.stdout);
const selected = readFileSync(selectedFile, 'utf8').split('\n').filter(Boolean);
const verdict = judge({ selected, results, expectations, partial: only.length > 0 });

const seconds = Math.round((Date.now() - started) / 1000);
const percent = selected.length === 0 ? 0 : ((100 * verdict.passed.length) / selected.length).toFixed(1);
console.log(
  `s3-compat: ${verdict.passed.length} of ${selected.length} selected tests passed (${percent} %), ${verdict.notPassed.length - verdict.unexpectedFailures.length} failed as expected; ${Math.floor(seconds / 60)} min ${seconds % 60} s`,
);
if (verbose) for (const test of verdict.notPassed) console.log(`  ${test.outcome} ${test.name}: ${test.message}`);
if (verdict.unexpectedFailures.length > 0) {
  console.log(`\nFailed, but not listed in compat/expectations.json (${verdict.unexpectedFailures.length}):`);
  for (const test of verdict.unexpectedFailures) console.log(`  ${test.name}: ${test.message}`);
}
if (verdict.unexpectedPasses.length > 0) {
  console.log(
    `\nPassed, but listed as failing in compat/expectations.json (${verdict.unexpectedPasses.length}): remove them there and run pnpm s3-compat:readme`,
  );
  for (const test of verdict.unexpectedPasses) console.log(`  ${test.name} (${expectations.expectedFailures.get(test.name)})`);
}
for (const problem of verdict.problems) console.log(`\n${problem}`);
if (keep) console.log(`\nkept: ${work}`);
else rmSync(work, { recursive: true, force: true });
if (!verdict.ok) fail('the run does not match compat/expectations.json (see above)');
console.log('s3-compat: OK — every failure is listed in compat/expectations.json');
