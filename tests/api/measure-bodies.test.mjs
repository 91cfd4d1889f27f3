// Contract tests of the measurement API, part 2: comparison groups, goals, a body's productivity
// and surveys, and the data signals beside a scorecard. Starts its own demo server. Figures are
// checked against values worked out here from data/demo (Oflog's published file and nearest
// neighbours, the demo goals, activity and inputs) and against data/demo/README.md's statements.
// Part 1 (indicators, comparisons, export, imports) is measure.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Coverage } from './lib/client.mjs';
import { isMeasurement, missingSuccesses, startDemo, stopDemo } from './lib/demo.mjs';
import { close, demoCsv, goalProgress, newcombe, oflog, productivity, rankOf, wilson, yearOf } from './lib/reference.mjs';
import { Contract } from './lib/spec.mjs';

const contract = new Contract();
const coverage = new Coverage();
// Every measurement operation that measure.test.mjs does not cover.
const MINE = (template, op) => isMeasurement(op) && !/^\/(indicators|observations|imports)\b/.test(template);

const ref = oflog();
const LEEDS = 'E08000035';
const MANCHESTER = 'E08000003';
const councils = demoCsv('bodies.csv').filter((b) => b.type === 'council');
const definitions = Object.fromEntries(demoCsv('indicators.csv').map((d) => [d.key, d]));
const demoGoals = demoCsv('measure', 'goals.csv').map((g) => ({ ...g, baseline_value: Number(g.baseline_value), target_value: Number(g.target_value) }));
const questions = demoCsv('measure', 'survey_questions.csv');
// data/demo/README.md, "measure/goals.csv": the status of each demo goal against the published data.
const README_STATUS = {
  on_track: ['leeds-asc2-2024', 'manchester-asc2-2024', 'camden-asc5-2024', 'darlington-asc5-2024'],
  at_risk: ['leeds-asc5-2024', 'birmingham-asc5-2024', 'camden-asc2-2024', 'bristol-asc2-2024', 'darlington-asc3-2024'],
  off_track: ['manchester-asc3-2024', 'birmingham-asc3-2024', 'kent-asc5-2024', 'bristol-asc3-2024', 'cornwall-asc5-2024'],
  too_early: ['leeds-asc1-2024', 'kent-asc1-2024', 'cornwall-asc1-2024'],
};

let demo;
let as;
let bodies;  // code -> Body
const idOf = (code) => bodies[code].id;
const ctx = {};

// A council's published values of a measure, oldest first: [{period, value}].
const publishedSeries = (code, measure) =>
  ref.rows.filter((r) => r.code === code && r.measure === measure && r.value !== null).map((r) => ({ period: r.period, value: r.value })).sort((a, b) => (a.period < b.period ? -1 : 1));

before(async () => {
  demo = await startDemo(contract, coverage);
  ({ as, bodies } = demo);
});
after(() => stopDemo(demo));

describe('comparison groups', () => {
  test("GET /comparison-groups: each demo council's published nearest neighbours, in Oflog's order", async () => {
    const items = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    for (const c of councils) {
      const g = items.find((x) => x.name === `Nearest neighbours of ${c.name}`);
      assert.ok(g, `${c.name} has its neighbours`);
      assert.deepEqual([g.method, g.body_id], ['published', idOf(c.code)]);
      assert.deepEqual(g.members.map((m) => m.code), ref.nn[c.code], `${c.name}: NN.json's list in its order`);
      for (const m of g.members) assert.deepEqual([m.body_id, m.name], [idOf(m.code), bodies[m.code].name]);
      const one = await as.assessor.call('GET', '/comparison-groups/{id}', { params: { id: g.id }, expect: 200 });
      assert.deepEqual(one.body, g);
    }
    ctx.leedsNeighbours = items.find((x) => x.name === 'Nearest neighbours of Leeds');
    await as.viewer.call('GET', '/comparison-groups/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('POST, PUT and DELETE /comparison-groups: a treasury analyst keeps a group of their own', async () => {
    const [leeds, bradford, wakefield] = [LEEDS, 'E08000032', 'E08000036'].map(idOf);
    const input = { name: 'West Yorkshire peers', description: 'Leeds and two neighbours', body_id: leeds, members: [leeds, bradford, wakefield] };
    const res = await as.treasury_analyst.call('POST', '/comparison-groups', { body: input, expect: 201 });
    const g = res.body;
    assert.deepEqual([g.name, g.description, g.method, g.body_id], [input.name, input.description, 'manual', leeds]);
    assert.deepEqual(g.members.map((m) => m.body_id), input.members, 'members in the order given');
    assert.deepEqual(g.members.map((m) => m.code), [LEEDS, 'E08000032', 'E08000036']);

    const post = (body, expect, code, raw) => as.admin.call('POST', '/comparison-groups', { body, raw, expect, code });
    await post(input, 409, 'conflict');
    await post({ ...input, name: 'Ghosts', members: [999999] }, 422, 'invalid_input');
    await post({ ...input, name: 'Nobody', members: [] }, 422, 'invalid_input');
    const twice = await post({ ...input, name: 'Twice', members: [leeds, leeds, 999999] }, 422, 'invalid_input');
    assert.equal(twice.body.error.details.length, 2, 'every bad member is listed');
    await post({ name: 'No members' }, 422, 'invalid_input');
    await post(undefined, 400, 'invalid_input', '{"name":');

    const cmp = await as.viewer.call('GET', '/indicators/{key}/comparison', { params: { key: 'ASC2' }, query: { group: 'group', group_id: g.id, body: leeds }, expect: 200 });
    assert.deepEqual(cmp.body.group, { scope: 'group', group_id: g.id, label: input.name, body_count: 3 });

    const put = await as.treasury_analyst.call('PUT', '/comparison-groups/{id}', { params: { id: g.id }, body: { name: 'West Yorkshire pair', members: [wakefield, leeds] }, expect: 200 });
    assert.deepEqual([put.body.name, put.body.description, put.body.body_id, put.body.method], ['West Yorkshire pair', '', null, 'manual'], 'a PUT replaces the whole group');
    assert.deepEqual(put.body.members.map((m) => m.body_id), [wakefield, leeds]);
    assert.equal(put.body.created_at, g.created_at);
    assert.ok(put.body.updated_at >= g.updated_at);
    assert.deepEqual((await as.viewer.call('GET', '/comparison-groups/{id}', { params: { id: g.id }, expect: 200 })).body, put.body);
    await as.admin.call('PUT', '/comparison-groups/{id}', { params: { id: g.id }, body: { name: ctx.leedsNeighbours.name, members: [leeds] }, expect: 409, code: 'conflict' });
    await as.admin.call('PUT', '/comparison-groups/{id}', { params: { id: 999999 }, body: { name: 'Nowhere', members: [leeds] }, expect: 404, code: 'not_found' });
    await as.admin.call('PUT', '/comparison-groups/{id}', { params: { id: g.id }, body: { name: 'Bad', members: 'all' }, expect: 422, code: 'invalid_input' });

    await as.treasury_analyst.call('DELETE', '/comparison-groups/{id}', { params: { id: g.id }, expect: 204 });
    await as.viewer.call('GET', '/comparison-groups/{id}', { params: { id: g.id }, expect: 404, code: 'not_found' });
    await as.admin.call('DELETE', '/comparison-groups/{id}', { params: { id: g.id }, expect: 404, code: 'not_found' });
    const list = (await as.viewer.call('GET', '/comparison-groups', { expect: 200 })).body.items;
    assert.ok(!list.some((x) => x.id === g.id));
  });
});

describe('goals', () => {
  test('GET /bodies/{id}/goals: every demo goal, its status worked out from the published observations', async () => {
    const readme = Object.fromEntries(Object.entries(README_STATUS).flatMap(([s, keys]) => keys.map((k) => [k, s])));
    let seen = 0;
    for (const c of councils) {
      const items = (await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf(c.code) }, expect: 200 })).body.items;
      const mine = demoGoals.filter((g) => g.body === c.code);
      assert.deepEqual(items.map((g) => g.key).sort(), mine.map((g) => g.goal).sort(), `${c.name}'s goals`);
      for (const g of items) {
        const d = mine.find((x) => x.goal === g.key);
        const def = definitions[d.indicator];
        assert.equal(g.body_id, idOf(c.code));
        assert.deepEqual(g.indicator, { key: d.indicator, name: def.name, unit: def.unit, polarity: def.polarity });
        assert.equal(g.title, d.title);
        assert.deepEqual([g.baseline, g.target], [{ period: d.baseline_period, value: d.baseline_value }, { period: d.target_period, value: d.target_value }]);
        const observations = publishedSeries(c.code, d.indicator);
        assert.deepEqual(g.observations, observations, `${g.key}: the published values, oldest first`);
        const baseline = observations.find((o) => o.period === d.baseline_period);
        assert.equal(baseline?.value, d.baseline_value, `${g.key}: the baseline is the published value`);
        const expected = goalProgress({ ...d, polarity: def.polarity }, observations);
        assert.equal(g.status, expected.status, `${g.key}: status`);
        assert.equal(g.status, readme[g.key], `${g.key}: the status data/demo/README.md gives`);
        for (const k of ['projected_value', 'trend_per_year', 'planned_value_latest', 'latest_value'])
          assert.ok(expected[k] === null ? g[k] === null : close(g[k], expected[k]), `${g.key}: ${k} ${g[k]}, expected ${expected[k]}`);
        assert.equal(g.latest_period, expected.latest_period);
        assert.ok(g.explanation.length > 0);
        if (g.ambition) assert.ok(close(g.ambition.planned_change_per_year, (d.target_value - d.baseline_value) / (yearOf(d.target_period) - yearOf(d.baseline_period))));
        seen++;
      }
    }
    assert.equal(seen, demoGoals.length);
    const region = await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf(LEEDS) }, query: { group: 'region' }, expect: 200 });
    assert.equal(region.body.items.length, 3);
    await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: 999999 }, expect: 404, code: 'not_found' });
    await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf(LEEDS) }, query: { group: 'galaxy' }, expect: 422, code: 'invalid_input' });
  });

  test('POST, PUT and DELETE /goals: a body lead sets goals for their own body only', async () => {
    const leeds = idOf(LEEDS);
    const input = { key: 'leeds-asc3-api', body_id: leeds, indicator: 'ASC3', title: 'Easier to find information', baseline_period: '2019-20', baseline_value: 71.5, target_period: '2024-25', target_value: 76 };
    const observations = publishedSeries(LEEDS, 'ASC3');
    const res = await as.body_lead.call('POST', '/goals', { body: input, expect: 201 });
    const g = res.body;
    assert.deepEqual([g.key, g.title, g.body_id, g.indicator.key], [input.key, input.title, leeds, 'ASC3']);
    assert.equal(g.status, goalProgress({ ...input, polarity: 'higher' }, observations).status);
    assert.deepEqual(g.observations, observations);

    const post = (who, body, expect, code) => as[who].call('POST', '/goals', { body, expect, code });
    await post('body_lead', input, 409, 'conflict');
    await post('body_lead', { ...input, key: 'leeds-x', indicator: 'NOPE' }, 422, 'invalid_input');
    await post('body_lead', { ...input, key: 'leeds-x', target_period: '2018-19' }, 422, 'invalid_input');
    await post('body_lead', { ...input, key: 'leeds-x', target_value: 'more' }, 422, 'invalid_input');
    await post('body_lead', { ...input, key: 'leeds-x', colour: 'red' }, 422, 'invalid_input');
    await post('admin', { ...input, key: 'nobody-x', body_id: 999999 }, 422, 'invalid_input');
    await post('body_lead', { ...input, key: 'manchester-x', body_id: idOf(MANCHESTER) }, 403, 'forbidden');

    // A target within reach of the trend (the projection meets it): on track.
    const easier = { ...input, target_value: 60 };
    const put = await as.body_lead.call('PUT', '/goals/{id}', { params: { id: g.id }, body: easier, expect: 200 });
    assert.equal(put.body.id, g.id);
    assert.equal(put.body.target.value, 60);
    assert.equal(put.body.status, goalProgress({ ...easier, polarity: 'higher' }, observations).status);
    assert.equal(put.body.status, 'on_track');
    await as.body_lead.call('PUT', '/goals/{id}', { params: { id: g.id }, body: { ...easier, body_id: idOf(MANCHESTER) }, expect: 403, code: 'forbidden' });
    await as.body_lead.call('PUT', '/goals/{id}', { params: { id: 999999 }, body: easier, expect: 404, code: 'not_found' });

    // Another body's goal: the body lead may not touch it; a treasury analyst may.
    const manchester = (await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: idOf(MANCHESTER) }, expect: 200 })).body.items[0];
    const d = demoGoals.find((x) => x.goal === manchester.key);
    const same = { key: d.goal, body_id: idOf(MANCHESTER), indicator: d.indicator, title: d.title, baseline_period: d.baseline_period, baseline_value: d.baseline_value, target_period: d.target_period, target_value: d.target_value };
    await as.body_lead.call('PUT', '/goals/{id}', { params: { id: manchester.id }, body: same, expect: 403, code: 'forbidden' });
    await as.body_lead.call('DELETE', '/goals/{id}', { params: { id: manchester.id }, expect: 403, code: 'forbidden' });
    const unchanged = await as.treasury_analyst.call('PUT', '/goals/{id}', { params: { id: manchester.id }, body: same, expect: 200 });
    assert.deepEqual(unchanged.body, manchester, 'the same goal written again is the same goal');

    await as.body_lead.call('DELETE', '/goals/{id}', { params: { id: g.id }, expect: 204 });
    const left = (await as.viewer.call('GET', '/bodies/{id}/goals', { params: { id: leeds }, expect: 200 })).body.items;
    assert.ok(!left.some((x) => x.id === g.id));
    await as.body_lead.call('DELETE', '/goals/{id}', { params: { id: g.id }, expect: 404, code: 'not_found' });
  });
});

describe('productivity and surveys', () => {
  test("GET /bodies/{id}/productivity: Leeds's indices worked out from activity.csv and inputs.csv (ONS method)", async () => {
    const num = (r, keys) => ({ ...r, ...Object.fromEntries(keys.map((k) => [k, Number(r[k])])) });
    const activity = demoCsv('measure', 'activity.csv').filter((r) => r.body === LEEDS).map((r) => num(r, ['volume', 'unit_cost']));
    const inputs = demoCsv('measure', 'inputs.csv').filter((r) => r.body === LEEDS).map((r) => num(r, ['expenditure', 'deflator']));
    const expected = productivity(activity, inputs);
    const p = (await as.viewer.call('GET', '/bodies/{id}/productivity', { params: { id: idOf(LEEDS) }, expect: 200 })).body;
    assert.deepEqual([p.body_id, p.money, p.warnings], [idOf(LEEDS), 'nominal', []]);
    assert.deepEqual(p.indices.map((i) => i.period), expected.indices.map((i) => i.period));
    for (const [i, row] of p.indices.entries())
      for (const k of ['output_index', 'input_index', 'productivity_index']) assert.ok(close(row[k], expected.indices[i][k]), `${row.period} ${k}: ${row[k]} vs ${expected.indices[i][k]}`);
    const key = (c) => `${c.period} ${c.activity}`;
    assert.deepEqual(p.contributions.map(key).sort(), expected.contributions.map(key).sort());
    for (const c of p.contributions) {
      const e = expected.contributions.find((x) => key(x) === key(c));
      for (const k of ['cost_share_previous', 'growth', 'contribution_points']) assert.ok(close(c[k], e[k]), `${key(c)} ${k}`);
    }
    // The contributions add up to the output growth of each link, in percentage points.
    for (let i = 1; i < p.indices.length; i++) {
      const sum = p.contributions.filter((c) => c.period === p.indices[i].period).reduce((s, c) => s + c.contribution_points, 0);
      assert.ok(close(sum, 100 * (p.indices[i].output_index / p.indices[i - 1].output_index - 1)), `${p.indices[i].period}: contributions sum to the growth`);
    }
    assert.equal(p.unit_costs.length, activity.length);
    for (const u of p.unit_costs) {
      const rows = activity.filter((a) => a.activity === u.activity);
      const at = rows.findIndex((a) => a.period === u.period);
      assert.equal(u.unit_cost, rows[at].unit_cost, `${u.activity} ${u.period}`);
      assert.ok(at === 0 ? u.change_from_previous === null : close(u.change_from_previous, rows[at].unit_cost / rows[at - 1].unit_cost - 1));
    }
    for (const t of p.unit_cost_trends) {
      const rows = activity.filter((a) => a.activity === t.activity);
      assert.deepEqual([t.first_period, t.last_period, t.first_cost, t.last_cost], [rows[0].period, rows.at(-1).period, rows[0].unit_cost, rows.at(-1).unit_cost]);
      const years = yearOf(t.last_period) - yearOf(t.first_period);
      assert.ok(close(t.annual_change, (t.last_cost / t.first_cost) ** (1 / years) - 1), `${t.activity}: compound annual change`);
    }
    ctx.leedsProductivity = p;
    const none = (await as.viewer.call('GET', '/bodies/{id}/productivity', { params: { id: bodies.DFE.id }, expect: 200 })).body;
    assert.deepEqual([none.indices, none.contributions, none.unit_costs, none.unit_cost_trends], [[], [], [], []]);
    await as.viewer.call('GET', '/bodies/{id}/productivity', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test("GET /bodies/{id}/surveys: Leeds's shares with Wilson intervals, changes with Newcombe's", async () => {
    const s = (await as.viewer.call('GET', '/bodies/{id}/surveys', { params: { id: idOf(LEEDS) }, expect: 200 })).body;
    assert.equal(s.body_id, idOf(LEEDS));
    assert.deepEqual(s.questions, questions.map((q) => ({ key: q.question, text: q.text, levels: q.levels.split('|'), top_levels: Number(q.top_levels), area_key: q.area })));
    for (const q of s.questions) {
      const est = s.estimates.filter((e) => e.question === q.key);
      assert.deepEqual(est.map((e) => e.period), ['2021-22', '2022-23', '2023-24'], `${q.key}: the demo's three years, oldest first`);
      for (const [i, e] of est.entries()) {
        assert.ok(e.respondents >= 250 && e.respondents <= 500, `${q.key} ${e.period}: ${e.respondents} respondents`);
        assert.ok(e.effective_n > 0 && e.effective_n <= e.respondents, 'Kish effective n is at most the sample');
        const [lo, hi] = wilson(e.share, e.effective_n);
        assert.ok(close(e.ci_low, lo) && close(e.ci_high, hi), `${q.key} ${e.period}: Wilson interval`);
        if (i === 0) {
          assert.deepEqual([e.previous_period, e.change, e.change_ci_low, e.change_ci_high, e.significant], [null, null, null, null, null]);
          continue;
        }
        const prev = est[i - 1];
        assert.equal(e.previous_period, prev.period);
        assert.ok(close(e.change, e.share - prev.share));
        const [clo, chi] = newcombe(prev.share, prev.effective_n, e.share, e.effective_n);
        assert.ok(close(e.change_ci_low, clo) && close(e.change_ci_high, chi), `${q.key} ${e.period}: Newcombe interval`);
        assert.equal(e.significant, clo > 0 || chi < 0);
      }
    }
    // data/demo/README.md: "Leeds's satisfaction rises significantly in 2023-24".
    const rise = s.estimates.find((e) => e.question === 'asc_satisfaction' && e.period === '2023-24');
    assert.ok(rise.change > 0 && rise.significant === true, JSON.stringify(rise));
    ctx.leedsSurveys = s;
    const none = (await as.viewer.call('GET', '/bodies/{id}/surveys', { params: { id: bodies.DFE.id }, expect: 200 })).body;
    assert.deepEqual([none.questions, none.estimates], [[], []]);
    await as.viewer.call('GET', '/bodies/{id}/surveys', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });
});

describe('signals', () => {
  test("GET /assessments/{id}/signals: every area of Leeds's assessments in framework order, with the data's signals", async () => {
    const assessments = (await as.viewer.call('GET', '/assessments', { query: { body_id: idOf(LEEDS) }, expect: 200 })).body.items;
    assert.deepEqual(assessments.map((a) => a.period), ['2023-24', '2024-25', '2025-26']);
    const metDistricts = new Set(ref.rows.filter((r) => r.councilType === 'Metropolitan Districts').map((r) => r.code));
    for (const a of assessments) {
      const fw = (await as.viewer.call('GET', '/frameworks/{id}', { params: { id: a.framework_id }, expect: 200 })).body.definition;
      const levels = Object.fromEntries((await as.viewer.call('GET', '/assessments/{id}', { params: { id: a.id }, expect: 200 })).body.ratings.map((r) => [r.area, r.level]));
      const s = (await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id: a.id }, expect: 200 })).body;
      assert.deepEqual([s.assessment_id, s.body_id, s.period], [a.id, idOf(LEEDS), a.period]);
      assert.deepEqual(s.group, { scope: 'type', group_id: null, label: 'Metropolitan Districts', body_count: metDistricts.size }, 'default: bodies of the same type');
      assert.deepEqual(s.areas.map((x) => x.area_key), fw.pillars.flatMap((p) => p.areas.map((x) => x.key)), 'every area, in framework order');
      for (const area of s.areas) {
        const where = `${a.period} ${area.area_key}`;
        assert.equal(area.level, levels[area.area_key] ?? null, `${where}: level as rated`);
        if (!area.signals.length) assert.equal(area.data_view, 'neutral', `${where}: no data, neutral`);
        assert.equal(typeof area.disagreement_reason === 'string' && area.disagreement_reason.length > 0, area.disagreement, `${where}: a reason exactly when the data disagrees`);
        for (const sig of area.signals) {
          if (['comparison', 'trend'].includes(sig.kind) && sig.subject) assert.equal(definitions[sig.subject]?.area, area.area_key, `${where}: ${sig.subject} informs this area`);
          if (sig.kind === 'survey') assert.equal(questions.find((q) => q.question === sig.subject)?.area, area.area_key, `${where}: question ${sig.subject}`);
          if (sig.kind === 'comparison' && sig.subject) {
            // The body's place among Metropolitan Districts in the latest period with its value.
            const own = publishedSeries(LEEDS, sig.subject).filter((o) => o.period <= a.period).at(-1);
            const values = ref.rows.filter((r) => r.measure === sig.subject && r.period === own.period && r.value !== null && metDistricts.has(r.code)).map((r) => r.value);
            const rank = rankOf(own.value, values, definitions[sig.subject].polarity);
            assert.match(sig.headline, new RegExp(`rank ${rank} of ${values.length}\\b`), `${where}: ${sig.headline}`);
          }
          if (sig.kind === 'trend') {
            const last5 = publishedSeries(LEEDS, sig.subject).filter((o) => o.period <= a.period).slice(-5);
            assert.ok(sig.headline.includes(`from ${last5[0].period} to ${last5.at(-1).period}`), `${where}: ${sig.headline}`);
          }
        }
      }
      const byArea = Object.fromEntries(s.areas.map((x) => [x.area_key, x]));
      // Productivity: the change of Leeds's index in the latest year up to the assessment's period.
      const idx = ctx.leedsProductivity.indices.filter((i) => i.period <= a.period);
      const change = 100 * (idx.at(-1).productivity_index / idx.at(-2).productivity_index - 1);
      const prod = Object.values(byArea).flatMap((x) => x.signals).filter((x) => x.kind === 'productivity');
      assert.equal(prod.length, 1);
      assert.ok(prod[0].headline.includes(`${Math.abs(change).toFixed(1)}%`) && prod[0].headline.includes(idx.at(-1).period), prod[0].headline);
      // Surveys: the latest year's result, under the question's area; the 2023-24 rise is positive.
      const sat = byArea.user_experience_and_participation.signals.find((x) => x.kind === 'survey' && x.subject === 'asc_satisfaction');
      assert.equal(sat.direction, 'positive', 'a significant rise in satisfaction');
      const share = ctx.leedsSurveys.estimates.find((e) => e.question === 'asc_satisfaction' && e.period === '2023-24').share;
      assert.ok(sat.headline.includes(`${Math.round(100 * share)}%`), sat.headline);
      if (a.status === 'draft') {
        // data/demo/README.md: the draft leaves workforce capacity and reviewing data and impact unrated.
        assert.deepEqual([byArea.workforce_capacity.level, byArea.reviewing_data_and_impact.level], [null, null]);
        assert.deepEqual([byArea.workforce_capacity.disagreement, byArea.reviewing_data_and_impact.disagreement], [false, false]);
      }
    }
    ctx.leedsAssessment = assessments[0];
  });

  test('signals within a named group or the region; unknown assessment 404; bad group 422', async () => {
    const id = ctx.leedsAssessment.id;
    const nn = ctx.leedsNeighbours;
    const named = (await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id }, query: { group: 'group', group_id: nn.id }, expect: 200 })).body;
    assert.deepEqual(named.group, { scope: 'group', group_id: nn.id, label: nn.name, body_count: ref.nn[LEEDS].length });
    const comparison = named.areas.flatMap((x) => x.signals).filter((x) => x.kind === 'comparison' && x.subject);
    assert.ok(comparison.length > 0 && comparison.every((x) => x.headline.includes(nn.name)), 'positions are among the named group');
    const region = (await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id }, query: { group: 'region' }, expect: 200 })).body;
    assert.equal(region.group.label, 'Yorkshire and The Humber');
    await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id: 999999 }, expect: 404, code: 'not_found' });
    await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id }, query: { group: 'galaxy' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/assessments/{id}/signals', { params: { id }, query: { group: 'group', group_id: 999999 }, expect: 404, code: 'not_found' });
  });
});

describe('coverage', () => {
  test('every group, goal, productivity, survey and signals operation was called and answered a success status', () => {
    assert.deepEqual(missingSuccesses(contract, coverage, MINE), []);
  });
});
