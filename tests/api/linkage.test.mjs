// Contract tests of the record-linkage API (operations tagged `linkage`): data-sharing agreements
// and their members, sealed dataset uploads (text/csv), linkage runs as jobs, pairs (JSON pages
// and CSV), clusters, a pair explained, the clerical review queue and labels, the audit of every
// showing of record values, and deletion. Starts its own demo server.
//
// The data are FEBRL's dataset1 (1,000 synthetic Australian person records, 500 originals and
// 500 duplicates with errors), read from ../shared/data/febrl/dataset1.csv beside the repository
// (or $PVF_FEBRL). Its truth is in the ids: rec-N-org and rec-N-dup-k are one person. The rows the
// API names are mapped back to ids by reading the file here (row r = the r-th data row), so
// precision and recall of the predicted pairs are worked out against the truth, not the server.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, Coverage, parseEvents } from './lib/client.mjs';
import { isLinkage, missingSuccesses, ROLES, startDemo, stopDemo } from './lib/demo.mjs';
import { parseCsv } from './lib/reference.mjs';
import { Contract, repoRoot } from './lib/spec.mjs';

const contract = new Contract();
const coverage = new Coverage();

const FINISHED = ['succeeded', 'failed', 'cancelled'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const near = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
const log2odds = (p) => Math.log2(p / (1 - p));
// `where` is a JSON path with or without the root (`$.title` or `title`), as elsewhere in the API.
const wheres = (res) => res.body.error.details.map((d) => d.where.replace(/^\$\./, ''));

// ---- FEBRL dataset1, read here ----
const FEBRL = process.env.PVF_FEBRL ?? path.resolve(repoRoot, '..', 'shared', 'data', 'febrl', 'dataset1.csv');
assert.ok(existsSync(FEBRL), `FEBRL dataset1 not found at ${FEBRL} (set PVF_FEBRL to its path)`);
const febrlText = readFileSync(FEBRL, 'utf8');
const [febrlHeader, ...febrlRows] = parseCsv(febrlText)
  .filter((r) => r.length > 1 || r[0] !== '')
  .map((r) => r.map((v) => v.trim()));
const COLUMNS = febrlHeader;  // rec_id, given_name, surname, ... (the file has spaces after commas)
const ID = 'rec_id';
const rowsByIndex = febrlRows.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])));
const record = (row) => rowsByIndex[row - 1];  // row 1 = the first data row
const person = (row) => /^rec-(\d+)-(org|dup-\d+)$/.exec(record(row)[ID])[1];
const pairKey = (a, b) => (a < b ? `${a}-${b}` : `${b}-${a}`);
// Truth: every pair of rows that are one person.
const truePairs = new Set();
{
  const byPerson = new Map();
  for (let r = 1; r <= rowsByIndex.length; r++) {
    const p = person(r);
    if (!byPerson.has(p)) byPerson.set(p, []);
    byPerson.get(p).push(r);
  }
  for (const rows of byPerson.values()) for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) truePairs.add(pairKey(rows[i], rows[j]));
}
// Every value of the file (not the column names): none may appear in a message, the audit log or
// the pairs CSV.
const fileValues = new Set(febrlRows.flat().filter((v) => v !== ''));
for (const c of COLUMNS) fileValues.delete(c);
const rowsOf = (n) => febrlRows.slice(0, n).map((r) => r.join(', '));

let demo;
let as;
const anon = () => new Client(demo.server.api, contract, coverage, 'anonymous');
const ctx = {};  // what the tests create along the way

before(async () => {
  demo = await startDemo(contract, coverage);
  ({ as } = demo);
});
after(() => stopDemo(demo));

// ---- jobs ----

function checkJob(job, { owner } = {}) {
  assert.equal(job.kind, 'linkage');
  if (owner) assert.equal(job.owner_user_id, owner.user.id);
  assert.equal(job.fraction, job.total > 0 ? job.done / job.total : null, 'fraction = done / total, null while total is 0');
  const finished = FINISHED.includes(job.status);
  assert.equal(job.finished_at !== null, finished, `finished_at is set exactly when the job has finished (${job.status})`);
  assert.equal('result' in job, job.status === 'succeeded', 'result exactly when it succeeded');
  assert.equal('error' in job, job.status === 'failed' || job.status === 'cancelled', 'error exactly when it failed or was cancelled');
  if (job.status === 'cancelled') assert.equal(job.error.code, 'cancelled');
  if (job.status === 'succeeded') assert.deepEqual(Object.keys(job.result), ['linkage_run_id']);
}

async function start(who, spec) {
  const res = await as[who].call('POST', '/linkage-runs', { body: spec, expect: 202 });
  assert.equal(res.headers.get('location'), `/api/v1/jobs/${res.body.id}`, 'Location names the job');
  checkJob(res.body, { owner: as[who] });
  return res.body;
}

async function waitFor(who, id, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await as[who].call('GET', '/jobs/{id}', { params: { id }, expect: 200 })).body;
    checkJob(job);
    if (FINISHED.includes(job.status)) return job;
    assert.ok(Date.now() < deadline, `job ${id} did not finish within ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await sleep(50);
  }
}

// Every page of a list, following next_cursor.
async function allPages(who, template, { params, query = {}, limit } = {}) {
  const items = [];
  let cursor;
  for (let i = 0; i < 10000; i++) {
    const res = await as[who].call('GET', template, { params, query: { ...query, limit, cursor }, expect: 200 });
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (cursor === null) return items;
    assert.equal(typeof cursor, 'string');
  }
  assert.fail('too many pages');
}

// Strings anywhere in a JSON value (keys included).
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(k), strings(v, out);
  return out;
}
// A string quotes the file when it is one of its values, holds one of its longer values (five
// characters or more, with a letter: names, streets, suburbs) as words of their own, or holds a
// record id. `allowed`: words of the API's own that happen to be values of the file too (FEBRL has
// a street called "cluster", which is also a purpose of a linkage.read entry).
const escape = (v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const longValues = new RegExp(`(^|[^a-z0-9])(${[...fileValues].filter((v) => v.length >= 5 && /[a-z]/.test(v)).map(escape).join('|')})([^a-z0-9]|$)`);
function assertNoValues(value, what, allowed = []) {
  const quotes = (s) => fileValues.has(s.trim()) || /rec-\d+-(org|dup)/.test(s) || longValues.test(s);
  const leaked = [...new Set(strings(value))].filter((s) => !allowed.includes(s) && quotes(s));
  assert.deepEqual(leaked, [], `${what} quotes record values`);
}

// A RunRecord as the file has it: the compared columns' values, trimmed.
function checkRunRecord(r, datasetId, columns) {
  assert.equal(r.dataset_id, datasetId);
  assert.equal(r.dataset_name, 'dataset1.csv');
  assert.equal(r.unique_id, record(r.row)[ID], `row ${r.row}'s unique id`);
  assert.deepEqual(Object.keys(r.values).sort(), [...columns].sort(), 'the values of the compared columns');
  for (const c of columns) assert.equal(r.values[c], record(r.row)[c], `row ${r.row} ${c}`);
}

// ---- the agreement ----

const agreementInput = () => ({
  title: 'FEBRL deduplication (contract test)',
  purpose: 'Find the people recorded more than once in the register, to test the linkage API.',
  lawful_basis: 'UK GDPR Article 6(1)(e) public task; synthetic data',
  parties: ['Register A', 'Register B'],
  fields: [...COLUMNS],
  retain_until: `${new Date().getUTCFullYear() + 2}-03-31`,
  member_ids: [as.treasury_analyst.user.id, as.body_lead.user.id, as.viewer.user.id],
});

describe('methods', () => {
  test('GET /linkage-methods: every comparison method and blocking key function', async () => {
    const res = await as.viewer.call('GET', '/linkage-methods', { expect: 200 });
    const enumerated = contract.spec.components.schemas.ComparisonMethod.enum;
    assert.deepEqual(res.body.methods.map((m) => m.key).sort(), [...enumerated].sort(), 'the methods the settings schema lists');
    for (const m of res.body.methods) {
      if (m.thresholds === 'none' || m.thresholds === 'difference') assert.deepEqual(m.default_thresholds, [], `${m.key}: no default thresholds`);
      if (m.thresholds === 'similarity') for (const t of m.default_thresholds) assert.ok(t > 0 && t < 1, `${m.key}: ${t}`);
    }
    assert.deepEqual(res.body.key_functions.map((k) => k.key), ['column', 'prefix', 'year', 'soundex']);
  });
});

describe('agreements', () => {
  test('POST /sharing-agreements as admin: 201, the terms and members; the admin is not a member', async () => {
    const input = agreementInput();
    const res = await as.admin.call('POST', '/sharing-agreements', { body: input, expect: 201 });
    const a = res.body;
    ctx.agreement = a;
    for (const k of ['title', 'purpose', 'lawful_basis', 'parties', 'fields', 'retain_until']) assert.deepEqual(a[k], input[k], k);
    assert.deepEqual(a.members.map((m) => m.user_id).sort((x, y) => x - y), [...input.member_ids].sort((x, y) => x - y));
    assert.deepEqual(a.members.map((m) => m.username), [...a.members.map((m) => m.username)].sort(), 'members by username');
    for (const m of a.members) {
      const who = Object.values(as).find((c) => c.user.id === m.user_id);
      assert.deepEqual([m.username, m.display_name, m.role], [who.user.username, who.user.display_name, who.user.role]);
    }
    assert.deepEqual([a.expired, a.is_member, a.datasets, a.runs, a.created_by], [false, false, 0, 0, as.admin.user.id]);
  });

  test('422 lists every broken rule with the field path; 400 for malformed JSON', async () => {
    const bad = { title: '', purpose: ' ', lawful_basis: '', parties: ['A', 'A'], fields: [], retain_until: '2020-01-01', member_ids: [999999] };
    const res = await as.admin.call('POST', '/sharing-agreements', { body: bad, expect: 422, code: 'invalid_input' });
    for (const w of ['title', 'purpose', 'lawful_basis', 'parties[1]', 'fields', 'retain_until', 'member_ids[0]'])
      assert.ok(wheres(res).includes(w), `details name ${w}: ${JSON.stringify(res.body.error.details)}`);
    const notDate = await as.admin.call('POST', '/sharing-agreements', { body: { ...agreementInput(), retain_until: 'next year' }, expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(notDate), ['retain_until']);
    await as.admin.call('POST', '/sharing-agreements', { body: { ...agreementInput(), colour: 'red' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/sharing-agreements', { raw: '{"title":', expect: 400, code: 'invalid_input' });
  });

  test('only admins create agreements, choose members and delete them (403)', async () => {
    const id = ctx.agreement.id;
    for (const who of ['treasury_analyst', 'body_lead', 'assessor', 'viewer']) {
      await as[who].call('POST', '/sharing-agreements', { body: agreementInput(), expect: 403, code: 'forbidden' });
      await as[who].call('PUT', '/sharing-agreements/{id}/members', { params: { id }, body: { user_ids: [as[who].user.id] }, expect: 403, code: 'forbidden' });
      await as[who].call('DELETE', '/sharing-agreements/{id}', { params: { id }, expect: 403, code: 'forbidden' });
    }
  });

  test('GET /sharing-agreements: admins see every agreement, others those they are a member of', async () => {
    const id = ctx.agreement.id;
    const admin = (await as.admin.call('GET', '/sharing-agreements', { expect: 200 })).body.items;
    assert.ok(admin.some((a) => a.id === id));
    assert.deepEqual(admin.map((a) => a.id), [...admin.map((a) => a.id)].sort((x, y) => y - x), 'newest first');
    const member = (await as.treasury_analyst.call('GET', '/sharing-agreements', { expect: 200 })).body.items;
    assert.deepEqual(member.find((a) => a.id === id), { ...ctx.agreement, is_member: true });
    assert.ok(member.every((a) => a.is_member), 'a member sees only their agreements');
    const other = (await as.assessor.call('GET', '/sharing-agreements', { expect: 200 })).body.items;
    assert.ok(!other.some((a) => a.id === id), 'a non-member does not see it');
  });

  test('a non-member gets 404 for the agreement, its datasets and runs; an admin non-member sees the terms but 404 for the datasets', async () => {
    const id = ctx.agreement.id;
    await as.assessor.call('GET', '/sharing-agreements/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.assessor.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 404, code: 'not_found' });
    await as.assessor.call('GET', '/linkage-runs', { query: { agreement: id }, expect: 404, code: 'not_found' });
    const terms = await as.admin.call('GET', '/sharing-agreements/{id}', { params: { id }, expect: 200 });
    assert.deepEqual(terms.body, ctx.agreement);
    await as.admin.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 404, code: 'not_found' });
    await as.admin.call('GET', '/linkage-runs', { query: { agreement: id }, expect: 404, code: 'not_found' });
    await as.treasury_analyst.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 200 });
    await as.viewer.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 200 });
    await as.admin.call('GET', '/sharing-agreements/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('PUT /sharing-agreements/{id}/members replaces the members: a new member reaches the data, a removed one no longer', async () => {
    const id = ctx.agreement.id;
    const members = ctx.agreement.members.map((m) => m.user_id);
    const added = await as.admin.call('PUT', '/sharing-agreements/{id}/members', { params: { id }, body: { user_ids: [...members, as.assessor.user.id] }, expect: 200 });
    assert.ok(added.body.members.some((m) => m.user_id === as.assessor.user.id));
    await as.assessor.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 200 });
    const removed = await as.admin.call('PUT', '/sharing-agreements/{id}/members', { params: { id }, body: { user_ids: members }, expect: 200 });
    assert.deepEqual(removed.body, ctx.agreement);
    await as.assessor.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 404, code: 'not_found' });
    const bad = await as.admin.call('PUT', '/sharing-agreements/{id}/members', { params: { id }, body: { user_ids: [members[0], 999999, members[0]] }, expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(bad).sort(), ['user_ids[1]', 'user_ids[2]']);
    await as.admin.call('PUT', '/sharing-agreements/{id}/members', { params: { id: 999999 }, body: { user_ids: [] }, expect: 404, code: 'not_found' });
    assert.deepEqual((await as.admin.call('GET', '/sharing-agreements/{id}', { params: { id }, expect: 200 })).body, ctx.agreement, 'a refused change changes nothing');
  });
});

// ---- datasets ----

const upload = (who, csv, query, opts = {}) =>
  as[who].call('POST', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, query, raw: csv, contentType: 'text/csv', ...opts });

describe('agreements: members left out', () => {
  // The outline's request is {"user_ids":[int]}, and a missing field is 422 everywhere in the API.
  // A body without user_ids must not be read as "no members". On an agreement of its own, so a
  // server that does otherwise cannot upset the tests that follow.
  test('PUT …/members without user_ids is refused with 422, and the members stay', async () => {
    const a = (await as.admin.call('POST', '/sharing-agreements', { body: { ...agreementInput(), title: 'Members left out (contract test)' }, expect: 201 })).body;
    try {
      const res = await as.admin.call('PUT', '/sharing-agreements/{id}/members', { params: { id: a.id }, body: {} });
      const now = (await as.admin.call('GET', '/sharing-agreements/{id}', { params: { id: a.id }, expect: 200 })).body;
      assert.deepEqual(now.members, a.members, `the members stay (PUT {} answered ${res.status} and left ${now.members.length} members)`);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(wheres(res), ['user_ids']);
    } finally {
      await as.admin.call('DELETE', '/sharing-agreements/{id}', { params: { id: a.id }, expect: 204 });
    }
  });
});

describe('datasets', () => {
  test('a member uploads FEBRL dataset1 as text/csv: 201, its columns in file order, 1000 rows', async () => {
    const res = await upload('body_lead', febrlText, { name: 'dataset1.csv', party: 'Register A', id_column: ID }, { expect: 201 });
    const d = res.body;
    ctx.dataset = d;
    assert.deepEqual(
      [d.agreement_id, d.name, d.party, d.id_column, d.columns, d.rows, d.created_by, d.created_by_name],
      [ctx.agreement.id, 'dataset1.csv', 'Register A', ID, COLUMNS, 1000, as.body_lead.user.id, as.body_lead.user.display_name],
    );
    const list = (await as.viewer.call('GET', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, expect: 200 })).body.items;
    assert.deepEqual(list, [d]);
    const a = (await as.treasury_analyst.call('GET', '/sharing-agreements/{id}', { params: { id: ctx.agreement.id }, expect: 200 })).body;
    assert.equal(a.datasets, 1);
  });

  test('the records are stored sealed: no id and no value of the file is in the database files', () => {
    const db = demo.server.db;
    const bytes = [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('');
    assert.ok(bytes.includes(ctx.agreement.purpose), `the scan reads what is stored (${db})`);
    const ids = rowsByIndex.map((r) => r[ID]);
    // Long values only: a short one (a state, a number) turns up in any file by chance.
    const values = [...fileValues].filter((v) => v.length >= 8 && /[a-z]/.test(v) && !ids.includes(v));
    assert.deepEqual(ids.filter((v) => bytes.includes(v)), [], 'ids in the clear');
    assert.deepEqual(values.filter((v) => bytes.includes(v)), [], 'values in the clear');
  });

  test('a bad file is refused whole with 422: every problem as name.csv:line:column, no value of the file quoted', async () => {
    const before = (await as.treasury_analyst.call('GET', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, expect: 200 })).body.items;
    // A column the agreement does not cover.
    const extra = [`${COLUMNS.join(', ')}, nhs_number`, ...rowsOf(2).map((r) => `${r}, 9434765919`)].join('\n') + '\n';
    const uncovered = await upload('body_lead', extra, { name: 'extra.csv', party: 'Register A', id_column: ID }, { expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(uncovered), [`extra.csv:1:nhs_number`]);
    assertNoValues(uncovered.body, 'the refusal');
    // A repeated id (line 3 repeats line 2's), and a row with too few fields (line 5).
    const [first, second] = rowsOf(2);
    const repeated = [COLUMNS.join(', '), first, first, second, 'rec-9999-org, lone'].join('\n') + '\n';
    const dupe = await upload('body_lead', repeated, { name: 'repeated.csv', party: 'Register A', id_column: ID }, { expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(dupe), ['repeated.csv:3:rec_id', 'repeated.csv:5']);
    assert.doesNotMatch(JSON.stringify(dupe.body), new RegExp(record(1)[ID]), 'the id is not quoted');
    assertNoValues(dupe.body, 'the refusal');
    // Query parameters: a party the agreement does not name, an id column it does not cover.
    const params = await upload('body_lead', febrlText, { name: 'p.csv', party: 'Someone else', id_column: 'nhs_number' }, { expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(params).sort(), ['id_column', 'party']);
    const noId = await upload('body_lead', febrlText, { name: 'no-id.csv', party: 'Register A' }, { expect: 422, code: 'invalid_input' });
    assert.ok(wheres(noId).includes('id_column'), 'the default id column, unique_id, is not a field here');
    await upload('body_lead', `${COLUMNS.join(',')}\n`, { name: 'empty.csv', party: 'Register A', id_column: ID }, { expect: 422, code: 'invalid_input' });
    // The same name twice; JSON instead of CSV.
    await upload('body_lead', febrlText, { name: 'dataset1.csv', party: 'Register B', id_column: ID }, { expect: 409, code: 'conflict' });
    await as.body_lead.call('POST', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, query: { name: 'j.csv', party: 'Register A' }, body: { rows: [] }, expect: 415, code: 'unsupported_media_type' });
    const after = (await as.treasury_analyst.call('GET', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, expect: 200 })).body.items;
    assert.deepEqual(after, before, 'nothing stored');
  });

  test('422 lists every problem of a file at once: an uncovered column, a repeated id and a short row together', async () => {
    const [first, second] = rowsOf(2);
    const csv = [`${COLUMNS.join(', ')}, nhs_number`, `${first}, 9434765919`, `${first}, 9434765919`, `${second}, 9434765919`, 'rec-9999-org, lone'].join('\n') + '\n';
    const res = await upload('body_lead', csv, { name: 'all.csv', party: 'Register A', id_column: ID }, { expect: 422, code: 'invalid_input' });
    assertNoValues(res.body, 'the refusal');
    assert.deepEqual(wheres(res), ['all.csv:1:nhs_number', 'all.csv:3:rec_id', 'all.csv:5']);
  });

  test('a viewer member may not upload (403); a non-member, admins included, gets 404', async () => {
    const q = { name: 'other.csv', party: 'Register B', id_column: ID };
    await upload('viewer', febrlText, q, { expect: 403, code: 'forbidden' });
    await upload('assessor', febrlText, q, { expect: 404, code: 'not_found' });
    await upload('admin', febrlText, q, { expect: 404, code: 'not_found' });
  });
});

// ---- runs ----

// Settings written by hand for FEBRL (dates as yyyymmdd).
const SETTINGS = {
  link_type: 'dedupe_only',
  unique_id_column: ID,
  blocking_rules: [['surname'], ['given_name'], ['date_of_birth'], ['soc_sec_id']],
  comparisons: [
    { column: 'given_name', method: 'jaro_winkler', term_frequency: true },
    { column: 'surname', method: 'jaro_winkler', term_frequency: true },
    { column: 'date_of_birth', method: 'date', format: '%Y%m%d' },
    { column: 'soc_sec_id', method: 'levenshtein', thresholds: [1, 2] },
    { column: 'postcode', method: 'exact' },
    { column: 'suburb', method: 'jaro_winkler', thresholds: [0.9] },
  ],
  threshold_match_probability: 0.9,
  em: { max_iterations: 50, tolerance: 0.0001 },
  seed: 7,
};

describe('starting a run', () => {
  test('422 names the JSON path of every problem: settings, dataset ids', async () => {
    const d = ctx.dataset.id;
    const refuse = async (body, expected) => {
      const res = await as.treasury_analyst.call('POST', '/linkage-runs', { body, expect: 422, code: 'invalid_input' });
      for (const w of expected) assert.ok(wheres(res).includes(w), `details name ${w}: ${JSON.stringify(res.body.error.details)}`);
      assertNoValues(res.body, 'the refusal');
      return res;
    };
    const badMethod = { ...SETTINGS, comparisons: [{ column: 'surname', method: 'soundalike' }, ...SETTINGS.comparisons.slice(1)] };
    await refuse({ dataset_ids: [d], settings: badMethod }, ['settings.comparisons[0].method']);
    const both = await refuse({ dataset_ids: [d, 999999], settings: badMethod }, ['settings.comparisons[0].method', 'dataset_ids[1]']);
    assert.ok(both.body.error.details.length >= 2, 'every problem');
    await refuse({ dataset_ids: [d], settings: { ...SETTINGS, link_type: 'link_only' } }, ['settings.link_type']);
    await refuse({ dataset_ids: [d], settings: { ...SETTINGS, unique_id_column: 'unique_id' } }, ['settings.unique_id_column']);
    await refuse({ dataset_ids: [d], settings: { ...SETTINGS, comparisons: [{ column: 'nhs_number', method: 'exact' }] } }, ['settings.comparisons[0].column']);
    await refuse({ dataset_ids: [d], settings: { ...SETTINGS, comparisons: [{ column: 'surname', method: 'levenshtein', thresholds: [0.5] }] } }, ['settings.comparisons[0].thresholds[0]']);
    await refuse({ dataset_ids: [d], settings: { ...SETTINGS, colour: 'red' } }, ['settings.colour']);
    await refuse({ dataset_ids: [d, d], settings: null }, ['dataset_ids[1]']);
    await refuse({ dataset_ids: [], settings: null }, ['dataset_ids']);
    await refuse({ dataset_ids: [999999] }, ['dataset_ids[0]']);
    await as.treasury_analyst.call('POST', '/linkage-runs', { body: { dataset_ids: [d], colour: 'red' }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/linkage-runs', { raw: '{"dataset_ids":', expect: 400, code: 'invalid_input' });
    // A non-member cannot see the dataset: the request names it as missing.
    const outsider = await as.assessor.call('POST', '/linkage-runs', { body: { dataset_ids: [d] }, expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(outsider), ['dataset_ids[0]']);
    await as.viewer.call('POST', '/linkage-runs', { body: { dataset_ids: [d] }, expect: 403, code: 'forbidden' });
  });

  test('POST /linkage-runs with settings null: 202 + Location; the job streams progress to `done` and succeeds with linkage_run_id', async () => {
    const job = await start('treasury_analyst', { title: '', dataset_ids: [ctx.dataset.id], settings: null });
    const res = await as.treasury_analyst.call('GET', '/jobs/{id}/events', { params: { id: job.id }, expect: 200 });
    assert.match(res.contentType, /^text\/event-stream/);
    const events = parseEvents(res.body);
    assert.equal(events.at(-1).event, 'done', `the stream ends with event: done:\n${res.body.slice(-500)}`);
    assert.equal(events.filter((e) => e.event === 'done').length, 1);
    for (const e of events.slice(0, -1)) {
      assert.equal(e.event, 'progress');
      assert.deepEqual(Object.keys(e.data).sort(), ['done', 'fraction', 'message', 'status', 'total']);
      assert.ok(['queued', 'running'].includes(e.data.status));
    }
    const done = events.at(-1).data;
    assert.deepEqual(contract.checkSchema('Job', done), []);
    checkJob(done, { owner: as.treasury_analyst });
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.deepEqual((await as.treasury_analyst.call('GET', '/jobs/{id}', { params: { id: job.id }, expect: 200 })).body, done);
    // The job is its owner's only.
    for (const who of ['body_lead', 'admin']) await as[who].call('GET', '/jobs/{id}', { params: { id: job.id }, expect: 404, code: 'not_found' });
    await as.treasury_analyst.call('DELETE', '/jobs/{id}', { params: { id: job.id }, expect: 409, code: 'conflict' });
    ctx.job = done;
    ctx.runId = done.result.linkage_run_id;
  });

  test('a run with settings written by hand, cancelled at once (202) or already finished (409)', async (t) => {
    const before = (await allPages('body_lead', '/linkage-runs', { query: { agreement: ctx.agreement.id } })).map((r) => r.id);
    const job = await start('body_lead', { title: 'By hand', dataset_ids: [ctx.dataset.id], settings: SETTINGS });
    const res = await as.body_lead.call('DELETE', '/jobs/{id}', { params: { id: job.id } });
    if (res.status === 409) assert.equal(res.body.error.code, 'conflict');
    else {
      assert.equal(res.status, 202, JSON.stringify(res.body));
      checkJob(res.body, { owner: as.body_lead });
      assert.ok(res.body.cancel_requested || res.body.status === 'cancelled' || res.body.status === 'succeeded', JSON.stringify(res.body));
    }
    const end = await waitFor('body_lead', job.id);
    t.diagnostic(`DELETE /jobs/{id} answered ${res.status}; the job ended ${end.status}`);
    const now = (await allPages('body_lead', '/linkage-runs', { query: { agreement: ctx.agreement.id } })).map((r) => r.id);
    if (end.status === 'cancelled') {
      assert.deepEqual(now, before, 'a cancelled run stores nothing');
      // Run it again to the end.
      const again = await waitFor('body_lead', (await start('body_lead', { title: 'By hand', dataset_ids: [ctx.dataset.id], settings: SETTINGS })).id);
      assert.equal(again.status, 'succeeded', JSON.stringify(again));
      ctx.handRunId = again.result.linkage_run_id;
    } else {
      assert.equal(end.status, 'succeeded', JSON.stringify(end));
      assert.deepEqual(now, [end.result.linkage_run_id, ...before]);
      ctx.handRunId = end.result.linkage_run_id;
    }
    const run = (await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id: ctx.handRunId }, expect: 200 })).body;
    assert.equal(run.settings_proposed, false);
    assert.equal(run.title, 'By hand');
    assert.deepEqual(run.settings.comparisons.map((c) => [c.column, c.method]), SETTINGS.comparisons.map((c) => [c.column, c.method]));
    assert.deepEqual(run.settings.blocking_rules, SETTINGS.blocking_rules);
    assert.deepEqual([run.settings.threshold_match_probability, run.settings.seed, run.settings.em], [0.9, 7, SETTINGS.em]);
    assert.deepEqual(run.settings.comparisons.find((c) => c.column === 'date_of_birth').format, '%Y%m%d');
    assert.deepEqual(run.settings.comparisons.find((c) => c.column === 'given_name').thresholds, [0.92, 0.8], 'default thresholds filled in');
    assert.ok(near(run.threshold_match_weight, log2odds(0.9)));
  });
});

describe('a run read back', () => {
  test('GET /linkage-runs/{id}: 1000 records, the proposed settings, the model and its levels, the histogram', async () => {
    const run = (await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id: ctx.runId }, expect: 200 })).body;
    ctx.run = run;
    assert.deepEqual([run.agreement_id, run.link_type, run.records, run.settings_proposed, run.reviews, run.quality], [ctx.agreement.id, 'dedupe_only', 1000, true, 0, null]);
    assert.equal(run.title, 'Duplicates in dataset1.csv', 'an empty title is made from the dataset');
    assert.deepEqual(run.datasets, [{ id: ctx.dataset.id, name: 'dataset1.csv', party: 'Register A', rows: 1000 }]);
    assert.deepEqual([run.created_by, run.created_by_name], [as.treasury_analyst.user.id, as.treasury_analyst.user.display_name]);
    assert.deepEqual([run.settings.link_type, run.settings.unique_id_column], ['dedupe_only', ID]);
    assert.ok(near(run.threshold_match_weight, log2odds(run.threshold_match_probability)));
    assert.equal(run.summary.total_pairs, (1000 * 999) / 2, 'every possible pair');
    assert.ok(run.candidate_pairs > 0 && run.candidate_pairs <= run.summary.total_pairs);
    // The model: one comparison per compared column, levels from exact down to else.
    const m = run.model;
    assert.deepEqual(m.comparisons.map((c) => c.column), run.settings.comparisons.map((c) => c.column));
    assert.deepEqual(m.comparisons.map((c) => c.method), run.settings.comparisons.map((c) => c.method));
    assert.ok(near(m.prior_match_weight, log2odds(m.probability_two_random_records_match)));
    for (const c of m.comparisons) {
      assert.deepEqual(c.levels.map((l) => l.gamma), c.levels.map((_, i) => c.levels.length - 1 - i), `${c.column}: gamma from exact down to 0`);
      assert.equal(c.levels.at(-1).label, 'else');
      assert.match(c.levels[0].label, /^(exact|same postcode)$/);
      assert.ok(near(c.levels.reduce((s, l) => s + l.m, 0), 1, 1e-6), `${c.column}: m sums to 1`);
      for (const l of c.levels) {
        assert.ok(near(l.match_weight, Math.log2(l.m / l.u), 1e-9), `${c.column} ${l.label}: weight = log2(m/u)`);
        assert.ok(near(l.bayes_factor, l.m / l.u, 1e-9), `${c.column} ${l.label}: bayes factor = m/u`);
      }
    }
    assert.equal(run.converged, m.converged);
    assert.equal(m.iterations, m.em_sessions.reduce((s, e) => s + e.iterations, 0));
    // The histogram: every candidate pair once, unit bins, empty ones left out, lowest first.
    const h = run.histogram;
    assert.equal(h.reduce((s, b) => s + b.pairs, 0), run.candidate_pairs, 'every candidate pair is in the histogram');
    for (const [i, b] of h.entries()) {
      assert.equal(b.to, b.from + 1);
      if (i) assert.ok(b.from > h[i - 1].from, 'lowest first');
    }
    assert.deepEqual(run.summary.blocking_rules.map((r) => r.rule), run.settings.blocking_rules.map((r) => r.join(' & ')));
    assert.ok(run.summary.blocking_rules.reduce((s, r) => s + r.pairs, 0) >= run.candidate_pairs);
  });

  test('GET /linkage-runs: newest first, by agreement, paged; a non-member sees none of them', async () => {
    const mine = (await as.treasury_analyst.call('GET', '/linkage-runs', { query: { agreement: ctx.agreement.id }, expect: 200 })).body;
    assert.deepEqual(mine.items.map((r) => r.id), [ctx.handRunId, ctx.runId]);
    const { settings, settings_proposed, model, summary, histogram, quality, ...brief } = ctx.run;
    assert.deepEqual(mine.items[1], brief, 'the summary is the run without its detail');
    const paged = await allPages('treasury_analyst', '/linkage-runs', { query: { agreement: ctx.agreement.id }, limit: 1 });
    assert.deepEqual(paged.map((r) => r.id), [ctx.handRunId, ctx.runId]);
    const all = (await as.body_lead.call('GET', '/linkage-runs', { expect: 200 })).body.items;
    assert.ok(all.some((r) => r.id === ctx.runId));
    assert.deepEqual(all.map((r) => r.id), [...all.map((r) => r.id)].sort((x, y) => y - x), 'newest first');
    const outsider = (await as.assessor.call('GET', '/linkage-runs', { expect: 200 })).body.items;
    assert.ok(!outsider.some((r) => r.agreement_id === ctx.agreement.id), 'not for a non-member');
    for (const who of ['assessor', 'admin']) await as[who].call('GET', '/linkage-runs/{id}', { params: { id: ctx.runId }, expect: 404, code: 'not_found' });
    await as.viewer.call('GET', '/linkage-runs', { query: { limit: -1 }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/linkage-runs', { query: { cursor: 'x' }, expect: 422, code: 'invalid_input' });
  });

  test('pairs: pages follow the cursor, highest weight first; predicted exactly at or above the threshold, near misses within 4 bits below', async () => {
    const run = ctx.run;
    const pairs = await allPages('viewer', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, limit: 500 });
    ctx.pairs = pairs;
    assert.ok(pairs.length <= 200000 + run.predicted_pairs);
    for (const [i, p] of pairs.entries()) {
      if (i) assert.ok(p.match_weight <= pairs[i - 1].match_weight, 'highest weight first');
      assert.equal(p.predicted, p.match_weight >= run.threshold_match_weight, `pair ${i}: predicted exactly at or above the threshold`);
      assert.ok(p.match_weight >= run.threshold_match_weight - 4 - 1e-9, `pair ${i} (${p.match_weight}) is within 4 bits below the threshold`);
      assert.ok(near(p.match_probability, 1 / (1 + 2 ** -p.match_weight), 1e-9));
      assert.deepEqual([p.left.dataset_id, p.right.dataset_id], [ctx.dataset.id, ctx.dataset.id]);
      assert.ok(p.left.row < p.right.row, 'left before right');
      assert.deepEqual(Object.keys(p.gammas).sort(), run.model.comparisons.map((c) => c.column).sort());
      assert.equal(p.review, null);
      if (p.predicted) assert.ok(p.cluster !== null && p.cluster + 1 <= p.left.row, `pair ${i}: in a cluster named by its first record`);
    }
    assert.equal(pairs.filter((p) => p.predicted).length, run.predicted_pairs);
    assert.ok(pairs.some((p) => !p.predicted), 'near misses are stored');
    // Pages of 50 (the default) give the same pairs.
    const first = (await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, expect: 200 })).body;
    assert.deepEqual(first.items, pairs.slice(0, 50));
    const second = (await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { cursor: first.next_cursor }, expect: 200 })).body;
    assert.deepEqual(second.items, pairs.slice(50, 100));
    // Weight filters.
    const t = run.threshold_match_weight;
    const above = await allPages('viewer', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { min_weight: t }, limit: 500 });
    assert.deepEqual(above, pairs.filter((p) => p.match_weight >= t));
    const band = await allPages('viewer', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { min_weight: t - 2, max_weight: t + 2 }, limit: 500 });
    assert.deepEqual(band, pairs.filter((p) => p.match_weight >= t - 2 && p.match_weight <= t + 2));
    await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { min_weight: 'high' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { cursor: 'x' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { format: 'xlsx' }, expect: 422, code: 'invalid_input' });
    await as.assessor.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, expect: 404, code: 'not_found' });
  });

  test('the histogram counts the stored pairs: every bin above the near-miss cut, the last one taking every weight above 40', () => {
    const run = ctx.run;
    const cut = Math.ceil(run.threshold_match_weight - 4);
    assert.ok(ctx.pairs.filter((p) => !p.predicted).length < 200000, 'no near miss was dropped');
    const counted = new Map();
    for (const p of ctx.pairs) {
      const from = Math.min(39, Math.max(-40, Math.floor(p.match_weight)));
      if (from >= cut) counted.set(from, (counted.get(from) ?? 0) + 1);
    }
    const binned = new Map(run.histogram.filter((b) => b.from >= cut).map((b) => [b.from, b.pairs]));
    assert.deepEqual(binned, counted);
  });

  test('precision and recall of the predicted pairs against FEBRL\'s truth are both at least 0.95', (t) => {
    const predicted = new Set(ctx.pairs.filter((p) => p.predicted).map((p) => pairKey(p.left.row, p.right.row)));
    const hits = [...predicted].filter((k) => truePairs.has(k)).length;
    const precision = hits / predicted.size;
    const recall = hits / truePairs.size;
    ctx.truth = { precision, recall };
    t.diagnostic(`${predicted.size} predicted pairs, ${truePairs.size} true pairs, ${hits} both: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(4)} (${hits} of ${predicted.size} predicted pairs are one person)`);
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(4)} (${hits} of ${truePairs.size} true pairs predicted)`);
  });

  test('GET …/pairs?format=csv: the documented columns exactly, every stored pair, references only', async () => {
    const res = await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, query: { format: 'csv' }, expect: 200 });
    assert.match(res.contentType, /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`^attachment; filename="linkage-run-${ctx.runId}-pairs\\.csv"$`));
    const [header, ...rows] = parseCsv(res.body).filter((r) => r.length > 1);
    const columns = ctx.run.model.comparisons.map((c) => c.column);
    assert.deepEqual(header, ['left_dataset', 'left_row', 'right_dataset', 'right_row', 'match_weight', 'match_probability', 'predicted', 'cluster', 'review', ...columns.map((c) => `gamma_${c}`)]);
    assert.equal(rows.length, ctx.pairs.length, 'every stored pair');
    for (const [i, r] of rows.entries()) {
      const p = ctx.pairs[i];
      assert.deepEqual(r.slice(0, 4).map(Number), [p.left.dataset_id, p.left.row, p.right.dataset_id, p.right.row], `row ${i + 2}`);
      assert.ok(near(Number(r[4]), p.match_weight, 1e-6) && near(Number(r[5]), p.match_probability, 1e-6), `row ${i + 2}: weight and probability`);
      assert.deepEqual(r.slice(6, 9), [String(p.predicted), p.cluster === null ? '' : String(p.cluster), p.review ?? '']);
      assert.deepEqual(r.slice(9).map(Number), columns.map((c) => p.gammas[c]));
    }
    const leaked = rows.flat().filter((v) => fileValues.has(v) && !/^-?[0-9.e+-]+$/.test(v));
    assert.deepEqual(leaked, [], 'no record values');
    assert.doesNotMatch(res.body, /rec-\d+/);
  });

  test('clusters: largest first, paged; one cluster\'s records are one person, with the values of the file', async () => {
    const run = ctx.run;
    const clusters = await allPages('viewer', '/linkage-runs/{id}/clusters', { params: { id: ctx.runId }, limit: 100 });
    for (const [i, c] of clusters.entries()) {
      if (i) assert.ok(c.size < clusters[i - 1].size || (c.size === clusters[i - 1].size && c.cluster > clusters[i - 1].cluster), 'largest first, then by name');
      assert.deepEqual(c.sources, { [ctx.dataset.id]: c.size });
    }
    const inClusters = clusters.reduce((s, c) => s + c.size, 0);
    assert.equal(run.clusters, clusters.length + (run.records - inClusters), 'clusters of two or more, and every other record alone');
    // The clusters as the predicted pairs make them.
    const members = new Map();
    for (const p of ctx.pairs.filter((x) => x.predicted)) {
      if (!members.has(p.cluster)) members.set(p.cluster, new Set());
      members.get(p.cluster).add(p.left.row).add(p.right.row);
    }
    assert.deepEqual([...members.keys()].sort((a, b) => a - b), clusters.map((c) => c.cluster).sort((a, b) => a - b));
    for (const c of clusters) {
      assert.equal(members.get(c.cluster).size, c.size);
      assert.equal(Math.min(...members.get(c.cluster)), c.cluster + 1, 'a cluster is named by its first record\'s position');
    }
    const pure = clusters.filter((c) => new Set([...members.get(c.cluster)].map(person)).size === 1);
    assert.ok(pure.length >= 0.95 * clusters.length, `${pure.length} of ${clusters.length} clusters are one person`);
    const big = await as.viewer.call('GET', '/linkage-runs/{id}/clusters', { params: { id: ctx.runId }, query: { min_size: 3 }, expect: 200 });
    assert.ok(big.body.items.every((c) => c.size >= 3));
    await as.viewer.call('GET', '/linkage-runs/{id}/clusters', { params: { id: ctx.runId }, query: { min_size: 1 }, expect: 422, code: 'invalid_input' });
    await as.assessor.call('GET', '/linkage-runs/{id}/clusters', { params: { id: ctx.runId }, expect: 404, code: 'not_found' });

    // One person: the largest cluster that holds exactly the rows of one person, all of them.
    const rowsOfPerson = (p) => rowsByIndex.map((r, i) => i + 1).filter((r) => person(r) === p);
    const whole = clusters.find((c) => {
      const rows = [...members.get(c.cluster)];
      const p = person(rows[0]);
      return rows.every((r) => person(r) === p) && rowsOfPerson(p).length === rows.length;
    });
    assert.ok(whole, 'some cluster is exactly one person');
    const detail = (await as.body_lead.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: whole.cluster }, expect: 200 })).body;
    ctx.clusterShown = detail;
    assert.deepEqual([detail.cluster, detail.size, detail.records.length], [whole.cluster, whole.size, whole.size]);
    const columns = run.model.comparisons.map((c) => c.column);
    for (const r of detail.records) checkRunRecord(r, ctx.dataset.id, columns);
    assert.deepEqual(detail.records.map((r) => r.row), [...members.get(whole.cluster)].sort((a, b) => a - b), 'its records in row order');
    assert.equal(new Set(detail.records.map((r) => /^rec-(\d+)-/.exec(r.unique_id)[1])).size, 1, 'the records of one person');
    assert.deepEqual(detail.pairs, ctx.pairs.filter((p) => p.predicted && p.cluster === whole.cluster), 'the predicted pairs joining them');
    // A record in no cluster of two or more is a cluster of its own; a record inside another cluster names none.
    const alone = rowsByIndex.map((_, i) => i + 1).find((r) => ![...members.values()].some((s) => s.has(r)));
    const single = (await as.body_lead.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: alone - 1 }, expect: 200 })).body;
    assert.deepEqual([single.size, single.records.map((r) => r.row), single.pairs], [1, [alone], []]);
    const inner = [...members.get(whole.cluster)].sort((a, b) => a - b)[1];
    await as.body_lead.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: inner - 1 }, expect: 404, code: 'not_found' });
    await as.body_lead.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: 1000 }, expect: 404, code: 'not_found' });
    // A viewer member sees the cluster sizes (above) but not a person's records.
    await as.viewer.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: whole.cluster }, expect: 403, code: 'forbidden' });
    await as.assessor.call('GET', '/linkage-runs/{id}/clusters/{cluster}', { params: { id: ctx.runId, cluster: whole.cluster }, expect: 404, code: 'not_found' });
  });
});

describe('the demo\'s stored run', () => {
  test('a member reads the runs the demo stores (links of two datasets): the run, pairs across the datasets, clusters, an explanation', async () => {
    const runs = (await as.body_lead.call('GET', '/linkage-runs', { expect: 200 })).body.items.filter((r) => r.agreement_id !== ctx.agreement.id);
    for (const summary of runs) {
      const run = (await as.body_lead.call('GET', '/linkage-runs/{id}', { params: { id: summary.id }, expect: 200 })).body;
      assert.equal(run.datasets.length, run.link_type === 'link_only' ? 2 : 1);
      assert.equal(run.records, run.datasets.reduce((s, d) => s + d.rows, 0));
      assert.equal(run.histogram.reduce((s, b) => s + b.pairs, 0), run.candidate_pairs);
      const [left, right = left] = run.datasets;
      const pairs = (await as.body_lead.call('GET', '/linkage-runs/{id}/pairs', { params: { id: run.id }, query: { limit: 20 }, expect: 200 })).body.items;
      for (const p of pairs) {
        assert.deepEqual([p.left.dataset_id, p.right.dataset_id], [left.id, right.id], 'left from the left dataset, right from the right');
        assert.ok(p.left.row <= left.rows && p.right.row <= right.rows);
      }
      const clusters = (await as.body_lead.call('GET', '/linkage-runs/{id}/clusters', { params: { id: run.id }, query: { limit: 20 }, expect: 200 })).body.items;
      for (const c of clusters) {
        assert.equal(Object.values(c.sources).reduce((s, n) => s + n, 0), c.size);
        for (const k of Object.keys(c.sources)) assert.ok(run.datasets.some((d) => String(d.id) === k));
      }
      if (pairs.length) {
        const e = (await as.body_lead.call('POST', '/linkage-runs/{id}/explain', { params: { id: run.id }, body: { left: pairs[0].left, right: pairs[0].right }, expect: 200 })).body;
        assert.ok(Math.abs(e.match_weight - pairs[0].match_weight) <= 1e-9, 'explained as stored');
        assert.deepEqual([e.left.dataset_id, e.right.dataset_id], [left.id, right.id]);
      }
    }
  });
});

describe('explaining a pair', () => {
  const explain = (who, left, right, opts = {}) => as[who].call('POST', '/linkage-runs/{id}/explain', { params: { id: ctx.runId }, body: { left, right }, ...opts });

  function checkExplanation(e, pair) {
    const columns = ctx.run.model.comparisons.map((c) => c.column);
    assert.ok(near(e.prior_weight + e.steps.reduce((s, x) => s + x.weight, 0), e.match_weight, 1e-9), 'match_weight = prior_weight + Σ steps');
    assert.ok(near(e.prior_weight, ctx.run.model.prior_match_weight, 1e-9), 'the prior is the model\'s');
    assert.ok(near(e.match_probability, 1 / (1 + 2 ** -e.match_weight), 1e-9));
    assert.deepEqual(e.steps.map((s) => s.column), columns, 'one step per comparison, in order');
    assert.equal(e.predicted, e.match_weight >= ctx.run.threshold_match_weight);
    for (const r of [e.left, e.right]) checkRunRecord(r, ctx.dataset.id, columns);
    for (const s of e.steps) {
      const level = ctx.run.model.comparisons.find((c) => c.column === s.column).levels.find((l) => l.gamma === s.gamma);
      if (s.gamma === -1) assert.deepEqual([s.label, s.weight], ['null', 0], `${s.column}: a missing value weighs nothing`);
      else {
        assert.equal(s.label, level.label, `${s.column}: the level's label`);
        if (!s.term_frequency_adjusted) assert.ok(near(s.weight, level.match_weight, 1e-9), `${s.column}: the level's weight`);
      }
    }
    if (pair) {
      assert.ok(Math.abs(e.match_weight - pair.match_weight) <= 1e-9, `explained ${e.match_weight} = stored ${pair.match_weight}`);
      assert.equal(e.predicted, pair.predicted);
      assert.deepEqual(Object.fromEntries(e.steps.map((s) => [s.column, s.gamma])), pair.gammas, 'the stored levels');
      assert.deepEqual([e.left.row, e.right.row], [pair.left.row, pair.right.row]);
    }
  }

  test('POST …/explain by row: a predicted pair and a near miss score as stored; prior + Σ steps = match weight', async () => {
    const predicted = ctx.pairs.find((p) => p.predicted && Object.values(p.gammas).includes(-1)) ?? ctx.pairs[0];
    const nearMiss = ctx.pairs.find((p) => !p.predicted);
    for (const pair of [ctx.pairs[0], predicted, nearMiss]) {
      const res = await explain('body_lead', pair.left, pair.right, { expect: 200 });
      checkExplanation(res.body, pair);
    }
    ctx.explained = ctx.pairs[0];
    // Either order: the same pair.
    const swapped = (await explain('treasury_analyst', ctx.pairs[0].right, ctx.pairs[0].left, { expect: 200 })).body;
    assert.ok(Math.abs(swapped.match_weight - ctx.pairs[0].match_weight) <= 1e-9);
    // Any two records, not only stored pairs.
    const stored = new Set(ctx.pairs.map((p) => pairKey(p.left.row, p.right.row)));
    let other = [1, 2];
    for (let b = 2; stored.has(pairKey(1, b)); b++) other = [1, b + 1];
    const any = (await explain('body_lead', { dataset_id: ctx.dataset.id, row: other[0] }, { dataset_id: ctx.dataset.id, row: other[1] }, { expect: 200 })).body;
    checkExplanation(any);
    assert.deepEqual([any.left.row, any.right.row, any.review], [...other, null]);
  });

  test('by unique_id: the same explanation as by row; an unknown id is 422 and not quoted', async () => {
    const pair = ctx.pairs[0];
    const byId = (r) => ({ dataset_id: r.dataset_id, unique_id: record(r.row)[ID] });
    const a = (await explain('body_lead', byId(pair.left), byId(pair.right), { expect: 200 })).body;
    const b = (await explain('body_lead', pair.left, pair.right, { expect: 200 })).body;
    assert.deepEqual(a, b);
    const unknown = await explain('body_lead', { dataset_id: ctx.dataset.id, unique_id: 'rec-99999-org' }, pair.right, { expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(unknown), ['left.unique_id']);
    assert.doesNotMatch(JSON.stringify(unknown.body), /rec-99999/, 'the id is not repeated');
    const same = await explain('body_lead', pair.left, pair.left, { expect: 422, code: 'invalid_input' });
    assert.deepEqual(wheres(same), ['right']);
    await explain('body_lead', { dataset_id: ctx.dataset.id, row: 1001 }, pair.right, { expect: 422, code: 'invalid_input' });
    await explain('body_lead', { dataset_id: 999999, row: 1 }, pair.right, { expect: 422, code: 'invalid_input' });
    await explain('body_lead', { dataset_id: ctx.dataset.id }, pair.right, { expect: 422, code: 'invalid_input' });
  });

  test('a viewer member may not explain (403); a non-member, admins included, gets 404', async () => {
    const pair = ctx.pairs[0];
    await explain('viewer', pair.left, pair.right, { expect: 403, code: 'forbidden' });
    await explain('assessor', pair.left, pair.right, { expect: 404, code: 'not_found' });
    await explain('admin', pair.left, pair.right, { expect: 404, code: 'not_found' });
  });
});

describe('clerical review', () => {
  test('GET …/review: unlabelled stored pairs closest to the threshold first, with both records', async () => {
    const res = await as.body_lead.call('GET', '/linkage-runs/{id}/review', { params: { id: ctx.runId }, query: { limit: 12 }, expect: 200 });
    const items = res.body.items;
    assert.equal(items.length, 12);
    const t = ctx.run.threshold_match_weight;
    const distance = (p) => Math.abs(p.match_weight - t);
    const closest = [...ctx.pairs].sort((x, y) => distance(x) - distance(y)).slice(0, 12);
    assert.deepEqual(items.map(distance), closest.map(distance), 'closest to the threshold first');
    const columns = ctx.run.model.comparisons.map((c) => c.column);
    for (const it of items) {
      const { left_record: l, right_record: r, ...pair } = it;
      assert.deepEqual(pair, ctx.pairs.find((p) => p.left.row === pair.left.row && p.right.row === pair.right.row), 'a stored pair');
      checkRunRecord(l, ctx.dataset.id, columns);
      checkRunRecord(r, ctx.dataset.id, columns);
      assert.deepEqual([l.row, r.row], [pair.left.row, pair.right.row]);
    }
    ctx.queue = items;
    await as.viewer.call('GET', '/linkage-runs/{id}/review', { params: { id: ctx.runId }, query: { limit: 2 }, expect: 403, code: 'forbidden' });
    await as.assessor.call('GET', '/linkage-runs/{id}/review', { params: { id: ctx.runId }, expect: 404, code: 'not_found' });
  });

  test('POST …/reviews labels pairs with the truth: 201, the label and the quality; a second label replaces the first', async () => {
    let quality;
    for (const [i, it] of ctx.queue.entries()) {
      const label = person(it.left.row) === person(it.right.row) ? 'match' : 'non_match';
      const res = await as.body_lead.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: it.left, right: it.right, label }, expect: 201 });
      const l = res.body.label;
      assert.deepEqual([l.left, l.right, l.label, l.reviewer], [it.left, it.right, label, as.body_lead.user.username]);
      assert.ok(Math.abs(l.match_weight - it.match_weight) <= 1e-12);
      quality = res.body.quality;
      assert.equal(quality.labels, i + 1);
      assert.ok(quality.bins_reviewed >= 1 && quality.bins_reviewed <= quality.labels);
    }
    // Relabel the first pair, named the other way round: replaced, not added.
    const first = ctx.queue[0];
    const truth = person(first.left.row) === person(first.right.row) ? 'match' : 'non_match';
    const flipped = truth === 'match' ? 'non_match' : 'match';
    const again = await as.treasury_analyst.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: first.right, right: first.left, label: flipped }, expect: 201 });
    assert.deepEqual([again.body.label.left, again.body.label.right, again.body.label.reviewer], [first.left, first.right, as.treasury_analyst.user.username]);
    assert.equal(again.body.quality.labels, ctx.queue.length, 'a second label replaces the first');
    const back = await as.body_lead.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: first.left, right: first.right, label: truth }, expect: 201 });
    assert.deepEqual(back.body.quality, quality);
    const run = (await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id: ctx.runId }, expect: 200 })).body;
    assert.equal(run.reviews, ctx.queue.length);
    assert.deepEqual(run.quality, quality, 'the run shows the quality the labels imply');
    for (const k of ['precision', 'recall']) assert.ok(quality[k] >= 0 && quality[k] <= 1, `${k} ${quality[k]}`);
    // The labels show on the pairs; labelled pairs leave the queue.
    const pairs = await allPages('viewer', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, limit: 500 });
    for (const it of ctx.queue) {
      const p = pairs.find((x) => x.left.row === it.left.row && x.right.row === it.right.row);
      assert.equal(p.review, person(it.left.row) === person(it.right.row) ? 'match' : 'non_match');
    }
    const queue = (await as.body_lead.call('GET', '/linkage-runs/{id}/review', { params: { id: ctx.runId }, query: { limit: 20 }, expect: 200 })).body.items;
    assert.ok(!queue.some((q) => ctx.queue.some((it) => it.left.row === q.left.row && it.right.row === q.right.row)), 'labelled pairs are no longer queued');
  });

  test('refusals: a pair that is not stored (404), a bad label (422), a viewer member (403) who still reads the run, its pairs and clusters (200)', async () => {
    const stored = new Set(ctx.pairs.map((p) => pairKey(p.left.row, p.right.row)));
    let b = 2;
    while (stored.has(pairKey(1, b))) b++;
    const body = { left: { dataset_id: ctx.dataset.id, row: 1 }, right: { dataset_id: ctx.dataset.id, row: b }, label: 'match' };
    await as.body_lead.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body, expect: 404, code: 'not_found' });
    const pair = ctx.pairs[0];
    await as.body_lead.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: pair.left, right: pair.right, label: 'maybe' }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: { dataset_id: ctx.dataset.id, unique_id: 'x' }, right: pair.right, label: 'match' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: pair.left, right: pair.right, label: 'match' }, expect: 403, code: 'forbidden' });
    await as.admin.call('POST', '/linkage-runs/{id}/reviews', { params: { id: ctx.runId }, body: { left: pair.left, right: pair.right, label: 'match' }, expect: 404, code: 'not_found' });
    await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id: ctx.runId }, expect: 200 });
    await as.viewer.call('GET', '/linkage-runs/{id}/pairs', { params: { id: ctx.runId }, expect: 200 });
    await as.viewer.call('GET', '/linkage-runs/{id}/clusters', { params: { id: ctx.runId }, expect: 200 });
  });
});

describe('audit', () => {
  test('GET /audit?entity=linkage_run: linkage.read entries name the records by {dataset_id,row}; no record value anywhere in the log', async () => {
    const entries = await allPages('admin', '/audit', { query: { entity: 'linkage_run', entity_id: String(ctx.runId) }, limit: 1000 });
    const reads = entries.filter((e) => e.action === 'linkage.read');
    for (const e of reads) {
      assert.deepEqual([e.entity, e.entity_id, e.before], ['linkage_run', String(ctx.runId), null]);
      assert.deepEqual(Object.keys(e.after).sort(), ['purpose', 'records']);
      for (const r of e.after.records) {
        assert.deepEqual(Object.keys(r).sort(), ['dataset_id', 'row']);
        assert.equal(r.dataset_id, ctx.dataset.id);
        assert.ok(Number.isInteger(r.row) && r.row >= 1 && r.row <= 1000);
      }
    }
    const find = (purpose, who, rows) =>
      reads.find((e) => e.after.purpose === purpose && e.user_id === as[who].user.id && JSON.stringify(e.after.records.map((r) => r.row).sort((a, b) => a - b)) === JSON.stringify([...rows].sort((a, b) => a - b)));
    assert.ok(find('explain', 'body_lead', [ctx.explained.left.row, ctx.explained.right.row]), 'the explained pair');
    assert.ok(find('cluster', 'body_lead', ctx.clusterShown.records.map((r) => r.row)), 'the cluster shown');
    assert.ok(find('review', 'body_lead', ctx.queue.flatMap((q) => [q.left.row, q.right.row])), 'the review queue shown');
    assert.ok(!reads.some((e) => e.user_id === as.viewer.user.id), 'a viewer was shown no record');
    assert.ok(entries.some((e) => e.action === 'linkage_run.create'));
    assert.ok(entries.some((e) => e.action === 'linkage_review.create'));
    // Nothing of the file in any linkage entry.
    for (const entity of ['linkage_run', 'linkage_dataset', 'sharing_agreement']) {
      const all = await allPages('admin', '/audit', { query: { entity }, limit: 1000 });
      assert.ok(all.length > 0, entity);
      assertNoValues(all.map((e) => [e.action, e.before, e.after]), `the audit of ${entity}`, ['explain', 'cluster', 'review']);
    }
    await as.treasury_analyst.call('GET', '/audit', { query: { entity: 'linkage_run' }, expect: 403, code: 'forbidden' });
  });
});

// Sample requests for the access sweeps (valid as far as a schema goes; what they reach is not the point).
function samples() {
  const id = ctx.agreement.id;
  const ref = { dataset_id: ctx.dataset.id, row: 1 };
  return {
    'GET /linkage-methods': {},
    'GET /sharing-agreements': {},
    'POST /sharing-agreements': { body: agreementInput() },
    'GET /sharing-agreements/{id}': { params: { id } },
    'DELETE /sharing-agreements/{id}': { params: { id: 999999 } },
    'PUT /sharing-agreements/{id}/members': { params: { id: 999999 }, body: { user_ids: [] } },
    'GET /sharing-agreements/{id}/datasets': { params: { id } },
    'POST /sharing-agreements/{id}/datasets': { params: { id }, query: { name: 'sweep.csv', party: 'Register A', id_column: ID }, raw: `${COLUMNS.join(',')}\n`, contentType: 'text/csv' },
    'DELETE /linkage-datasets/{id}': { params: { id: 999999 } },
    'POST /linkage-runs': { body: { dataset_ids: [999999] } },
    'GET /linkage-runs': {},
    'GET /linkage-runs/{id}': { params: { id: ctx.runId } },
    'DELETE /linkage-runs/{id}': { params: { id: 999999 } },
    'GET /linkage-runs/{id}/pairs': { params: { id: ctx.runId } },
    'POST /linkage-runs/{id}/explain': { params: { id: ctx.runId }, body: { left: ref, right: { ...ref, row: 2 } } },
    'GET /linkage-runs/{id}/clusters': { params: { id: ctx.runId } },
    'GET /linkage-runs/{id}/clusters/{cluster}': { params: { id: ctx.runId, cluster: 0 } },
    'GET /linkage-runs/{id}/review': { params: { id: ctx.runId }, query: { limit: 1 } },
    'POST /linkage-runs/{id}/reviews': { params: { id: ctx.runId }, body: { left: ref, right: { ...ref, row: 2 }, label: 'match' } },
  };
}
const linkageOps = () => contract.operations().filter(({ op }) => isLinkage(op));

describe('access control', () => {
  test('the linkage operations are the outline\'s, and every one answers 401 without a session', async () => {
    const s = samples();
    assert.deepEqual(linkageOps().map(({ method, template }) => `${method} ${template}`).sort(), Object.keys(s).sort());
    for (const { method, template } of linkageOps()) await anon().call(method, template, { ...s[`${method} ${template}`], csrf: 'not-a-token', expect: 401, code: 'unauthenticated' });
  });

  test('every role-limited linkage operation answers 403 forbidden to the other roles', async () => {
    const s = samples();
    for (const { method, template, op } of linkageOps()) {
      const roles = op['x-pvf-roles'];
      if (roles.includes('signed_in')) continue;
      for (const role of ROLES) if (!roles.includes(role)) await as[role].call(method, template, { ...s[`${method} ${template}`], expect: 403, code: 'forbidden' });
    }
  });

  test('every linkage write answers 403 csrf_failed without the X-CSRF-Token header, or with a wrong one', async () => {
    const s = samples();
    for (const { method, template } of linkageOps()) {
      if (!WRITES.has(method)) continue;
      await as.admin.call(method, template, { ...s[`${method} ${template}`], csrf: false, expect: 403, code: 'csrf_failed' });
      await as.admin.call(method, template, { ...s[`${method} ${template}`], csrf: 'wrong-token', expect: 403, code: 'csrf_failed' });
    }
  });
});

describe('deleting', () => {
  test('DELETE /linkage-runs/{id}: 204 for a member, then 404; a viewer member 403, a non-member 404', async () => {
    const id = ctx.handRunId;
    await as.viewer.call('DELETE', '/linkage-runs/{id}', { params: { id }, expect: 403, code: 'forbidden' });
    await as.assessor.call('DELETE', '/linkage-runs/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.admin.call('DELETE', '/linkage-runs/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.body_lead.call('DELETE', '/linkage-runs/{id}', { params: { id }, expect: 204 });
    await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.body_lead.call('DELETE', '/linkage-runs/{id}', { params: { id }, expect: 404, code: 'not_found' });
    const left = (await as.viewer.call('GET', '/linkage-runs', { query: { agreement: ctx.agreement.id }, expect: 200 })).body.items.map((r) => r.id);
    assert.deepEqual(left, [ctx.runId]);
  });

  test('DELETE /linkage-datasets/{id}: 204, and the runs that used it go too', async () => {
    const id = ctx.dataset.id;
    await as.viewer.call('DELETE', '/linkage-datasets/{id}', { params: { id }, expect: 403, code: 'forbidden' });
    await as.admin.call('DELETE', '/linkage-datasets/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.treasury_analyst.call('DELETE', '/linkage-datasets/{id}', { params: { id }, expect: 204 });
    await as.viewer.call('GET', '/linkage-runs/{id}', { params: { id: ctx.runId }, expect: 404, code: 'not_found' });
    assert.deepEqual((await as.viewer.call('GET', '/sharing-agreements/{id}/datasets', { params: { id: ctx.agreement.id }, expect: 200 })).body.items, []);
    const a = (await as.viewer.call('GET', '/sharing-agreements/{id}', { params: { id: ctx.agreement.id }, expect: 200 })).body;
    assert.deepEqual([a.datasets, a.runs], [0, 0]);
    await as.treasury_analyst.call('DELETE', '/linkage-datasets/{id}', { params: { id }, expect: 404, code: 'not_found' });
  });

  test('DELETE /sharing-agreements/{id} as admin: 204, then 404 for everyone', async () => {
    const id = ctx.agreement.id;
    // Something under it to delete: a small dataset.
    const small = [COLUMNS.join(', '), ...rowsOf(20)].join('\n') + '\n';
    await upload('body_lead', small, { name: 'small.csv', party: 'Register B', id_column: ID }, { expect: 201 });
    await as.admin.call('DELETE', '/sharing-agreements/{id}', { params: { id }, expect: 204 });
    for (const who of ['admin', 'treasury_analyst']) await as[who].call('GET', '/sharing-agreements/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.treasury_analyst.call('GET', '/sharing-agreements/{id}/datasets', { params: { id }, expect: 404, code: 'not_found' });
    assert.ok(!(await as.admin.call('GET', '/sharing-agreements', { expect: 200 })).body.items.some((a) => a.id === id));
    await as.admin.call('DELETE', '/sharing-agreements/{id}', { params: { id }, expect: 404, code: 'not_found' });
  });
});

describe('coverage', () => {
  test('every linkage operation was called and answered a success status', () => {
    assert.deepEqual(missingSuccesses(contract, coverage, (template, op) => isLinkage(op)), []);
  });
});
