import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { RecordingLogger } from '@sizegate/testing';
import { CHROMIUM, FINISH_TIMEOUT_MS, launchChromium, openWatchedPage, type WatchedPage } from './browser-helpers.js';

// With verifySignatures on, the web console keeps working: its API is the runtime's own, and its
// upload (a browser PUT, which carries the page's Origin) is served as the bucket owner. The
// skip/CI rule for a missing Chromium is console.test.ts's.

describe.skipIf(!CHROMIUM)('web console with verifySignatures, in headless Chromium', () => {
  let browser: Browser;
  let local: LocalRuntime;
  let watched: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    local = await startLocal({
      port: 0,
      minSizeBytes: 1000,
      verifySignatures: true,
      accessKeys: [{ accessKeyId: 'AKIDCONSOLEOWNER0000', secretAccessKey: 'console-owner-secret' }],
      logger: new RecordingLogger(),
    });
    watched = await openWatchedPage(browser);
  }, 60_000);

  afterAll(async () => {
    await watched?.context.close();
    await local?.close();
    await browser?.close();
  });

  it('a file uploaded in the page is stored and its execution SUCCEEDS; the page lists it without any signature', async () => {
    // Prepare
    const { page } = watched;
    await page.goto(`${local.endpoint}/_sizegate/`);
    await expect.poll(() => page.textContent('#info-bucket')).toBe(local.bucket);

    // Act
    await page.setInputFiles('#upload-file', [
      { name: 'signed-off.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5000, 9) },
    ]);
    await page.click('#upload-button');
    const row = page.locator('#executions tbody tr[data-key="signed-off.bin"][data-status="SUCCEEDED"]');
    await row.waitFor({ timeout: FINISH_TIMEOUT_MS });
    await page.locator('#upload-status li[data-status="SUCCEEDED"]').first().waitFor({ timeout: FINISH_TIMEOUT_MS });

    // Assess
    expect(await page.locator('#executions tbody tr').count()).toBe(1);
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });
});
