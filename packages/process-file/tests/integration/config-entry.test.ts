import { packagesImportedBy } from '@sizegate/testing';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

describe('the @sizegate/process-file/config entry point (built)', () => {
  it('loads @sizegate/types and nothing else: reading the settings loads no SDK client and no logger', async () => {
    // Act
    const packages = await packagesImportedBy('@sizegate/process-file/config', PACKAGE_DIR);

    // Assess
    expect(packages).toEqual(['@sizegate/process-file/config', '@sizegate/types']);
  });
});
