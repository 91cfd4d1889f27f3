// First-load time of pvf's pages in headless Chromium (cold browser cache each time).
// Usage: node bench/page_load.mjs http://127.0.0.1:PORT ASSESSMENT_ID   (server seeded by scripts/bench)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [base, assessmentId] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const TARGET_MS = 1000;
async function firstLoad(url, signIn, readySelector) {
  const context = await browser.newContext();
  if (signIn) {
    const r = await context.request.post(`${base}/api/v1/session`,
      { data: { username: 'bench', password: 'bench-password' } });
    if (!r.ok()) throw new Error(`sign-in failed: ${r.status()}`);
  }
  const page = await context.newPage();
  const t0 = performance.now();
  // First load = navigation until the page's own content is on screen (its <h1> rendered from
  // the API's data), with a cold cache. 'networkidle' would add a fixed 500 ms of quiet.
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(readySelector, { state: 'visible' });
  const ms = performance.now() - t0;
  await context.close();
  return ms;
}
for (const [name, url, signIn, ready] of [
  ['sign-in page', `${base}/`, false, 'input[type=password]'],
  ['scorecard page', `${base}/assessments/${assessmentId}/scorecard`, true, 'h1:has-text("scorecard")'],
]) {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await firstLoad(url, signIn, ready));
  runs.sort((a, b) => a - b);
  const median = runs[2];
  console.log(`page first load, ${name}: median ${median.toFixed(0)} ms of 5 = ` +
    `${(median / TARGET_MS).toFixed(2)}x the 1 s ceiling (${median < TARGET_MS ? 'met' : 'MISSED'})`);
}
await browser.close();
