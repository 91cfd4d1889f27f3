// Contract tests of the benchmarking API (operations tagged `benchmarking`): DEA and Malmquist runs
// as jobs, the stored runs and their CSV exports, job progress as Server-Sent Events, and
// nearest-neighbour comparison groups. Starts its own demo server.
//
// Figures are checked against values worked out here from data/demo: with one input (spending,
// both lines summed) and one output (home care hours), CRS input-oriented DEA has a closed form,
// θ_i = (y_i/x_i) / max_j (y_j/x_j), and so has the Malmquist index, the change in the body's own
// productivity ratio with spending deflated to the prices of the run's first period. Nearest
// neighbours are worked out by CIPFA's method from Oflog's published values.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Coverage } from './lib/client.mjs';
import { isBenchmarking, missingSuccesses, startDemo, stopDemo } from './lib/demo.mjs';
import { close, demoCsv, oflog, parseCsv } from './lib/reference.mjs';
import { Contract } from './lib/spec.mjs';

const contract = new Contract();
const coverage = new Coverage();

const ref = oflog();
const LEEDS = 'E08000035';
// The demo councils with spending (data/demo/measure/inputs.csv) and activity volumes.
const COUNCILS = ['E08000035', 'E08000003', 'E08000025', 'E10000016', 'E09000007', 'E06000023', 'E06000052', 'E06000005'];
const METROPOLITAN = ['E08000035', 'E08000003', 'E08000025'];
const PERIODS = ['2018-19', '2019-20', '2020-21', '2021-22', '2022-23', '2023-24'];
const FINISHED = ['succeeded', 'failed', 'cancelled'];

const inputs = demoCsv('measure', 'inputs.csv').map((r) => ({ ...r, expenditure: Number(r.expenditure), deflator: Number(r.deflator) }));
const activity = demoCsv('measure', 'activity.csv').map((r) => ({ ...r, volume: Number(r.volume) }));
const indicatorDefs = Object.fromEntries(demoCsv('indicators.csv').map((d) => [d.key, d]));
const metDistricts = new Set(ref.rows.filter((r) => r.councilType === 'Metropolitan Districts').map((r) => r.code));

// Nominal spending of a body in a period, all lines summed (or one line).
const spending = (code, period, line = null) =>
  inputs.filter((r) => r.body === code && r.period === period && (line === null || r.input === line)).reduce((s, r) => s + r.expenditure, 0);
// Spending in prices of `base`, each line by the body's own deflator: x_t × deflator_base / deflator_t.
const realSpending = (code, period, base) =>
  inputs
    .filter((r) => r.body === code && r.period === period)
    .reduce((s, r) => s + (r.expenditure * inputs.find((b) => b.body === code && b.period === base && b.input === r.input).deflator) / r.deflator, 0);
const volume = (code, period, name) => activity.find((r) => r.body === code && r.period === period && r.activity === name).volume;

// CRS DEA with one input and one output: θ_i = (y_i/x_i) / max_j (y_j/x_j); with super-efficiency
// the unit is left out of its own frontier.
function crsOneByOne(units, { superEfficiency = false } = {}) {
  const ratio = Object.fromEntries(units.map((u) => [u.code, u.y / u.x]));
  return Object.fromEntries(
    units.map((u) => {
      const others = units.filter((o) => !superEfficiency || o.code !== u.code).map((o) => ratio[o.code]);
      return [u.code, ratio[u.code] / Math.max(...others)];
    }),
  );
}

// CIPFA's nearest neighbours: z-scores (sample sd) over the candidates, Euclidean distance, rebased
// so the farthest candidate is at 1; the k nearest other bodies, nearest first.
function cipfa(values, target, k) {
  const codes = Object.keys(values);
  const m = values[codes[0]].length;
  const z = Object.fromEntries(codes.map((c) => [c, []]));
  for (let v = 0; v < m; v++) {
    const xs = codes.map((c) => values[c][v]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    for (const c of codes) z[c].push((values[c][v] - mean) / sd);
  }
  const raw = codes.filter((c) => c !== target).map((c) => ({ code: c, d: Math.sqrt(z[c].reduce((s, x, v) => s + (x - z[target][v]) ** 2, 0)) }));
  const farthest = Math.max(...raw.map((r) => r.d));
  return raw
    .map((r) => ({ code: r.code, distance: r.d / farthest }))
    .sort((a, b) => a.distance - b.distance || (a.code < b.code ? -1 : 1))
    .slice(0, k);
}

// Server-Sent Events text -> [{event, data}] (data lines joined, parsed as JSON).
function parseEvents(text) {
  const events = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block.trim()) continue;
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const m = /^([a-z]+):\s?(.*)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'event') event = m[2];
      if (m[1] === 'data') data.push(m[2]);
    }
    events.push({ event, data: data.length ? JSON.parse(data.join('\n')) : null });
  }
  return events;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const near = (a, b, tol) => a !== null && b !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

let demo;
let as;
let bodies;  // code -> Body
const idOf = (code) => bodies[code].id;
const codeOf = (id) => Object.values(bodies).find((x) => x.id === id)?.code;
const ctx = { jobs: {}, runs: {} };

before(async () => {
  demo = await startDemo(contract, coverage);
  ({ as, bodies } = demo);
});
after(() => stopDemo(demo));

// A job's invariants, whatever its state.
function checkJob(job, { kind, owner } = {}) {
  if (kind) assert.equal(job.kind, kind);
  if (owner) assert.equal(job.owner_user_id, owner.user.id);
  assert.equal(job.fraction, job.total > 0 ? job.done / job.total : null, 'fraction = done / total, null while total is 0');
  assert.ok(job.done <= job.total || job.total === 0, `done ${job.done} of ${job.total}`);
  const finished = FINISHED.includes(job.status);
  assert.equal(job.finished_at !== null, finished, `finished_at is set exactly when the job has finished (${job.status})`);
  if (job.status === 'running' || job.status === 'succeeded' || job.status === 'failed') assert.notEqual(job.started_at, null, 'started_at once it ran');
  if (job.status === 'queued') assert.equal(job.started_at, null);
  assert.equal('result' in job, job.status === 'succeeded', 'result exactly when it succeeded');
  assert.equal('error' in job, job.status === 'failed' || job.status === 'cancelled', 'error exactly when it failed or was cancelled');
  if (job.status === 'cancelled') assert.equal(job.error.code, 'cancelled');
  if (job.started_at) assert.ok(job.started_at >= job.created_at);
  if (job.finished_at && job.started_at) assert.ok(job.finished_at >= job.started_at);
}

// POST /benchmarks (202 + Location), then GET /jobs/{id} until it finishes.
async function start(who, spec) {
  const res = await as[who].call('POST', '/benchmarks', { body: spec, expect: 202 });
  const job = res.body;
  assert.equal(res.headers.get('location'), `/api/v1/jobs/${job.id}`, 'Location names the job');
  checkJob(job, { kind: spec.kind, owner: as[who] });
  assert.equal(job.cancel_requested, false);  // (a quick job may already have finished)
  return job;
}

async function waitFor(who, id, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await as[who].call('GET', '/jobs/{id}', { params: { id }, expect: 200 })).body;
    checkJob(job);
    if (FINISHED.includes(job.status)) return job;
    assert.ok(Date.now() < deadline, `job ${id} did not finish within ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await sleep(50);
  }
}

// Runs a spec to the end and returns the stored Benchmark.
async function run(who, spec) {
  const job = await waitFor(who, (await start(who, spec)).id);
  assert.equal(job.status, 'succeeded', JSON.stringify(job));
  const b = (await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: job.result.benchmark_id }, expect: 200 })).body;
  assert.equal(b.id, job.result.benchmark_id);
  checkBenchmark(b);
  assert.equal(b.created_by, as[who].user.id);
  assert.equal(b.created_by_name, as[who].user.display_name);
  return { job, b };
}

// Rules of any stored run that a schema cannot express.
function checkBenchmark(b) {
  const where = `benchmark ${b.id} (${b.kind})`;
  assert.equal(b.kind, b.spec.kind, `${where}: kind`);
  const ins = b.variables.filter((v) => v.side === 'input');
  const outs = b.variables.filter((v) => v.side === 'output');
  assert.deepEqual(b.variables.map((v) => v.side), [...ins.map(() => 'input'), ...outs.map(() => 'output')], `${where}: inputs, then outputs`);
  assert.deepEqual(ins.map((v) => [v.source, v.key]), b.spec.inputs.map((v) => [v.source, v.key ?? null]), `${where}: inputs as in the spec`);
  assert.deepEqual(outs.map((v) => [v.source, v.key]), b.spec.outputs.map((v) => [v.source, v.key ?? null]), `${where}: outputs as in the spec`);
  for (const v of b.variables) {
    const name = v.source === 'spending' ? (v.key === null ? 'spending' : `spending_${v.key}`) : v.key;
    assert.equal(v.name, name, `${where}: the column name of ${v.source} ${v.key}`);
  }
  assert.equal(b.rts, b.spec.rts ?? 'crs');
  assert.equal(b.orientation, b.spec.orientation ?? 'input');
  const leftIds = b.left_out.map((l) => l.body_id);
  assert.equal(new Set(leftIds).size, leftIds.length, `${where}: a body is left out once`);
  for (const l of b.left_out) assert.ok(l.reason.length > 0, `${where}: ${l.name} left out with a reason`);
  if (b.kind === 'dea') {
    assert.deepEqual(b.malmquist, [], `${where}: no Malmquist rows`);
    assert.equal(b.period, b.spec.period);
    assert.equal(b.results.length, b.units, `${where}: one result per unit`);
    const unitIds = b.results.map((r) => r.body_id);
    assert.equal(new Set(unitIds).size, unitIds.length);
    assert.ok(!unitIds.some((id) => leftIds.includes(id)), `${where}: a unit is not left out`);
    const optimal = b.results.filter((r) => r.status === 'optimal');
    for (const r of b.results) {
      assert.equal(r.inputs.length, ins.length);
      assert.equal(r.outputs.length, outs.length);
      assert.equal(r.rank === null, r.status !== 'optimal', `${where}: ${r.name} ranked exactly when optimal`);
      if (r.status !== 'optimal') continue;
      if (b.orientation === 'input' && !b.spec.super_efficiency) assert.ok(r.efficiency > 0 && r.efficiency <= 1 + 1e-9, `${where}: θ of ${r.name} = ${r.efficiency}`);
      if (b.orientation === 'output') {
        if (!b.spec.super_efficiency) assert.ok(r.efficiency >= 1 - 1e-9, `${where}: φ of ${r.name} = ${r.efficiency}`);
        assert.ok(near(r.te, 1 / r.efficiency, 1e-9), `${where}: te = 1/φ for ${r.name}`);
      } else assert.equal(r.te, null, `${where}: te only for output orientation`);
      for (const p of r.peers) assert.ok(unitIds.includes(p.body_id) && p.lambda >= -1e-9, `${where}: peer ${p.name} of ${r.name}`);
      for (const k of ['input_slacks', 'output_slacks']) assert.equal(r[k] !== null, Boolean(b.spec.slacks), `${where}: ${k} exactly when slacks were asked for`);
      if (b.spec.slacks) for (const k of ['input_targets', 'output_targets']) assert.notEqual(r[k], null, `${where}: ${k} with slacks`);
      for (const k of ['input_slacks', 'output_slacks', 'input_targets', 'output_targets'])
        if (r[k]) assert.equal(r[k].length, k.startsWith('input') ? ins.length : outs.length, `${where}: one ${k} per variable`);
      for (const s of [...(r.input_slacks ?? []), ...(r.output_slacks ?? [])]) assert.ok(s >= -1e-9, `${where}: slack ${s}`);
      assert.equal(r.bootstrap !== null, (b.spec.bootstrap ?? 0) > 0, `${where}: bootstrap exactly when asked for`);
    }
    // Best first; rank 1 = most efficient; ties share a rank (competition ranking).
    const better = (x, y) => (b.orientation === 'output' ? x < y : x > y);
    for (let i = 1; i < optimal.length; i++) {
      const [prev, cur] = [optimal[i - 1], optimal[i]];
      assert.ok(!better(cur.efficiency, prev.efficiency + (b.orientation === 'output' ? -1e-12 : 1e-12)), `${where}: best first`);
      // Equal efficiencies (to rounding) share a rank; otherwise the rank is the position.
      const tie = near(cur.efficiency, prev.efficiency, 1e-9);
      if (cur.efficiency === prev.efficiency) assert.equal(cur.rank, prev.rank, `${where}: ${cur.name} ties ${prev.name}`);
      else if (tie) assert.ok(cur.rank === prev.rank || cur.rank === i + 1, `${where}: rank of ${cur.name}`);
      else assert.equal(cur.rank, i + 1, `${where}: rank of ${cur.name}`);
    }
    if (optimal.length) assert.equal(optimal[0].rank, 1);
    const onFrontier = optimal.filter((r) => Math.abs((r.te ?? r.efficiency) - 1) <= 1e-6).length;
    if (!b.spec.super_efficiency) assert.equal(b.efficient, onFrontier, `${where}: efficient counts the units at 1`);
  } else {
    assert.deepEqual(b.results, [], `${where}: no DEA results`);
    assert.deepEqual(b.periods, [...b.periods].sort(), `${where}: periods in time order`);
    const pairs = b.periods.slice(1).map((p, i) => [b.periods[i], p]);
    let last = null;
    for (const r of b.malmquist) {
      const pair = pairs.findIndex(([from, to]) => from === r.period_from && to === r.period_to);
      assert.ok(pair >= 0, `${where}: ${r.period_from} to ${r.period_to} is a pair of adjacent periods`);
      if (last) assert.ok(pair > last.pair || (pair === last.pair && r.name > last.name), `${where}: by period pair, then body name`);
      last = { pair, name: r.name };
      assert.ok(!leftIds.includes(r.body_id));
      if (r.status !== 'optimal') continue;
      assert.ok(near(r.malmquist, r.efficiency_change * r.technical_change, 1e-9), `${where}: ${r.name} ${r.period_from}: malmquist = efficiency change × technical change`);
      const vrs = b.rts === 'vrs';
      assert.equal(r.pure_efficiency_change !== null, vrs, `${where}: pure efficiency change exactly with vrs`);
      assert.equal(r.scale_efficiency_change !== null, vrs);
      if (vrs) assert.ok(near(r.efficiency_change, r.pure_efficiency_change * r.scale_efficiency_change, 1e-9), `${where}: efficiency change = pure × scale`);
    }
    const unitIds = new Set(b.malmquist.map((r) => r.body_id));
    assert.equal(b.units, unitIds.size, `${where}: units`);
  }
}

// Every stored run, newest first, following the cursor.
async function allRuns(query = {}) {
  const items = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const res = (await as.viewer.call('GET', '/benchmarks', { query: { ...query, cursor }, expect: 200 })).body;
    items.push(...res.items);
    cursor = res.next_cursor;
    if (cursor === null) return items;
  }
  assert.fail('more than 100 pages of runs');
}

const ONE_BY_ONE = {
  kind: 'dea',
  title: '',
  period: '2023-24',
  inputs: [{ source: 'spending', key: null }],
  outputs: [{ source: 'activity', key: 'home_care_hours' }],
  rts: 'crs',
  orientation: 'input',
};

describe('models and variables', () => {
  test('GET /benchmark-models: every returns-to-scale, orientation and source, up to 2000 bootstrap replicates', async () => {
    const m = (await as.viewer.call('GET', '/benchmark-models', { expect: 200 })).body;
    assert.deepEqual(m.returns_to_scale.map((x) => x.key), ['crs', 'vrs', 'nirs', 'ndrs']);
    assert.deepEqual(m.orientations.map((x) => x.key), ['input', 'output']);
    assert.deepEqual(m.sources.map((x) => x.key), ['spending', 'activity', 'indicator']);
    for (const x of [...m.returns_to_scale, ...m.orientations, ...m.sources]) assert.ok(x.title && x.description, `${x.key}: a title and a description`);
    assert.equal(m.max_bootstrap, 2000);
  });

  test('GET /benchmark-variables: every spending line and the total, every activity, every indicator, with their periods', async () => {
    const items = (await as.assessor.call('GET', '/benchmark-variables', { expect: 200 })).body.items;
    const names = items.map((v) => v.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    const periods8 = PERIODS.map((period) => ({ period, bodies: COUNCILS.length }));
    const lines = [...new Set(inputs.map((r) => r.input))].sort();
    const spend = items.filter((v) => v.source === 'spending');
    assert.deepEqual(spend.map((v) => [v.key, v.name]).sort(), [[null, 'spending'], ...lines.map((l) => [l, `spending_${l}`])].sort());
    for (const v of spend) assert.deepEqual([v.polarity, v.periods], [null, periods8], v.name);
    const acts = items.filter((v) => v.source === 'activity');
    assert.deepEqual(acts.map((v) => v.key).sort(), [...new Set(activity.map((r) => r.activity))].sort());
    for (const v of acts) assert.deepEqual([v.name, v.polarity, v.periods], [v.key, null, periods8], v.name);
    const indicators = (await as.viewer.call('GET', '/indicators', { expect: 200 })).body.items;
    const inds = items.filter((v) => v.source === 'indicator');
    assert.deepEqual(inds.map((v) => v.key).sort(), indicators.map((i) => i.key).sort(), 'every indicator');
    for (const v of inds) {
      const ind = indicators.find((i) => i.key === v.key);
      assert.deepEqual([v.name, v.polarity], [v.key, ind.polarity], v.key);
      assert.deepEqual(v.periods.map((p) => p.period), ind.periods, `${v.key}: the indicator's periods`);
      if (indicatorDefs[v.key]) {
        for (const p of v.periods) {
          const published = new Set(ref.rows.filter((r) => r.measure === v.key && r.period === p.period && r.value !== null).map((r) => r.code));
          assert.equal(p.bodies, published.size, `${v.key} ${p.period}: bodies with a published value`);
        }
      }
    }
    for (const v of items) assert.ok(v.label.length > 0, `${v.name} has a label`);
  });
});

describe('stored runs', () => {
  test('GET /benchmarks: whatever runs the demo stores are listed, newest first, and each can be read', async () => {
    const seeded = await allRuns();
    ctx.seeded = seeded.map((s) => s.id);
    for (let i = 1; i < seeded.length; i++) assert.ok(seeded[i - 1].created_at >= seeded[i].created_at, 'newest first');
    for (const s of seeded) {
      const b = (await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: s.id }, expect: 200 })).body;
      checkBenchmark(b);
      const { spec, variables, left_out, warnings, results, malmquist, ...summary } = b;
      assert.deepEqual(summary, s, `run ${s.id}: the summary is the run's head`);
      const csv = await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: s.id }, query: { format: 'csv' }, expect: 200 });
      const rows = parseCsv(csv.body.replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
      assert.equal(rows.length - 1, b.kind === 'dea' ? b.results.length : b.malmquist.length, `run ${s.id}: one CSV row per result`);
    }
  });
});

describe('DEA', () => {
  test('POST /benchmarks as treasury: 202 and Location; the job succeeds and stores the run', async () => {
    const job = await start('treasury_analyst', ONE_BY_ONE);
    const done = await waitFor('treasury_analyst', job.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.deepEqual([done.id, done.kind, done.owner_user_id, done.created_at], [job.id, 'dea', as.treasury_analyst.user.id, job.created_at]);
    ctx.jobs.oneByOne = done;
  });

  test('GET /benchmarks/{id}: the 8 councils with data are the units, θ as worked out by hand (CRS, input)', async () => {
    const id = ctx.jobs.oneByOne.result.benchmark_id;
    const b = (await as.viewer.call('GET', '/benchmarks/{id}', { params: { id }, expect: 200 })).body;
    checkBenchmark(b);
    ctx.runs.oneByOne = b;
    assert.deepEqual([b.kind, b.period, b.rts, b.orientation, b.units], ['dea', '2023-24', 'crs', 'input', 8]);
    assert.deepEqual([b.group.scope, b.group.group_id], ['all', null]);
    assert.deepEqual([b.created_by, b.created_by_name], [as.treasury_analyst.user.id, as.treasury_analyst.user.display_name]);
    assert.ok(b.title.length > 0, 'an empty title is made from the variables');
    assert.ok(b.seconds >= 0);
    assert.deepEqual(b.variables.map((v) => [v.side, v.source, v.key, v.name]), [['input', 'spending', null, 'spending'], ['output', 'activity', 'home_care_hours', 'home_care_hours']]);
    assert.deepEqual(b.warnings, []);
    assert.deepEqual(b.results.map((r) => r.code).sort(), [...COUNCILS].sort(), 'the councils with spending and activity are the units');
    for (const l of b.left_out) assert.deepEqual([l.body_id, l.name], [idOf(l.code), bodies[l.code].name]);

    const units = COUNCILS.map((code) => ({ code, x: spending(code, '2023-24'), y: volume(code, '2023-24', 'home_care_hours') }));
    const theta = crsOneByOne(units);
    for (const r of b.results) {
      const u = units.find((x) => x.code === r.code);
      assert.deepEqual([r.body_id, r.name, r.status], [idOf(r.code), bodies[r.code].name, 'optimal']);
      assert.ok(close(r.inputs[0], u.x) && close(r.outputs[0], u.y), `${r.name}: the values used are nominal spending and hours (${r.inputs} ${r.outputs})`);
      assert.ok(r.efficiency > 0 && r.efficiency <= 1 + 1e-9);
      assert.ok(near(r.efficiency, theta[r.code], 1e-6), `${r.name}: θ ${r.efficiency}, by hand ${theta[r.code]}`);
      assert.deepEqual([r.te, r.input_slacks, r.output_slacks, r.bootstrap], [null, null, null, null]);
      // Targets, when given: the radial projection (θx, y) with no slacks in one dimension.
      if (r.input_targets) assert.ok(near(r.input_targets[0], r.efficiency * u.x, 1e-6) && near(r.output_targets[0], u.y, 1e-6), `${r.name}: targets`);
    }
    const best = b.results.filter((r) => Math.abs(r.efficiency - 1) <= 1e-9);
    assert.ok(best.length >= 1, 'at least one unit is efficient');
    assert.equal(b.efficient, best.length);
    assert.equal(b.results[0].rank, 1);
    // With one input and one output the peer is the best ratio, at λ = y_i / y_peer.
    const top = units.reduce((m, u) => (u.y / u.x > m.y / m.x ? u : m));
    for (const r of b.results.filter((x) => x.code !== top.code)) {
      assert.deepEqual(r.peers.map((p) => p.body_id), [idOf(top.code)], `${r.name}: peer`);
      assert.ok(near(r.peers[0].lambda, r.outputs[0] / top.y, 1e-6), `${r.name}: λ ${r.peers[0].lambda}`);
      assert.equal(r.peers[0].name, bodies[top.code].name);
    }
  });

  test('left_out: `all` means the bodies with a value for any of the run\'s variables, so here none is left out', () => {
    // Only the eight demo councils have spending or activity data, and each has both.
    const b = ctx.runs.oneByOne;
    assert.deepEqual(b.left_out, []);
  });

  test('GET /benchmarks/{id}?format=csv: the documented columns, one row per unit, as in the JSON', async () => {
    const b = ctx.runs.oneByOne;
    const res = await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: b.id }, query: { format: 'csv' }, expect: 200 });
    assert.match(res.contentType, /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename=".+\.csv"$/);
    const [header, ...rows] = parseCsv(res.body.replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
    assert.deepEqual(header, ['code', 'body', 'rank', 'efficiency', 'status', 'spending', 'home_care_hours', 'peers']);
    assert.deepEqual(rows.map((r) => r[0]), b.results.map((r) => r.code), 'in the order of the results');
    for (const [i, row] of rows.entries()) {
      const r = b.results[i];
      const cell = Object.fromEntries(header.map((h, j) => [h, row[j]]));
      assert.deepEqual([cell.body, Number(cell.rank), cell.status], [r.name, r.rank, r.status]);
      assert.ok(near(Number(cell.efficiency), r.efficiency, 1e-6), `${r.code}: efficiency ${cell.efficiency}`);
      assert.ok(near(Number(cell.spending), r.inputs[0], 1e-9) && near(Number(cell.home_care_hours), r.outputs[0], 1e-9));
      const peers = cell.peers === '' ? [] : cell.peers.split(';').map((p) => p.split(':'));
      assert.deepEqual(peers.map(([code]) => code), r.peers.map((p) => codeOf(p.body_id)), `${r.code}: peers as CODE:lambda`);
      for (const [j, [, lambda]] of peers.entries()) assert.ok(Math.abs(Number(lambda) - r.peers[j].lambda) <= 5e-4 + 1e-6 * r.peers[j].lambda, `${r.code}: λ ${lambda}`);
    }
    await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: b.id }, query: { format: 'pdf' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('super-efficiency: the frontier unit is measured against the others (by hand)', async () => {
    const { b } = await run('admin', { ...ONE_BY_ONE, title: 'Super-efficiency', super_efficiency: true });
    assert.equal(b.title, 'Super-efficiency');
    const units = COUNCILS.map((code) => ({ code, x: spending(code, '2023-24'), y: volume(code, '2023-24', 'home_care_hours') }));
    const theta = crsOneByOne(units, { superEfficiency: true });
    for (const r of b.results) assert.ok(near(r.efficiency, theta[r.code], 1e-6), `${r.name}: ${r.efficiency}, by hand ${theta[r.code]}`);
    assert.ok(b.results[0].efficiency > 1, 'the best unit scores above 1');
    ctx.runs.superEfficiency = b;
  });

  test('within a type: Leeds and the other metropolitan districts with data', async () => {
    const { b } = await run('treasury_analyst', { ...ONE_BY_ONE, group: 'type', body: idOf(LEEDS) });
    assert.deepEqual(b.results.map((r) => r.code).sort(), [...METROPOLITAN].sort());
    assert.deepEqual(b.left_out.map((l) => l.code).sort(), [...metDistricts].filter((c) => !METROPOLITAN.includes(c)).sort());
    assert.equal(b.group.scope, 'type');
    const units = METROPOLITAN.map((code) => ({ code, x: spending(code, '2023-24'), y: volume(code, '2023-24', 'home_care_hours') }));
    const theta = crsOneByOne(units);
    for (const r of b.results) assert.ok(near(r.efficiency, theta[r.code], 1e-6), `${r.name}: ${r.efficiency}, by hand ${theta[r.code]}`);
  });

  test('VRS, output-oriented, slacks, targets and a bootstrap: φ ≥ 1, te = 1/φ, every column of the CSV', async () => {
    const spec = {
      kind: 'dea',
      title: 'Two lines, two activities',
      period: '2022-23',
      inputs: [{ source: 'spending', key: 'purchased_care' }, { source: 'spending', key: 'staff' }],
      outputs: [{ source: 'activity', key: 'home_care_hours' }, { source: 'activity', key: 'residential_care_weeks' }],
      rts: 'vrs',
      orientation: 'output',
      slacks: true,
      bootstrap: 100,
      seed: 7,
    };
    const { b } = await run('treasury_analyst', spec);
    ctx.runs.full = b;
    assert.equal(b.units, 8);
    for (const r of b.results) {
      assert.ok(close(r.inputs[0], spending(r.code, '2022-23', 'purchased_care')) && close(r.inputs[1], spending(r.code, '2022-23', 'staff')));
      assert.ok(close(r.outputs[1], volume(r.code, '2022-23', 'residential_care_weeks')));
      // Output orientation: the targets produce φ times the outputs plus the slacks.
      for (let k = 0; k < 2; k++) assert.ok(near(r.output_targets[k], r.efficiency * r.outputs[k] + r.output_slacks[k], 1e-6), `${r.name}: output target ${k}`);
      for (let k = 0; k < 2; k++) assert.ok(near(r.input_targets[k], r.inputs[k] - r.input_slacks[k], 1e-6), `${r.name}: input target ${k}`);
      const bs = r.bootstrap;
      assert.ok(bs.replicates_used > 0 && bs.replicates_used <= 100, `${r.name}: ${bs.replicates_used} replicates`);
      assert.ok(bs.lower <= bs.upper, `${r.name}: interval`);
    }
    const res = await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: b.id }, query: { format: 'csv' }, expect: 200 });
    const [header, ...rows] = parseCsv(res.body.replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
    const names = ['spending_purchased_care', 'spending_staff', 'home_care_hours', 'residential_care_weeks'];
    assert.deepEqual(header, [
      'code', 'body', 'rank', 'efficiency', 'te', 'status', ...names, ...names.map((n) => `slack_${n}`), 'peers', ...names.map((n) => `target_${n}`),
      'bias_corrected', 'bias', 'ci_lower', 'ci_upper', 'replicates_used',
    ]);
    assert.equal(rows.length, 8);
    for (const [i, row] of rows.entries()) {
      const r = b.results[i];
      const cell = Object.fromEntries(header.map((h, j) => [h, row[j]]));
      assert.equal(cell.code, r.code);
      assert.ok(near(Number(cell.te), r.te, 1e-6) && near(Number(cell.slack_spending_staff), r.input_slacks[1], 1e-6));
      assert.ok(near(Number(cell.target_home_care_hours), r.output_targets[0], 1e-6));
      assert.ok(near(Number(cell.ci_lower), r.bootstrap.lower, 1e-6) && Number(cell.replicates_used) === r.bootstrap.replicates_used);
    }
  });

  test('a lower-is-better indicator given as an output gets a warning', async () => {
    await as.admin.call('PUT', '/indicators/{key}', { params: { key: 'TSTBMLOW' }, body: { name: 'Delayed transfers (benchmark test)', unit: 'days', polarity: 'lower' }, expect: 200 });
    const csv = ['indicator,body,period,value', ...COUNCILS.map((c, i) => `TSTBMLOW,${c},2023-24,${10 + i}`)].join('\n') + '\n';
    await as.admin.call('POST', '/imports/{kind}', { params: { kind: 'observations' }, raw: csv, contentType: 'text/csv', expect: 200 });
    const { b } = await run('treasury_analyst', { ...ONE_BY_ONE, outputs: [{ source: 'indicator', key: 'TSTBMLOW' }] });
    assert.equal(b.units, 8);
    assert.ok(b.warnings.some((w) => w.includes('TSTBMLOW') || w.includes('Delayed transfers (benchmark test)')), `a warning names the indicator: ${JSON.stringify(b.warnings)}`);
  });
});

describe('Malmquist', () => {
  test('2018-19 to 2023-24, CRS: 5 pairs × 8 councils; M = the change in y/x with x deflated (by hand)', async () => {
    const spec = { kind: 'malmquist', title: '', periods: PERIODS, inputs: [{ source: 'spending', key: null }], outputs: [{ source: 'activity', key: 'home_care_hours' }], rts: 'crs' };
    const { b } = await run('treasury_analyst', spec);
    ctx.runs.malmquist = b;
    assert.deepEqual([b.kind, b.periods, b.rts, b.units], ['malmquist', PERIODS, 'crs', 8]);
    assert.equal(b.malmquist.length, 5 * 8, 'rows for 5 period pairs × 8 bodies');
    const base = PERIODS[0];
    const x = (code, p) => realSpending(code, p, base);
    const y = (code, p) => volume(code, p, 'home_care_hours');
    for (let i = 0; i < 5; i++) {
      const [t0, t1] = [PERIODS[i], PERIODS[i + 1]];
      const rows = b.malmquist.filter((r) => r.period_from === t0);
      assert.deepEqual(rows.map((r) => r.name), COUNCILS.map((c) => bodies[c].name).sort(), `${t0}: every council, by name`);
      const theta0 = crsOneByOne(COUNCILS.map((code) => ({ code, x: x(code, t0), y: y(code, t0) })));
      const theta1 = crsOneByOne(COUNCILS.map((code) => ({ code, x: x(code, t1), y: y(code, t1) })));
      for (const r of rows) {
        const code = r.code;
        assert.deepEqual([r.body_id, r.period_to, r.status], [idOf(code), t1, 'optimal']);
        const m = y(code, t1) / x(code, t1) / (y(code, t0) / x(code, t0));
        assert.ok(near(r.malmquist, m, 1e-6), `${r.name} ${t0}→${t1}: M ${r.malmquist}, by hand ${m}`);
        assert.ok(near(r.efficiency_change, theta1[code] / theta0[code], 1e-6), `${r.name} ${t0}→${t1}: efficiency change`);
        assert.ok(near(r.malmquist, r.efficiency_change * r.technical_change, 1e-9));
        assert.deepEqual([r.pure_efficiency_change, r.scale_efficiency_change], [null, null]);
      }
    }
    const res = await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: b.id }, query: { format: 'csv' }, expect: 200 });
    assert.match(res.contentType, /^text\/csv/);
    const [header, ...rows] = parseCsv(res.body.replace(/^\uFEFF/, '')).filter((r) => r.length > 1 || r[0] !== '');
    assert.deepEqual(header, ['code', 'body', 'period_from', 'period_to', 'malmquist', 'efficiency_change', 'technical_change']);
    assert.deepEqual(rows.map((r) => `${r[0]} ${r[2]} ${r[3]}`), b.malmquist.map((r) => `${r.code} ${r.period_from} ${r.period_to}`));
    for (const [i, row] of rows.entries()) assert.ok(near(Number(row[4]), b.malmquist[i].malmquist, 1e-6));
  });

  test('VRS, periods given out of order: run in time order, efficiency change = pure × scale, and the CSV says so', async () => {
    const spec = { kind: 'malmquist', periods: ['2023-24', '2021-22', '2022-23'], inputs: [{ source: 'spending', key: null }], outputs: [{ source: 'activity', key: 'home_care_hours' }, { source: 'activity', key: 'assessments' }], rts: 'vrs' };
    const { b } = await run('admin', spec);
    assert.deepEqual(b.periods, ['2021-22', '2022-23', '2023-24']);
    assert.equal(b.malmquist.length, 2 * 8);
    const res = await as.viewer.call('GET', '/benchmarks/{id}', { params: { id: b.id }, query: { format: 'csv' }, expect: 200 });
    const [header] = parseCsv(res.body.replace(/^\uFEFF/, ''));
    assert.deepEqual(header, ['code', 'body', 'period_from', 'period_to', 'malmquist', 'efficiency_change', 'technical_change', 'pure_efficiency_change', 'scale_efficiency_change']);
    ctx.runs.malmquistVrs = b;
  });
});

describe('listing', () => {
  test('GET /benchmarks?body=&kind=&limit=&cursor=: runs with the body as a unit, one kind, pages newest first', async () => {
    const mine = [ctx.runs.oneByOne, ctx.runs.superEfficiency, ctx.runs.full, ctx.runs.malmquist, ctx.runs.malmquistVrs].map((b) => b.id);
    const leeds = await allRuns({ body: idOf(LEEDS) });
    for (const id of mine) assert.ok(leeds.some((s) => s.id === id), `run ${id} includes Leeds`);
    const dfe = await allRuns({ body: bodies.DFE.id });
    assert.ok(!dfe.some((s) => mine.includes(s.id)), 'a body that is not a unit has none of them');
    const bradford = await allRuns({ body: idOf('E08000032') });
    assert.ok(!bradford.some((s) => s.id === ctx.runs.oneByOne.id), 'a left-out body is not a unit');

    const malmquist = await allRuns({ kind: 'malmquist' });
    assert.ok(malmquist.every((s) => s.kind === 'malmquist'));
    assert.ok(malmquist.some((s) => s.id === ctx.runs.malmquist.id) && malmquist.some((s) => s.id === ctx.runs.malmquistVrs.id));
    const dea = await allRuns({ kind: 'dea', body: idOf(LEEDS) });
    assert.ok(dea.every((s) => s.kind === 'dea') && dea.some((s) => s.id === ctx.runs.oneByOne.id) && !dea.some((s) => s.id === ctx.runs.malmquist.id));

    const all = await allRuns();
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      assert.ok(a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id), `newest first: ${a.id} ${a.created_at}, ${b.id} ${b.created_at}`);
    }
    const paged = await allRuns({ limit: 2 });
    assert.deepEqual(paged.map((s) => s.id), all.map((s) => s.id), 'pages of 2 give the same runs in the same order');
    const first = (await as.viewer.call('GET', '/benchmarks', { query: { limit: 1 }, expect: 200 })).body;
    assert.equal(first.items.length, 1);
    assert.equal(typeof first.next_cursor, 'string');
    const summary = all.find((s) => s.id === ctx.runs.malmquist.id);
    const { spec, variables, left_out, warnings, results, malmquist: rows, ...head } = ctx.runs.malmquist;
    assert.deepEqual(summary, head, 'the summary is the run without its details');
    assert.equal(summary.efficient, null, 'no efficient count for Malmquist');
    await as.viewer.call('GET', '/benchmarks', { query: { kind: 'sfa' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/benchmarks', { query: { limit: -1 }, expect: 422, code: 'invalid_input' });
  });
});

describe('jobs', () => {
  test('roles: viewers, body leads and assessors may not start a run', async () => {
    for (const who of ['viewer', 'body_lead', 'assessor']) await as[who].call('POST', '/benchmarks', { body: ONE_BY_ONE, expect: 403, code: 'forbidden' });
  });

  test("a job is visible to its owner only: another user's GET, DELETE and events answer 404", async () => {
    const id = ctx.jobs.oneByOne.id;
    await as.treasury_analyst.call('GET', '/jobs/{id}', { params: { id }, expect: 200 });
    for (const who of ['admin', 'viewer']) {
      await as[who].call('GET', '/jobs/{id}', { params: { id }, expect: 404, code: 'not_found' });
      await as[who].call('DELETE', '/jobs/{id}', { params: { id }, expect: 404, code: 'not_found' });
      await as[who].call('GET', '/jobs/{id}/events', { params: { id }, expect: 404, code: 'not_found' });
    }
    await as.treasury_analyst.call('GET', '/jobs/{id}', { params: { id: 'no-such-job' }, expect: 404, code: 'not_found' });
  });

  test('DELETE /jobs/{id} on a finished job: 409 conflict', async () => {
    await as.treasury_analyst.call('DELETE', '/jobs/{id}', { params: { id: ctx.jobs.oneByOne.id }, expect: 409, code: 'conflict' });
  });

  test('DELETE /jobs/{id} on a queued or running job: 202, it ends cancelled and stores nothing', async () => {
    const before = (await allRuns()).map((s) => s.id);
    // A long run (every council with both indicators, 2000 replicates) and a short one behind it.
    const long = { kind: 'dea', period: '2022-23', inputs: [{ source: 'indicator', key: 'ASC6' }], outputs: [{ source: 'indicator', key: 'ASC5' }], rts: 'vrs', bootstrap: 2000, seed: 3 };
    const started = [];
    let accepted = 0;
    for (let attempt = 0; attempt < 3 && accepted < 2; attempt++) {
      const a = await start('treasury_analyst', long);
      const b = await start('treasury_analyst', ONE_BY_ONE);
      started.push(a.id, b.id);
      for (const job of [b, a]) {
        const res = await as.treasury_analyst.call('DELETE', '/jobs/{id}', { params: { id: job.id } });
        if (res.status === 409) {
          assert.equal(res.body.error.code, 'conflict');
          continue;
        }
        assert.equal(res.status, 202, JSON.stringify(res.body));
        checkJob(res.body, { owner: as.treasury_analyst });
        assert.equal(res.body.id, job.id);
        assert.ok(res.body.cancel_requested || res.body.status === 'cancelled', JSON.stringify(res.body));
        accepted++;
      }
    }
    assert.ok(accepted > 0, 'at least one cancel came in time');
    const outcomes = [];
    for (const id of started) outcomes.push(await waitFor('treasury_analyst', id));
    const cancelled = outcomes.filter((j) => j.status === 'cancelled');
    assert.ok(cancelled.length > 0, `some job ended cancelled: ${outcomes.map((j) => j.status)}`);
    for (const j of cancelled) assert.deepEqual([j.error.code, 'result' in j], ['cancelled', false]);
    const stored = outcomes.filter((j) => j.status === 'succeeded').map((j) => j.result.benchmark_id);
    const now = (await allRuns()).map((s) => s.id);
    assert.deepEqual(now.filter((id) => !before.includes(id)).sort((x, y) => x - y), stored.sort((x, y) => x - y), 'only the runs that succeeded are stored');
    // Tidy up: the long runs that finished anyway are not needed.
    for (const id of stored) await as.treasury_analyst.call('DELETE', '/benchmarks/{id}', { params: { id }, expect: 204 });
  });

  test('GET /jobs/{id}/events: progress events, then one `event: done` with the final job', async () => {
    // Long enough (every council with both indicators, 200 replicates) to report progress on the way.
    const job = await start('treasury_analyst', { kind: 'dea', period: '2022-23', inputs: [{ source: 'indicator', key: 'ASC6' }], outputs: [{ source: 'indicator', key: 'ASC5' }], rts: 'vrs', bootstrap: 200, seed: 2 });
    const res = await as.treasury_analyst.call('GET', '/jobs/{id}/events', { params: { id: job.id }, expect: 200 });
    assert.match(res.contentType, /^text\/event-stream/);
    const events = parseEvents(res.body);
    assert.ok(events.length >= 2, `progress, then done:\n${res.body.slice(0, 500)}`);
    assert.equal(events.at(-1).event, 'done', `the stream ends with event: done:\n${res.body.slice(-500)}`);
    assert.equal(events.filter((e) => e.event === 'done').length, 1);
    for (const e of events.slice(0, -1)) {
      assert.equal(e.event, 'progress');
      assert.deepEqual(Object.keys(e.data).sort(), ['done', 'fraction', 'message', 'status', 'total']);
      assert.ok(['queued', 'running'].includes(e.data.status));
      assert.equal(e.data.fraction, e.data.total > 0 ? e.data.done / e.data.total : null);
    }
    const done = events.at(-1).data;
    assert.deepEqual(contract.checkSchema('Job', done), []);
    checkJob(done, { kind: 'dea', owner: as.treasury_analyst });
    assert.equal(done.status, 'succeeded');
    assert.deepEqual((await as.treasury_analyst.call('GET', '/jobs/{id}', { params: { id: job.id }, expect: 200 })).body, done, 'the final job, as GET /jobs/{id} has it');
    // A finished job's stream is just its end.
    const again = parseEvents((await as.treasury_analyst.call('GET', '/jobs/{id}/events', { params: { id: job.id }, expect: 200 })).body);
    assert.deepEqual(again.map((e) => e.event), ['done']);
    assert.deepEqual(again[0].data, done);
    await as.treasury_analyst.call('DELETE', '/benchmarks/{id}', { params: { id: done.result.benchmark_id }, expect: 204 });
  });
});

describe('a run that fails', () => {
  test('fewer than two units (Leeds alone in its region): the job fails with the reason and stores nothing', async () => {
    const before = (await allRuns()).map((x) => x.id);
    const job = await waitFor('treasury_analyst', (await start('treasury_analyst', { ...ONE_BY_ONE, group: 'region', body: idOf(LEEDS) })).id);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.equal(job.error.code, 'invalid_input');
    assert.ok(job.error.message.length > 0);
    assert.deepEqual((await allRuns()).map((x) => x.id), before, 'a failed run stores nothing');
  });
});

describe('checks before a run', () => {
  const refuse = async (spec, wheres) => {
    const res = await as.treasury_analyst.call('POST', '/benchmarks', { body: spec, expect: 422, code: 'invalid_input' });
    // `where` is the JSON path, with or without the root (`$.rts` or `rts`), as elsewhere in the API.
    const got = res.body.error.details.map((d) => d.where.replace(/^\$\./, ''));
    for (const w of wheres) assert.ok(got.includes(w), `details name ${w}: ${JSON.stringify(res.body.error.details)}`);
    return res.body.error.details;
  };

  test('422 with every problem, `where` = the JSON path', async () => {
    await refuse({ ...ONE_BY_ONE, outputs: [{ source: 'indicator', key: 'NOPE' }] }, ['outputs[0].key']);
    await refuse({ ...ONE_BY_ONE, inputs: [{ source: 'spending', key: null }, { source: 'spending', key: 'no_such_line' }] }, ['inputs[1].key']);
    await refuse({ ...ONE_BY_ONE, outputs: [{ source: 'activity', key: 'no_such_activity' }] }, ['outputs[0].key']);
    await refuse({ kind: 'malmquist', periods: PERIODS, inputs: ONE_BY_ONE.inputs, outputs: ONE_BY_ONE.outputs, rts: 'nirs' }, ['rts']);
    await refuse({ kind: 'malmquist', periods: ['2023-24'], inputs: ONE_BY_ONE.inputs, outputs: ONE_BY_ONE.outputs }, ['periods']);
    const both = await refuse({ kind: 'malmquist', periods: ['2023-24'], inputs: ONE_BY_ONE.inputs, outputs: ONE_BY_ONE.outputs, rts: 'ndrs' }, ['rts', 'periods']);
    assert.ok(both.length >= 2, 'every problem is listed');
    await refuse({ ...ONE_BY_ONE, outputs: [] }, ['outputs']);
    await refuse({ ...ONE_BY_ONE, rts: 'sideways' }, ['rts']);
    await refuse({ ...ONE_BY_ONE, orientation: 'diagonal' }, ['orientation']);
    await refuse({ ...ONE_BY_ONE, inputs: [{ source: 'money', key: null }] }, ['inputs[0].source']);
    await refuse({ ...ONE_BY_ONE, bootstrap: 50 }, ['bootstrap']);
    await refuse({ ...ONE_BY_ONE, bootstrap: 2001 }, ['bootstrap']);
    await refuse({ ...ONE_BY_ONE, colour: 'red' }, ['colour']);
    await refuse({ ...ONE_BY_ONE, group: 'group', group_id: 999999 }, ['group_id']);
    const dupe = await as.treasury_analyst.call('POST', '/benchmarks', { body: { ...ONE_BY_ONE, inputs: [ONE_BY_ONE.inputs[0], ONE_BY_ONE.inputs[0]] }, expect: 422, code: 'invalid_input' });
    assert.ok(dupe.body.error.details.some((d) => d.where.replace(/^\$\./, '').startsWith('inputs[1]')), JSON.stringify(dupe.body.error.details));
    await as.treasury_analyst.call('POST', '/benchmarks', { body: { ...ONE_BY_ONE, bootstrap: 100, super_efficiency: true }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/benchmarks', { body: { kind: 'dea', inputs: ONE_BY_ONE.inputs, outputs: ONE_BY_ONE.outputs }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/benchmarks', { raw: '{"kind":', expect: 400, code: 'invalid_input' });
  });

  test('422 lists every problem, whatever its kind: a bad choice and an unknown variable together', async () => {
    await refuse({ ...ONE_BY_ONE, rts: 'sideways', outputs: [{ source: 'indicator', key: 'NOPE' }] }, ['rts', 'outputs[0].key']);
  });
});

describe('nearest neighbours', () => {
  const period = '2022-23';
  const indicators = ['ASC5', 'ASC6'];
  // Every council with a published value of both indicators in the period.
  const values = {};
  for (const r of ref.rows.filter((x) => x.period === period && indicators.includes(x.measure) && x.value !== null)) {
    values[r.code] ??= {};
    values[r.code][r.measure] = r.value;
  }
  const candidates = Object.fromEntries(Object.entries(values).filter(([, v]) => indicators.every((k) => k in v)).map(([c, v]) => [c, indicators.map((k) => v[k])]));

  const checkNeighbours = (res, k) => {
    assert.deepEqual([res.body_id, res.period, res.variables], [idOf(LEEDS), period, indicators]);
    assert.equal(res.candidates, Object.keys(candidates).length, 'candidates: the group with both values');
    for (const l of res.left_out) {
      assert.ok(l.code in values && !(l.code in candidates), `${l.code} is left out: a body with one value but not both`);
      assert.ok(l.reason.length > 0);
    }
    const expected = cipfa(candidates, LEEDS, k);
    assert.equal(res.neighbours.length, k);
    for (const [i, n] of res.neighbours.entries()) {
      assert.equal(n.rank, i + 1);
      assert.ok(near(n.distance, expected[i].distance, 1e-9), `neighbour ${i + 1}: distance ${n.distance}, by hand ${expected[i].distance}`);
      // Equal distances may come in either order.
      const e = expected.find((x) => x.code === n.code);
      assert.ok(e && Math.abs(e.distance - n.distance) <= 1e-9, `neighbour ${i + 1}: ${n.code}, by hand ${expected[i].code}`);
      assert.deepEqual([n.body_id, n.name], [idOf(n.code), bodies[n.code].name]);
    }
  };

  test('POST /comparison-groups/nearest-neighbours with save false: 200, distances by CIPFA\'s method, nothing stored', async () => {
    const groupsBefore = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    const res = await as.treasury_analyst.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, period, k: 5, save: false }, expect: 200 });
    assert.equal(res.body.group, null);
    checkNeighbours(res.body, 5);
    const groupsAfter = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    assert.deepEqual(groupsAfter.map((g) => g.id), groupsBefore.map((g) => g.id));
    const def = await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, period, save: false }, expect: 200 });
    assert.equal(def.body.neighbours.length, 15, 'k is 15 by default');
    ctx.neighbours = res.body;
  });

  test('left_out: the bodies with a value of some but not every indicator in the period', () => {
    const expected = Object.keys(values).filter((c) => !(c in candidates)).sort();
    assert.deepEqual(ctx.neighbours.left_out.map((l) => l.code).sort(), expected, `${expected.length} bodies left out (the server left out ${ctx.neighbours.left_out.length})`);
  });

  test('with save true: 201 and a new comparison group, the body first then its neighbours', async () => {
    // The default name, "Nearest neighbours of Leeds", is taken by Oflog's published list.
    await as.treasury_analyst.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, period, k: 5 }, expect: 409, code: 'conflict' });
    const name = 'Leeds: neighbours on reablement and requests';
    const res = await as.treasury_analyst.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, weights: [1, 1], period, k: 5, save: true, name }, expect: 201 });
    checkNeighbours(res.body, 5);
    const g = res.body.group;
    assert.deepEqual([g.name, g.method, g.body_id], [name, 'nearest_neighbours', idOf(LEEDS)]);
    assert.deepEqual(g.members.map((m) => m.body_id), [idOf(LEEDS), ...res.body.neighbours.map((n) => n.body_id)]);
    const list = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    assert.deepEqual(list.find((x) => x.id === g.id), g, 'the group is listed');
    await as.treasury_analyst.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, period, k: 5, name }, expect: 409, code: 'conflict' });
    // A neighbours group is a comparison group like any other.
    const cmp = await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC5' }, query: { group: 'group', group_id: g.id, period }, expect: 200 });
    assert.equal(cmp.body.group.body_count, 6);
  });

  test('weights: 0 leaves an indicator out; roles; bad requests', async () => {
    const res = await as.treasury_analyst.call('POST', '/comparison-groups/nearest-neighbours', { body: { body_id: idOf(LEEDS), indicators, weights: [1, 0], period, k: 3, save: false }, expect: 200 });
    const only = Object.fromEntries(Object.entries(candidates).map(([c, v]) => [c, [v[0]]]));
    const expected = cipfa(only, LEEDS, 3);
    for (const [i, n] of res.body.neighbours.entries()) assert.ok(near(n.distance, expected[i].distance, 1e-9), `weight 0: neighbour ${i + 1}`);
    const body = { body_id: idOf(LEEDS), indicators, period, save: false };
    for (const who of ['viewer', 'body_lead', 'assessor']) await as[who].call('POST', '/comparison-groups/nearest-neighbours', { body, expect: 403, code: 'forbidden' });
    await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { body: { ...body, indicators: ['NOPE'] }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { body: { ...body, weights: [1] }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { body: { ...body, k: 0 }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { body: { ...body, body_id: bodies.DFE.id }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/comparison-groups/nearest-neighbours', { raw: '{"body_id":', expect: 400, code: 'invalid_input' });
  });
});

describe('deleting a run', () => {
  test('DELETE /benchmarks/{id}: 204, then 404; other roles 403', async () => {
    const id = ctx.runs.superEfficiency.id;
    await as.viewer.call('DELETE', '/benchmarks/{id}', { params: { id }, expect: 403, code: 'forbidden' });
    await as.body_lead.call('DELETE', '/benchmarks/{id}', { params: { id }, expect: 403, code: 'forbidden' });
    await as.treasury_analyst.call('DELETE', '/benchmarks/{id}', { params: { id }, expect: 204 });
    await as.viewer.call('GET', '/benchmarks/{id}', { params: { id }, expect: 404, code: 'not_found' });
    await as.admin.call('DELETE', '/benchmarks/{id}', { params: { id }, expect: 404, code: 'not_found' });
    assert.ok(!(await allRuns()).some((s) => s.id === id), 'no longer listed');
  });
});

describe('coverage', () => {
  test('every benchmarking operation was called and answered a success status', () => {
    assert.deepEqual(missingSuccesses(contract, coverage, (template, op) => isBenchmarking(op)), []);
  });
});
