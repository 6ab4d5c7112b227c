import { describe, expect, it } from 'vitest';
import type { ItemReaderRequest, MapRunInfo } from '../../src/index.js';
import { runToEnd, skeleton } from '../helpers/run.js';

const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};
const reader = (config: object, parameters: object = { Bucket: 'b', Key: 'k' }) => ({
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: config,
  Parameters: parameters,
});

describe('distributed Map run', () => {
  it('points MapStateExited at MapRunStarted as AWS does today, at MapRunSucceeded when asked for the pre-2024-11 behaviour', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } };
    const today = await runToEnd(definition, [1]);
    const before = await runToEnd(definition, [1], { mapStateExitedAfter: 'MapRunSucceeded' });
    expect(skeleton(today.history).slice(3, 7)).toEqual([
      [4, 3, 'MapRunStarted'],
      [5, 4, 'MapRunSucceeded'],
      [6, 5, 'MapStateSucceeded'],
      [7, 4, 'MapStateExited'],
    ]);
    expect(skeleton(before.history)[6]).toEqual([7, 5, 'MapStateExited']);
  });

  it('reads CSV items with given headers the way AWS does (missing fields "", extra dropped, blank last line skipped)', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: reader({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H2', 'H3'] }),
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const seen: ItemReaderRequest[] = [];
    const itemReader = (request: ItemReaderRequest) => {
      seen.push(request);
      return 'Value1,Value2,Value3\n,,,\nNull,None,\n   \n';
    };
    const { result, history } = await runToEnd(definition, {}, { itemReader });
    expect(JSON.parse(result.output ?? '')).toEqual([
      { H1: 'Value1', H2: 'Value2', H3: 'Value3' },
      { H1: '', H2: '', H3: '' },
      { H1: 'Null', H2: 'None', H3: '' },
      { H1: '   ', H2: '', H3: '' },
    ]);
    expect(seen).toEqual([
      {
        resource: 'arn:aws:states:::s3:getObject',
        parameters: { Bucket: 'b', Key: 'k' },
        readerConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H2', 'H3'] },
      },
    ]);
    expect(history[2]).toMatchObject({ type: 'MapStateStarted', mapStateStartedEventDetails: { length: 0 } });
  });

  it('takes CSV headers from the first row, honours MaxItems, and fails on duplicate headers', async () => {
    const first = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 1 }),
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const ok = await runToEnd(first, {}, { itemReader: () => 'a,b\n1,2\n3,4\n' });
    const duplicate = await runToEnd(first, {}, { itemReader: () => 'a,a\n1,2\n' });
    expect(JSON.parse(ok.result.output ?? '')).toEqual([{ a: '1', b: '2' }]);
    expect(duplicate.result).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
  });

  it('maps s3:listObjectsV2 entries to AWS item shape', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } },
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const itemReader = () => [
      { Key: 'f.txt', Size: 12, ETag: '"e"', LastModified: new Date('2024-01-01T00:00:00Z'), StorageClass: 'STANDARD' },
    ];
    const { result } = await runToEnd(definition, {}, { itemReader });
    expect(JSON.parse(result.output ?? '')).toEqual([
      { Etag: '"e"', LastModified: '2024-01-01T00:00:00.000Z', Key: 'f.txt', Size: 12, StorageClass: 'STANDARD' },
    ]);
  });

  it('batches items with ItemBatcher (MaxItemsPerBatch, BatchInput) into one child execution per batch', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'from.$': '$.tag' } },
          ItemsPath: '$.items',
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const runs: MapRunInfo[] = [];
    const { result } = await runToEnd(definition, { tag: 't', items: [1, 2, 3] }, { onMapRun: (run) => runs.push(structuredClone(run)) });
    expect(JSON.parse(result.output ?? '')).toEqual([
      { BatchInput: { from: 't' }, Items: [1, 2] },
      { BatchInput: { from: 't' }, Items: [3] },
    ]);
    expect(runs.at(-1)).toMatchObject({
      status: 'SUCCEEDED',
      executionCounts: { total: 2, succeeded: 2, pending: 0 },
      itemCounts: { total: 3, succeeded: 3, resultsWritten: 3 },
    });
  });

  it('limits batches by MaxInputBytesPerBatch', async () => {
    const definition = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemBatcher: { MaxInputBytesPerBatch: 30 }, ItemProcessor: processor, End: true } },
    };
    const { result } = await runToEnd(definition, ['aaaaaaaa', 'bbbbbbbb', 'cccccccc']);
    expect(JSON.parse(result.output ?? '')).toEqual([{ Items: ['aaaaaaaa'] }, { Items: ['bbbbbbbb'] }, { Items: ['cccccccc'] }]);
  });

  it("reports counts to onMapRun and, with a ResultWriter, returns AWS's {MapRunArn, ResultWriterDetails} and hands the results to resultWriter", async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Label: 'L',
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'rb', Prefix: 'jobs' } },
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const runs: MapRunInfo[] = [];
    const written: unknown[] = [];
    const { result } = await runToEnd(definition, ['a', 'b'], {
      onMapRun: (run) => runs.push(structuredClone(run)),
      resultWriter: async (request) => void written.push(request),
    });
    const output = JSON.parse(result.output ?? '') as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const runId = output.MapRunArn.split(':').at(-1);
    expect(output.MapRunArn).toMatch(/^arn:aws:states:us-east-1:111111111111:mapRun:machine\/L:/);
    expect(output.ResultWriterDetails).toEqual({ Bucket: 'rb', Key: `jobs/${runId}/manifest.json` });
    expect(written).toEqual([
      expect.objectContaining({
        manifestKey: `jobs/${runId}/manifest.json`,
        results: [
          { index: 0, status: 'SUCCEEDED', input: 'a', output: 'a' },
          { index: 1, status: 'SUCCEEDED', input: 'b', output: 'b' },
        ],
      }),
    ]);
    expect(runs[0]).toMatchObject({ status: 'RUNNING', mapRunArn: output.MapRunArn, executionCounts: { pending: 2, total: 2 } });
    expect(runs.at(-1)).toMatchObject({
      status: 'SUCCEEDED',
      maxConcurrency: 0,
      toleratedFailureCount: 0,
      executionCounts: { succeeded: 2, resultsWritten: 2, running: 0 },
    });
  });
});
