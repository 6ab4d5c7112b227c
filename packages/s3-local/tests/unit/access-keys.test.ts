import { describe, expect, it } from 'vitest';
import { AccessKeyStore, canonicalUserIdOf } from '../../src/auth/access-keys.js';

describe('access keys', () => {
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

  it('refuses keys checkAccessKeys refuses (empty secret, spaces in the id, a key given twice)', () => {
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
