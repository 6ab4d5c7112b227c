import { describe, expect, it } from 'vitest';
import {
  AccessDenied,
  ConfigurationError,
  InvalidEvent,
  InvalidInput,
  ObjectChanged,
  ObjectReadFailed,
  ObjectNotFound,
  ManifestWriteFailed,
  ManifestWriteThrottled,
  SizegateError,
  StartExecutionFailed,
} from '../../src/index.js';

describe('error classes', () => {
  it.each([
    [InvalidInput, 'InvalidInput'],
    [InvalidEvent, 'InvalidEvent'],
    [ObjectNotFound, 'ObjectNotFound'],
    [AccessDenied, 'AccessDenied'],
    [ObjectChanged, 'ObjectChanged'],
    [ObjectReadFailed, 'ObjectReadFailed'],
    [ManifestWriteThrottled, 'ManifestWriteThrottled'],
    [ManifestWriteFailed, 'ManifestWriteFailed'],
    [ConfigurationError, 'ConfigurationError'],
    [StartExecutionFailed, 'StartExecutionFailed'],
  ])('%o has the stable name %s', (ErrorClass, name) => {
    // Prepare / Act
    const error = new ErrorClass('Something went wrong');

    // Assess
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(SizegateError);
    expect(error).toBeInstanceOf(Error);
  });

  it('names the bucket, key and version in the message', () => {
    // Prepare
    const cause = new Error('404');

    // Act
    const error = new ObjectNotFound('Object does not exist', {
      bucket: 'incoming',
      key: 'a/b c.txt',
      versionId: 'v1',
      cause,
    });

    // Assess
    expect(error.message).toBe('Object does not exist (bucket "incoming", key "a/b c.txt", versionId "v1")');
    expect(error.bucket).toBe('incoming');
    expect(error.key).toBe('a/b c.txt');
    expect(error.cause).toBe(cause);
  });

  it('leaves the message alone when no location is known', () => {
    expect(new InvalidEvent('Unknown event shape').message).toBe('Unknown event shape');
  });
});
