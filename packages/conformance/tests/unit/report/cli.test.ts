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
    expect(run.out.stderr).toContain('is not current (or this driver\'s results differ from it): line 3 was "old"');
    expect(await readFile(join(directory, 'CONFORMANCE.md'), 'utf8')).toBe('# Step Functions conformance\n\nold\n');
  });

  it('--check-results compares which cases pass, not the driver line or the texts around them', async () => {
    // Prepare: the report the replay driver writes, then the same with other prose, and with one count changed
    const report = join(directory, 'CONFORMANCE.md');
    await main(['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md'], io(directory).io);
    const written = await readFile(report, 'utf8');
    const reworded = written
      .replace('with the **replay** driver', 'with the **http** driver')
      .replace('The cases are AWS recordings', 'Other prose');
    const recounted = written.replace('test_global_timeout` | 1 / 1 |', 'test_global_timeout` | 0 / 1 |');

    // Act
    await writeFile(report, reworded);
    const sameResults = await main(
      ['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--check-results'],
      io(directory).io,
    );
    const strict = await main(
      ['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--check'],
      io(directory).io,
    );
    await writeFile(report, recounted);
    const otherResults = await main(
      ['run', '--driver', 'replay', '--category', 'timeouts', '--write', 'CONFORMANCE.md', '--check-results'],
      io(directory).io,
    );

    // Assess
    expect(recounted).not.toBe(written);
    expect([sameResults, strict, otherResults]).toEqual([0, 1, 1]);
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
