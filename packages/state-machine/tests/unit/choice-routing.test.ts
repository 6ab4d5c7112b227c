import { DEFAULT_STATE_ERROR, MESSAGES } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../src/index.js';
import { runWorkflow } from '../helpers/run-workflow.js';

// Runs the definition on the aws-local-stepfunctions engine with stand-in Lambdas that return a
// chosen size, to pin the Choice rules down on every kind of value, including ones that a real
// check-size never produces (those are covered end to end in tests/integration/workflow.test.ts).
const definition = buildDefinition({ minSizeBytes: 100 });
const input = { bucket: 'incoming', key: 'k', versionId: null };
const sized = (size: unknown) => async () => ({ ...input, etag: '"e"', ...(size === undefined ? {} : { size }) });
const manifest = { sha256: 'x' };

describe('ChoiceState routing', () => {
  it.each([
    ['0', 0, ['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']],
    ['threshold − 1', 99, ['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']],
    ['threshold', 100, ['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']],
    ['threshold + 1', 101, ['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']],
  ])('size %s (%i, threshold 100) routes along %j and SUCCEEDS', async (_case, size, expectedPath) => {
    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: sized(size), ProcessFile: async () => manifest });

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(expectedPath);
    const message = size >= 100 ? MESSAGES.processedOk : MESSAGES.notBigEnough;
    const expectedOutput = size >= 100 ? { Message: message, ...input, size, manifest } : { Message: message, ...input, size };
    expect(run.output).toEqual(expectedOutput);
  });

  it.each([
    ['not a number', '2000001'],
    ['null', null],
    ['missing', undefined],
    ['boolean', true],
  ])('sends a size that is %s to DefaultState and FAILS with DefaultStateError', async (_label, size) => {
    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: sized(size), ProcessFile: async () => manifest });

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.path).toEqual(['CheckFileSize', 'ChoiceState', 'DefaultState']);
    expect(run.error).toBe(DEFAULT_STATE_ERROR);
  });

  it('fails the execution with the handler error name and a Lambda-shaped cause', async () => {
    // Prepare
    const failing = async () => {
      const error = new Error('Object does not exist (bucket "incoming", key "k")');
      error.name = 'ObjectNotFound';
      throw error;
    };

    // Act
    const run = await runWorkflow(definition, input, { CheckFileSize: failing, ProcessFile: async () => manifest });

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('ObjectNotFound');
    expect(JSON.parse(String(run.cause))).toMatchObject({ errorType: 'ObjectNotFound', errorMessage: expect.stringContaining('key "k"') });
    expect(run.path).toEqual(['CheckFileSize']);
  });
});
