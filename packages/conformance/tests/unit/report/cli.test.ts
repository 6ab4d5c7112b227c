import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { cwd, stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } },
  };
}

describe('the CLI', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'conformance-cli-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('runs a category, prints the table, writes the report, then --check finds it current', async () => {
    // Prepare
    const first = io(directory);
    const second = io(directory);

    // Act
    const written = await main(['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--targets'], first.io);
    const checked = await main(['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--check'], second.io);

    // Assess
    expect(written).toBe(0);
    expect(first.out.stdout).toMatch(/^timeouts\s+4\s+4\s+100\.0 %/m);
    expect(first.out.stdout).toMatch(/^timeouts\s+4\s+4\s+100\.0 %\s+>= 100 %\s+yes$/m);
    expect(await readFile(join(directory, 'CONFORMANCE.md'), 'utf8')).toContain('# Step Functions conformance');
    expect(checked).toBe(0);
  });

  it('--check fails when the committed report differs', async () => {
    // Prepare
    await writeFile(join(directory, 'CONFORMANCE.md'), '# Step Functions conformance\n\nold\n');
    const run = io(directory);

    // Act
    const code = await main(['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--check'], run.io);

    // Assess
    expect(code).toBe(1);
    expect(run.out.stderr).toContain('is not current: line 3 was "old"');
    expect(await readFile(join(directory, 'CONFORMANCE.md'), 'utf8')).toBe('# Step Functions conformance\n\nold\n');
  });

  it('says what is missing when the in-process service module is not there', async () => {
    const run = io(directory);
    const code = await main(
      ['run', '--driver', 'in-process', '--category', 'timeouts', '--service-module', '@sizegate/no-such-module'],
      run.io,
    );
    expect(code).toBe(2);
    expect(run.out.stderr).toContain(
      'The in-process driver needs a module exporting createStepFunctionsService (@sizegate/no-such-module)',
    );
  });

  it('refuses bad usage', async () => {
    const run = io(directory);
    expect(await main(['run', '--driver', 'nope'], run.io)).toBe(2);
    expect(await main(['run', '--driver', 'replay', '--concurrency', '0'], run.io)).toBe(2);
    expect(run.out.stderr).toContain('Usage: sizegate-conformance run');
  });
});
