#!/usr/bin/env node
// End-to-end tests of the pvf web front end against the real server.
//
//   node tests/e2e/run.mjs            (or: cd web && npm run e2e)
//
// Starts `build/pvf serve --demo` on a free port with a fresh database (PVF_BIN overrides the
// binary), drives Debian's Chromium through playwright-core (from web/node_modules; no browser is
// ever downloaded), saves screenshots to tests/e2e/screenshots/ and copies the key ones to
// docs/screenshots/. Prints "N passed, M failed" and exits non-zero on any failure.
// Env: PVF_BIN, CHROMIUM (default /usr/bin/chromium), E2E_WEB (default web/dist), E2E_FILTER (substring of test names).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(path.join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const PVF_BIN = process.env.PVF_BIN || path.join(root, 'build', 'pvf');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WEB_DIR = path.resolve(process.env.E2E_WEB || path.join(root, 'web', 'dist'));
const SHOTS = path.join(here, 'screenshots');
const DOC_SHOTS = path.join(root, 'docs', 'screenshots');
const FILTER = process.env.E2E_FILTER || '';

// ---------- tiny harness ----------
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
class AssertionError extends Error {}
function assert(cond, message) {
  if (!cond) throw new AssertionError(message);
}
function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, timeoutMs = 30000) {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return await r.json();
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms (${last})`);
}

// ---------- shared state across the flow ----------
let base = '';
let browser;
const state = { assessmentId: null, rated: [], frameworkId: null, pageErrors: [], apiFailures: [] };

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => state.pageErrors.push(`${page.url()}: ${e.message}`));
  // API failures are printed when a test fails (some are expected: wrong password, validation).
  page.on('response', async (r) => {
    if (r.status() >= 400 && r.url().includes('/api/')) {
      const body = await r.text().catch(() => '');
      state.apiFailures.push(`${r.request().method()} ${r.url().replace(base, '')} -> ${r.status()} ${body.slice(0, 200)}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) state.pageErrors.push(`${page.url()}: console: ${m.text()}`);
  });
  return page;
}

async function shot(page, name, { fullPage = true, doc = false, maxHeight = 0 } = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  if (maxHeight) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const width = page.viewportSize().width;
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } });
  } else {
    await page.screenshot({ path: file, fullPage });
  }
  if (doc) {
    fs.mkdirSync(DOC_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOC_SHOTS, `${name}.png`));
  }
}

async function signIn(page, username, password) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('account').waitFor();
}

async function signOut(page) {
  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  await page.getByRole('heading', { level: 1, name: /Sign in/ }).waitFor();
}

async function h1(page) {
  return (await page.locator('main h1').first().innerText()).trim();
}

// ---------- tests ----------

test('sign-in page has a title, header, phase banner, skip link and footer', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assertEqual(await page.title(), 'Sign in – Public Value Framework', 'page title');
  assert(await page.locator('.govuk-service-navigation__service-name', { hasText: 'Public Value Framework' }).isVisible(), 'service name in header');
  assert((await page.locator('.govuk-phase-banner .govuk-tag').innerText()).trim().toLowerCase() === 'alpha', 'alpha phase banner');
  assertEqual(await page.locator('a.govuk-skip-link').getAttribute('href'), '#main-content', 'skip link target');
  assert(await page.locator('footer.govuk-footer').isVisible(), 'footer');
  await shot(page, 'sign-in', { doc: true, fullPage: false });
  // keyboard: first Tab reaches the skip link
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement?.classList.contains('govuk-skip-link')), 'first tab stop is the skip link');
  await page.context().close();
});

test('a wrong password shows the GOV.UK error summary', async () => {
  const page = await newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill('bodylead');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert((await summary.innerText()).includes('There is a problem'), 'error summary title');
  assert(/not correct|invalid|incorrect/i.test(await summary.innerText()), 'error summary explains the failure');
  assert((await page.title()).startsWith('Error: '), `title marks the error: ${await page.title()}`);
  assert(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), 'focus moves to the error summary');
  await shot(page, 'sign-in-error', { fullPage: false });
  await page.context().close();
});

test('body lead rates the unrated areas of the 2025-26 draft and submits it', async () => {
  const page = await newPage();
  await signIn(page, 'bodylead', 'bodylead-demo');
  const account = await page.getByTestId('account').innerText();
  assert(/Body lead/.test(account), `header shows role: ${account}`);
  assert(/Sign out/.test(account), 'header has sign out');
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  await shot(page, 'dashboard-body-lead');

  // The dashboard lists the draft needing attention.
  const link = page.locator('main table a', { hasText: 'Leeds' }).filter({ hasText: '2025-26' }).first();
  await link.waitFor();
  await link.click();
  await page.waitForURL(/\/assessments\/\d+$/);
  state.assessmentId = Number(/\/assessments\/(\d+)$/.exec(page.url())[1]);
  await page.getByTestId('area-task-list').waitFor();
  assert((await h1(page)).includes('Leeds') && (await h1(page)).includes('2025-26'), `assessment heading: ${await h1(page)}`);
  assert((await page.locator('main .govuk-tag').first().innerText()).includes('Draft'), 'status tag says Draft');

  const unrated = await page.locator('[data-testid=area-task-list] li[data-rated=no]').evaluateAll((els) => els.map((e) => e.dataset.area));
  assert(unrated.length > 0, 'the demo draft has unrated areas');
  const known = ['workforce_capacity', 'reviewing_data_and_impact'];
  if (unrated.length !== 2 || !known.every((k) => unrated.includes(k)))
    console.log(`    note: unrated areas are ${unrated.join(', ')} (expected ${known.join(', ')})`);
  const total = await page.locator('[data-testid=area-task-list] li').count();

  // Submitting too early: the server refuses and the summary links to each unrated area.
  await page.getByRole('button', { name: 'Submit for agreement' }).click();
  const early = page.locator('.govuk-error-summary');
  await early.waitFor();
  const links = await early.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const area of unrated)
    assert(links.some((h) => h && h.endsWith(`/areas/${area}`)), `error summary links to ${area}: ${links.join(', ')}`);
  await shot(page, 'submit-too-early');

  for (const [i, area] of unrated.entries()) {
    await page.goto(`${base}/assessments/${state.assessmentId}/areas/${area}`);
    await page.getByTestId('rating-form').waitFor();
    assert((await page.locator('[data-testid=questions] li').count()) >= 1, 'guiding questions shown');
    const radios = page.locator('input[name=level]');
    assert((await radios.count()) === 4, `four level options (got ${await radios.count()})`);
    assert((await page.locator('.govuk-radios__hint').first().innerText()).length > 5, 'descriptor text shown with levels');
    await page.locator('input[name=level][value="3"]').check();
    await page.getByLabel('Rationale').fill(`E2E rationale for ${area}: plans are in place and monitored quarterly.`);
    await page.locator('input[name=confidence][value="medium"]').check();
    if (i === 0) {
      await page.getByRole('button', { name: 'Add evidence' }).click();
      await page.locator('#evidence-0-url').fill('https://example.org/workforce-plan');
      await page.locator('#evidence-0-note').fill('Workforce plan 2025');
      await page.getByRole('button', { name: 'Add evidence' }).click();
      await page.locator('#evidence-1-url').fill('https://example.org/other');
      await page.getByRole('button', { name: /Remove.*evidence 2/ }).click();
      assertEqual(await page.getByTestId('evidence-item').count(), 1, 'evidence rows after remove');
    }
    await page.getByTestId('save-rating').click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('Rating saved'), 'success message');
    state.rated.push(area);
    if (i === 0) {
      // Comment and action on this area.
      await page.getByLabel('Add a comment').fill('We have a new workforce plan; evidence attached.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.getByTestId('comment').first().waitFor();
      assert((await page.getByTestId('comment').first().innerText()).includes('Body lead'), 'comment shows the author role');
      await page.getByText('Add an action').click();
      await page.getByLabel('What needs to be done').fill('Publish workforce plan');
      await page.getByLabel('Owner').fill('HR director');
      await page.getByLabel('Due date (optional)').fill('2026-03-31');
      await page.getByRole('button', { name: 'Add action' }).click();
      await page.getByTestId('actions-table').waitFor();
      assert((await page.getByTestId('actions-table').innerText()).includes('Publish workforce plan'), 'action listed');
      await page.locator('[data-testid=actions-table] select').selectOption('in_progress');
      await page.getByRole('button', { name: /Update/ }).click();
      await page.getByText(/is now in progress/).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'assessment-form', { doc: true, maxHeight: 1700 });
    }
  }
  // Side task list now shows every area rated.
  assertEqual(await page.locator('.pvf-side-tasks li[data-rated=no]').count(), 0, 'unrated areas after rating');
  assertEqual(await page.locator('.pvf-side-tasks li[data-rated=yes]').count(), total, 'rated areas after rating');

  await page.goto(`${base}/assessments/${state.assessmentId}`);
  await page.getByTestId('progress').waitFor();
  assert((await page.getByTestId('progress').innerText()).startsWith(`${total} of ${total}`), 'progress shows all rated');
  await shot(page, 'assessment-overview', { doc: true });
  await page.getByRole('button', { name: 'Submit for agreement' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert((await page.locator('main .govuk-tag').first().innerText()).includes('Submitted'), 'status is Submitted');
  assertEqual(await page.getByRole('button', { name: 'Submit for agreement' }).count(), 0, 'submit button gone');
  assert((await page.getByTestId('history').innerText()).includes('bodylead'), 'history shows who submitted');
  await signOut(page);
  await page.context().close();
});

test('treasury analyst agrees the submitted assessment', async () => {
  assert(state.assessmentId, 'needs the assessment from the previous test');
  const page = await newPage();
  await signIn(page, 'treasury', 'treasury-demo');
  assert(/Treasury analyst/.test(await page.getByTestId('account').innerText()), 'role in header');
  const waiting = page.locator('main table a', { hasText: 'Leeds' }).filter({ hasText: '2025-26' });
  await waiting.first().waitFor();
  await shot(page, 'dashboard-treasury');
  await waiting.first().click();
  await page.waitForURL(new RegExp(`/assessments/${state.assessmentId}$`));
  await page.getByRole('button', { name: 'Agree assessment' }).waitFor();
  // Returning needs a note: the client asks for one.
  await page.getByRole('button', { name: 'Return for changes' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert((await page.locator('.govuk-error-summary').innerText()).includes('Enter a note'), 'return needs a note');
  await page.getByLabel('Note').fill('Agreed after review of the workforce evidence.');
  await page.getByRole('button', { name: 'Agree assessment' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert((await page.locator('main .govuk-tag').first().innerText()).includes('Agreed'), 'status is Agreed');
  const hist = await page.getByTestId('history').innerText();
  assert(hist.includes('treasury') && hist.includes('Agreed after review'), 'history records the agreement and note');
  await page.context().close();
});

test('scorecard shows heatmap, pillar scores, change, history chart and table views', async () => {
  const page = await newPage();
  await signIn(page, 'treasury', 'treasury-demo');
  await page.goto(`${base}/assessments/${state.assessmentId}/scorecard`);
  await page.getByTestId('scorecard-heatmap').waitFor();
  assert((await page.title()).startsWith('Scorecard: Leeds'), `title: ${await page.title()}`);
  const tiles = await page.locator('.pvf-heatmap__tile').count();
  const pillars = await page.getByTestId('pillar-score').count();
  assert(pillars >= 1, 'pillar scores shown');
  assert(tiles >= pillars, 'heatmap tiles shown');
  const overall = await page.getByTestId('overall-score').innerText();
  assert(/\d\.\d\d/.test(overall), `overall score shown: ${overall}`);
  const hasPrevious = (await page.locator('main').innerText()).includes('Compared with');
  if (hasPrevious) assert(/since \d{4}-\d{2}|No change since/.test(overall), `change since previous period: ${overall}`);
  // Tiles carry level number and label (not colour alone)
  const firstTile = await page.locator('.pvf-heatmap__tile').first().innerText();
  assert(/\d/.test(firstTile), `tile shows the level number: ${firstTile}`);
  // Heatmap table view: one row per area
  const heat = page.locator('#heatmap');
  await heat.getByRole('button', { name: 'Show as table' }).click();
  assertEqual(await heat.locator('table tbody tr').count(), tiles, 'heatmap table rows');
  await heat.getByRole('button', { name: 'Show as chart' }).click();
  await page.getByTestId('scorecard-heatmap').waitFor();
  // Pillar score table: pillars + overall
  assertEqual(await page.locator('#pillar-scores tbody tr').count(), pillars + 1, 'pillar score table rows');
  // History chart and its table
  const hist = page.locator('#history');
  await hist.locator('svg').first().waitFor();
  await hist.getByRole('button', { name: 'Show as table' }).click();
  const periods = await hist.locator('table tbody tr').count();
  assert(periods >= 1, 'history table has a row per period');
  await hist.getByRole('button', { name: 'Show as chart' }).click();
  await hist.locator('svg').first().waitFor();
  // Downloads
  const csvHref = await page.getByTestId('download-csv').getAttribute('href');
  const csv = await page.request.get(`${base}${csvHref}`);
  assertEqual(csv.status(), 200, 'CSV download status');
  assert((csv.headers()['content-type'] || '').startsWith('text/csv'), `CSV content type: ${csv.headers()['content-type']}`);
  const xlsxHref = await page.getByTestId('download-xlsx').getAttribute('href');
  const xlsx = await page.request.get(`${base}${xlsxHref}`);
  assertEqual(xlsx.status(), 200, 'XLSX download status');
  const body = await xlsx.body();
  assert(body[0] === 0x50 && body[1] === 0x4b, 'XLSX is a zip file');
  await shot(page, 'scorecard', { doc: true });
  await page.context().close();
});

test('comparison page shows bodies × areas heatmap, sortable scores and downloads', async () => {
  const page = await newPage();
  await signIn(page, 'treasury', 'treasury-demo');
  await page.goto(`${base}/scorecards`);
  await page.getByTestId('comparison-heatmap').waitFor();
  const url = new URL(page.url());
  assert(url.searchParams.get('framework') && url.searchParams.get('period'), `defaults chosen: ${page.url()}`);
  await page.goto(`${base}/scorecards?framework=${url.searchParams.get('framework')}&period=2025-26`);
  await page.getByTestId('comparison-heatmap').waitFor();
  const rows = await page.locator('[data-testid=comparison-heatmap] tbody tr').count();
  assert(rows >= 1, 'one row per body');
  assert((await page.locator('[data-testid=comparison-heatmap] tbody').innerText()).includes('Leeds'), 'Leeds is in the comparison');
  // Sort the scores table by overall (descending first for numbers), then check order
  const scores = page.locator('#comparison-scores');
  await scores.locator('button[data-column=overall]').click();
  assertEqual(await scores.locator('th[aria-sort=descending]').count(), 1, 'sorted column marked aria-sort');
  const vals = await scores.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.textContent.trim()).filter((t) => t !== '').map(Number));
  for (let i = 1; i < vals.length; i++) assert(vals[i - 1] >= vals[i], `overall sorted descending: ${vals.join(', ')}`);
  // Heatmap table toggle
  const section = page.locator('#comparison-heatmap-section');
  await section.getByRole('button', { name: 'Show as table' }).click();
  assertEqual(await section.locator('table tbody tr').count(), rows, 'table view rows = bodies');
  await section.getByRole('button', { name: 'Show as chart' }).click();
  const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = await page.request.get(`${base}${csvHref}`);
  assertEqual(csv.status(), 200, 'comparison CSV status');
  assert((await csv.text()).split('\n')[0].startsWith('body'), 'comparison CSV header');
  await shot(page, 'comparison', { doc: true });
  await page.context().close();
});

test('viewer sees no edit controls', async () => {
  const page = await newPage();
  await signIn(page, 'viewer', 'viewer-demo');
  assert(/Viewer/.test(await page.getByTestId('account').innerText()), 'role in header');
  await page.goto(`${base}/bodies`);
  await page.locator('main table').waitFor();
  assertEqual(await page.getByRole('link', { name: 'Add a body' }).count(), 0, 'no Add a body');
  assertEqual(await page.getByRole('link', { name: /Import bodies/ }).count(), 0, 'no import');
  await page.goto(`${base}/assessments`);
  await page.getByTestId('assessments-table').waitFor();
  assertEqual(await page.getByRole('link', { name: 'Start an assessment' }).count(), 0, 'no start assessment');
  // A draft if there is one (where others could edit), else any: no transition buttons, no
  // rating form, no comment form.
  await page.goto(`${base}/assessments?status=draft`);
  await page.locator('main h1').waitFor();
  await page.waitForSelector('[data-testid=assessments-table], main p:has-text("No assessments match")');
  if ((await page.getByTestId('assessments-table').count()) === 0) {
    await page.goto(`${base}/assessments`);
    await page.getByTestId('assessments-table').waitFor();
  }
  const first = page.locator('[data-testid=assessments-table] tbody tr a').first();
  await first.click();
  await page.getByTestId('area-task-list').waitFor();
  assertEqual(await page.locator('button[data-transition]').count(), 0, 'no workflow buttons');
  await page.locator('[data-testid=area-task-list] a').first().click();
  await page.getByRole('heading', { name: 'Comments' }).waitFor();
  assertEqual(await page.getByTestId('rating-form').count(), 0, 'no rating form');
  assertEqual(await page.locator('input[name=level]').count(), 0, 'no level radios');
  assertEqual(await page.getByLabel('Add a comment').count(), 0, 'no comment box');
  assertEqual(await page.getByText('Add an action').count(), 0, 'no add action');
  await page.getByTestId('rating-view').waitFor();
  await shot(page, 'viewer-area');
  await page.context().close();
});

test('treasury analyst adds a body and sees import errors listed', async () => {
  const page = await newPage();
  await signIn(page, 'treasury', 'treasury-demo');
  await page.goto(`${base}/bodies/new`);
  await page.getByRole('button', { name: 'Add body' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert((await page.locator('.govuk-error-summary').innerText()).includes('Enter the name'), 'client-side validation');
  const code = `E2E${Date.now() % 100000}`;
  await page.getByLabel('Name').fill('E2E Test Council');
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Type').selectOption('council');
  await page.getByLabel('Region (optional)').fill('London');
  await page.getByRole('button', { name: 'Add body' }).click();
  await page.waitForURL(/\/bodies\/\d+$/);
  assertEqual(await h1(page), 'E2E Test Council', 'body page heading');
  await page.goto(`${base}/bodies?q=${code}`);
  await page.locator('main table').waitFor();
  assertEqual(await page.locator('main table tbody tr').count(), 1, 'search finds the new body');
  // CSV import with a bad row
  await page.goto(`${base}/bodies/import`);
  const csvFile = path.join(os.tmpdir(), `pvf-e2e-${process.pid}-bad.csv`);
  fs.writeFileSync(csvFile, 'name,code,type,region,parent_code\nGood Council,E2EGOOD1,council,North East,\nBad Body,E2EBAD1,spaceship,Nowhere,\n');
  await page.locator('#csv-file').setInputFiles(csvFile);
  await page.getByRole('button', { name: 'Import bodies' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  const text = await page.locator('.govuk-error-summary').innerText();
  assert(/spaceship|type/i.test(text), `import error lists the bad row: ${text}`);
  await shot(page, 'body-import-error');
  fs.rmSync(csvFile, { force: true });
  const goodFile = path.join(os.tmpdir(), `pvf-e2e-${process.pid}-good.csv`);
  fs.writeFileSync(goodFile, 'name,code,type,region,parent_code\nGood Council,E2EGOOD1,council,North East,\n');
  await page.locator('#csv-file').setInputFiles(goodFile);
  await page.getByRole('button', { name: 'Import bodies' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
  assert(/1 body created/.test(await page.locator('.govuk-notification-banner--success').innerText()), 'import result shown');
  fs.rmSync(goodFile, { force: true });
  await page.context().close();
});

test('route changes move focus to main content and set the title', async () => {
  const page = await newPage();
  await signIn(page, 'treasury', 'treasury-demo');
  await page.getByRole('link', { name: 'Bodies', exact: true }).click();
  await page.waitForURL(/\/bodies$/);
  await page.getByRole('heading', { level: 1, name: 'Public bodies' }).waitFor();
  assertEqual(await page.title(), 'Public bodies – Public Value Framework', 'title after navigation');
  assert(await page.evaluate(() => document.activeElement?.id === 'main-content'), 'focus on main after navigation');
  await page.goto(`${base}/no-such-page`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await page.context().close();
});

test('no JavaScript errors in any page', async () => {
  assert(state.pageErrors.length === 0, `errors:\n  ${state.pageErrors.join('\n  ')}`);
});

// ---------- main ----------
async function main() {
  if (!fs.existsSync(PVF_BIN)) {
    console.error(`pvf binary not found at ${PVF_BIN} (build it, or set PVF_BIN)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    console.error(`${WEB_DIR}/index.html not found: run "npm run build" in web/ first`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (f.startsWith('failure-')) fs.rmSync(path.join(SHOTS, f));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pvf-e2e-'));
  const db = path.join(tmp, 'e2e.db');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const serverLog = path.join(tmp, 'server.log');
  const logFd = fs.openSync(serverLog, 'w');
  const child = spawn(PVF_BIN, ['serve', '--demo', '--db', db, '--port', String(port), '--web', WEB_DIR], {
    cwd: root,
    stdio: ['ignore', logFd, logFd],
  });
  let passed = 0;
  let failed = 0;
  const cleanup = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('exit', cleanup);
  try {
    const health = await waitForHealth(base, child);
    console.log(`server ${PVF_BIN} up at ${base} (version ${health.version})`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const t of tests) {
      if (FILTER && !t.name.includes(FILTER)) continue;
      const started = Date.now();
      state.apiFailures = [];
      try {
        await t.fn();
        passed++;
        console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${t.name}\n      ${(e && e.stack && !(e instanceof AssertionError) ? e.stack : e.message).split('\n').join('\n      ')}`);
        if (state.apiFailures.length) console.log(`      API errors during the test:\n        ${state.apiFailures.join('\n        ')}`);
        try {
          for (const ctx of browser.contexts()) {
            for (const p of ctx.pages()) await shot(p, `failure-${tests.indexOf(t)}`).catch(() => {});
            await ctx.close();
          }
        } catch {
          // ignore
        }
      }
    }
  } catch (e) {
    failed++;
    console.log(`  ✗ setup: ${e.message}`);
    console.log(fs.readFileSync(serverLog, 'utf8').split('\n').slice(-30).join('\n'));
  } finally {
    if (browser) await browser.close().catch(() => {});
    cleanup();
    await new Promise((r) => {
      if (child.exitCode !== null) return r();
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    if (failed) console.log(`server log: ${serverLog}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
