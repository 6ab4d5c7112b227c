// Produces the README's images with the real renderer: starts the local runtime, uploads sample
// files through the web console in headless Chromium (playwright-core, Debian's /usr/bin/chromium
// or SIZEGATE_CHROMIUM), screenshots the console to docs/images/console.png, and writes the graph
// of a processed upload to docs/images/workflow.svg with @sizegate/graph.
// Run after the build: `pnpm --filter @sizegate/local run readme:images`.
import { DescribeStateMachineCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { pathFromHistory, toSvg } from '@sizegate/graph';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startLocal } from '../dist/index.js';

const OUT = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
// SIZEGATE_CHROMIUM, when set, is the only candidate (as in tests/browser): a wrong path is an error.
const CHROMIUM = (
  process.env.SIZEGATE_CHROMIUM ? [process.env.SIZEGATE_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']
).find((path) => existsSync(path));
if (!CHROMIUM) throw new Error('No Chromium found: apt-get install chromium, or set SIZEGATE_CHROMIUM');
const MIN_SIZE_BYTES = 2_000_000;
const SAMPLES = [
  { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Meeting notes: too small to process.\n') },
  { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2_400_000, 1) },
  { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(3_000_000, 2) },
];
const SHOWN = 'report.pdf';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const local = await startLocal({ port: 0, minSizeBytes: MIN_SIZE_BYTES, logger: silent });
const sfn = new SFNClient({
  endpoint: local.endpoint,
  region: local.region,
  credentials: { accessKeyId: 'readme', secretAccessKey: 'readme' },
});
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${local.endpoint}/_sizegate/`);
  await page.locator('#info-bucket', { hasText: local.bucket }).waitFor();
  // One at a time, so the list shows them in upload order (newest first).
  for (const sample of SAMPLES) {
    await page.setInputFiles('#upload-file', [sample]);
    await page.click('#upload-button');
    await page.locator(`#executions tbody tr[data-key="${sample.name}"][data-status="SUCCEEDED"]`).waitFor({ timeout: 30_000 });
  }
  const shown = page.locator(`#executions tbody tr[data-key="${SHOWN}"]`);
  const name = await shown.getAttribute('data-name');
  await shown.click();
  await page.locator(`#detail[data-name="${name}"][data-status="SUCCEEDED"] #graph svg`).waitFor({ timeout: 30_000 });
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: `${OUT}console.png` });

  // The same execution's graph, drawn by @sizegate/graph from what the Step Functions API returns.
  const executionArn = `${local.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: local.stateMachineArn }));
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  const svg = await toSvg(definition, { path: pathFromHistory(events ?? []), title: `sizegate: ${SHOWN} (3 MB) is processed` });
  writeFileSync(`${OUT}workflow.svg`, svg.endsWith('\n') ? svg : `${svg}\n`);
  for (const file of ['console.png', 'workflow.svg']) console.log(`wrote docs/images/${file} (${statSync(`${OUT}${file}`).size} bytes)`);
} finally {
  await browser.close();
  sfn.destroy();
  await local.close();
}
