import { describe, expect, it } from 'vitest';
import { consoleUrlOf, readyLine } from '../../src/ready-line.js';

describe('the ready line', () => {
  it('is one JSON line with the endpoint, region, bucket, state machine and the console URL', () => {
    // Prepare
    const runtime = {
      endpoint: 'http://127.0.0.1:4566',
      region: 'us-east-1',
      bucket: 'sizegate-incoming',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sizegate',
    };

    // Act
    const line = readyLine(runtime);

    // Assess
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ ...runtime, console: 'http://127.0.0.1:4566/_sizegate/' });
  });

  it('joins the console path to an endpoint with or without a trailing slash', () => {
    // Act / Assess
    expect(consoleUrlOf('http://[::1]:4566/')).toBe('http://[::1]:4566/_sizegate/');
    expect(consoleUrlOf('http://127.0.0.1:0')).toBe('http://127.0.0.1:0/_sizegate/');
  });
});
