import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { recordingLogger } from '../helpers/s3-server.js';

// The web console in a real browser: Debian's Chromium (no browser download) driven by
// playwright-core. The page uploads through its own file input and follows the executions.
const CHROMIUM = [process.env.SIZEGATE_CHROMIUM ?? '', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => path !== '' && existsSync(path));
if (!CHROMIUM) console.warn('SKIPPED web console browser test: no Chromium found (apt-get install chromium, or set SIZEGATE_CHROMIUM; .ci/run installs it)');

/** Screenshots are test artefacts (gitignored). */
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const MIN_SIZE_BYTES = 1000;
/** Upper bound for both executions to finish (they take milliseconds; the machine may be busy). */
const FINISH_TIMEOUT_MS = 30_000;

describe.skipIf(!CHROMIUM)('web console in headless Chromium', () => {
  let local: LocalRuntime;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    local = await startLocal({ port: 0, minSizeBytes: MIN_SIZE_BYTES, logger: recordingLogger() });
    // Chromium's sandbox refuses to run as root (CI runs as root); elsewhere it stays on.
    const asRoot = process.getuid?.() === 0;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing but the runtime: any other request (a CDN, a font, a tracker) is blocked and fails the test.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      foreignRequests.push(url.href);
      return route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    // Console errors include CSP violations (an inline script or style the policy refuses).
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
    mkdirSync(RESULTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });

  it('upload a small and a large file in the page → both executions reach their final states and the right nodes are highlighted', async () => {
    // Prepare
    await page.goto(`${local.endpoint}/_sizegate/`);
    await expect.poll(() => page.textContent('#info-bucket')).toBe(local.bucket);
    expect(await page.textContent('#info-threshold')).toBe('1,000 bytes');

    // Act: both files through the page's file input and upload button.
    await page.setInputFiles('#upload-file', [
      { name: 'small file.txt', mimeType: 'text/plain', buffer: Buffer.from('too small') },
      { name: 'large.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(MIN_SIZE_BYTES * 5, 7) },
    ]);
    await page.click('#upload-button');
    const smallRow = page.locator('#executions tbody tr[data-key="small file.txt"][data-status="SUCCEEDED"]');
    const largeRow = page.locator('#executions tbody tr[data-key="large.bin"][data-status="SUCCEEDED"]');
    await smallRow.waitFor({ timeout: FINISH_TIMEOUT_MS });
    await largeRow.waitFor({ timeout: FINISH_TIMEOUT_MS });
    // The upload box followed each upload to its execution's final state.
    await page.locator('#upload-status li[data-status="SUCCEEDED"]').nth(1).waitFor({ timeout: FINISH_TIMEOUT_MS });
    await page.screenshot({ path: `${RESULTS}console-list.png` });

    // Assess: each execution's graph marks the states its path entered.
    const small = await openExecution(page, await smallRow.getAttribute('data-name'));
    expect(small.classes('NotifyFileTooSmall')).toContain('sg-entered');
    expect(small.classes('ProcessFile')).not.toContain('sg-entered');
    expect(small.timeline).toEqual(['CheckFileSize', 'ChoiceState', 'NotifyFileTooSmall']);
    await page.screenshot({ path: `${RESULTS}console-small.png` });

    const large = await openExecution(page, await largeRow.getAttribute('data-name'));
    expect(large.classes('ProcessFile')).toContain('sg-entered');
    expect(large.classes('NotifyOk')).toContain('sg-entered');
    expect(large.classes('NotifyFileTooSmall')).not.toContain('sg-entered');
    expect(large.timeline).toEqual(['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk']);
    expect(JSON.parse((await page.textContent('#detail-input')) ?? '{}')).toMatchObject({ bucket: local.bucket, key: 'large.bin' });
    await page.screenshot({ path: `${RESULTS}console-large.png` });

    expect(await page.locator('#executions tbody tr').count()).toBe(2);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

interface OpenedExecution {
  /** The class attribute of the graph node for `state`. */
  classes(state: string): string;
  /** The states of the timeline table, in order. */
  timeline: string[];
}

/** Clicks the execution's row and waits until the detail view shows it, final, with its graph. */
async function openExecution(page: Page, name: string | null): Promise<OpenedExecution> {
  if (name === null) throw new Error('The execution row has no name');
  await page.click(`#executions tbody tr[data-name="${name}"]`);
  await page.locator(`#detail[data-name="${name}"][data-status="SUCCEEDED"] #graph svg`).waitFor({ timeout: FINISH_TIMEOUT_MS });
  const classes = await page.$$eval('#graph svg [data-state]', (nodes) =>
    Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('class') ?? ''])),
  );
  const timeline = await page.$$eval('#timeline tbody tr', (rows) => rows.map((row) => row.getAttribute('data-state') ?? ''));
  return {
    classes: (state) => {
      const found = classes[state];
      if (found === undefined) throw new Error(`No graph node for state ${state}; nodes: ${Object.keys(classes).join(', ')}`);
      return found;
    },
    timeline,
  };
}
