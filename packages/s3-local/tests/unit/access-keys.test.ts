import { describe, expect, it } from 'vitest';
import { AccessKeyStore, canonicalUserIdOf, parseAccessKey } from '../../src/auth/access-keys.js';

describe('access keys', () => {
  it('reads ID:SECRET[:DISPLAY_NAME] as the command line gives it (the display name may hold colons)', () => {
    // Act
    const plain = parseAccessKey('AKIDEXAMPLE:secret');
    const named = parseAccessKey('AKIDEXAMPLE:secret:Team: data');

    // Assess
    expect(plain).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
    expect(named).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', displayName: 'Team: data' });
    expect(() => parseAccessKey('AKIDEXAMPLE')).toThrow('must be ID:SECRET or ID:SECRET:DISPLAY_NAME');
  });

  it('each key is an owner: its canonical id (default: SHA-256 of the key id) and display name (default: the key id)', () => {
    // Act
    const store = new AccessKeyStore([
      { accessKeyId: 'AKIDONE', secretAccessKey: 's1' },
      { accessKeyId: 'AKIDTWO', secretAccessKey: 's2', displayName: 'two', canonicalUserId: 'id-two' },
    ]);

    // Assess
    expect(store.ownerOf('AKIDONE')).toEqual({ id: canonicalUserIdOf('AKIDONE'), displayName: 'AKIDONE' });
    expect(canonicalUserIdOf('AKIDONE')).toMatch(/^[0-9a-f]{64}$/);
    expect(store.ownerById('id-two')).toEqual({ id: 'id-two', displayName: 'two' });
    expect([store.secretFor('AKIDTWO'), store.secretFor('AKIDNONE')]).toEqual(['s2', undefined]);
    expect(store.firstOwner?.displayName).toBe('AKIDONE');
  });

  it('refuses empty secrets, key ids with spaces, and a key given twice', () => {
    // Assess
    expect(() => new AccessKeyStore([{ accessKeyId: 'AKID', secretAccessKey: '' }])).toThrow('empty secret');
    expect(() => new AccessKeyStore([{ accessKeyId: 'AK ID', secretAccessKey: 's' }])).toThrow('is not valid');
    expect(
      () =>
        new AccessKeyStore([
          { accessKeyId: 'AKID', secretAccessKey: 's' },
          { accessKeyId: 'AKID', secretAccessKey: 't' },
        ]),
    ).toThrow('given twice');
  });
});
