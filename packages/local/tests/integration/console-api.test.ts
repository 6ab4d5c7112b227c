import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { checkBucketName } from '@sizegate/s3-local';
import { clientsFor, waitForExecutionOf } from '../helpers/local-clients.js';
import { rawRequest, RecordingLogger } from '@sizegate/testing';
import { CLI, startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { readTemplate, S3_IDS, S3_TEMPLATE } from '../helpers/templates.js';

// The web console under /_sizegate/ over real HTTP: its pages and security headers, its JSON API
// (read from the Step Functions side with the operations SDK clients call), and the runtime's
// Host/Origin checks, which apply to it as to S3 and Step Functions.
const MIN_SIZE_BYTES = 1000;
let local: LocalRuntime;
let port: number;
let s3: S3Client;
let sfn: SFNClient;

beforeAll(async () => {
  local = await startLocal({ port: 0, minSizeBytes: MIN_SIZE_BYTES, logger: new RecordingLogger() });
  port = Number(new URL(local.endpoint).port);
  ({ s3, sfn } = clientsFor(local));
});

afterAll(async () => {
  s3?.destroy();
  sfn?.destroy();
  await local?.close();
});

const host = () => ({ host: `127.0.0.1:${port}` });
const getJson = async (path: string) => {
  const response = await rawRequest(port, 'GET', path, host());
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, whose shape is what the assertions check
  return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
};

describe('the console page', () => {
  it('serves the page, its script and its stylesheet with CSP (no inline script, no framing) and nosniff', async () => {
    // Act
    const page = await rawRequest(port, 'GET', '/_sizegate/', host());
    const script = await rawRequest(port, 'GET', '/_sizegate/console.js', host());
    const style = await rawRequest(port, 'GET', '/_sizegate/console.css', host());
    const bare = await rawRequest(port, 'GET', '/_sizegate', host());

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="console.js" defer></script>');
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('/_sizegate/api');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe('/_sizegate/');
  });

  it('serves only its own files: other paths under /_sizegate/ are 404, never a file from the request path', async () => {
    // Act
    const traversal = await rawRequest(port, 'GET', '/_sizegate/..%2Fpackage.json', host());
    const inherited = await rawRequest(port, 'GET', '/_sizegate/constructor', host());
    const unknownApi = await rawRequest(port, 'GET', '/_sizegate/api/nothing', host());

    // Assess
    expect([traversal.status, inherited.status, unknownApi.status]).toEqual([404, 404, 404]);
    expect(traversal.body).not.toContain('@sizegate/local');
  });

  it('cannot clash with S3: `_sizegate` is no valid bucket name, and a PUT under it is refused by the read-only console', async () => {
    // Act
    const put = await rawRequest(port, 'PUT', '/_sizegate/some-key', { ...host(), 'content-length': 2 }, 'hi');
    const list = await rawRequest(port, 'GET', '/', host());

    // Assess
    expect(checkBucketName('_sizegate')).toMatchObject({ code: 'InvalidBucketName' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect(list.body).not.toContain('_sizegate');
  });
});

describe('the console API', () => {
  it('reports the bucket and threshold, lists executions with their keys (newest first, status filter) and describes one with its timeline and path', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'tiny.txt', Body: 'x'.repeat(10) }));
    const tiny = await waitForExecutionOf(sfn, local.stateMachineArn, 'tiny.txt');
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'big.bin', Body: Buffer.alloc(MIN_SIZE_BYTES) }));
    const big = await waitForExecutionOf(sfn, local.stateMachineArn, 'big.bin');
    const sdkList = await sfn.send(new ListExecutionsCommand({ stateMachineArn: local.stateMachineArn }));

    // Act
    const info = await getJson('/_sizegate/api/info');
    const all = await getJson('/_sizegate/api/executions');
    const running = await getJson('/_sizegate/api/executions?status=RUNNING');
    const badFilter = await getJson('/_sizegate/api/executions?status=DONE');
    const detail = await getJson(`/_sizegate/api/executions/${encodeURIComponent(big.name!)}`);
    const missing = await getJson('/_sizegate/api/executions/no-such-execution');

    // Assess
    expect(info.body).toEqual({
      bucket: local.bucket,
      stateMachineArn: local.stateMachineArn,
      minSizeBytes: MIN_SIZE_BYTES,
      trigger: { kind: 's3-notification', keyFilter: {}, events: ['s3:ObjectCreated:*'], description: 'any key' },
      uploadPrefix: '',
      outputBucket: local.bucket,
      outputPrefix: 'processed/',
    });
    expect(all.body.executions.map((e: { name: string }) => e.name)).toEqual([big.name, tiny.name]);
    expect(all.body.executions.map((e: { name: string }) => e.name).sort()).toEqual(sdkList.executions!.map((e) => e.name).sort());
    expect(all.body.executions[1]).toMatchObject({
      key: 'tiny.txt',
      bucket: local.bucket,
      status: 'SUCCEEDED',
      startDate: tiny.startDate!.getTime(),
    });
    expect(running.body.executions).toEqual([]);
    expect(badFilter.status).toBe(400);
    expect(detail.body.execution).toMatchObject({
      name: big.name,
      status: 'SUCCEEDED',
      key: 'big.bin',
      input: big.input,
      output: big.output,
    });
    expect(detail.body.states.map((span: { state: string }) => span.state)).toEqual([
      'CheckFileSize',
      'ChoiceState',
      'ProcessFile',
      'NotifyOk',
    ]);
    for (const span of detail.body.states) expect(span.durationMs).toBe(span.exitedAt - span.enteredAt);
    expect(detail.body.path).toMatchObject({ status: 'SUCCEEDED', entered: ['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk'] });
    expect(missing.status).toBe(400); // Step Functions' own answer for an unknown execution
    expect(missing.body.error).toBe('ExecutionDoesNotExist');
  });

  it('draws an execution as SVG with the path taken: the small file went to NotifyFileTooSmall, not ProcessFile', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'small-graph.txt', Body: 'small' }));
    const small = await waitForExecutionOf(sfn, local.stateMachineArn, 'small-graph.txt');

    // Act
    const response = await rawRequest(port, 'GET', `/_sizegate/api/executions/${encodeURIComponent(small.name!)}/graph.svg`, host());

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('<svg');
    expect(stateClasses(response.body, 'NotifyFileTooSmall')).toContain('sg-entered');
    expect(stateClasses(response.body, 'ProcessFile')).not.toContain('sg-entered');
  });
});

describe('the console API for uploads', () => {
  it('names the execution an upload starts (from its ETag), so two quick uploads of one key are told apart', async () => {
    // Prepare: two uploads of one key with different content, through S3 as the page does
    const first = await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'twice.txt', Body: 'first' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'twice.txt', Body: 'second!' }));
    await local.idle();

    // Act
    const forFirst = await getJson(`/_sizegate/api/uploads?key=twice.txt&etag=${encodeURIComponent(first.ETag!)}`);
    const forSecond = await getJson(`/_sizegate/api/uploads?key=twice.txt&etag=${encodeURIComponent(second.ETag!)}`);
    const noIdentity = await getJson('/_sizegate/api/uploads?key=twice.txt');
    const noKey = await getJson('/_sizegate/api/uploads');

    // Assess: each name is an execution of that very upload (its size).
    expect(forFirst.body).toMatchObject({ bucket: local.bucket, key: 'twice.txt', starts: true });
    expect(forSecond.body.executionName).not.toBe(forFirst.body.executionName);
    const sizeOf = async (name: string) => {
      const executionArn = `${local.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      return JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output ?? '{}').size;
    };
    expect(await sizeOf(forFirst.body.executionName)).toBe(5);
    expect(await sizeOf(forSecond.body.executionName)).toBe(7);
    expect(noIdentity.body).toEqual({ bucket: local.bucket, key: 'twice.txt', starts: true });
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toContain('?key=');
  });

  it('says a key under the output prefix starts no execution (sizegate skips its own manifests)', async () => {
    // Act
    const verdict = await getJson('/_sizegate/api/uploads?key=processed/mine.txt&etag=%22abc%22');

    // Assess
    expect(verdict.body).toMatchObject({ starts: false, key: 'processed/mine.txt' });
    expect(verdict.body.reason).toContain(`s3://${local.bucket}/processed/mine.txt`);
    expect(verdict.body.reason).toContain('"processed/"');
  });
});

describe('the console API under --template (S3 notification with key prefix incoming/, suffix .bin)', () => {
  let templated: LocalRuntime;
  let templatedPort: number;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    // The fixture filters by prefix only; a suffix rule is added to cover both.
    const template = readTemplate(S3_TEMPLATE);
    template.Resources[
      S3_IDS.notifications
    ].Properties.NotificationConfiguration.LambdaFunctionConfigurations[0].Filter.Key.FilterRules.push({ Name: 'suffix', Value: '.bin' });
    templated = await startLocal({ port: 0, template, logger: new RecordingLogger() });
    templatedPort = Number(new URL(templated.endpoint).port);
    clients = clientsFor(templated);
  });

  afterAll(async () => {
    clients?.s3.destroy();
    clients?.sfn.destroy();
    await templated?.close();
  });

  const templatedJson = async (path: string) => {
    const response = await rawRequest(templatedPort, 'GET', path, { host: `127.0.0.1:${templatedPort}` });
    // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, whose shape is what the assertions check
    return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
  };

  it('reports the key filter, where uploads go and the output prefix', async () => {
    // Act
    const info = await templatedJson('/_sizegate/api/info');

    // Assess
    expect(info.body).toMatchObject({
      bucket: templated.bucket,
      minSizeBytes: 1024,
      trigger: {
        kind: 's3-notification',
        keyFilter: { prefix: 'incoming/', suffix: '.bin' },
        description: 'prefix "incoming/", suffix ".bin"',
      },
      uploadPrefix: 'incoming/',
      outputBucket: templated.bucket,
      outputPrefix: 'reports/manifests/',
    });
  });

  it('an upload under the prefix with the suffix starts the execution it names; one without the suffix is refused with the key and the filter', async () => {
    // Prepare
    const taken = await clients.s3.send(
      new PutObjectCommand({ Bucket: templated.bucket, Key: 'incoming/data.bin', Body: Buffer.alloc(2048) }),
    );
    await clients.s3.send(new PutObjectCommand({ Bucket: templated.bucket, Key: 'incoming/notes.txt', Body: 'notes' }));

    // Act
    const good = await templatedJson(`/_sizegate/api/uploads?key=incoming/data.bin&etag=${encodeURIComponent(taken.ETag!)}`);
    const wrongSuffix = await templatedJson('/_sizegate/api/uploads?key=incoming/notes.txt&etag=%22x%22');
    const wrongPrefix = await templatedJson('/_sizegate/api/uploads?key=data.bin');

    // Assess
    const execution = await waitForExecutionOf(clients.sfn, templated.stateMachineArn, 'incoming/data.bin');
    expect(good.body).toEqual({ bucket: templated.bucket, key: 'incoming/data.bin', starts: true, executionName: execution.name });
    expect(wrongSuffix.body.starts).toBe(false);
    expect(wrongSuffix.body.reason).toBe(
      `s3://${templated.bucket}/incoming/notes.txt starts no execution: its key does not match the trigger's key filter (prefix "incoming/", suffix ".bin")`,
    );
    expect(wrongPrefix.body.starts).toBe(false);
    expect(wrongPrefix.body.reason).toContain('data.bin');
    await templated.idle();
    const listed = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: templated.stateMachineArn }));
    expect(listed.executions!.map((e) => e.name)).toEqual([execution.name]); // notes.txt really started nothing
  });
});

describe('the console keeps the Host/Origin checks', () => {
  it('refuses a cross-origin upload and a foreign Host with 403, and serves the same requests from its own origin', async () => {
    // Prepare
    const origin = `http://127.0.0.1:${port}`;

    // Act
    const crossSite = await rawRequest(
      port,
      'PUT',
      `/${local.bucket}/evil.txt`,
      { ...host(), origin: 'http://evil.example', 'content-length': 4 },
      'evil',
    );
    const rebound = await rawRequest(port, 'GET', '/_sizegate/api/info', { host: `evil.example:${port}` });
    const reboundPage = await rawRequest(port, 'GET', '/_sizegate/', { host: `evil.example:${port}` });
    const crossSiteApi = await rawRequest(port, 'GET', '/_sizegate/api/executions', { ...host(), origin: 'http://evil.example' });
    const sameOrigin = await rawRequest(port, 'PUT', `/${local.bucket}/own.txt`, { ...host(), origin, 'content-length': 3 }, 'own');
    const sameOriginApi = await rawRequest(port, 'GET', '/_sizegate/api/info', { ...host(), origin });

    // Assess
    expect(crossSite.status).toBe(403);
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain(`${local.bucket}"`);
    expect(reboundPage.status).toBe(403);
    expect(reboundPage.body).not.toContain('<script');
    expect(crossSiteApi.status).toBe(403);
    expect(sameOrigin.status).toBe(200);
    expect(sameOriginApi.status).toBe(200);
    await waitForExecutionOf(sfn, local.stateMachineArn, 'own.txt');
    const listed = await getJson('/_sizegate/api/executions');
    expect(listed.body.executions.map((e: { key: string }) => e.key)).toContain('own.txt');
    expect(listed.body.executions.map((e: { key: string }) => e.key)).not.toContain('evil.txt');
  });
});

describe('the console in the real CLI', () => {
  let serve: ServeProcess | undefined;
  afterAll(async () => {
    await serve?.stop();
  });

  it('`sizegate-local serve --help` tells where the console is (/_sizegate/)', () => {
    // Act
    const help = spawnSync(process.execPath, [CLI, 'serve', '--help'], { encoding: 'utf8', timeout: 20_000 });

    // Assess
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('http://127.0.0.1:4566/_sizegate/');
  });

  it('`sizegate-local serve` (the bundled CLI) finds and serves the console files from the package, and draws graphs', async () => {
    // Prepare
    serve = await startServeProcess(['--min-size-bytes', '1234']);
    const cliPort = Number(new URL(serve.ready.endpoint).port);
    const cliHost = { host: `127.0.0.1:${cliPort}` };
    const put = await rawRequest(cliPort, 'PUT', `/${serve.ready.bucket}/cli.txt`, { ...cliHost, 'content-length': 3 }, 'cli');

    // Act
    const page = await rawRequest(cliPort, 'GET', '/_sizegate/', cliHost);
    const script = await rawRequest(cliPort, 'GET', '/_sizegate/console.js', cliHost);
    const info = await rawRequest(cliPort, 'GET', '/_sizegate/api/info', cliHost);
    let listed: { name: string; status: string } | undefined;
    for (let attempt = 0; attempt < 400 && listed?.status !== 'SUCCEEDED'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      listed = JSON.parse((await rawRequest(cliPort, 'GET', '/_sizegate/api/executions', cliHost)).body).executions[0];
    }
    const graph = await rawRequest(cliPort, 'GET', `/_sizegate/api/executions/${encodeURIComponent(listed!.name)}/graph.svg`, cliHost);

    // Assess
    expect(put.status).toBe(200);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>sizegate local console</title>');
    expect(script.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ bucket: serve.ready.bucket, minSizeBytes: 1234 });
    expect(listed?.status).toBe('SUCCEEDED');
    expect(graph.status).toBe(200);
    expect(stateClasses(graph.body, 'NotifyFileTooSmall')).toContain('sg-entered');
  });
});

/** The classes of the SVG element that stands for `state` (data-state or id="state-<name>"). */
function stateClasses(svg: string, state: string): string {
  const pattern = new RegExp(`<g[^>]*(?:data-state="${state}"|id="state-${state}")[^>]*>`);
  const tag = pattern.exec(svg)?.[0];
  if (tag === undefined) throw new Error(`No node for state ${state} in the SVG`);
  return /class="([^"]*)"/.exec(tag)?.[1] ?? '';
}
