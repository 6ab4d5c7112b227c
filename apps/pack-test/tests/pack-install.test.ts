import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_PREFIX, MANIFEST_SUFFIX, MESSAGES, STATE_NAMES } from '@sizegate/types';
import { consumerEnv, packAll, publishablePackages, tarballEntries, tarballManifest, type PackedPackage } from './helpers/pack.js';
import { lastJsonLine, run } from './helpers/run.js';

// The published-package contract, checked from `pnpm pack` tarballs installed with plain npm into
// a project outside the workspace: no workspace links, only what a stranger would get.

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const consumerDir = resolve(here, '../consumer');

const KNOWN_PACKAGES = [
  '@sizegate/check-size',
  '@sizegate/construct',
  '@sizegate/graph',
  '@sizegate/local',
  '@sizegate/process-file',
  '@sizegate/s3-local',
  '@sizegate/sfn-local',
  '@sizegate/start-execution',
  '@sizegate/state-machine',
  '@sizegate/types',
];
const HANDLER_PACKAGES = ['@sizegate/check-size', '@sizegate/process-file', '@sizegate/start-execution'];
/** Registry packages the consumer scripts import themselves (the ranges the workspace uses). */
const CONSUMER_DEPS = ['@aws-sdk/client-s3@^3.1175.0', '@aws-sdk/client-sfn@^3.1164.0'];

let workDir: string;
let projectDir: string;
let packed: PackedPackage[];
/** 3,000 lines "row N,..." — above the consumers' 1,024-byte threshold, so ProcessFile runs. */
let uploadFile: string;
let upload: Buffer;

beforeAll(async () => {
  // Prepare: pack every publishable package, then one `npm install` of all tarballs together
  // (so @sizegate/* dependencies resolve to the tarballs, not the registry).
  workDir = mkdtempSync(join(tmpdir(), 'sizegate-pack-test-'));
  const tarballDir = join(workDir, 'tarballs');
  projectDir = join(workDir, 'project');
  mkdirSync(tarballDir);
  mkdirSync(projectDir);
  packed = await packAll(publishablePackages(repoRoot), tarballDir);

  writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'sizegate-consumer', version: '1.0.0', private: true }, null, 2));
  for (const script of readdirSync(consumerDir)) copyFileSync(join(consumerDir, script), join(projectDir, script));
  upload = Buffer.from(Array.from({ length: 3_000 }, (_, index) => `row ${index},${'x'.repeat(index % 17)}\n`).join(''));
  uploadFile = join(workDir, 'upload.csv');
  writeFileSync(uploadFile, upload);

  const extraDeps = [...CONSUMER_DEPS, ...(await cdkDepsFor(packed))];
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed.map((pkg) => pkg.tarball), ...extraDeps],
    {
      cwd: projectDir,
      env: consumerEnv(),
      timeoutMs: 420_000,
    },
  );
});

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('tarballs', () => {
  it('packs every publishable package, and nothing private', () => {
    // Assess
    const names = packed.map((pkg) => pkg.name);
    expect(names).toEqual(expect.arrayContaining(KNOWN_PACKAGES));
    expect(names).not.toContain('@sizegate/pack-test');
    expect(names).not.toContain('@sizegate/demo');
  });

  it('holds only dist, README, CHANGELOG and LICENSE (and bin and the console assets for local), with the Apache-2.0 LICENSE', async () => {
    for (const pkg of packed) {
      // Act
      const entries = await tarballEntries(pkg.tarball);
      // Assess
      const topLevel = new Set(entries.map((entry) => entry.split('/')[0]));
      const allowed = new Set([
        'dist',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'package.json',
        ...(pkg.name === '@sizegate/local' ? ['bin', 'console'] : []),
      ]);
      expect(
        [...topLevel].filter((entry) => !allowed.has(entry!)),
        pkg.name,
      ).toEqual([]);
      // Every file the "exports" map points at (ESM, CJS and types entries alike) is in the tarball.
      const exported = exportTargets((await tarballManifest(pkg.tarball))['exports']).map((target) => target.replace(/^\.\//, ''));
      expect(exported.length, pkg.name).toBeGreaterThan(1);
      expect(entries, pkg.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', ...exported]));
      expect(
        entries.filter((entry) => entry.endsWith('meta.json')),
        pkg.name,
      ).toEqual([]);
      const license = (await run('tar', ['-xzOf', pkg.tarball, 'package/LICENSE'], { cwd: workDir, timeoutMs: 30_000 })).stdout;
      expect(license, pkg.name).toContain('Apache License');
      expect(license, pkg.name).toContain('Version 2.0');
    }
  });

  it('ships each handler bundle as dist/bundle/index.mjs', async () => {
    for (const pkg of packed.filter((candidate) => HANDLER_PACKAGES.includes(candidate.name))) {
      expect(await tarballEntries(pkg.tarball), pkg.name).toContain('dist/bundle/index.mjs');
    }
  });

  it('has real version ranges where the workspace had workspace:^', async () => {
    for (const pkg of packed) {
      // Act
      const manifest = await tarballManifest(pkg.tarball);
      // Assess
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
        const specs = Object.values((manifest[field] ?? {}) as Record<string, string>);
        expect(
          specs.filter((spec) => spec.startsWith('workspace:')),
          `${pkg.name} ${field}`,
        ).toEqual([]);
      }
      expect(manifest.license, pkg.name).toBe('Apache-2.0');
      expect(manifest.publishConfig, pkg.name).toEqual({ access: 'public' });
    }
  });
});

describe('installed with npm outside the workspace', () => {
  it('installs real directories, not links into the workspace', () => {
    for (const name of KNOWN_PACKAGES) {
      // Act
      const installed = join(projectDir, 'node_modules', name);
      // Assess
      expect(lstatSync(installed).isSymbolicLink(), name).toBe(false);
      expect(existsSync(join(installed, 'src')), `${name} ships no src`).toBe(false);
    }
    expect(projectDir.startsWith(repoRoot)).toBe(false);
  });

  it('runs each handler (createHandler and the Lambda bundle) against the local runtime', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['handlers.mjs', uploadFile], {
      cwd: projectDir,
      env: consumerEnv(),
      timeoutMs: 90_000,
    });
    const result = lastJsonLine<HandlersResult>(stdout);

    // Assess: check-size sized the upload, and named a missing object ObjectNotFound
    expect(result.sized).toMatchObject({ bucket: 'pack-test', key: 'data/upload.csv', size: upload.length });
    expect(result.missing).toBe('ObjectNotFound');
    // Assess: process-file hashed the bytes we uploaded and stored that manifest
    const sha256 = createHash('sha256').update(upload).digest('hex');
    const lines = upload.toString('utf8').split('\n').length - 1;
    expect(result.manifest).toMatchObject({
      size: upload.length,
      sha256,
      lines,
      manifestKey: `${DEFAULT_OUTPUT_PREFIX}data/upload.csv${MANIFEST_SUFFIX}`,
    });
    expect(result.storedManifest).toEqual(result.manifest);
    // Assess: start-execution (library and bundle) started executions that ran the whole path
    for (const [status, execution] of [
      [result.startStatus, result.execution],
      [result.bundleStartStatus, result.bundleExecution],
    ] as const) {
      expect(status).toBe('started');
      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.output).toMatchObject({
        Message: MESSAGES.processedOk,
        key: 'data/upload.csv',
        size: upload.length,
        manifest: { sha256 },
      });
    }
    expect(result.otherBundles).toEqual({ 'check-size': 'function', 'process-file': 'function' });
    // Assess: the state-machine package's builder and JSON agree with the types' state names
    expect(result.definitionStates).toEqual(expect.arrayContaining(Object.values(STATE_NAMES)));
    expect(result.definitionJsonStates.sort()).toEqual([...result.definitionStates].sort());
  });

  it("serves with the tarball's sizegate-local bin and completes one execution", async () => {
    // Act
    const { stdout } = await run(process.execPath, ['serve.mjs', uploadFile], { cwd: projectDir, env: consumerEnv(), timeoutMs: 120_000 });
    const result = lastJsonLine<ServeResult>(stdout);

    // Assess
    expect(result.ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.ready.stateMachineArn).toMatch(/^arn:aws:states:us-east-1:000000000000:stateMachine:/);
    expect(result.execution).toMatchObject({ status: 'SUCCEEDED', count: 1 });
    expect(result.execution.output).toMatchObject({
      Message: MESSAGES.processedOk,
      bucket: result.ready.bucket,
      key: result.key,
      size: upload.length,
    });
    expect(result.consolePage).toMatchObject({ status: 200, hasTitle: true, scriptStatus: 200 });
    expect(result.consolePage.type).toMatch(/^text\/html/);
    expect(result.consolePage.csp).toContain("default-src 'self'");
    expect(result.exit).toEqual({ code: 0, signal: null });
  });
});

describe('@sizegate/s3-local and @sizegate/sfn-local from their tarballs, each alone', () => {
  it('s3-local: startS3Local serves an SDK client that puts and gets an object, and emits its object-created event', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['s3-local.mjs'], { cwd: projectDir, env: consumerEnv(), timeoutMs: 60_000 });
    const result = lastJsonLine<S3LocalResult>(stdout);

    // Assess
    expect(result.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.body).toBe('hello from the tarball');
    expect(result.events).toEqual([{ eventName: 'ObjectCreated:Put', bucket: 'my-bucket', key: 'hello.txt', size: 22 }]);
  });

  it('sfn-local: startSfnLocal runs an execution of a one-Task definition that an SDK client started', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['sfn-local.mjs'], { cwd: projectDir, env: consumerEnv(), timeoutMs: 60_000 });
    const result = lastJsonLine<SfnLocalResult>(stdout);

    // Assess
    expect(result.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:local');
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { doubled: 42 } });
  });
});

interface S3LocalResult {
  endpoint: string;
  body: string;
  events: { eventName: string; bucket: string; key: string; size: number }[];
}

interface SfnLocalResult {
  endpoint: string;
  stateMachineArn: string;
  status: string;
  output: unknown;
}

describe('@sizegate/graph from the tarball', () => {
  it('draws Mermaid, DOT and SVG (Graphviz WebAssembly) and the bin draws an SVG', async () => {
    // Act
    const { stdout } = await run(process.execPath, ['graph.mjs', workDir], { cwd: projectDir, env: consumerEnv(), timeoutMs: 90_000 });
    const result = lastJsonLine<GraphResult>(stdout);

    // Assess
    expect(result.path).toMatchObject({ entered: ['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall'], status: 'SUCCEEDED' });
    expect(result.mermaidStart).toBe('flowchart TD');
    expect(result.dotStart).toBe('digraph sizegate {');
    expect(result.svgStart).toBe('<svg');
    expect(result.svgEntered.sort()).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
    expect(result.binSvgStates.sort()).toEqual(Object.values(STATE_NAMES).sort());
  });
});

interface GraphResult {
  path: { entered: string[]; status: string };
  mermaidStart: string;
  dotStart: string;
  svgStart: string;
  svgEntered: string[];
  binSvgStates: string[];
}

// CDK consumers of @sizegate/construct, from its tarball: an ESM and a CommonJS app.
describe('CDK apps using SizeGate from the tarball', () => {
  it.each([
    ['ESM', 'cdk-app.mjs'],
    ['CommonJS', 'cdk-app.cjs'],
  ])('%s consumer synthesizes three Lambda functions from the bundles and a state machine', async (_kind, script) => {
    // Prepare
    const outdir = join(workDir, `cdk.out-${script}`);
    // Act
    const { stdout } = await run(process.execPath, [script, outdir], {
      cwd: projectDir,
      env: consumerEnv({ CDK_DISABLE_VERSION_CHECK: 'true', AWS_EC2_METADATA_DISABLED: 'true' }),
      timeoutMs: 120_000,
    });
    const { artifactId } = lastJsonLine<{ artifactId: string }>(stdout);
    const template = JSON.parse(readFileSync(join(outdir, `${artifactId}.template.json`), 'utf8')) as CfnTemplate;
    const assets = JSON.parse(readFileSync(join(outdir, `${artifactId}.assets.json`), 'utf8')) as AssetManifest;

    // Assess: the three sizegate functions (told apart from CDK's own helper functions by their
    // sizegate:handler metadata) run the pre-built bundles (index.mjs, "index.handler").
    const resources = Object.values(template.Resources);
    const bundleFunctions = resources.filter(
      (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['sizegate:handler'] !== undefined,
    );
    expect(bundleFunctions.map((fn) => fn.Metadata?.['sizegate:handler']).sort()).toEqual([
      'check-size',
      'process-file',
      'start-execution',
    ]);
    for (const fn of bundleFunctions) {
      expect(fn.Properties?.Handler).toBe('index.handler');
      const assetHash = String((fn.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '').replace(/\.zip$/, '');
      const asset = assets.files[assetHash];
      expect(asset, `asset ${assetHash}`).toBeDefined();
      expect(readdirSync(join(outdir, asset!.source.path))).toContain('index.mjs');
    }
    expect(resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
  });
});

/** aws-cdk-lib and constructs at the ranges the construct's tarball declares (one copy, deduped). */
async function cdkDepsFor(packages: readonly PackedPackage[]): Promise<string[]> {
  const construct = packages.find((pkg) => pkg.name === '@sizegate/construct');
  if (construct === undefined) return [];
  const manifest = await tarballManifest(construct.tarball);
  const declared = {
    ...(manifest.dependencies as Record<string, string> | undefined),
    ...(manifest.peerDependencies as Record<string, string> | undefined),
  };
  return ['aws-cdk-lib', 'constructs'].map((name) => `${name}@${declared[name] ?? 'latest'}`);
}

interface ExecutionSeen {
  readonly status: string;
  readonly output?: Record<string, unknown>;
}

interface HandlersResult {
  readonly sized: Record<string, unknown>;
  readonly missing: string;
  readonly manifest: Record<string, unknown>;
  readonly storedManifest: Record<string, unknown>;
  readonly startStatus: string;
  readonly execution: ExecutionSeen;
  readonly bundleStartStatus: string;
  readonly bundleExecution: ExecutionSeen;
  readonly otherBundles: Record<string, string>;
  readonly definitionStates: string[];
  readonly definitionJsonStates: string[];
}

interface ServeResult {
  readonly ready: { endpoint: string; region: string; bucket: string; stateMachineArn: string };
  readonly key: string;
  readonly execution: ExecutionSeen & { readonly count?: number };
  readonly consolePage: { status: number; type: string | null; csp: string | null; hasTitle: boolean; scriptStatus: number };
  readonly exit: { code: number | null; signal: string | null };
}

interface CfnTemplate {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
}

interface AssetManifest {
  readonly files: Record<string, { source: { path: string } }>;
}

/** The file paths an "exports" map points at, through any nesting of conditions. */
function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}
