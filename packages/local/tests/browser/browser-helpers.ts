import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Debian's Chromium (no browser download), or the one SIZEGATE_CHROMIUM names: when it is set,
 * only that path counts, so a wrong setting is reported instead of quietly using another browser.
 */
export const CHROMIUM_CANDIDATES = process.env.SIZEGATE_CHROMIUM
  ? [process.env.SIZEGATE_CHROMIUM]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const CHROMIUM = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
/** CI=true (as .ci/run runs): a missing browser fails the run, since CI installs one. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
export const NO_CHROMIUM = `no Chromium found at ${CHROMIUM_CANDIDATES.join(', ')} (apt-get install chromium, or set SIZEGATE_CHROMIUM to a Chromium/Chrome binary)`;

/** Upper bound for executions to finish (they take milliseconds; the machine may be busy). */
export const FINISH_TIMEOUT_MS = 30_000;

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Chromium's sandbox refuses to run as root (CI runs as root); elsewhere it stays on.
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}

export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Page errors and console errors (CSP violations among them). */
  readonly errors: string[];
  /** Requests to anything but the runtime: blocked, and a test failure. */
  readonly foreignRequests: string[];
}

export async function openWatchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    foreignRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return { page, context, errors, foreignRequests };
}

export interface OpenedExecution {
  /** The class attribute of the graph node for `state`. */
  classes(state: string): string;
  /** The edges drawn as taken (`sg-taken`), as "from->to". */
  readonly taken: string[];
  /** The states of the timeline table, in order. */
  readonly timeline: string[];
}

/** Clicks the execution's row and waits until the detail view shows it with `status` and its graph. */
export async function openExecution(page: Page, name: string | null, status = 'SUCCEEDED'): Promise<OpenedExecution> {
  if (name === null) throw new Error('The execution row has no name');
  await page.click(`#executions tbody tr[data-name="${name}"]`);
  await page.locator(`#detail[data-name="${name}"][data-status="${status}"] #graph svg`).waitFor({ timeout: FINISH_TIMEOUT_MS });
  const classes = await page.$$eval('#graph svg [data-state]', (nodes) =>
    Object.fromEntries(nodes.map((node) => [node.getAttribute('data-state'), node.getAttribute('class') ?? ''])),
  );
  const taken = await page.$$eval('#graph svg [data-from][data-to]', (edges) =>
    edges
      .filter((edge) => (edge.getAttribute('class') ?? '').split(' ').includes('sg-taken'))
      .map((edge) => `${edge.getAttribute('data-from')}->${edge.getAttribute('data-to')}`),
  );
  const timeline = await page.$$eval('#timeline tbody tr', (rows) => rows.map((row) => row.getAttribute('data-state') ?? ''));
  return {
    classes: (state) => {
      const found = classes[state];
      if (found === undefined) throw new Error(`No graph node for state ${state}; nodes: ${Object.keys(classes).join(', ')}`);
      return found;
    },
    taken,
    timeline,
  };
}
