import { describe, expect, it } from 'vitest';
import { executionCredentials } from '../../src/cli-graph.js';

// `sizegate-local graph --execution`: which credentials read the execution. Dummy local ones are
// only for the local runtime on loopback with nothing configured; anything else must reach the
// SDK's default chain, or a profile/SSO set up for real AWS would be silently ignored.
describe('graph --execution credentials', () => {
  it('uses the dummy local credentials for a loopback endpoint (127.0.0.1, 127.x, localhost, [::1]) when none are configured', () => {
    // Act
    const chosen = ['http://127.0.0.1:4566', 'http://127.0.0.2:9000', 'http://localhost:4566', 'http://LOCALHOST', 'http://[::1]:4566'].map(
      (endpoint) => executionCredentials(endpoint, {}),
    );

    // Assess
    for (const credentials of chosen) expect(credentials).toEqual({ accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' });
  });

  it('leaves a loopback endpoint to the default chain when AWS_ACCESS_KEY_ID or AWS_PROFILE is set', () => {
    // Act
    const withKeys = executionCredentials('http://127.0.0.1:4566', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    const withProfile = executionCredentials('http://localhost:4566', { AWS_PROFILE: 'dev-sso' });

    // Assess
    expect(withKeys).toBeUndefined();
    expect(withProfile).toBeUndefined();
  });

  it('leaves a non-loopback endpoint (real AWS, a host named like loopback) and no endpoint to the default chain, even with nothing configured', () => {
    // Act
    const chosen = [
      'https://states.eu-west-1.amazonaws.com',
      'http://localhost.example.com:4566',
      'http://127.0.0.1.example.com',
      'http://10.0.0.5:4566',
      'not a url',
      undefined,
    ].map((endpoint) => executionCredentials(endpoint, {}));

    // Assess
    expect(chosen).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('treats an empty AWS_ACCESS_KEY_ID or AWS_PROFILE as not set', () => {
    // Act
    const credentials = executionCredentials('http://127.0.0.1:4566', { AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' });

    // Assess
    expect(credentials).toEqual({ accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' });
  });
});
