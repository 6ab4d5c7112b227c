import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3Client as S3ClientType,
} from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient, type SFNClient as SFNClientType } from '@aws-sdk/client-sfn';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { listenOn, type Listen } from '@sizegate/types/request-guard';
import { startLocalWith } from '../../src/start-local.js';
import { clientsFor, listAllExecutions, sdkRejection } from '../helpers/local-clients.js';
import { rawRequest, RecordingLogger } from '@sizegate/testing';

// DNS rebinding and CSRF protection over real HTTP: node:http requests with crafted Host, Origin
// and Sec-Fetch-Site headers against startLocal(), and real SDK clients proving normal use works.
let local: LocalRuntime;
let port: number;
let s3: S3ClientType;
let sfn: SFNClientType;
const logger = new RecordingLogger();
const SFN_HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' };

beforeAll(async () => {
  local = await startLocal({ port: 0, logger, allowedHosts: ['sizegate.test'] });
  port = Number(new URL(local.endpoint).port);
  ({ s3, sfn } = clientsFor(local));
});

afterAll(async () => {
  s3?.destroy();
  sfn?.destroy();
  await local?.close();
});

const warnings = () => logger.lines.filter((line) => line.level === 'warn');

/** A valid StartExecution body: same-origin, it starts an execution named `name`. */
const startExecutionBody = (name: string) =>
  JSON.stringify({ stateMachineArn: local.stateMachineArn, name, input: JSON.stringify({ bucket: local.bucket, key: `${name}.bin` }) });

/** The names of every execution of the state machine, listed with the real SDK client (same-origin). */
const executionNames = async () => (await listAllExecutions(sfn, local.stateMachineArn)).map((execution) => execution.name);

/** A browser form upload (S3 POST Object): fields, then the file. */
function formUpload(key: string) {
  const boundary = '----WebKitFormBoundaryCsrf';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\n${key}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nplanted\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(body) } };
}

describe('DNS rebinding: the Host header', () => {
  it('refuses an S3 request for another host with 403 AccessDenied XML, logs a warning, and keeps serving', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'secret.txt', Body: 'secret' }));
    const before = warnings().length;

    // Act
    const refused = await rawRequest(port, 'GET', `/${local.bucket}/secret.txt`, { host: `rebound.evil.example:${port}` });
    const served = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'secret.txt' }));

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toBe('application/xml');
    expect(refused.body).toContain('<Code>AccessDenied</Code>');
    expect(refused.body).toContain(`Host &quot;rebound.evil.example:${port}&quot; is not an address this runtime serves`);
    expect(refused.body).not.toContain('secret</');
    expect(warnings().slice(before)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('DNS rebinding'),
        attributes: expect.objectContaining({ host: `rebound.evil.example:${port}`, method: 'GET' }),
      }),
    ]);
    expect(await served.Body!.transformToString()).toBe('secret');
  });

  it('refuses a Step Functions request for another host with 403 AccessDeniedException JSON', async () => {
    // Act
    const refused = await rawRequest(port, 'POST', '/', { ...SFN_HEADERS, host: 'evil.example' }, '{}');
    const served = await sfn.send(new ListStateMachinesCommand({}));

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(refused.body)).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#AccessDeniedException',
      message: expect.stringContaining('Host "evil.example" is not an address this runtime serves'),
    });
    expect(served.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([local.stateMachineArn]);
  });

  it('makes SDK clients throw AccessDenied when pointed at the runtime through an unknown name', async () => {
    // Prepare: a client whose requests carry Host "rebound.evil.example:<port>" but reach 127.0.0.1.
    const rebound = new S3Client({
      endpoint: local.endpoint,
      region: local.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    rebound.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['host'] = `rebound.evil.example:${port}`;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'reboundHost' },
    );

    // Act
    const error = await rebound.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'secret.txt' })).catch((caught: unknown) => caught);
    rebound.destroy();

    // Assess
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe('AccessDenied');
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(403);
  });

  it.each([
    ['localhost', (p: number) => `localhost:${p}`],
    ['[::1]', (p: number) => `[::1]:${p}`],
    ['a <bucket>.localhost virtual host', (p: number) => `sizegate-incoming.localhost:${p}`],
    ['an allowedHosts name', () => 'sizegate.test'],
  ])('serves the Host %s', async (_name, host) => {
    // Act
    const response = await rawRequest(port, 'GET', host(port).startsWith('sizegate-incoming.') ? '/' : `/${local.bucket}`, {
      host: host(port),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toContain('<ListBucketResult');
  });

  it('serves an HTTP/1.0 request without Host (no browser sends one)', async () => {
    // Act
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`GET /${local.bucket} HTTP/1.0\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

    // Assess
    expect(response).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(response).toContain('<ListBucketResult');
  });
});

describe('CSRF: browser requests from other origins', () => {
  it('refuses an upload from another origin with 403 and stores nothing', async () => {
    // Act
    const refused = await rawRequest(
      port,
      'PUT',
      `/${local.bucket}/csrf.txt`,
      { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-length': 5 },
      'hello',
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'csrf.txt' })).catch((caught: Error) => caught.name);

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>AccessDenied</Code>');
    expect(refused.body).toContain('Origin &quot;https://evil.example&quot; is not allowed');
    expect(stored).toBe('NoSuchKey');
  });

  it('refuses a Step Functions call from another local origin (http://localhost:3000) with AccessDeniedException', async () => {
    // Act
    const refused = await rawRequest(
      port,
      'POST',
      '/',
      { ...SFN_HEADERS, host: `localhost:${port}`, origin: 'http://localhost:3000' },
      '{}',
    );

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('refuses a cross-origin StartExecution (Origin http://evil.example, or Sec-Fetch-Site: cross-site) with 403, and starts no execution', async () => {
    // Prepare
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AWSStepFunctions.StartExecution',
      host: `127.0.0.1:${port}`,
    };

    // Act
    const fromOrigin = await rawRequest(
      port,
      'POST',
      '/',
      { ...headers, origin: 'http://evil.example' },
      startExecutionBody('csrf-origin'),
    );
    const crossSite = await rawRequest(
      port,
      'POST',
      '/',
      { ...headers, 'sec-fetch-site': 'cross-site' },
      startExecutionBody('csrf-cross-site'),
    );
    const namesAfterRefusals = await executionNames();
    // The same body without the browser's headers: it is a valid request, and the listing shows what it starts.
    const control = await rawRequest(port, 'POST', '/', headers, startExecutionBody('csrf-control'));
    const namesAfterControl = await executionNames();

    // Assess
    for (const refused of [fromOrigin, crossSite]) {
      expect(refused.status).toBe(403);
      expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    }
    expect(JSON.parse(fromOrigin.body).message).toContain('Origin "http://evil.example" is not allowed');
    expect(JSON.parse(crossSite.body).message).toContain('Cross-site browser requests are not allowed');
    expect(namesAfterRefusals).not.toContain('csrf-origin');
    expect(namesAfterRefusals).not.toContain('csrf-cross-site');
    expect(control.status).toBe(200);
    expect(JSON.parse(control.body).executionArn).toMatch(/:execution:sizegate:csrf-control$/);
    expect(namesAfterControl).toContain('csrf-control');
    expect(namesAfterControl.filter((name) => name?.startsWith('csrf-'))).toEqual(['csrf-control']);
  });

  it.each([
    ['Origin http://evil.example', { origin: 'http://evil.example' }],
    ['Origin null (a sandboxed page)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site alone', { 'sec-fetch-site': 'cross-site' }],
  ])(
    'refuses a simple-request (text/plain, no preflight) StartExecution POST with %s, and starts no execution',
    async (_case, browserHeaders) => {
      // Prepare: what fetch(endpoint, { method: 'POST', mode: 'no-cors', body }) sends: no custom header,
      // so no X-Amz-Target; one variant adds it anyway.
      const name = `simple-${Object.values(browserHeaders)[0]!.replace(/[^a-z]/g, '')}`;
      const simple = {
        'content-type': 'text/plain;charset=UTF-8',
        host: `127.0.0.1:${port}`,
        'sec-fetch-mode': 'no-cors',
        ...browserHeaders,
      };

      // Act
      const refused = await rawRequest(port, 'POST', '/', simple, startExecutionBody(name));
      const withTarget = await rawRequest(
        port,
        'POST',
        '/',
        { ...simple, 'x-amz-target': 'AWSStepFunctions.StartExecution' },
        startExecutionBody(`${name}-target`),
      );
      const names = await executionNames();

      // Assess
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('<Code>AccessDenied</Code>');
      expect(withTarget.status).toBe(403);
      expect(withTarget.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(names).not.toContain(name);
      expect(names).not.toContain(`${name}-target`);
    },
  );

  it.each([
    ['Origin http://evil.example', { origin: 'http://evil.example' }],
    ['Origin null (a sandboxed page)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site alone', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses a cross-site form POST upload with %s, and stores nothing', async (_case, browserHeaders) => {
    // Prepare
    const key = `planted-${Object.values(browserHeaders)[0]!.replace(/[^a-z]/g, '')}.txt`;
    const form = formUpload(key);

    // Act
    const refused = await rawRequest(
      port,
      'POST',
      `/${local.bucket}`,
      { ...form.headers, host: `127.0.0.1:${port}`, ...browserHeaders },
      form.body,
    );
    const stored = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: local.bucket, Key: key })));

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>AccessDenied</Code>');
    expect(stored).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('stores the same form POST upload when it carries no browser cross-site headers (the form itself is valid)', async () => {
    // Prepare
    const form = formUpload('form-control.txt');

    // Act
    const posted = await rawRequest(port, 'POST', `/${local.bucket}`, { ...form.headers, host: `127.0.0.1:${port}` }, form.body);
    const stored = await (await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'form-control.txt' }))).Body!.transformToString();

    // Assess
    expect(posted.status).toBe(204);
    expect(stored).toBe('planted');
  });

  it('refuses Sec-Fetch-Site: cross-site even without Origin', async () => {
    // Act
    const refused = await rawRequest(port, 'GET', `/${local.bucket}`, { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' });

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Cross-site browser requests are not allowed');
  });

  it('serves same-origin browser requests (a console served by the runtime itself)', async () => {
    // Act
    const s3Response = await rawRequest(port, 'GET', `/${local.bucket}`, {
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    const sfnResponse = await rawRequest(port, 'POST', '/', { ...SFN_HEADERS, host: `127.0.0.1:${port}`, origin: local.endpoint }, '{}');

    // Assess
    expect(s3Response.status).toBe(200);
    expect(sfnResponse.status).toBe(200);
    expect(JSON.parse(sfnResponse.body).stateMachines).toHaveLength(1);
  });

  it('SDK clients (no Origin) keep working for S3 and Step Functions', async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'sdk.txt', Body: 'from the sdk' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'sdk.txt' }));
    const otherKeys = new SFNClient({
      endpoint: local.endpoint,
      region: local.region,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const machines = await otherKeys.send(new ListStateMachinesCommand({}));
    otherKeys.destroy();

    // Assess
    expect(await got.Body!.transformToString()).toBe('from the sdk');
    expect(machines.stateMachines).toHaveLength(1);
  });
});

describe('bind address', () => {
  it('binds 127.0.0.1 by default and does not warn about it', () => {
    // Assess
    expect(local.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(logger.lines.filter((line) => line.message.includes('other machines can reach'))).toEqual([]);
  });

  it('told to bind 0.0.0.0, the runtime warns naming the address, serves that Host, still refuses Host evil.example, and gives http://127.0.0.1:<port> as its endpoint', async () => {
    // Prepare: the start path as startLocal runs it, but the bind itself asked for 0.0.0.0 goes to
    // 127.0.0.1 (tests never listen wider); the runtime believes it listens on 0.0.0.0.
    const binds: string[] = [];
    const loopbackInstead: Listen = (server, listenPort, host) => {
      binds.push(host);
      return listenOn(server, listenPort, '127.0.0.1');
    };
    const wideLogger = new RecordingLogger();

    // Act
    const wide = await startLocalWith({ host: '0.0.0.0', port: 0, logger: wideLogger }, loopbackInstead);
    const widePort = Number(new URL(wide.endpoint).port);
    const evil = await rawRequest(widePort, 'GET', `/${wide.bucket}`, { host: `evil.example:${widePort}` });
    const boundName = await rawRequest(widePort, 'GET', `/${wide.bucket}`, { host: `0.0.0.0:${widePort}` });
    const loopbackName = await rawRequest(widePort, 'GET', `/${wide.bucket}`, { host: `127.0.0.1:${widePort}` });
    await wide.close();

    // Assess
    expect(binds).toEqual(['0.0.0.0']);
    // The endpoint (the ready line's) is one a client can send requests to, not the wildcard address.
    expect(wide.endpoint).toBe(`http://127.0.0.1:${widePort}`);
    expect(wideLogger.lines.filter((line) => line.message.includes('other machines can reach'))).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          new RegExp(`^Listening on 0\\.0\\.0\\.0:${widePort}, which other machines can reach: .*checks no credentials`),
        ),
        attributes: { host: '0.0.0.0', port: widePort },
      },
    ]);
    expect(evil.status).toBe(403);
    expect(evil.body).toContain(`Host &quot;evil.example:${widePort}&quot; is not an address this runtime serves`);
    expect(boundName.status).toBe(200);
    expect(loopbackName.status).toBe(200);
  });
});
