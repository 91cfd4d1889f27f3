// End-to-end tests of the record linkage pages (issue 5), registered with run.mjs's harness.
//
// `pvf serve --demo` seeds a data-sharing agreement between adult social care and the housing
// register (members admin, bodylead and viewer; treasury is not one), its two datasets from
// data/demo/linkage/ and one stored run linking them. data/demo/linkage/truth.csv says who each
// record really is: the clerical review labels pairs by it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEMO_AGREEMENT = 'Supporting Families: adult social care and housing (illustrative)';
const MINUS = '\u2212';

/** A number as the pages show it ("1,303", "−10.66", "0.0006") back to a number. */
export function pageNumber(text) {
  return Number(String(text).trim().replaceAll(MINUS, '-').replaceAll(',', ''));
}

/** A match weight as the pages show it: 2 dp with a true minus sign, no "−0.00". */
export function weightText(w) {
  const s = w.toFixed(2);
  return /^-0\.00$/.test(s) ? s.slice(1) : s.replace('-', MINUS);
}

const count = (n) => n.toLocaleString('en-GB');

/** unique_id -> person, from data/demo/linkage/truth.csv. */
function readTruth(root) {
  const lines = fs.readFileSync(path.join(root, 'data', 'demo', 'linkage', 'truth.csv'), 'utf8').trim().split(/\r?\n/);
  const [header, ...rows] = lines;
  const cols = header.split(',');
  const id = cols.indexOf('unique_id');
  const person = cols.indexOf('person');
  return new Map(rows.map((l) => l.split(',')).map((c) => [c[id], c[person]]));
}

/** A summary list (`dl`) as { key: value }. */
async function summaryList(locator) {
  return locator.locator('.govuk-summary-list__row').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('dt').textContent.trim(), r.querySelector('dd').textContent.replace(/\s+/g, ' ').trim()])),
  );
}

/** A table's column headings, without the sort indicators. */
async function headings(table) {
  return (await table.locator('thead th').allInnerTexts()).map((t) => t.replace(/[⇅▲▼]/g, '').trim());
}

export function linkageTests(h) {
  const { test, assert, assertEqual, newPage, shot, signIn, apiGet, tableRows, checkPageBasics } = h;
  const url = (p) => `${h.base}${p}`;

  /** The demo agreement and its stored run, as the signed-in member sees them. */
  async function demo(page) {
    const agreements = (await apiGet(page, '/sharing-agreements')).items;
    const agreement = agreements.find((a) => a.title === DEMO_AGREEMENT);
    assert(agreement, `the demo agreement is listed: ${agreements.map((a) => a.title).join(', ')}`);
    const runs = (await apiGet(page, `/linkage-runs?agreement=${agreement.id}`)).items;
    const stored = runs.find((r) => r.link_type === 'link_only');
    assert(stored, 'the demo agreement has its stored run');
    return { agreement, runId: stored.id };
  }

  /** Every stored pair of a run, page by page. */
  async function allPairs(page, runId) {
    const out = [];
    let cursor = null;
    do {
      const r = await apiGet(page, `/linkage-runs/${runId}/pairs?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      out.push(...r.items);
      cursor = r.next_cursor;
    } while (cursor);
    return out;
  }

  /** A POST with the page's session and CSRF token. */
  async function apiPost(page, apiPath, body) {
    const { csrf_token: token } = await apiGet(page, '/session');
    return page.request.post(`${h.base}/api/v1${apiPath}`, { data: body, headers: { 'X-CSRF-Token': token } });
  }

  test('record linkage: a body lead opens the demo agreement: terms, members, datasets and the stored run', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Record linkage' }).click();
    await page.waitForURL(/\/linkage$/);
    await page.getByRole('heading', { level: 1, name: 'Record linkage' }).waitFor();
    await page.locator('#agreements tbody tr').first().waitFor();
    await checkPageBasics(page, 'Record linkage');
    const { agreement, runId } = await demo(page);
    const row = (await tableRows(page.locator('#agreements'))).find((r) => r[0] === DEMO_AGREEMENT);
    assert(row, 'the demo agreement is in the table');
    assertEqual(row[5], 'Yes', 'the body lead is a member');
    assertEqual(row[3], '2', 'two datasets');
    assert(Number(row[4]) >= 1, `at least one run: ${row.join(' | ')}`);

    await page.locator('#agreements').getByRole('link', { name: DEMO_AGREEMENT }).click();
    await page.waitForURL(new RegExp(`/linkage/agreements/${agreement.id}$`));
    await page.getByRole('heading', { level: 1, name: DEMO_AGREEMENT }).waitFor();
    const terms = await summaryList(page.getByTestId('terms'));
    assertEqual(terms['Purpose'], agreement.purpose, 'the purpose');
    assertEqual(terms['Lawful basis'], agreement.lawful_basis, 'the lawful basis');
    for (const p of agreement.parties) assert(terms['Parties'].includes(p), `party ${p}: ${terms['Parties']}`);
    assert(terms['Fields that may be shared'].includes('date_of_birth'), `fields: ${terms['Fields that may be shared']}`);
    assertEqual(terms['Retain until'], '31 March 2029', 'retained until');
    const members = await tableRows(page.locator('#members-table'));
    assertEqual(members.map((m) => m[1]).sort().join(','), 'admin,bodylead,viewer', 'the members by user name');
    assert(members.some((m) => m[1] === 'viewer' && m[2] === 'Viewer'), `roles shown: ${members.map((m) => m.join(' | ')).join(' / ')}`);

    await page.locator('#datasets tbody tr').first().waitFor();
    const datasets = await tableRows(page.locator('#datasets'));
    const rowsOf = (name) => datasets.find((d) => d[0] === name)?.[2];
    assertEqual(rowsOf('council_social_care.csv'), '1,303', 'council records');
    assertEqual(rowsOf('housing_register.csv'), '1,097', 'housing records');
    assert(datasets.every((d) => d[4] === 'unique_id'), 'both datasets use unique_id');

    await page.locator('#runs tbody tr').first().waitFor();
    const run = await apiGet(page, `/linkage-runs/${runId}`);
    const runs = await tableRows(page.locator('#runs'));
    const runRow = runs.find((r) => r[0] === run.title);
    assert(runRow, `the stored run is listed: ${runs.map((r) => r[0]).join(', ')}`);
    assertEqual(runRow[1], 'Linking two datasets', 'the kind of run');
    assertEqual(runRow[2], '2,400', 'records');
    assertEqual(runRow[3], count(run.predicted_pairs), 'predicted pairs');
    assert(await page.getByTestId('upload-form').isVisible(), 'a member may upload');
    assert(await page.getByTestId('start-run-form').isVisible(), 'a member may start a run');
    await checkPageBasics(page, DEMO_AGREEMENT);
    await shot(page, 'linkage-agreement', { maxHeight: 2400 });
    await page.locator('#runs').getByRole('link', { name: run.title }).click();
    await page.waitForURL(new RegExp(`/linkage/runs/${runId}$`));
    await page.getByRole('heading', { level: 1, name: run.title }).waitFor();
    await page.context().close();
  });

  test('record linkage: the run’s summary, model and match-weight distribution', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    const { runId } = await demo(page);
    const run = await apiGet(page, `/linkage-runs/${runId}`);
    await page.goto(url(`/linkage/runs/${runId}`));
    await page.getByTestId('run-facts').waitFor();
    const facts = await summaryList(page.getByTestId('run-facts'));
    assertEqual(facts['Records'], '2,400', 'records');
    const predicted = pageNumber(facts['Predicted pairs']);
    assert(predicted >= 800 && predicted <= 880, `predicted pairs between 800 and 880: ${facts['Predicted pairs']}`);
    assertEqual(predicted, run.predicted_pairs, 'predicted pairs as stored');
    assertEqual(facts['Candidate pairs'], count(run.candidate_pairs), 'candidate pairs');
    assertEqual(facts['Clusters'], count(run.clusters), 'clusters');
    assert(run.clusters > 1000 && run.clusters < 2400, `clusters between the larger dataset and all records: ${run.clusters}`);
    assert(facts['Datasets'].includes('council_social_care.csv') && facts['Datasets'].includes('1,303 records'), `datasets: ${facts['Datasets']}`);
    assert(facts['Datasets'].includes('housing_register.csv') && facts['Datasets'].includes('1,097 records'), `datasets: ${facts['Datasets']}`);
    assertEqual(facts['Threshold'], `Match probability ${run.threshold_match_probability.toFixed(4)}, match weight ${weightText(run.threshold_match_weight)}`, 'threshold');
    assertEqual(facts['Settings'], 'Proposed from the data', 'settings proposed');
    // The blocking rules: the candidate pairs they find, out of every pair the data could make.
    const blocking = await page.locator('section[aria-labelledby=blocking-title]').innerText();
    assert(blocking.includes(`${count(run.candidate_pairs)} candidate pairs`), `the candidate pairs in the blocking text: ${blocking.slice(0, 300)}`);
    assertEqual(await page.locator('#blocking tbody tr').count(), run.summary.blocking_rules.length, 'a row per blocking rule');
    // The distribution: bars, the threshold's dashed rule, and the table view.
    const hist = page.locator('#histogram');
    await hist.locator('svg').first().waitFor();
    assert((await hist.locator('svg g[aria-label="rect"] rect').count()) === run.histogram.length, 'a bar per bin');
    assertEqual(await hist.locator('svg g[aria-label="rule"][stroke-dasharray]').count(), 1, 'the threshold is a dashed rule');
    const histSvg = hist.locator('figure svg, [role=img] svg').first();
    assert((await histSvg.textContent()).includes(`Threshold ${weightText(run.threshold_match_weight)}`), `the rule is labelled: ${(await histSvg.textContent()).slice(0, 200)}`);
    const description = await hist.locator('.pvf-chart__description').innerText();
    assert(description.includes(`all ${count(run.candidate_pairs)} candidate pairs`), `the description counts the pairs: ${description}`);
    assert(description.includes(`${count(run.predicted_pairs)} pairs fall in those bins`), `pairs at or above the threshold: ${description}`);
    await checkPageBasics(page, run.title);
    await shot(page, 'linkage-run-summary', { doc: true, maxHeight: 2600 });
    await hist.getByRole('button', { name: 'Show as table' }).click();
    const bins = await tableRows(hist.locator('table'));
    assertEqual(bins.length, run.histogram.length, 'a row per bin');
    // The server folds every weight below −39 into its lowest bin ({from: −40, to: −39}): shown as open.
    if (run.histogram[0].from === -40) assertEqual(bins[0][0], `below ${MINUS}39`, 'the lowest bin is open below');
    assertEqual(bins.reduce((s, b) => s + pageNumber(b[3]), 0), run.candidate_pairs, 'the bins hold every candidate pair');
    assertEqual(bins.filter((b) => b[4] === 'At or above').reduce((s, b) => s + pageNumber(b[3]), 0), run.predicted_pairs, 'the bins at or above the threshold hold the predicted pairs');
    await hist.getByRole('button', { name: 'Show as chart' }).click();
    await hist.locator('svg').first().waitFor();

    // The model.
    await page.getByRole('navigation', { name: 'Sections of this run' }).getByRole('link', { name: 'Model' }).click();
    await page.waitForURL(new RegExp(`/linkage/runs/${runId}/model$`));
    await page.getByTestId('prior').waitFor();
    const prior = await summaryList(page.getByTestId('prior'));
    assertEqual(prior['Prior match weight'], weightText(run.model.prior_match_weight), 'the prior');
    assert(run.model.comparisons.length >= 4, 'several comparisons');
    for (const c of run.model.comparisons) {
      const table = page.locator(`#levels-${c.column}`);
      const cols = await headings(table);
      for (const want of ['Level', 'm', 'u', 'Match weight']) assert(cols.includes(want), `${c.column} levels table has ${want}: ${cols.join(' | ')}`);
      const rows = await tableRows(table);
      assertEqual(rows.length, c.levels.length, `a row per level of ${c.column}`);
      const [iLevel, iM, iU, iW] = ['Level', 'm', 'u', 'Match weight'].map((k) => cols.indexOf(k));
      for (const [i, l] of c.levels.entries()) {
        const r = rows[i];
        assertEqual(r[iLevel], l.label, `${c.column} level ${i} label`);
        assertEqual(r[iW], weightText(l.match_weight), `${c.column} ${l.label} match weight`);
        assert(Math.abs(pageNumber(r[iM]) - l.m) <= 5e-5 + l.m * 0.05, `${c.column} ${l.label} m ${r[iM]} vs ${l.m}`);
        assert(Math.abs(pageNumber(r[iU]) - l.u) <= 5e-5 + l.u * 0.05, `${c.column} ${l.label} u ${r[iU]} vs ${l.u}`);
      }
    }
    const weights = page.locator('#match-weights');
    await weights.locator('svg').first().waitFor();
    assertEqual(await weights.locator('figure, [role=img]').count(), run.model.comparisons.length + 1, 'a match-weights chart for the prior and each comparison');
    const dob = run.model.comparisons.find((c) => c.column === 'date_of_birth');
    if (dob) {
      const label = await weights.locator('[role=img][aria-label^="Match weights of date_of_birth"]').getAttribute('aria-label');
      assert(label.includes(`exact ${dob.levels[0].match_weight >= 0 ? '+' : MINUS}${Math.abs(dob.levels[0].match_weight).toFixed(2)}`), `the chart's text alternative gives the weights: ${label}`);
    }
    await page.locator('#m-u svg').first().waitFor();
    await checkPageBasics(page, `Model – ${run.title}`);
    await shot(page, 'linkage-model', { doc: true, maxHeight: 3000 });
    await weights.getByRole('button', { name: 'Show as table' }).click();
    const levels = run.model.comparisons.reduce((s, c) => s + c.levels.length, 0);
    assertEqual(await weights.locator('table tbody tr').count(), levels + 1, 'the match weights table: the prior and every level');
    await page.context().close();
  });

  test('record linkage: pairs filtered by match weight, and one explained with its waterfall', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    const { runId } = await demo(page);
    const run = await apiGet(page, `/linkage-runs/${runId}`);
    await page.goto(url(`/linkage/runs/${runId}/pairs`));
    await page.locator('#pairs tbody tr').first().waitFor();
    const first = await apiGet(page, `/linkage-runs/${runId}/pairs?limit=50`);
    const rows = await tableRows(page.locator('#pairs'));
    assertEqual(rows.length, 50, 'the first page has 50 pairs');
    for (const [i, p] of first.items.entries()) assertEqual(rows[i][1], weightText(p.match_weight), `pair ${i + 1}'s weight`);
    for (let i = 1; i < rows.length; i++) assert(pageNumber(rows[i - 1][1]) >= pageNumber(rows[i][1]), 'highest weight first');
    assert(rows[0][0].includes('council_social_care.csv, row') && rows[0][0].includes('housing_register.csv, row'), `records by dataset and row: ${rows[0][0]}`);
    assert(await page.getByTestId('show-more').isVisible(), 'more pairs to show');

    // Weights from 5 to 10.
    await page.getByRole('textbox', { name: 'Lowest match weight' }).fill('5');
    await page.getByRole('textbox', { name: 'Highest match weight' }).fill('10');
    await page.getByRole('button', { name: 'Show pairs' }).click();
    await page.waitForURL(/min_weight=5&max_weight=10/);
    const inRange = await apiGet(page, `/linkage-runs/${runId}/pairs?min_weight=5&max_weight=10&limit=50`);
    assert(inRange.items.length > 0, 'the demo run has pairs weighing 5 to 10');
    await page.locator('#pairs caption', { hasText: `${inRange.items.length} pair` }).waitFor();
    const filtered = await tableRows(page.locator('#pairs'));
    assertEqual(filtered.length, inRange.items.length, 'the pairs in range');
    for (const r of filtered) assert(pageNumber(r[1]) >= 5 && pageNumber(r[1]) <= 10, `weight in range: ${r[1]}`);
    assertEqual(await page.getByTestId('pairs-csv').getAttribute('href'), `/api/v1/linkage-runs/${runId}/pairs?min_weight=5&max_weight=10&format=csv`, 'the CSV keeps the filter');
    await checkPageBasics(page, `Pairs – ${run.title}`);

    // The first of them explained.
    const pair = inRange.items[0];
    const shown = filtered[0][1];
    await page.locator('#pairs tbody tr').first().locator('a').first().click();
    await page.waitForURL(new RegExp(`/linkage/runs/${runId}/pairs/explain\\?left_dataset=${pair.left.dataset_id}&left_row=${pair.left.row}&right_dataset=${pair.right.dataset_id}&right_row=${pair.right.row}$`));
    await page.getByTestId('explanation').waitFor();
    assertEqual(await page.getByTestId('explanation-weight').innerText(), shown, 'the final match weight is the one in the list');
    const res = await apiPost(page, `/linkage-runs/${runId}/explain`, { left: pair.left, right: pair.right });
    assertEqual(res.status(), 200, 'explain');
    const e = await res.json();
    const records = await tableRows(page.locator('#records'));
    assertEqual(records[0].slice(0, 3).join('|'), `Unique id|${e.left.unique_id}|${e.right.unique_id}`, 'the unique ids side by side');
    for (const s of e.steps) {
      const r = records.find((x) => x[0] === s.column);
      assert(r, `a row for ${s.column}`);
      assertEqual(r[1], e.left.values[s.column] ?? '', `left ${s.column}`);
      assertEqual(r[2], e.right.values[s.column] ?? '', `right ${s.column}`);
    }
    const waterfall = page.locator('#waterfall');
    await waterfall.locator('svg').first().waitFor();
    await checkPageBasics(page, `Explain a pair – ${run.title}`);
    await shot(page, 'linkage-waterfall', { doc: true, maxHeight: 2400 });
    await waterfall.getByRole('button', { name: 'Show as table' }).click();
    const steps = await tableRows(waterfall.locator('table'));
    assertEqual(steps.length, e.steps.length + 2, 'the prior, a step per comparison and the final weight');
    assertEqual(steps[0][0], 'Prior', 'the prior first');
    assertEqual(steps[0][4], weightText(e.prior_weight), 'the prior weight');
    for (const [i, s] of e.steps.entries()) {
      assertEqual(steps[i + 1][0], s.column, `step ${i + 1}`);
      assert(steps[i + 1][1].startsWith(s.gamma === -1 ? 'missing in either record' : s.label), `step ${i + 1}'s level: ${steps[i + 1][1]}`);
    }
    const last = steps[steps.length - 1];
    assertEqual(last[0], 'Final match weight', 'the total last');
    assertEqual(last[5], shown, 'the waterfall ends at the pair’s weight');
    assertEqual(steps[steps.length - 2][5], shown, 'the last step ends at the pair’s weight');
    await page.context().close();
  });

  test('record linkage: the largest cluster and its records', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    const { runId } = await demo(page);
    const run = await apiGet(page, `/linkage-runs/${runId}`);
    const clusters = (await apiGet(page, `/linkage-runs/${runId}/clusters?limit=5`)).items;
    await page.goto(url(`/linkage/runs/${runId}/clusters`));
    await page.locator('#clusters tbody tr').first().waitFor();
    const rows = await tableRows(page.locator('#clusters'));
    const largest = clusters[0];
    assertEqual(rows[0][0], `Cluster ${largest.cluster}`, 'the largest cluster first');
    assertEqual(rows[0][1], String(largest.size), 'its size');
    const cols = await headings(page.locator('#clusters'));
    for (const d of run.datasets) assertEqual(rows[0][cols.indexOf(d.name)], String(largest.sources[String(d.id)] ?? 0), `its records from ${d.name}`);
    await checkPageBasics(page, `Clusters – ${run.title}`);
    await page.locator('#clusters').getByRole('link', { name: `Cluster ${largest.cluster}` }).click();
    await page.waitForURL(new RegExp(`/linkage/runs/${runId}/clusters/${largest.cluster}$`));
    await page.getByTestId('cluster-title').waitFor();
    assertEqual(await page.getByTestId('cluster-title').innerText(), `Cluster ${largest.cluster}: ${largest.size} records`, 'the cluster heading');
    const detail = await apiGet(page, `/linkage-runs/${runId}/clusters/${largest.cluster}`);
    const records = await tableRows(page.locator('#cluster-records'));
    assertEqual(records.length, largest.size, 'a row per record');
    assertEqual((await headings(page.locator('#cluster-records'))).slice(2).join(','), run.model.comparisons.map((c) => c.column).join(','), 'the fields in the order the run compares them');
    assertEqual(records.map((r) => r[1]).sort().join(','), detail.records.map((r) => r.unique_id).sort().join(','), 'the records’ unique ids');
    assert(await page.getByTestId('personal-data-note').isVisible(), 'the personal-data note');
    assertEqual(await page.locator('#cluster-pairs tbody tr').count(), detail.pairs.length, 'the pairs joining them');
    await checkPageBasics(page, `Cluster ${largest.cluster} – ${run.title}`);
    await shot(page, 'linkage-cluster', { maxHeight: 2000 });
    await page.context().close();
  });

  test('record linkage: clerical review by truth.csv gives a precision and recall estimate', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    const { runId } = await demo(page);
    const run = await apiGet(page, `/linkage-runs/${runId}`);
    const truth = readTruth(h.root);
    await page.goto(url(`/linkage/runs/${runId}/review`));
    await page.getByTestId('review-item').waitFor();
    assert((await page.getByTestId('quality-sentence').innerText()).startsWith(run.quality ? 'Estimated precision' : 'No pairs have been reviewed yet'), 'the quality before');
    const labels = [];
    for (let i = 0; i < 3; i++) {
      await page.locator('#review-item-title', { hasText: `Pair ${i + 1} of ` }).waitFor();
      const records = await tableRows(page.locator('#review-records'));
      assertEqual(records[0][0], 'Unique id', 'the unique ids first');
      assertEqual(records.slice(1).map((r) => r[0]).join(','), run.model.comparisons.map((c) => c.column).join(','), 'the fields in the order the run compares them');
      const [left, right] = [records[0][1], records[0][2]];
      assert(truth.has(left) && truth.has(right), `truth.csv knows ${left} and ${right}`);
      const same = truth.get(left) === truth.get(right);
      labels.push({ left, right, same });
      if (i === 0) await shot(page, 'linkage-review', { doc: true, maxHeight: 2000 });
      await page.getByTestId(same ? 'label-match' : 'label-non-match').click();
      await page.getByTestId('review-status').filter({ hasText: `Pair ${i + 1} labelled: ${same ? 'match' : 'not a match'}.` }).waitFor();
    }
    await page.locator('#review-item-title', { hasText: 'Pair 4 of ' }).waitFor();
    assert(await page.evaluate(() => document.activeElement?.id === 'review-item-title'), 'focus moves to the next pair');
    const sentence = page.getByTestId('quality-sentence');
    await sentence.filter({ hasText: /from \d+ labels/ }).waitFor();
    const after = await apiGet(page, `/linkage-runs/${runId}`);
    assert(after.quality && after.quality.labels >= 3, `the run has the labels: ${JSON.stringify(after.quality)}`);
    assert(after.quality.precision !== null && after.quality.recall !== null, 'precision and recall are estimated');
    const pct = (v) => `${(v * 100).toFixed(1)}%`;
    assertEqual(
      await sentence.innerText(),
      `Estimated precision ${pct(after.quality.precision)} and recall ${pct(after.quality.recall)}, from ${after.quality.labels} labels in ${after.quality.bins_reviewed} match-weight ${after.quality.bins_reviewed === 1 ? 'bin' : 'bins'}.`,
      'the estimate shown is the server’s',
    );
    assert((await page.getByTestId('quality-estimated-precision').innerText()).startsWith(pct(after.quality.precision)), 'precision in the panel');
    assert((await page.getByTestId('quality-estimated-recall').innerText()).startsWith(pct(after.quality.recall)), 'recall in the panel');
    // The labels are stored as truth.csv says, and the pairs list shows them.
    const pairs = (await allPairs(page, runId)).filter((p) => p.review);
    assertEqual(pairs.length, labels.length, 'three pairs labelled');
    assertEqual(pairs.filter((p) => p.review === 'match').length, labels.filter((l) => l.same).length, 'the matches as truth.csv says');
    await checkPageBasics(page, `Clerical review – ${run.title}`);
    await page.context().close();
  });

  test('record linkage: a body lead uploads a bad CSV, then a good one, and deduplicates it with proposed settings', async () => {
    const page = await newPage();
    await signIn(page, 'bodylead', 'bodylead-demo');
    const { agreement } = await demo(page);
    await page.goto(url(`/linkage/agreements/${agreement.id}`));
    await page.getByTestId('upload-form').waitFor();
    const upload = async (file, party) => {
      await page.locator('#dataset-file').setInputFiles(file);
      await page.getByLabel('Name', { exact: true }).fill(path.basename(file, '.csv'));
      await page.getByLabel('Party', { exact: true }).selectOption(party);
      await page.getByRole('button', { name: 'Upload dataset' }).click();
    };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pvf-e2e-linkage-'));
    try {
      // A column the agreement does not cover, and a repeated id.
      const bad = path.join(tmp, 'e2e-bad-register.csv');
      fs.writeFileSync(bad, 'unique_id,given_name,surname,nhs_number\nE2E-1,Ann,Smith,4857773456\nE2E-1,Ann,Smyth,4857773456\nE2E-3,Bob,Jones,9434765919\n');
      await upload(bad, agreement.parties[0]);
      const summary = page.locator('section[aria-labelledby=upload-title] .govuk-error-summary');
      await summary.waitFor();
      let items = await summary.locator('li').allInnerTexts();
      assert(items.some((t) => t.startsWith('e2e-bad-register:1:nhs_number: ') && t.includes('does not cover')), `the uncovered column is named by file, line and column: ${items.join(' / ')}`);
      assert(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), 'focus moves to the error summary');
      assert((await page.title()).startsWith('Error: '), `the title marks the error: ${await page.title()}`);
      assert((await page.locator('#dataset-file-error').innerText()).includes('problem'), 'the file field says it has problems');
      // The server stops at the header (it does not read the rows of a file whose header it
      // refuses), so the repeated id shows once the column is dropped.
      let source = 'e2e-bad-register';
      if (!items.some((t) => t.includes(':3:unique_id'))) {
        source = 'e2e-bad-ids';
        const ids = path.join(tmp, `${source}.csv`);
        fs.writeFileSync(ids, 'unique_id,given_name,surname\nE2E-1,Ann,Smith\nE2E-1,Ann,Smyth\nE2E-3,Bob,Jones\n');
        await upload(ids, agreement.parties[0]);
        await summary.filter({ hasText: `${source}:3:unique_id` }).waitFor();
        items = await summary.locator('li').allInnerTexts();
      }
      assert(items.some((t) => t.startsWith(`${source}:3:unique_id: `) && t.includes('repeats the id of line 2')), `the repeated id by line: ${items.join(' / ')}`);
      await shot(page, 'linkage-upload-errors', { maxHeight: 2400 });
      const before = (await apiGet(page, `/sharing-agreements/${agreement.id}/datasets`)).items.length;
      assertEqual(before, agreement.datasets, 'nothing stored from the bad file');

      // A good file: a handful of rows, two people twice.
      const good = path.join(tmp, 'e2e-small-register.csv');
      fs.writeFileSync(
        good,
        [
          'unique_id,given_name,surname,date_of_birth,sex,postcode,town',
          'E2E-1,Ann,Smith,1970-01-02,F,LS1 4AP,Leeds',
          'E2E-2,Anne,Smith,1970-01-02,F,LS1 4AP,Leeds',
          'E2E-3,Robert,Jones,1980-05-06,M,LS2 7HY,Leeds',
          'E2E-4,Bob,Jones,1980-05-06,M,LS2 7HY,Leeds',
          'E2E-5,Carol,White,1990-09-10,F,LS3 1AA,Leeds',
          'E2E-6,David,Brown,1955-03-04,M,LS4 2BB,Leeds',
          'E2E-7,Erin,Green,2001-11-30,F,LS5 3CC,Leeds',
          '',
        ].join('\n'),
      );
      await upload(good, agreement.parties[1]);
      await page.locator('.govuk-notification-banner--success', { hasText: 'Dataset uploaded' }).waitFor();
      assert((await page.locator('.govuk-notification-banner--success').innerText()).includes(`e2e-small-register: 7 records from ${agreement.parties[1]}`), 'the banner counts the records');
      assertEqual(await page.locator('section[aria-labelledby=upload-title] .govuk-error-summary').count(), 0, 'the errors are cleared');
      await page.locator('#datasets tbody tr', { hasText: 'e2e-small-register' }).waitFor();
      const row = (await tableRows(page.locator('#datasets'))).find((r) => r[0] === 'e2e-small-register');
      assertEqual(row[2], '7', 'seven rows listed');
      const datasets = (await apiGet(page, `/sharing-agreements/${agreement.id}/datasets`)).items;
      const small = datasets.find((d) => d.name === 'e2e-small-register');
      assert(small && small.rows === 7, 'the dataset is stored');

      // Deduplicate it with settings proposed from the data.
      const form = page.getByTestId('start-run-form');
      await form.getByLabel('Deduplicate one dataset').check();
      await form.getByLabel('Dataset', { exact: true }).selectOption(String(small.id));
      await form.getByLabel('Propose settings from the data').check();
      await form.getByLabel('Title (optional)').fill('E2E duplicates in the small register');
      const stream = page.waitForRequest((r) => /\/api\/v1\/jobs\/[^/?]+(\/events)?$/.test(r.url()), { timeout: 30000 });
      const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/linkage-runs') && r.request().method() === 'POST');
      await form.getByRole('button', { name: 'Start run' }).click();
      assertEqual((await started).status(), 202, 'the run is a job');
      await stream; // the progress view followed the job
      await page.waitForURL(/\/linkage\/runs\/\d+$/, { timeout: 60000 });
      const newId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByRole('heading', { level: 1, name: 'E2E duplicates in the small register' }).waitFor();
      const made = await apiGet(page, `/linkage-runs/${newId}`);
      assertEqual(made.link_type, 'dedupe_only', 'a deduplication');
      assertEqual(made.records, 7, 'of the seven records');
      assert(made.settings_proposed, 'with proposed settings');
      const facts = await summaryList(page.getByTestId('run-facts'));
      assertEqual(facts['Records'], '7', 'records shown');
      assertEqual(facts['Predicted pairs'], String(made.predicted_pairs), 'predicted pairs shown');
      assertEqual(facts['Settings'], 'Proposed from the data', 'the settings were proposed');
      await page.getByTestId('run-settings').waitFor({ state: 'attached' });
      await checkPageBasics(page, made.title);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    await page.context().close();
  });

  test('record linkage: a non-member finds nothing; a viewer member reads the run but cannot change it', async () => {
    const { runId, agreementId } = await (async () => {
      const p = await newPage();
      await signIn(p, 'bodylead', 'bodylead-demo');
      const d = await demo(p);
      await p.context().close();
      return { runId: d.runId, agreementId: d.agreement.id };
    })();

    const page = await newPage();
    await signIn(page, 'treasury', 'treasury-demo');
    await page.goto(url('/linkage'));
    await page.getByTestId('no-agreements').waitFor();
    assertEqual(await page.locator('#agreements').count(), 0, 'no agreements listed');
    assertEqual(await page.getByTestId('new-agreement').count(), 0, 'no new agreement for a non-admin');
    for (const p of [`/linkage/runs/${runId}`, `/linkage/runs/${runId}/pairs`, `/linkage/runs/${runId}/clusters`, `/linkage/agreements/${agreementId}`]) {
      await page.goto(url(p));
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      assertEqual(await page.locator('main h1').count(), 1, `one h1 at ${p}`);
      assert((await page.title()).startsWith('Page not found'), `${p} title: ${await page.title()}`);
    }
    const r = await page.request.get(url(`/api/v1/linkage-runs/${runId}`));
    assertEqual(r.status(), 404, 'the run does not exist for a non-member');
    await page.context().close();

    const viewer = await newPage();
    await signIn(viewer, 'viewer', 'viewer-demo');
    await viewer.goto(url('/linkage'));
    await viewer.locator('#agreements').getByRole('link', { name: DEMO_AGREEMENT }).click();
    await viewer.getByTestId('terms').waitFor();
    await viewer.locator('#runs tbody tr').first().waitFor();
    await viewer.locator('#datasets tbody tr').first().waitFor();
    await viewer.getByTestId('read-only').waitFor();
    assertEqual(await viewer.getByTestId('upload-form').count(), 0, 'no upload form');
    assertEqual(await viewer.locator('#dataset-file').count(), 0, 'no file input');
    assertEqual(await viewer.getByTestId('start-run-form').count(), 0, 'no start-run form');
    assertEqual(await viewer.getByRole('button', { name: /Delete/ }).count(), 0, 'no delete buttons');
    await checkPageBasics(viewer, DEMO_AGREEMENT);
    await viewer.goto(url(`/linkage/runs/${runId}`));
    await viewer.getByTestId('run-facts').waitFor();
    assertEqual(await viewer.getByRole('button', { name: 'Delete this run' }).count(), 0, 'no delete run');
    await viewer.goto(url(`/linkage/runs/${runId}/pairs`));
    await viewer.locator('#pairs tbody tr').first().waitFor();
    assertEqual(await viewer.locator('#pairs tbody a[href*="/pairs/explain"]').count(), 0, 'no links to explanations a viewer may not ask for');
    await viewer.goto(url(`/linkage/runs/${runId}/review`));
    await viewer.getByTestId('quality').waitFor();
    await viewer.getByTestId('review-read-only').waitFor();
    for (const id of ['label-match', 'label-non-match', 'label-skip']) assertEqual(await viewer.getByTestId(id).count(), 0, `no ${id} button`);
    await viewer.goto(url(`/linkage/runs/${runId}/pairs/explain`));
    await viewer.getByTestId('explain-read-only').waitFor();
    assertEqual(await viewer.getByTestId('explain-form').count(), 0, 'no explain form');
    await viewer.goto(url(`/linkage/runs/${runId}/clusters`));
    await viewer.locator('#clusters tbody tr').first().waitFor();
    // A viewer sees no person's record: a cluster's page says so, and the API refuses.
    const firstCluster = (await apiGet(viewer, `/linkage-runs/${runId}/clusters?limit=1`)).items[0];
    await viewer.goto(url(`/linkage/runs/${runId}/clusters/${firstCluster.cluster}`));
    await viewer.getByTestId('cluster-read-only').waitFor();
    assertEqual(await viewer.locator('#cluster-records').count(), 0, 'no records table');
    const records = await viewer.request.get(`${h.base}/api/v1/linkage-runs/${runId}/clusters/${firstCluster.cluster}`);
    assertEqual(records.status(), 403, 'a viewer cannot read a cluster’s records');
    // The API refuses a viewer's writes.
    const post = await apiPost(viewer, `/linkage-runs/${runId}/reviews`, { left: { dataset_id: 1, row: 1 }, right: { dataset_id: 2, row: 1 }, label: 'match' });
    assertEqual(post.status(), 403, 'a viewer cannot label');
    await viewer.context().close();
  });

  test('record linkage: an admin makes an agreement (the server’s 422 for a missing purpose first) and sees it listed', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'admin-demo');
    await page.goto(url('/linkage'));
    await page.getByTestId('new-agreement').click();
    await page.waitForURL(/\/linkage\/agreements\/new$/);
    await page.getByTestId('agreement-form').waitFor();
    await checkPageBasics(page, 'New data-sharing agreement');
    const title = 'E2E agreement: schools and children’s services';
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Lawful basis').fill('UK GDPR Article 6(1)(e), public task.');
    await page.getByLabel('Parties').fill('Leeds schools\nLeeds children’s services');
    await page.getByLabel('Fields').fill('unique_id, given_name, surname, date_of_birth, postcode');
    const year = new Date().getFullYear() + 2;
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('Year').fill(String(year));
    await page.locator('input[name=members]').first().waitFor();
    await page.getByLabel(/\(bodylead\)/).check();

    // Without a purpose: the form says so before sending...
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/sharing-agreements')) posts++;
    });
    await page.getByRole('button', { name: 'Make the agreement' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert((await summary.innerText()).includes('Enter the purpose'), `the purpose is asked for: ${await summary.innerText()}`);
    assertEqual(posts, 0, 'nothing sent');
    // ...and the server, asked anyway, answers 422 naming $.purpose: shown the same way, at the field.
    await page.getByLabel('Purpose').fill('x');
    await page.route('**/api/v1/sharing-agreements', async (route) => {
      const body = JSON.parse(route.request().postData() || '{}');
      delete body.purpose;
      await route.continue({ postData: JSON.stringify(body) });
    });
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/sharing-agreements') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Make the agreement' }).click();
    assertEqual((await refused).status(), 422, 'the server refuses an agreement without a purpose');
    await summary.filter({ hasText: 'Purpose: say what the data are shared for' }).waitFor();
    assertEqual(await summary.locator('a[href="#purpose"]').count(), 1, 'the summary links to the purpose');
    assert((await page.locator('#purpose-error').innerText()).includes('say what the data are shared for'), 'the error at the field');
    assert((await page.title()).startsWith('Error: '), 'the title marks the error');
    await page.unroute('**/api/v1/sharing-agreements');

    await page.getByLabel('Purpose').fill('Find the children known to both schools and children’s services.');
    await page.getByRole('button', { name: 'Make the agreement' }).click();
    await page.waitForURL(/\/linkage\/agreements\/\d+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes(`The agreement “${title}” has been made.`), 'the success banner');
    const terms = await summaryList(page.getByTestId('terms'));
    assertEqual(terms['Retain until'], `31 March ${year}`, 'retained until');
    assertEqual(terms['Fields that may be shared'], 'unique_id, given_name, surname, date_of_birth, postcode', 'the fields');
    const members = await tableRows(page.locator('#members-table'));
    assertEqual(members.map((m) => m[1]).join(','), 'bodylead', 'the member chosen');
    assert(await page.getByTestId('not-member').isVisible(), 'the admin is not a member, so sees no data');
    await page.goto(url('/linkage'));
    await page.locator('#agreements tbody tr').first().waitFor();
    const rows = await tableRows(page.locator('#agreements'));
    assertEqual(rows[0][0], title, 'the new agreement is listed first (newest first)');
    assertEqual(rows[0][5], 'No', 'the admin is not a member of it');
    assert(rows.some((r) => r[0] === DEMO_AGREEMENT), 'the demo agreement is listed too');
    await page.context().close();
  });
}

/**
 * Every record linkage page once, as a member, a viewer member and a non-member, waiting for
 * each page's content (for the final "no JavaScript errors" test).
 */
export async function visitLinkagePages(h) {
  const { newPage, signIn, apiGet, assert } = h;
  const page = await newPage();
  await signIn(page, 'bodylead', 'bodylead-demo');
  const agreement = (await apiGet(page, '/sharing-agreements')).items.find((a) => a.title === DEMO_AGREEMENT);
  assert(agreement, 'the demo agreement');
  const run = (await apiGet(page, `/linkage-runs?agreement=${agreement.id}`)).items.find((r) => r.link_type === 'link_only');
  const pair = (await apiGet(page, `/linkage-runs/${run.id}/pairs?limit=1`)).items[0];
  const cluster = (await apiGet(page, `/linkage-runs/${run.id}/clusters?limit=1`)).items[0];
  const explain = `/linkage/runs/${run.id}/pairs/explain?left_dataset=${pair.left.dataset_id}&left_row=${pair.left.row}&right_dataset=${pair.right.dataset_id}&right_row=${pair.right.row}`;
  const pages = [
    ['/linkage', '#agreements tbody tr'],
    [`/linkage/agreements/${agreement.id}`, '#runs tbody tr'],
    [`/linkage/runs/${run.id}`, '#histogram svg'],
    [`/linkage/runs/${run.id}/model`, '#match-weights svg'],
    [`/linkage/runs/${run.id}/pairs`, '#pairs tbody tr'],
    [explain, '#waterfall svg'],
    [`/linkage/runs/${run.id}/clusters`, '#clusters tbody tr'],
    [`/linkage/runs/${run.id}/clusters/${cluster.cluster}`, '#cluster-records tbody tr'],
    [`/linkage/runs/${run.id}/review`, '[data-testid=quality]'],
  ];
  for (const [p, ready] of pages) {
    await page.goto(`${h.base}${p}`);
    await page.locator(ready).first().waitFor();
  }
  await page.context().close();
  const viewer = await newPage();
  await signIn(viewer, 'viewer', 'viewer-demo');
  for (const [p, ready] of pages) {
    await viewer.goto(`${h.base}${p}`);
    const readOnly = p === explain ? '[data-testid=explain-read-only]' : p.includes('/clusters/') ? '[data-testid=cluster-read-only]' : ready;
    await viewer.locator(readOnly).first().waitFor();
  }
  await viewer.context().close();
  const outsider = await newPage();
  await signIn(outsider, 'treasury', 'treasury-demo');
  await outsider.goto(`${h.base}/linkage`);
  await outsider.getByTestId('no-agreements').waitFor();
  for (const [p] of pages.slice(1)) {
    await outsider.goto(`${h.base}${p}`);
    await outsider.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  }
  await outsider.context().close();
}
