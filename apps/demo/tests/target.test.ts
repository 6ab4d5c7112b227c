import { describe, expect, it } from 'vitest';
import { chooseTarget, remoteClientConfig, targetLine } from '../src/target.js';

describe('the demo target (first line)', () => {
  it('without --aws or AWS_ENDPOINT_URL → the embedded local runtime, saying why', () => {
    // Act
    const choice = chooseTarget({}, {});

    // Assess
    expect(choice).toEqual({ kind: 'local' });
    expect(targetLine(choice)).toBe('Target: the embedded local runtime, on a free port (no --aws, and AWS_ENDPOINT_URL is not set)');
  });

  it('a blank AWS_ENDPOINT_URL counts as unset', () => {
    // Act / Assess
    expect(chooseTarget({ aws: false }, { AWS_ENDPOINT_URL: '  ' })).toEqual({ kind: 'local' });
  });

  it('AWS_ENDPOINT_URL set → that endpoint, named with the variable and how to get the local runtime instead; S3 path-style', () => {
    // Act
    const choice = chooseTarget({}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });

    // Assess
    expect(choice).toEqual({ kind: 'endpoint', endpoint: 'http://127.0.0.1:4566' });
    expect(targetLine(choice)).toBe(
      'Target: http://127.0.0.1:4566, from AWS_ENDPOINT_URL (it is set; unset it for the embedded local runtime, or pass --aws for AWS)',
    );
    expect(remoteClientConfig(choice)).toEqual({ s3: { forcePathStyle: true }, sfn: {} });
  });

  it('--aws → AWS even with AWS_ENDPOINT_URL set, which the line says is ignored and the clients ignore', () => {
    // Act
    const choice = chooseTarget({ aws: true }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });

    // Assess
    expect(choice).toEqual({ kind: 'aws', ignoredEndpoint: 'http://127.0.0.1:4566' });
    expect(targetLine(choice)).toBe(
      'Target: AWS (--aws), with the credentials and region of the usual AWS chain; AWS_ENDPOINT_URL (http://127.0.0.1:4566) is ignored',
    );
    expect(remoteClientConfig(choice)).toEqual({ s3: { ignoreConfiguredEndpointUrls: true }, sfn: { ignoreConfiguredEndpointUrls: true } });
  });

  it('--aws alone → AWS', () => {
    // Act / Assess
    expect(targetLine(chooseTarget({ aws: true }, {}))).toBe('Target: AWS (--aws), with the credentials and region of the usual AWS chain');
  });
});
