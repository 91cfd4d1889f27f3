// Contract tests of the measurement API, part 1: indicators, comparisons, series, the
// observations export and CSV imports. Starts its own demo server (Oflog's adult social care data,
// ASC1..ASC7). Every response is checked against docs/openapi.yaml by the Client; the figures are
// checked against values worked out here from the published file data/demo/oflog/ASC_data.csv.
// Part 2 (groups, goals, productivity, surveys, signals) is measure-bodies.test.mjs; the generic
// 401 / 403 / CSRF sweeps over every operation are in contract.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Coverage } from './lib/client.mjs';
import { isMeasurement, missingSuccesses, startDemo, stopDemo } from './lib/demo.mjs';
import { close, csvRecords, demoCsv, distribution, oflog, quartileOf, rankOf } from './lib/reference.mjs';
import { Contract, XLSX_TYPE } from './lib/spec.mjs';

const contract = new Contract();
const coverage = new Coverage();
// The operations this file must cover; measure-bodies.test.mjs covers the other measurement ones.
const MINE = (template, op) => isMeasurement(op) && /^\/(indicators|observations|imports)\b/.test(template);

const ref = oflog();
const definitions = Object.fromEntries(demoCsv('indicators.csv').map((d) => [d.key, d]));
const LEEDS = 'E08000035';
const OBS_HEADER = 'indicator,indicator_name,body,code,period,value,numerator,denominator,quality';

let demo;
let as;
let bodies;  // code -> Body
let ctxIndicators;  // GET /indicators, as first listed
const idOf = (code) => bodies[code].id;

// Published values of a measure in a period, optionally for some councils only: [{code, value}].
function published(measure, period, codes) {
  return ref.rows.filter((r) => r.measure === measure && r.period === period && r.value !== null && (!codes || codes.has(r.code)));
}
const codesWhere = (pred) => new Set(ref.rows.filter(pred).map((r) => r.code));
const allWithData = codesWhere((r) => r.value !== null);  // the "all" group: bodies with any observation

function assertDistribution(actual, values, what) {
  const expected = distribution(values);
  for (const k of Object.keys(expected)) assert.ok(close(actual[k], expected[k], 1e-12), `${what}: ${k} is ${actual[k]}, expected ${expected[k]}`);
}

// Checks a comparison against the published values of its group members.
function checkComparison(c, { measure, period, members, polarity, label, body }) {
  const rows = published(measure, period, members);
  const values = rows.map((r) => r.value);
  assert.equal(c.period, period);
  assert.equal(c.group.label, label);
  assert.equal(c.group.body_count, members.size, `${label}: body_count`);
  assertDistribution(c.distribution, values, `${measure} ${period} ${label}`);
  assert.equal(c.bodies.length, rows.length, 'a row per member with a value');
  const ranks = c.bodies.map((b) => b.rank);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'bodies sorted by rank');
  const byCode = Object.fromEntries(rows.map((r) => [r.code, r.value]));
  for (const b of c.bodies) {
    assert.equal(b.value, byCode[b.code], `value of ${b.code}`);
    assert.equal(b.body_id, idOf(b.code));
    assert.equal(b.rank, rankOf(b.value, values, polarity), `rank of ${b.code}`);
    assert.equal(b.quartile, quartileOf(b.value, c.distribution, polarity), `quartile of ${b.code}`);
    assert.ok(close(b.mads_from_median, (b.value - c.distribution.median) / c.distribution.mad), `MADs of ${b.code}`);
  }
  const missing = [...members].filter((code) => !(code in byCode)).map(idOf).sort((a, b) => a - b);
  assert.deepEqual(c.missing.map((m) => m.body_id).sort((a, b) => a - b), missing, 'missing = members without a value');
  for (const m of c.missing) assert.equal(m.name, Object.values(bodies).find((b) => b.id === m.body_id).name);
  if (body) {
    const row = c.bodies.find((b) => b.code === body);
    assert.deepEqual(c.body, { body_id: row.body_id, value: row.value, rank: row.rank, quartile: row.quartile, mads_from_median: row.mads_from_median });
  }
}

before(async () => {
  demo = await startDemo(contract, coverage);
  ({ as, bodies } = demo);
});
after(() => stopDemo(demo));

describe('indicators', () => {
  test('GET /indicators: the seven Oflog measures, with counts read from ASC_data.csv', async () => {
    const res = await as.viewer.call('GET', '/indicators', { expect: 200 });
    assert.deepEqual(res.body.items.map((i) => i.key), ['ASC1', 'ASC2', 'ASC3', 'ASC4', 'ASC5', 'ASC6', 'ASC7']);
    for (const i of res.body.items) {
      const d = definitions[i.key];
      assert.deepEqual([i.name, i.unit, i.polarity, i.frequency, i.area_key, i.source], [d.name, d.unit, d.polarity, d.frequency, d.area, d.source], i.key);
      const rows = ref.rows.filter((r) => r.measure === i.key && r.value !== null);
      assert.equal(i.observations, rows.length, `${i.key}: observations = published values`);
      assert.equal(i.bodies, new Set(rows.map((r) => r.code)).size, `${i.key}: bodies`);
      assert.deepEqual(i.periods, [...new Set(rows.map((r) => r.period))].sort(), `${i.key}: periods with data, oldest first`);
    }
    ctxIndicators = res.body.items;
  });

  test('GET /indicators/{key} is the listed indicator; 404 for an unknown key', async () => {
    for (const i of ctxIndicators) assert.deepEqual((await as.assessor.call('GET', '/indicators/{key}', { params: { key: i.key }, expect: 200 })).body, i);
    await as.viewer.call('GET', '/indicators/{key}', { params: { key: 'NOPE' }, expect: 404, code: 'not_found' });
  });

  test('PUT /indicators/{key} creates then changes a definition; bad input 422 / 400', async () => {
    const input = { name: 'Waiting time', unit: 'days', polarity: 'lower', frequency: 'annual', area_key: 'benchmarking', source: 'API test' };
    const res = await as.treasury_analyst.call('PUT', '/indicators/{key}', { params: { key: 'TSTWAIT' }, body: input, expect: 200 });
    assert.deepEqual(res.body, { key: 'TSTWAIT', ...input, observations: 0, bodies: 0, periods: [] });
    const changed = await as.admin.call('PUT', '/indicators/{key}', { params: { key: 'TSTWAIT' }, body: { name: 'Waiting time (days)', polarity: 'lower' }, expect: 200 });
    assert.equal(changed.body.name, 'Waiting time (days)');
    assert.equal(changed.body.unit, '', 'a field left out is cleared');
    assert.equal(changed.body.area_key, null);
    const put = (key, body, expect, raw) => as.admin.call('PUT', '/indicators/{key}', { params: { key }, body, raw, expect, code: 'invalid_input' });
    await put('TSTWAIT', { name: 'x', polarity: 'sideways' }, 422);
    await put('TSTWAIT', { polarity: 'higher' }, 422);
    await put('TSTWAIT', { name: 'x', polarity: 'higher', colour: 'red' }, 422);
    await put('TSTWAIT', { name: 'x', polarity: 'higher', frequency: 'hourly' }, 422);
    await put('bad key!', { name: 'x', polarity: 'higher' }, 422);
    await put('TSTWAIT', undefined, 400, '{"name": ');
    const list = await as.viewer.call('GET', '/indicators', { expect: 200 });
    assert.ok(list.body.items.some((i) => i.key === 'TSTWAIT'), 'the new indicator is listed');
  });
});

describe('comparison', () => {
  test('ASC1 among all councils: distribution, ranks, quartiles and MADs as worked from the published values', async () => {
    const c = (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC1' }, query: { body: idOf(LEEDS) }, expect: 200 })).body;
    assert.equal(c.period, '2021-22', 'the latest period by default');
    assert.deepEqual(c.periods, ['2016-17', '2018-19', '2021-22']);
    assert.deepEqual(c.group, { scope: 'all', group_id: null, label: 'All bodies', body_count: allWithData.size });
    checkComparison(c, { measure: 'ASC1', period: '2021-22', members: allWithData, polarity: 'higher', label: 'All bodies', body: LEEDS });
    assert.deepEqual(c.indicator, ctxIndicators.find((i) => i.key === 'ASC1'));
    // Oflog publishes each council's distance from the median in MADs: the same numbers.
    for (const b of c.bodies) {
      const row = ref.rows.find((r) => r.measure === 'ASC1' && r.period === '2021-22' && r.code === b.code);
      assert.ok(Math.abs(b.mads_from_median - row.madsFromMedian) < 1e-8, `${b.code}: ${b.mads_from_median} vs Oflog's ${row.madsFromMedian}`);
    }
    const earlier = (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC1' }, query: { period: '2016-17' }, expect: 200 })).body;
    checkComparison(earlier, { measure: 'ASC1', period: '2016-17', members: allWithData, polarity: 'higher', label: 'All bodies' });
    assert.equal(earlier.body, null, 'no body asked for');
  });

  test("the 'all' median is Oflog's published MEDIAN wherever every council has a value", async () => {
    const complete = new Map();
    for (const r of ref.rows) {
      const k = `${r.measure} ${r.period}`;
      if (!complete.has(k)) complete.set(k, { measure: r.measure, period: r.period, rows: 0, blank: 0, median: r.median });
      const e = complete.get(k);
      e.rows++;
      if (r.value === null) e.blank++;
    }
    const pairs = [...complete.values()].filter((e) => e.blank === 0);
    assert.ok(pairs.length >= 5, 'the file has periods where every council has a value');
    for (const e of pairs) {
      const c = (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: e.measure }, query: { period: e.period, group: 'all' }, expect: 200 })).body;
      assert.equal(c.distribution.count, e.rows, `${e.measure} ${e.period}: every council`);
      assert.equal(c.distribution.median, e.median, `${e.measure} ${e.period}: median equals Oflog's MEDIAN exactly`);
    }
  });

  test('group=type, region and a named group compare Leeds with the councils Oflog lists', async () => {
    const get = async (query) => (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC5' }, query: { period: '2022-23', body: idOf(LEEDS), ...query }, expect: 200 })).body;
    const type = await get({ group: 'type' });
    assert.equal(type.group.scope, 'type');
    checkComparison(type, { measure: 'ASC5', period: '2022-23', members: codesWhere((r) => r.councilType === 'Metropolitan Districts'), polarity: 'higher', label: 'Metropolitan Districts', body: LEEDS });
    for (const b of type.bodies) assert.equal(b.subtype, 'Metropolitan Districts');
    const region = await get({ group: 'region' });
    checkComparison(region, { measure: 'ASC5', period: '2022-23', members: codesWhere((r) => r.region === 'Yorkshire and The Humber'), polarity: 'higher', label: 'Yorkshire and The Humber', body: LEEDS });
    for (const b of region.bodies) assert.equal(b.region, 'Yorkshire and The Humber');

    const groups = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    const nn = groups.find((g) => g.name === 'Nearest neighbours of Leeds');
    const named = await get({ group: 'group', group_id: nn.id });
    assert.deepEqual([named.group.scope, named.group.group_id], ['group', nn.id]);
    checkComparison(named, { measure: 'ASC5', period: '2022-23', members: new Set(ref.nn[LEEDS]), polarity: 'higher', label: nn.name, body: LEEDS });
  });

  test('neutral measures rank the highest value first, as Oflog does', async () => {
    const c = (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC6' }, query: { period: '2019-20' }, expect: 200 })).body;
    assert.equal(c.indicator.polarity, 'neutral');
    checkComparison(c, { measure: 'ASC6', period: '2019-20', members: allWithData, polarity: 'neutral', label: 'All bodies' });
    assert.equal(c.bodies[0].value, c.distribution.max);
  });

  test('comparison errors: unknown indicator, body or group 404; bad period or group 422', async () => {
    const cmp = (query, expect, code, key = 'ASC1') => as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key }, query, expect, code });
    await cmp({}, 404, 'not_found', 'NOPE');
    await cmp({ body: 999999 }, 404, 'not_found');
    await cmp({ group: 'group', group_id: 999999 }, 404, 'not_found');
    const noBody = await cmp({ group: 'region' }, 422, 'invalid_input');
    assert.deepEqual(noBody.body.error.details.map((d) => d.where), ['body']);
    await cmp({ group: 'type' }, 422, 'invalid_input');
    await cmp({ group: 'group' }, 422, 'invalid_input');
    await cmp({ group: 'galaxy' }, 422, 'invalid_input');
    await cmp({ period: 'garbage' }, 422, 'invalid_input');
    await cmp({ body: 'leeds' }, 422, 'invalid_input');
    const none = await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'TSTWAIT' }, expect: 200 });
    assert.deepEqual([none.body.period, none.body.distribution, none.body.bodies, none.body.body], [null, null, [], null], 'an indicator without data');
  });
});

describe('series', () => {
  test('GET /indicators/{key}/series: Leeds against every council, one point per period, oldest first', async () => {
    const s = (await as.viewer.call('GET', '/indicators/{key}/series', { params: { key: 'ASC5' }, query: { body: idOf(LEEDS) }, expect: 200 })).body;
    assert.deepEqual(s.body, { id: idOf(LEEDS), name: 'Leeds', code: LEEDS });
    assert.deepEqual(s.group, { scope: 'all', group_id: null, label: 'All bodies', body_count: allWithData.size });
    const periods = [...new Set(ref.rows.filter((r) => r.measure === 'ASC5' && r.value !== null).map((r) => r.period))].sort();
    assert.deepEqual(s.points.map((p) => p.period), periods, 'oldest first');
    for (const p of s.points) {
      const values = published('ASC5', p.period).map((r) => r.value);
      const d = distribution(values);
      assert.equal(p.count, values.length);
      for (const k of ['q1', 'median', 'q3']) assert.ok(close(p[k], d[k], 1e-12), `${p.period} ${k}`);
      const own = published('ASC5', p.period, new Set([LEEDS]))[0]?.value ?? null;
      assert.equal(p.value, own, `Leeds ${p.period}`);
      assert.equal(p.rank, own === null ? null : rankOf(own, values, 'higher'), `rank ${p.period}`);
    }
  });

  test('series within the type group; a body without data has null values; errors', async () => {
    const s = (await as.viewer.call('GET', '/indicators/{key}/series', { params: { key: 'ASC2' }, query: { body: idOf(LEEDS), group: 'type' }, expect: 200 })).body;
    assert.equal(s.group.label, 'Metropolitan Districts');
    const md = codesWhere((r) => r.councilType === 'Metropolitan Districts');
    for (const p of s.points) {
      const values = published('ASC2', p.period, md).map((r) => r.value);
      assert.ok(close(p.median, distribution(values).median, 1e-12), `${p.period} median among Metropolitan Districts`);
    }
    const dfe = (await as.viewer.call('GET', '/indicators/{key}/series', { params: { key: 'ASC2' }, query: { body: bodies.DFE.id }, expect: 200 })).body;
    assert.ok(dfe.points.length > 0 && dfe.points.every((p) => p.value === null && p.rank === null), 'a department has no values');
    const series = (query, expect, code, key = 'ASC2') => as.viewer.call('GET', '/indicators/{key}/series', { params: { key }, query, expect, code });
    await series({}, 422, 'invalid_input');
    await series({ body: 999999 }, 404, 'not_found');
    await series({ body: idOf(LEEDS) }, 404, 'not_found', 'NOPE');
    await series({ body: idOf(LEEDS), group: 'group' }, 422, 'invalid_input');
  });
});

describe('observations export', () => {
  test('CSV: exactly the documented columns, one row per published value', async () => {
    const all = await as.viewer.call('GET', '/observations/export', { expect: 200 });
    assert.match(all.contentType, /^text\/csv; ?charset=utf-8$/i);
    assert.match(all.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.csv"$/);
    const lines = all.body.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
    assert.equal(lines[0], OBS_HEADER);
    assert.equal(lines.length - 1, ref.rows.filter((r) => r.value !== null).length, 'every stored observation');

    const one = await as.viewer.call('GET', '/observations/export', { query: { indicator: 'ASC1', body: idOf(LEEDS), format: 'csv' }, expect: 200 });
    const rows = csvRecords(one.body);
    const expected = ref.rows.filter((r) => r.measure === 'ASC1' && r.code === LEEDS && r.value !== null);
    assert.deepEqual(rows.map((r) => r.period), expected.map((r) => r.period).sort());
    for (const r of rows) {
      const pub = expected.find((e) => e.period === r.period);
      assert.deepEqual([r.indicator, r.indicator_name, r.body, r.code, r.numerator, r.denominator, r.quality], ['ASC1', definitions.ASC1.name, 'Leeds', LEEDS, '', '', '']);
      assert.equal(Number(r.value), pub.value, `${r.period} value as published`);
    }
  });

  test('XLSX download; unknown format 422, indicator or body 404', async () => {
    const x = await as.viewer.call('GET', '/observations/export', { query: { indicator: 'ASC5', format: 'xlsx' }, expect: 200 });
    assert.equal(x.contentType, XLSX_TYPE);
    assert.match(x.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.xlsx"$/);
    assert.equal(x.bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'an xlsx file is a zip');
    await as.viewer.call('GET', '/observations/export', { query: { format: 'pdf' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/observations/export', { query: { indicator: 'NOPE' }, expect: 404, code: 'not_found' });
    await as.viewer.call('GET', '/observations/export', { query: { body: 999999 }, expect: 404, code: 'not_found' });
  });
});

describe('imports', () => {
  const csv = (...lines) => lines.join('\n') + '\n';
  const imp = (who, kind, text, { filename, expect = 200, code } = {}) =>
    as[who].call('POST', '/imports/{kind}', { params: { kind }, query: { filename }, raw: text, contentType: 'text/csv', expect, code });
  const counts = (r) => [r.rows, r.inserted, r.updated, r.unchanged];
  const obs = (v1, v2, v3) => csv('indicator,body,period,value', `TSTIMP,${LEEDS},2022-23,${v1}`, `TSTIMP,E08000003,2022-23,${v2}`, `TSTIMP,E08000025,2022-23,${v3}`);

  test('observations: a good file is stored; the same file again changes nothing', async () => {
    const ind = await imp('treasury_analyst', 'indicators', csv('key,name,unit,polarity,frequency,area,source', 'TSTIMP,Imported measure,%,lower,annual,benchmarking,API test'), { filename: 'ind.csv' });
    assert.equal(ind.body.kind, 'indicators');
    assert.equal(ind.body.filename, 'ind.csv');
    assert.deepEqual(counts(ind.body), [1, 1, 0, 0]);
    const first = await imp('treasury_analyst', 'observations', obs(30, 10, 20), { filename: 'obs.csv' });
    assert.deepEqual([first.body.kind, first.body.format, first.body.filename], ['observations', 'pvf', 'obs.csv']);
    assert.deepEqual(counts(first.body), [3, 3, 0, 0]);
    assert.deepEqual([first.body.skipped_blank, first.body.bodies_created, first.body.indicators_created], [0, 0, 0]);
    const again = await imp('admin', 'observations', obs(30, 10, 20), { filename: 'obs.csv' });
    assert.deepEqual(counts(again.body), [3, 0, 0, 3], 'idempotent');
    const changed = await imp('admin', 'observations', obs(30, 10, 25));
    assert.deepEqual(counts(changed.body), [3, 0, 1, 2]);
    assert.equal(changed.body.filename, 'observations.csv', 'the default file name');
    // Lower is better: 10 (Manchester) ranks first; quartiles of 10, 25, 30 are 17.5 and 27.5.
    const c = (await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'TSTIMP' }, expect: 200 })).body;
    assert.deepEqual(c.bodies.map((b) => [b.code, b.rank, b.quartile]), [['E08000003', 1, 1], ['E08000025', 2, 2], [LEEDS, 3, 4]]);
    assert.deepEqual([c.distribution.q1, c.distribution.median, c.distribution.q3, c.distribution.mad], [17.5, 25, 27.5, 5]);
  });

  test("observations in Oflog's own layout: re-importing the published ASC1 rows changes nothing", async () => {
    const [header, ...rest] = ref.text.split(/\r?\n/);
    const asc1 = rest.filter((l) => /,ASC1,/.test(l));
    const blank = ref.rows.filter((r) => r.measure === 'ASC1' && r.value === null).length;
    const res = await imp('admin', 'observations', [header, ...asc1].join('\n') + '\n', { filename: 'ASC_data.csv' });
    assert.equal(res.body.format, 'oflog');
    assert.deepEqual([res.body.inserted, res.body.updated, res.body.unchanged, res.body.skipped_blank], [0, 0, asc1.length - blank, blank]);
    assert.deepEqual([res.body.bodies_created, res.body.indicators_created], [0, 0]);
  });

  test('a bad file is refused whole: every problem as file:line:column, nothing stored', async () => {
    const bad = csv('indicator,body,period,value', `TSTIMP,${LEEDS},2023-24,5`, `TSTIMP,${LEEDS},2024-25,abc`, 'TSTIMP,NOWHERE,2023-24,3', `NOPE,${LEEDS},2023-24,3`);
    const res = await imp('admin', 'observations', bad, { filename: 'bad.csv', expect: 422, code: 'invalid_input' });
    assert.deepEqual(res.body.error.details.map((d) => d.where), ['bad.csv:3:value', 'bad.csv:4:body', 'bad.csv:5:indicator']);
    for (const d of res.body.error.details) assert.ok(d.message.length > 0);
    const ind = (await as.viewer.call('GET', '/indicators/{key}', { params: { key: 'TSTIMP' }, expect: 200 })).body;
    assert.deepEqual([ind.observations, ind.periods], [3, ['2022-23']], 'not even the good row was stored');
    await imp('admin', 'observations', csv('indicator,body,period', `TSTIMP,${LEEDS},2023-24`), { expect: 422, code: 'invalid_input' });
  });

  test('groups, survey questions, activity, inputs and survey responses import too', async () => {
    const g = await imp('treasury_analyst', 'groups', csv('group,body', `Imported peers,${LEEDS}`, 'Imported peers,E08000032'), { filename: 'groups.csv' });
    assert.deepEqual([g.body.kind, g.body.inserted], ['groups', 1]);
    const groups = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    assert.deepEqual(groups.find((x) => x.name === 'Imported peers').members.map((m) => m.code), [LEEDS, 'E08000032']);

    // A body of its own, so the demo councils' data stay as published.
    const body = (await as.admin.call('POST', '/bodies', { body: { name: 'Import Test Agency', code: 'IMPTEST', type: 'agency' }, expect: 201 })).body;
    await imp('admin', 'survey-questions', csv('question,text,levels,top_levels,area', 'api_sat,Are you satisfied?,No|Neutral|Yes,1,user_experience_and_participation'));
    const act = await imp('admin', 'activity', csv('body,period,activity,volume,unit_cost', 'IMPTEST,2022-23,visits,100,10', 'IMPTEST,2022-23,assessments,50,20', 'IMPTEST,2023-24,visits,110,10', 'IMPTEST,2023-24,assessments,50,20'));
    assert.deepEqual(counts(act.body), [4, 4, 0, 0]);
    await imp('admin', 'inputs', csv('body,period,expenditure,deflator', 'IMPTEST,2022-23,2000,100', 'IMPTEST,2023-24,2100,105'));
    const answers = Array.from({ length: 10 }, (_, i) => `r${i},IMPTEST,2023-24,api_sat,${i < 7 ? 'Yes' : 'No'}`);
    const sr = await imp('admin', 'survey-responses', csv('respondent,body,period,question,answer', ...answers));
    assert.deepEqual(counts(sr.body), [10, 10, 0, 0]);

    // Worked by hand: equal costs (1000 each) weight visits (+10%) and assessments (0%) by a half:
    // output 105; inputs 2000/100 = 2100/105 = 20 in volume: 100; productivity 105.
    const p = (await as.viewer.call('GET', '/bodies/{id}/productivity', { params: { id: body.id }, expect: 200 })).body;
    assert.deepEqual(p.indices.map((i) => i.period), ['2022-23', '2023-24']);
    for (const [k, v] of [['output_index', 105], ['input_index', 100], ['productivity_index', 105]]) assert.ok(close(p.indices[1][k], v), `${k} ${p.indices[1][k]}`);
    // 7 of 10 unweighted: share 0.7, Wilson 95% interval 0.3968 to 0.8922.
    const s = (await as.viewer.call('GET', '/bodies/{id}/surveys', { params: { id: body.id }, expect: 200 })).body;
    assert.deepEqual(s.questions.map((q) => [q.key, q.levels, q.top_levels]), [['api_sat', ['No', 'Neutral', 'Yes'], 1]]);
    const e = s.estimates[0];
    assert.deepEqual([e.respondents, e.share, e.previous_period, e.significant], [10, 0.7, null, null]);
    assert.ok(Math.abs(e.ci_low - 0.3968) < 5e-5 && Math.abs(e.ci_high - 0.8922) < 5e-5, `${e.ci_low} ${e.ci_high}`);
  });

  test('a body lead imports goals for their own body only; another body or another kind is 403', async () => {
    const goal = (code, key) => csv('goal,body,indicator,baseline_period,baseline_value,target_period,target_value', `${key},${code},ASC4,2018-19,62,2024-25,66`);
    const own = await imp('body_lead', 'goals', goal(LEEDS, 'leeds-asc4-import'), { filename: 'g.csv' });
    assert.deepEqual(counts(own.body), [1, 1, 0, 0]);
    assert.deepEqual(counts((await imp('body_lead', 'goals', goal(LEEDS, 'leeds-asc4-import'))).body), [1, 0, 0, 1]);
    const goals = (await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf(LEEDS) }, expect: 200 })).body.items;
    assert.ok(goals.some((g) => g.key === 'leeds-asc4-import' && g.indicator.key === 'ASC4'));

    const other = await imp('body_lead', 'goals', goal('E08000003', 'man-asc4-import'), { filename: 'g.csv', expect: 403, code: 'forbidden' });
    assert.deepEqual(other.body.error.details.map((d) => d.where), ['g.csv:2:body']);
    const manchester = (await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf('E08000003') }, expect: 200 })).body.items;
    assert.ok(!manchester.some((g) => g.key === 'man-asc4-import'), 'nothing stored');
    await imp('body_lead', 'survey-responses', csv('respondent,body,period,question,answer', 'X1,E08000003,2023-24,council_trust,A great deal'), { expect: 403, code: 'forbidden' });
    for (const kind of ['indicators', 'observations', 'groups', 'survey-questions'])
      await imp('body_lead', kind, csv('a,b', '1,2'), { expect: 403, code: 'forbidden' });
  });

  test('an unknown kind is 404; a body not sent as text/csv is 415', async () => {
    await imp('admin', 'nonsense', 'a\n1\n', { expect: 404, code: 'not_found' });
    await as.admin.call('POST', '/imports/{kind}', { params: { kind: 'indicators' }, raw: '{}', contentType: 'application/json', expect: 415, code: 'unsupported_media_type' });
  });
});

describe('coverage', () => {
  test('every indicator, export and import operation was called and answered a success status', () => {
    assert.deepEqual(missingSuccesses(contract, coverage, MINE), []);
  });
});
