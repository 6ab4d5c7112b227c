import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ObjectChanged } from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler, ProcessorError, type Processor, type ProcessorRun } from '../../src/index.js';
import { trackedBody } from '../helpers/bodies.js';
import { RecordingLogger } from '@sizegate/testing';
import { sizedEvent } from '../helpers/s3-fixtures.js';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
  logger = new RecordingLogger();
});

function serve(chunks: ReadonlyArray<Buffer>) {
  const tracked = trackedBody(chunks);
  s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });
  return tracked;
}

/** A processor that records every chunk it is given and returns `fields` (or throws where told). */
function recordingProcessor(name: string, fields: Record<string, unknown>, fail: { in?: 'start' | 'update' | 'finish' } = {}) {
  const received: Buffer[] = [];
  const aborted: unknown[] = [];
  const started: unknown[] = [];
  const processor: Processor = {
    name,
    start(object) {
      started.push(object);
      if (fail.in === 'start') throw new Error(`${name} cannot start`);
      const run: ProcessorRun = {
        update(chunk) {
          if (fail.in === 'update') throw new Error(`${name} cannot update`);
          received.push(chunk);
        },
        finish() {
          if (fail.in === 'finish') throw new Error(`${name} cannot finish`);
          return fields;
        },
        abort(reason) {
          aborted.push(reason);
        },
      };
      return run;
    },
  };
  return { processor, received, aborted, started };
}

describe('processors', () => {
  it('get every chunk, in order, as the very buffers read (not copies), and their fields land in the manifest', async () => {
    // Prepare
    const chunks = [Buffer.from('first\n'), Buffer.from('second\n'), Buffer.from('third')];
    serve(chunks);
    const a = recordingProcessor('a', { wordCount: 3 });
    const b = recordingProcessor('b', { tags: ['csv'], nested: { ok: true } });
    const handler = createHandler({ s3, logger, processors: [a.processor, b.processor] });

    // Act
    const manifest = await handler(sizedEvent({ size: 18 }));

    // Assess
    for (const run of [a, b]) {
      expect(run.received).toHaveLength(chunks.length);
      for (const [index, chunk] of run.received.entries()) expect(chunk).toBe(chunks[index]);
      expect(run.started).toEqual([
        { bucket: 'incoming', key: 'reports/2024/data.csv', versionId: 'v-1', size: 18, etag: sizedEvent().etag },
      ]);
      expect(run.aborted).toEqual([]);
    }
    expect(manifest).toMatchObject({ wordCount: 3, tags: ['csv'], nested: { ok: true }, size: 18 });
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    expect(JSON.parse(String(put!.args[0].input.Body))).toEqual(manifest);
  });

  it('supports async processors, awaiting each update() before handing over the next chunk', async () => {
    // Prepare
    serve([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef')]);
    let inFlight = 0;
    let maxInFlight = 0;
    const hashing: Processor = {
      name: 'md5',
      async start() {
        const hash = createHash('md5');
        return {
          async update(chunk) {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 5));
            hash.update(chunk);
            inFlight--;
          },
          async finish() {
            return { md5: hash.digest('hex') };
          },
        };
      },
    };

    // Act
    const manifest = await createHandler({ s3, logger, processors: [hashing] })(sizedEvent({ size: 6 }));

    // Assess
    expect(manifest['md5']).toBe(createHash('md5').update('abcdef').digest('hex'));
    expect(maxInFlight).toBe(1);
  });

  it('return values are stored and returned in their JSON form', async () => {
    // Prepare
    serve([Buffer.from('x')]);
    const dated: Processor = {
      name: 'dated',
      start: () => ({ update() {}, finish: () => ({ seenAt: new Date('2024-01-02T03:04:05.000Z'), dropped: undefined }) }),
    };

    // Act
    const manifest = await createHandler({ s3, logger, processors: [dated] })(sizedEvent({ size: 1 }));

    // Assess
    expect(manifest['seenAt']).toBe('2024-01-02T03:04:05.000Z');
    expect('dropped' in manifest).toBe(false);
  });

  it.each(['start', 'update', 'finish'] as const)(
    'a processor failing in %s() → ProcessorError naming it and the object, body destroyed, others aborted, no manifest',
    async (step) => {
      // Prepare
      const tracked = serve([Buffer.from('ab'), Buffer.from('cd')]);
      const healthy = recordingProcessor('healthy', { fine: true });
      const broken = recordingProcessor('broken', { never: true }, { in: step });
      const handler = createHandler({ s3, logger, processors: [healthy.processor, broken.processor] });

      // Act
      const error = await handler(sizedEvent({ size: 4 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ProcessorError);
      expect((error as ProcessorError).name).toBe('ProcessorError');
      expect((error as ProcessorError).processor).toBe('broken');
      expect((error as Error).message).toContain(`Processor "broken" failed in ${step}(): Error: broken cannot ${step}`);
      expect((error as Error).message).toContain('bucket "incoming", key "reports/2024/data.csv"');
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(tracked.stream.destroyed).toBe(true);
      expect(healthy.aborted).toEqual([error]);
      expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
      expect(logger.at('error')[0]?.attributes).toMatchObject({ processor: 'broken', errorName: 'ProcessorError' });
    },
  );

  it('an update() failure stops the read: later chunks are never pulled', async () => {
    // Prepare
    const tracked = serve([Buffer.from('a'), Buffer.from('b'), Buffer.from('c'), Buffer.from('d')]);
    const broken = recordingProcessor('broken', {}, { in: 'update' });

    // Act
    await createHandler({ s3, logger, processors: [broken.processor] })(sizedEvent({ size: 4 })).catch(() => undefined);

    // Assess
    expect(tracked.pulled()).toBe(1);
    expect(tracked.stream.destroyed).toBe(true);
  });

  it('runs are aborted with the ObjectChanged error when the object turns out to have changed', async () => {
    // Prepare
    serve([Buffer.from('abc')]);
    const watcher = recordingProcessor('watcher', {});

    // Act
    const error = await createHandler({ s3, logger, processors: [watcher.processor] })(sizedEvent({ size: 5 })).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect(watcher.aborted).toEqual([error]);
  });

  it('a failing abort() is logged and does not hide the original error', async () => {
    // Prepare
    serve([Buffer.from('abc')]);
    const clumsy: Processor = {
      name: 'clumsy',
      start: () => ({
        update() {},
        finish: () => ({}),
        abort() {
          throw new Error('cleanup failed');
        },
      }),
    };

    // Act
    const error = await createHandler({ s3, logger, processors: [clumsy] })(sizedEvent({ size: 5 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect(logger.at('warn')[0]?.attributes).toMatchObject({ processor: 'clumsy', bucket: 'incoming' });
  });

  it.each([
    ['a built-in field', [{ sha256: 'forged' }], /returned field "sha256", which is a built-in manifest field/],
    ['the manifest location', [{ manifestKey: 'elsewhere' }], /"manifestKey", which is a built-in manifest field/],
    [
      "another processor's field",
      [{ score: 1 }, { score: 2 }],
      /Processor "p1" returned field "score", which is a field of processor "p0"/,
    ],
  ])('may not overwrite %s', async (_name, fieldSets, message) => {
    // Prepare
    serve([Buffer.from('abc')]);
    const processors = fieldSets.map((fields, index) => recordingProcessor(`p${index}`, fields).processor);

    // Act
    const error = await createHandler({ s3, logger, processors })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ProcessorError);
    expect((error as Error).message).toMatch(message);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it.each([
    ['an array', ['a']],
    ['null', null],
    ['a number', 3],
  ])('finish() returning %s → ProcessorError', async (_name, fields) => {
    // Prepare
    serve([Buffer.from('abc')]);
    const odd: Processor = { name: 'odd', start: () => ({ update() {}, finish: () => fields as never }) };

    // Act
    const error = await createHandler({ s3, logger, processors: [odd] })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ProcessorError);
    expect((error as Error).message).toContain('finish() must return a plain object');
  });

  it('finish() returning fields that cannot be JSON → ProcessorError', async () => {
    // Prepare
    serve([Buffer.from('abc')]);
    const big: Processor = { name: 'big', start: () => ({ update() {}, finish: () => ({ total: 10n }) }) };

    // Act
    const error = await createHandler({ s3, logger, processors: [big] })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ProcessorError);
    expect((error as Error).message).toContain('not JSON-serialisable');
  });

  it('start() returning something that is not a run → ProcessorError', async () => {
    // Prepare
    const tracked = serve([Buffer.from('abc')]);
    const lazy = { name: 'lazy', start: () => ({}) } as unknown as Processor;

    // Act
    const error = await createHandler({ s3, logger, processors: [lazy] })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ProcessorError);
    expect((error as Error).message).toContain('update() and finish()');
    expect(tracked.stream.destroyed).toBe(true);
  });

  it.each([
    [
      'duplicate names',
      [
        { name: 'x', start: vi.fn() },
        { name: 'x', start: vi.fn() },
      ],
      /Two processors are named "x"/,
    ],
    ['an empty name', [{ name: '', start: vi.fn() }], /Processor #0 has no name/],
    ['no start()', [{ name: 'y' }], /Processor "y" has no start\(\) method/],
  ])('are checked when the handler is created: %s', (_name, processors, message) => {
    // Act
    const create = () => createHandler({ s3, logger, processors: processors as unknown as Processor[] });

    // Assess
    expect(create).toThrow(message);
    expect(create).toThrow(ProcessorError);
  });
});

describe('content type through the handler', () => {
  it('sniffs a gzip signature split over two chunks', async () => {
    // Prepare
    serve([Buffer.from([0x1f]), Buffer.from([0x8b, 0x08, 0x00])]);

    // Act
    const manifest = await createHandler({ s3, logger })(sizedEvent({ size: 4 }));

    // Assess
    expect(manifest.contentType).toBe('application/gzip');
  });
});
