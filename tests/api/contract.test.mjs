// Contract tests: starts the real server (`pvf serve --demo` on a fresh database), calls every
// operation of docs/openapi.yaml as the demo users, and checks every response — status, content
// type and JSON body — against the spec (see lib/client.mjs). Also checks the error contract
// (400, 401, 403 forbidden / csrf_failed, 404, 405, 409, 422) and a few rules the schemas cannot
// express (scores follow the framework's rule, pagination, history order, export columns).
//
// Run: cd tests/api && npm ci && node --test      (or from the repo root: node --test tests/api/)
// The server binary is $PVF_BIN, else build/pvf.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, Coverage } from './lib/client.mjs';
import { isBenchmarking, isLinkage, isMeasurement } from './lib/demo.mjs';
import { startServer } from './lib/server.mjs';
import { Contract, XLSX_TYPE } from './lib/spec.mjs';

const contract = new Contract();
const coverage = new Coverage();

const DEMO = {
  admin: ['admin', 'admin-demo'],
  treasury_analyst: ['treasury', 'treasury-demo'],
  body_lead: ['bodylead', 'bodylead-demo'],
  assessor: ['assessor', 'assessor-demo'],
  viewer: ['viewer', 'viewer-demo'],
};
const ROLES = Object.keys(DEMO);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let server;
const as = {};  // role -> signed-in Client
const ctx = {};  // what the tests discover about the demo data and create along the way

const anon = () => new Client(server.api, contract, coverage, 'anonymous');
async function signIn(role) {
  const [u, p] = DEMO[role];
  return new Client(server.api, contract, coverage).login(u, p);
}
const uniq = (() => {
  const stamp = Date.now().toString(36);
  let n = 0;
  return (prefix) => `${prefix} ${stamp}-${++n}`;
})();

// Scores: the framework's rule, rounded to 2 dp as the API documents.
function aggregate(how, values) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  if (how === 'min') return v[0];
  if (how === 'median') return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return v.reduce((a, b) => a + b, 0) / v.length;
}
function assertScore(actual, expected, what) {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) <= 0.0051, `${what}: expected ≈${expected}, got ${actual}`);
}

before(async () => {
  server = await startServer({ timeoutMs: 20000 });
  for (const role of ROLES) as[role] = await signIn(role);
});

after(async () => {
  if (server) {
    const exit = await server.stop();
    if (process.env.PVF_TEST_VERBOSE) console.log(server.output(), exit);
  }
});

describe('system and session', () => {
  test('GET /health answers without a session', async () => {
    const res = await anon().call('GET', '/health', { expect: 200 });
    assert.equal(res.body.status, 'ok');
  });

  test('POST /session signs each demo user in with a safe cookie', async () => {
    for (const role of ROLES) {
      const c = as[role];
      assert.equal(c.user.role, role, `${c.label}'s role`);
      assert.equal(c.user.username, DEMO[role][0]);
      assert.equal(c.user.active, true);
      const attrs = c.setCookie.split(';').map((a) => a.trim().toLowerCase());
      assert.ok(attrs.includes('httponly'), `cookie is not HttpOnly: ${c.setCookie}`);
      assert.ok(attrs.includes('samesite=strict'), `cookie is not SameSite=Strict: ${c.setCookie}`);
      assert.ok(attrs.includes('path=/'), `cookie has no Path=/: ${c.setCookie}`);
    }
    assert.equal(typeof as.body_lead.user.body_id, 'number', 'the body lead has a body');
    assert.equal(as.assessor.user.body_id, as.body_lead.user.body_id, 'assessor and body lead work for the same body (Leeds)');
    assert.equal(as.admin.user.body_id, null);
    ctx.leedsId = as.body_lead.user.body_id;
  });

  test('POST /session refuses a wrong password (401 invalid_credentials), a missing field (422) and malformed JSON (400)', async () => {
    await anon().call('POST', '/session', { body: { username: 'admin', password: 'wrong' }, expect: 401, code: 'invalid_credentials' });
    await anon().call('POST', '/session', { body: { username: 'nobody-here', password: 'x' }, expect: 401, code: 'invalid_credentials' });
    await anon().call('POST', '/session', { body: { username: 'admin' }, expect: 422, code: 'invalid_input' });
    await anon().call('POST', '/session', { raw: '{"username":"admin",', expect: 400, code: 'invalid_input' });
  });

  test('GET /session returns the user and the same CSRF token; 401 without a session', async () => {
    for (const role of ROLES) {
      const res = await as[role].call('GET', '/session', { expect: 200 });
      assert.deepEqual(res.body.user, as[role].user);
      assert.equal(res.body.csrf_token, as[role].csrf);
    }
    await anon().call('GET', '/session', { expect: 401, code: 'unauthenticated' });
    const forged = anon();
    forged.cookie = 'pvf_session=not-a-real-token';
    await forged.call('GET', '/session', { expect: 401, code: 'unauthenticated' });
  });
});

describe('frameworks', () => {
  test('GET /frameworks lists the loaded versions', async () => {
    const res = await as.viewer.call('GET', '/frameworks', { expect: 200 });
    assert.ok(res.body.items.length >= 1, 'the demo has a framework');
    ctx.frameworks = res.body.items;
  });

  test('GET /frameworks/{id} returns the definition; 404 for an unknown id', async () => {
    for (const f of ctx.frameworks) {
      const res = await as.viewer.call('GET', '/frameworks/{id}', { params: { id: f.id }, expect: 200 });
      const d = res.body.definition;
      for (const k of ['id', 'key', 'version', 'title', 'in_use', 'loaded_at', 'area_count']) assert.deepEqual(res.body[k], f[k], k);
      assert.equal(d.key, f.key);
      assert.equal(d.version, f.version);
      const areas = d.pillars.flatMap((p) => p.areas);
      assert.equal(f.area_count, areas.length, 'area_count counts the definition\'s areas');
      const levels = d.scale.map((s) => s.level);
      assert.deepEqual(levels, [...levels].sort((a, b) => a - b), 'scale is ascending');
      for (const a of areas) assert.deepEqual(Object.keys(a.descriptors).map(Number).sort((x, y) => x - y), levels, `descriptors of ${a.key} cover the scale`);
    }
    await as.viewer.call('GET', '/frameworks/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });
});

describe('bodies', () => {
  test('GET /bodies lists and filters; Leeds is there', async () => {
    const all = await as.viewer.call('GET', '/bodies', { expect: 200 });
    const leeds = all.body.items.find((b) => b.id === ctx.leedsId);
    assert.ok(leeds, 'the body lead\'s body is listed');
    assert.match(leeds.name, /Leeds/);
    assert.equal(leeds.subtype, 'Metropolitan Districts', "the demo gives Leeds Oflog's council type");
    ctx.leeds = leeds;
    ctx.bodyCount = all.body.items.length;

    const q = await as.viewer.call('GET', '/bodies', { query: { q: 'leeds' }, expect: 200 });
    assert.ok(q.body.items.some((b) => b.id === ctx.leedsId), 'q=leeds finds Leeds (case-insensitive)');
    assert.ok(q.body.items.every((b) => `${b.name} ${b.code ?? ''}`.toLowerCase().includes('leeds')), 'q filters by name or code');

    const t = await as.viewer.call('GET', '/bodies', { query: { type: leeds.type }, expect: 200 });
    assert.ok(t.body.items.length >= 1 && t.body.items.every((b) => b.type === leeds.type), 'type filters');
    const none = await as.viewer.call('GET', '/bodies', { query: { type: 'quango' }, expect: 200 });
    assert.deepEqual(none.body.items, [], 'an unknown type matches no body');
  });

  test('GET /bodies/{id}; 404 for an unknown id', async () => {
    const res = await as.assessor.call('GET', '/bodies/{id}', { params: { id: ctx.leedsId }, expect: 200 });
    assert.deepEqual(res.body, ctx.leeds);
    await as.assessor.call('GET', '/bodies/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('POST /bodies creates (201); duplicates 409; bad input 422 / 400', async () => {
    const name = uniq('Test Agency');
    const input = { code: `T${Date.now().toString(36).toUpperCase()}`, name, type: 'agency', subtype: 'Executive agency', region: 'London', parent_id: null };
    const res = await as.treasury_analyst.call('POST', '/bodies', { body: input, expect: 201 });
    for (const k of Object.keys(input)) assert.deepEqual(res.body[k], input[k], k);
    ctx.otherBody = res.body;

    const child = await as.admin.call('POST', '/bodies', { body: { name: uniq('Test Programme'), type: 'programme', parent_id: res.body.id }, expect: 201 });
    assert.equal(child.body.parent_id, res.body.id);
    assert.equal(child.body.code, null);
    assert.equal(child.body.region, null);
    assert.equal(child.body.subtype, null);

    await as.admin.call('POST', '/bodies', { body: { ...input, code: null }, expect: 409, code: 'conflict' });
    await as.admin.call('POST', '/bodies', { body: { name: uniq('Bad type'), type: 'quango' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/bodies', { body: { type: 'agency' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/bodies', { body: { name: uniq('Typo'), type: 'agency', regoin: 'x' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('POST', '/bodies', { raw: '{"name": "Broken", "type": ', expect: 400, code: 'invalid_input' });
  });

  test('PUT /bodies/{id} changes a body; 404 unknown; 409 clash', async () => {
    const b = ctx.otherBody;
    const input = { code: b.code, name: b.name, type: b.type, region: 'Wales', parent_id: null };
    const res = await as.admin.call('PUT', '/bodies/{id}', { params: { id: b.id }, body: input, expect: 200 });
    assert.equal(res.body.region, 'Wales');
    assert.equal(res.body.subtype, null, 'a field left out of a PUT becomes null');
    assert.equal(res.body.created_at, b.created_at);
    ctx.otherBody = res.body;
    await as.admin.call('PUT', '/bodies/{id}', { params: { id: 999999 }, body: input, expect: 404, code: 'not_found' });
    await as.admin.call('PUT', '/bodies/{id}', { params: { id: b.id }, body: { ...input, name: ctx.leeds.name, code: null }, expect: 409, code: 'conflict' });
  });

  test('POST /bodies/import creates and updates from CSV; a bad file is refused whole (422)', async () => {
    const code1 = `IMP${Date.now().toString(36).toUpperCase()}`;
    const csv = [
      'name,code,type,region,parent_code',
      `${uniq('Imported Department')},${code1},department,London,`,
      `${uniq('Imported Agency')},${code1}A,agency,North West,${code1}`,
      `${ctx.otherBody.name},${ctx.otherBody.code},agency,Scotland,`,
    ].join('\n') + '\n';
    const res = await as.treasury_analyst.call('POST', '/bodies/import', { raw: csv, contentType: 'text/csv', expect: 200 });
    assert.deepEqual(res.body, { created: 2, updated: 1 });
    const after = await as.admin.call('GET', '/bodies/{id}', { params: { id: ctx.otherBody.id }, expect: 200 });
    assert.equal(after.body.region, 'Scotland');

    const before = (await as.admin.call('GET', '/bodies', { expect: 200 })).body.items.length;
    const bad = ['name,code,type', `${uniq('Fine')},,council`, `,,council`, `${uniq('Odd')},,quango`].join('\n') + '\n';
    const err = await as.admin.call('POST', '/bodies/import', { raw: bad, contentType: 'text/csv', expect: 422, code: 'invalid_input' });
    assert.ok(err.body.error.details.length >= 2, `every bad row is listed: ${JSON.stringify(err.body.error.details)}`);
    const afterBad = (await as.admin.call('GET', '/bodies', { expect: 200 })).body.items.length;
    assert.equal(afterBad, before, 'nothing was written from the bad file');
  });
});

describe('users', () => {
  test('GET /users lists every demo account (admin only)', async () => {
    const res = await as.admin.call('GET', '/users', { expect: 200 });
    for (const role of ROLES) assert.ok(res.body.items.some((u) => u.username === DEMO[role][0] && u.role === role), role);
  });

  test('POST /users creates an account that can sign in; 409 duplicate; 422 bad role', async () => {
    const username = `analyst${Date.now().toString(36)}`;
    const input = { username, display_name: 'Test Analyst', role: 'treasury_analyst', body_id: null, password: 'correct-horse-battery-staple' };
    const res = await as.admin.call('POST', '/users', { body: input, expect: 201 });
    assert.equal(res.body.username, username);
    assert.equal(res.body.role, 'treasury_analyst');
    assert.equal(res.body.active, true);
    const c = await new Client(server.api, contract, coverage).login(username, input.password);
    assert.equal(c.user.id, res.body.id);

    const lead = await as.admin.call('POST', '/users', {
      body: { username: `lead${Date.now().toString(36)}`, display_name: 'Other Lead', role: 'body_lead', body_id: ctx.otherBody.id, password: 'correct-horse-battery-staple' },
      expect: 201,
    });
    assert.equal(lead.body.body_id, ctx.otherBody.id);
    await as.admin.call('POST', '/users', { body: input, expect: 409, code: 'conflict' });
    await as.admin.call('POST', '/users', { body: { ...input, username: `${username}x`, role: 'overlord' }, expect: 422, code: 'invalid_input' });
  });
});

describe('assessments', () => {
  test('GET /assessments: Leeds has agreed 2023-24 and 2024-25 and a draft 2025-26', async () => {
    const res = await as.viewer.call('GET', '/assessments', { query: { body_id: ctx.leedsId }, expect: 200 });
    const byPeriod = Object.fromEntries(res.body.items.map((a) => [a.period, a]));
    assert.equal(byPeriod['2023-24']?.status, 'agreed');
    assert.equal(byPeriod['2024-25']?.status, 'agreed');
    assert.equal(byPeriod['2025-26']?.status, 'draft');
    assert.equal(res.body.next_cursor, null);
    for (const a of res.body.items) assert.equal(a.body_id, ctx.leedsId);
    ctx.a2324 = byPeriod['2023-24'];
    ctx.a2425 = byPeriod['2024-25'];
    ctx.draft = byPeriod['2025-26'];
    ctx.frameworkId = ctx.a2425.framework_id;
    const f = await as.viewer.call('GET', '/frameworks/{id}', { params: { id: ctx.frameworkId }, expect: 200 });
    ctx.framework = f.body;
    ctx.def = f.body.definition;
    ctx.areas = ctx.def.pillars.flatMap((p) => p.areas.map((a) => ({ ...a, pillar: p.key })));
    ctx.levels = ctx.def.scale.map((s) => s.level);
    assert.equal(f.body.in_use, true, 'a framework with assessments is in_use');
  });

  test('GET /assessments filters by status, period and framework, and paginates with next_cursor', async () => {
    const agreed = await as.viewer.call('GET', '/assessments', { query: { status: 'agreed' }, expect: 200 });
    assert.ok(agreed.body.items.length >= 2 && agreed.body.items.every((a) => a.status === 'agreed'));
    const period = await as.viewer.call('GET', '/assessments', { query: { period: '2024-25', framework_id: ctx.frameworkId }, expect: 200 });
    assert.ok(period.body.items.some((a) => a.id === ctx.a2425.id));
    assert.ok(period.body.items.every((a) => a.period === '2024-25' && a.framework_id === ctx.frameworkId));

    const all = (await as.viewer.call('GET', '/assessments', { query: { limit: 1000 }, expect: 200 })).body.items.map((a) => a.id);
    const seen = [];
    let cursor;
    for (let page = 0; page < 1000; page++) {
      const res = await as.viewer.call('GET', '/assessments', { query: { limit: 2, cursor }, expect: 200 });
      assert.ok(res.body.items.length <= 2);
      seen.push(...res.body.items.map((a) => a.id));
      cursor = res.body.next_cursor;
      if (cursor === null) break;
      assert.equal(typeof cursor, 'string');
    }
    assert.deepEqual(seen, all, 'following next_cursor walks the whole list once, in order');
    assert.deepEqual(all, [...all].sort((a, b) => a - b), 'listed in id order');

    await as.viewer.call('GET', '/assessments', { query: { status: 'pending' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/assessments', { query: { limit: 'ten' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/assessments', { query: { limit: -5 }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/assessments', { query: { cursor: 'abc' }, expect: 422, code: 'invalid_input' });
    const clamped = await as.viewer.call('GET', '/assessments', { query: { limit: 0 }, expect: 200 });
    assert.equal(clamped.body.items.length, 1, 'limit=0 is read as 1');
  });

  test('GET /assessments/{id}: detail with ratings, history and what the caller may do', async () => {
    const draft = await as.body_lead.call('GET', '/assessments/{id}', { params: { id: ctx.draft.id }, expect: 200 });
    assert.equal(draft.body.status, 'draft');
    assert.equal(draft.body.editable, true, 'the body lead may edit the draft');
    for (const s of draft.body.allowed_transitions) assert.equal(s, 'submitted', 'a body lead may only submit a draft');
    const viewer = await as.viewer.call('GET', '/assessments/{id}', { params: { id: ctx.draft.id }, expect: 200 });
    assert.equal(viewer.body.editable, true, 'editable says the body holds the pen (draft or returned), whoever asks');
    assert.deepEqual(viewer.body.allowed_transitions, [], 'a viewer may make no move');

    const agreed = await as.treasury_analyst.call('GET', '/assessments/{id}', { params: { id: ctx.a2425.id }, expect: 200 });
    assert.equal(agreed.body.editable, false);
    assert.deepEqual(agreed.body.allowed_transitions, []);
    assert.equal(agreed.body.ratings.length, ctx.areas.length, 'an agreed assessment rates every area');
    assert.equal(agreed.body.history.at(-1).to, 'agreed');
    const areaKeys = new Set(ctx.areas.map((a) => a.key));
    for (const r of agreed.body.ratings) {
      assert.ok(areaKeys.has(r.area), `rating for unknown area ${r.area}`);
      assert.ok(ctx.levels.includes(r.level), `level ${r.level} is on the scale`);
    }
    await as.viewer.call('GET', '/assessments/{id}', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('POST /assessments starts a draft (201); 409 duplicate; 403 for another body; 422 bad period; 404 unknown body', async () => {
    const input = { body_id: ctx.leedsId, framework_id: ctx.frameworkId, period: '2026-27' };
    const res = await as.body_lead.call('POST', '/assessments', { body: input, expect: 201 });
    assert.equal(res.body.status, 'draft');
    assert.equal(res.body.period, '2026-27');
    assert.equal(res.body.body_id, ctx.leedsId);
    assert.deepEqual(res.body.ratings, []);
    assert.deepEqual(res.body.history, []);
    assert.equal(res.body.editable, true);
    assert.equal(res.body.created_by, as.body_lead.user.id);
    ctx.fresh = res.body;

    await as.body_lead.call('POST', '/assessments', { body: input, expect: 409, code: 'conflict' });
    await as.body_lead.call('POST', '/assessments', { body: { ...input, body_id: ctx.otherBody.id }, expect: 403, code: 'forbidden' });
    await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, period: '2024-26' }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, period: 'next year' }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, body_id: 999999 }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, framework_id: 999999 }, expect: 422, code: 'invalid_input' });
    await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, body_id: String(ctx.leedsId) }, expect: 422, code: 'invalid_input' });
    // A treasury analyst may start one for any body.
    const other = await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, body_id: ctx.otherBody.id, period: '2024-25' }, expect: 201 });
    ctx.otherAssessment = other.body;
    const quarter = await as.treasury_analyst.call('POST', '/assessments', { body: { ...input, body_id: ctx.otherBody.id, period: '2025-26 Q1' }, expect: 201 });
    assert.equal(quarter.body.period, '2025-26 Q1', 'quarters are periods too');
    const seen = await as.body_lead.call('GET', '/assessments/{id}', { params: { id: other.body.id }, expect: 200 });
    assert.deepEqual(seen.body.allowed_transitions, [], 'a body lead may make no move on another body\'s assessment');
  });
});

describe('ratings', () => {
  test('PUT /assessments/{id}/ratings/{area} rates every area of the new draft', async () => {
    const mid = ctx.levels[Math.floor(ctx.levels.length / 2)];
    ctx.freshLevels = {};
    for (const [i, area] of ctx.areas.entries()) {
      const level = ctx.levels[(i + 1) % ctx.levels.length];
      const who = i % 2 ? as.assessor : as.body_lead;
      const input = { level, rationale: `Rationale for ${area.key}`, confidence: ['low', 'medium', 'high'][i % 3], evidence: [{ url: 'https://example.org/report.pdf', note: 'Annual report' }] };
      const res = await who.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id: ctx.fresh.id, area: area.key }, body: input, expect: 200 });
      assert.equal(res.body.area, area.key);
      assert.equal(res.body.level, level);
      assert.equal(res.body.rationale, input.rationale);
      assert.equal(res.body.confidence, input.confidence);
      assert.deepEqual(res.body.evidence, input.evidence);
      assert.equal(res.body.updated_by, who.user.id);
      ctx.freshLevels[area.key] = level;
    }
    // Replacing a rating; defaults for confidence and evidence.
    const first = ctx.areas[0].key;
    const res = await as.admin.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id: ctx.fresh.id, area: first }, body: { level: mid }, expect: 200 });
    assert.equal(res.body.confidence, 'medium');
    assert.deepEqual(res.body.evidence, []);
    assert.equal(res.body.rationale, '');
    ctx.freshLevels[first] = mid;
    const detail = await as.body_lead.call('GET', '/assessments/{id}', { params: { id: ctx.fresh.id }, expect: 200 });
    assert.equal(detail.body.ratings.length, ctx.areas.length);
    for (const r of detail.body.ratings) assert.equal(r.level, ctx.freshLevels[r.area]);
  });

  test('PUT rating: unknown area 422, level outside the scale 422, malformed JSON 400', async () => {
    const p = { id: ctx.fresh.id, area: ctx.areas[0].key };
    const max = Math.max(...ctx.levels);
    const min = Math.min(...ctx.levels);
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: { ...p, area: 'no_such_area' }, body: { level: min }, expect: 422, code: 'invalid_input' });
    const high = await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: max + 1 }, expect: 422, code: 'invalid_input' });
    assert.ok(high.body.error.details.some((d) => d.where.includes('level')) || /level/.test(high.body.error.message), 'the error names the level');
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: min - 1 }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: 'three' }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: min, confidence: 'certain' }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, raw: '{"level": 2', expect: 400, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, raw: '[1,2]', expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: min, evidence: [{ url: 'ftp://example.org/x' }] }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: min, evidence: [{ url: '', note: '' }] }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: p, body: { level: min, colour: 'red' }, expect: 422, code: 'invalid_input' });
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: { ...p, id: 999999 }, body: { level: min }, expect: 404, code: 'not_found' });
  });

  test('PUT rating on an agreed assessment is 409; for another body 403', async () => {
    const area = ctx.areas[0].key;
    await as.body_lead.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id: ctx.a2425.id, area }, body: { level: ctx.levels[0] }, expect: 409, code: 'conflict' });
    await as.admin.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id: ctx.a2425.id, area }, body: { level: ctx.levels[0] }, expect: 409, code: 'conflict' });
    await as.assessor.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id: ctx.otherAssessment.id, area }, body: { level: ctx.levels[0] }, expect: 403, code: 'forbidden' });
  });
});

describe('workflow', () => {
  test('submitting an incomplete assessment is 422, listing every unrated area', async () => {
    await as.treasury_analyst.call('POST', '/assessments/{id}/transitions', { params: { id: ctx.otherAssessment.id }, body: { to: 'submitted' }, expect: 403, code: 'forbidden' });
    const res = await as.admin.call('POST', '/assessments/{id}/transitions', { params: { id: ctx.otherAssessment.id }, body: { to: 'submitted', note: '' }, expect: 422, code: 'invalid_input' });
    assert.deepEqual(res.body.error.details.map((d) => d.where).sort(), ctx.areas.map((a) => a.key).sort());
  });

  test('POST /assessments/{id}/transitions: submit → return → submit → agree, with history', async () => {
    const id = ctx.fresh.id;
    const t = (who, to, note, expect, code) => as[who].call('POST', '/assessments/{id}/transitions', { params: { id }, body: { to, note }, expect, code });

    await t('assessor', 'submitted', '', 403, 'forbidden');
    await t('treasury_analyst', 'agreed', 'too early', 409, 'conflict');
    const sub = await t('body_lead', 'submitted', 'Ready for review', 200);
    assert.equal(sub.body.status, 'submitted');
    assert.equal(sub.body.editable, false);
    assert.deepEqual(sub.body.history.map((h) => [h.from, h.to, h.username, h.note]), [['draft', 'submitted', 'bodylead', 'Ready for review']]);

    await as.assessor.call('PUT', '/assessments/{id}/ratings/{area}', { params: { id, area: ctx.areas[0].key }, body: { level: ctx.levels[0] }, expect: 409, code: 'conflict' });
    await t('body_lead', 'agreed', '', 403, 'forbidden');
    const seen = await as.treasury_analyst.call('GET', '/assessments/{id}', { params: { id }, expect: 200 });
    assert.deepEqual([...seen.body.allowed_transitions].sort(), ['agreed', 'returned']);

    const ret = await t('treasury_analyst', 'returned', 'Please add evidence for the first area', 200);
    assert.equal(ret.body.status, 'returned');
    const lead = await as.body_lead.call('GET', '/assessments/{id}', { params: { id }, expect: 200 });
    assert.equal(lead.body.editable, true);
    assert.deepEqual(lead.body.allowed_transitions, ['submitted']);

    await t('body_lead', 'submitted', 'Evidence added', 200);
    const agreed = await t('treasury_analyst', 'agreed', 'Agreed at the review meeting', 200);
    assert.equal(agreed.body.status, 'agreed');
    assert.deepEqual(agreed.body.history.map((h) => h.to), ['submitted', 'returned', 'submitted', 'agreed']);
    assert.deepEqual(agreed.body.history.map((h) => h.from), ['draft', 'submitted', 'returned', 'submitted']);
    assert.equal(agreed.body.history[3].user_id, as.treasury_analyst.user.id);
    assert.deepEqual(agreed.body.allowed_transitions, []);
  });

  test('illegal transitions are 409; bad input 422 / 400; unknown assessment 404', async () => {
    const id = ctx.fresh.id;
    const call = (body, expect, code, who = 'admin', raw) => as[who].call('POST', '/assessments/{id}/transitions', { params: { id }, body, raw, expect, code });
    await call({ to: 'submitted' }, 409, 'conflict');
    await call({ to: 'returned' }, 409, 'conflict');
    await call({ to: 'draft' }, 409, 'conflict');
    await call({ to: 'archived' }, 422, 'invalid_input');
    await call({ to: 'agreed', by: 'me' }, 422, 'invalid_input');
    await call({}, 422, 'invalid_input');
    await call(undefined, 400, 'invalid_input', 'admin', '{"to":');
    await as.admin.call('POST', '/assessments/{id}/transitions', { params: { id: 999999 }, body: { to: 'submitted' }, expect: 404, code: 'not_found' });
    await as.admin.call('POST', '/assessments/{id}/transitions', { params: { id: ctx.a2324.id }, body: { to: 'submitted' }, expect: 409, code: 'conflict' });
  });
});

describe('dialogue', () => {
  test('POST and GET /assessments/{id}/comments: comments and replies on the draft', async () => {
    const area = ctx.areas[0].key;
    const area2 = ctx.areas[1]?.key ?? area;
    const c1 = await as.treasury_analyst.call('POST', '/assessments/{id}/comments', { params: { id: ctx.draft.id }, body: { area, text: 'What evidence supports this level?' }, expect: 201 });
    assert.equal(c1.body.parent_id, null);
    assert.equal(c1.body.role, 'treasury_analyst');
    assert.equal(c1.body.user_id, as.treasury_analyst.user.id);
    assert.equal(c1.body.assessment_id, ctx.draft.id);
    const c2 = await as.body_lead.call('POST', '/assessments/{id}/comments', { params: { id: ctx.draft.id }, body: { area, text: 'See the annual report, section 3.', parent_id: c1.body.id }, expect: 201 });
    assert.equal(c2.body.parent_id, c1.body.id);
    await as.assessor.call('POST', '/assessments/{id}/comments', { params: { id: ctx.draft.id }, body: { area: area2, text: 'Draft rationale added.', parent_id: null }, expect: 201 });

    const all = await as.viewer.call('GET', '/assessments/{id}/comments', { params: { id: ctx.draft.id }, expect: 200 });
    const ids = all.body.items.map((c) => c.id);
    assert.ok(ids.includes(c1.body.id) && ids.includes(c2.body.id));
    assert.ok(ids.indexOf(c1.body.id) < ids.indexOf(c2.body.id), 'oldest first');
    const one = await as.viewer.call('GET', '/assessments/{id}/comments', { params: { id: ctx.draft.id }, query: { area }, expect: 200 });
    assert.ok(one.body.items.length >= 2 && one.body.items.every((c) => c.area === area));
  });

  test('comments: unknown area 422, empty text 422, reply to another assessment\'s comment 422, agreed 409, 404', async () => {
    const area = ctx.areas[0].key;
    const post = (id, body, expect, code, who = 'treasury_analyst') => as[who].call('POST', '/assessments/{id}/comments', { params: { id }, body, expect, code });
    await post(ctx.draft.id, { area: 'no_such_area', text: 'Hello' }, 422, 'invalid_input');
    await post(ctx.draft.id, { area, text: '' }, 422, 'invalid_input');
    await post(ctx.draft.id, { area, text: '   ' }, 422, 'invalid_input');
    const elsewhere = await post(ctx.otherAssessment.id, { area, text: 'On another body.' }, 201);
    await post(ctx.draft.id, { area, text: 'Reply', parent_id: elsewhere.body.id }, 422, 'invalid_input');
    await post(ctx.a2425.id, { area, text: 'Too late' }, 409, 'conflict');
    await post(999999, { area, text: 'Nobody' }, 404, 'not_found');
    await post(ctx.otherAssessment.id, { area, text: 'Not my body' }, 403, 'forbidden', 'assessor');
    await as.viewer.call('GET', '/assessments/{id}/comments', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('POST, GET /assessments/{id}/actions and PATCH /actions/{id}', async () => {
    const area = ctx.areas[0].key;
    const input = { area, title: 'Publish the outcome data quarterly', owner: 'Head of Performance', due_date: '2026-03-31', status: 'open' };
    const a = await as.treasury_analyst.call('POST', '/assessments/{id}/actions', { params: { id: ctx.draft.id }, body: input, expect: 201 });
    for (const k of ['title', 'owner', 'due_date', 'status']) assert.equal(a.body[k], input[k], k);
    assert.equal(a.body.area, area);
    assert.equal(a.body.created_by, as.treasury_analyst.user.id);
    const b = await as.body_lead.call('POST', '/assessments/{id}/actions', { params: { id: ctx.draft.id }, body: { area, title: 'Benchmark unit costs' }, expect: 201 });
    assert.equal(b.body.status, 'open');
    assert.equal(b.body.due_date, null);
    assert.equal(b.body.owner, '');
    ctx.action = a.body;

    const list = await as.viewer.call('GET', '/assessments/{id}/actions', { params: { id: ctx.draft.id }, expect: 200 });
    assert.ok(list.body.items.some((x) => x.id === a.body.id) && list.body.items.some((x) => x.id === b.body.id));

    const p1 = await as.body_lead.call('PATCH', '/actions/{id}', { params: { id: a.body.id }, body: { status: 'in_progress' }, expect: 200 });
    assert.equal(p1.body.status, 'in_progress');
    assert.equal(p1.body.title, input.title, 'fields not given are unchanged');
    const p2 = await as.treasury_analyst.call('PATCH', '/actions/{id}', { params: { id: a.body.id }, body: { due_date: null, owner: 'Chief Executive' }, expect: 200 });
    assert.equal(p2.body.due_date, null);
    assert.equal(p2.body.owner, 'Chief Executive');
    assert.equal(p2.body.status, 'in_progress');
  });

  test('actions: bad input 422, agreed assessment refuses new actions (409) but its actions can still change', async () => {
    const area = ctx.areas[0].key;
    const post = (id, body, expect, code) => as.treasury_analyst.call('POST', '/assessments/{id}/actions', { params: { id }, body, expect, code });
    await post(ctx.draft.id, { area, title: 'Bad date', due_date: '31/03/2026' }, 422, 'invalid_input');
    await post(ctx.draft.id, { area, title: 'Bad status', status: 'finished' }, 422, 'invalid_input');
    await post(ctx.draft.id, { area: 'no_such_area', title: 'Bad area' }, 422, 'invalid_input');
    await post(ctx.draft.id, { area, title: '' }, 422, 'invalid_input');
    await post(ctx.fresh.id, { area, title: 'After agreement' }, 409, 'conflict');
    await post(999999, { area, title: 'Nowhere' }, 404, 'not_found');
    await as.admin.call('PATCH', '/actions/{id}', { params: { id: ctx.action.id }, body: { status: 'finished' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('PATCH', '/actions/{id}', { params: { id: ctx.action.id }, body: { due_date: 'soon' }, expect: 422, code: 'invalid_input' });
    await as.admin.call('PATCH', '/actions/{id}', { params: { id: 999999 }, body: { status: 'done' }, expect: 404, code: 'not_found' });

    // An action on an agreed assessment (the demo's agreed years usually carry some).
    const agreedActions = [];
    for (const a of [ctx.a2425, ctx.a2324]) {
      const res = await as.viewer.call('GET', '/assessments/{id}/actions', { params: { id: a.id }, expect: 200 });
      agreedActions.push(...res.body.items);
    }
    if (agreedActions.length) {
      const x = agreedActions[0];
      const next = x.status === 'done' ? 'in_progress' : 'done';
      const res = await as.body_lead.call('PATCH', '/actions/{id}', { params: { id: x.id }, body: { status: next }, expect: 200 });
      assert.equal(res.body.status, next);
    }
  });
});

describe('scorecards', () => {
  function checkScores(sc, levels, previous) {
    const rule = ctx.def.scoring;
    const pillarScores = [];
    const prevPillarScores = [];
    assert.deepEqual(sc.pillars.map((p) => p.key), ctx.def.pillars.map((p) => p.key), 'pillars in framework order');
    for (const [i, p] of sc.pillars.entries()) {
      const def = ctx.def.pillars[i];
      assert.deepEqual(p.areas.map((a) => a.key), def.areas.map((a) => a.key), `areas of ${p.key} in framework order`);
      const lv = [];
      const pv = [];
      for (const a of p.areas) {
        assert.equal(a.level, levels[a.key] ?? null, `level of ${a.key}`);
        assert.equal(a.previous_level, previous ? previous[a.key] ?? null : null, `previous level of ${a.key}`);
        assert.equal(a.change, a.level !== null && a.previous_level !== null ? a.level - a.previous_level : null, `change of ${a.key}`);
        if (a.level !== null) lv.push(a.level);
        if (a.previous_level !== null) pv.push(a.previous_level);
      }
      assert.equal(p.rated, lv.length, `rated in ${p.key}`);
      const score = aggregate(rule.area_to_pillar, lv);
      assertScore(p.score, score, `score of ${p.key}`);
      const prev = aggregate(rule.area_to_pillar, pv);
      assertScore(p.previous_score, prev, `previous score of ${p.key}`);
      if (p.score !== null && p.previous_score !== null) assertScore(p.change, score - prev, `change of ${p.key}`);
      else assert.equal(p.change, null);
      if (score !== null) pillarScores.push(score);
      if (prev !== null) prevPillarScores.push(prev);
    }
    assertScore(sc.overall, aggregate(rule.pillar_to_overall, pillarScores), 'overall');
    assertScore(sc.previous_overall, aggregate(rule.pillar_to_overall, prevPillarScores), 'previous overall');
    assert.equal(sc.complete, Object.keys(levels).length === ctx.areas.length);
  }

  async function levelsOf(id) {
    const res = await as.viewer.call('GET', '/assessments/{id}', { params: { id }, expect: 200 });
    return Object.fromEntries(res.body.ratings.map((r) => [r.area, r.level]));
  }

  test('GET /assessments/{id}/scorecard: scores by the framework rule, change since the previous year, history', async () => {
    const res = await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2425.id }, expect: 200 });
    const v = res.body;
    assert.equal(v.assessment.id, ctx.a2425.id);
    assert.deepEqual(v.framework, { id: ctx.framework.id, key: ctx.framework.key, version: ctx.framework.version, title: ctx.framework.title, scale: ctx.def.scale });
    assert.deepEqual(v.previous, { id: ctx.a2324.id, period: '2023-24', status: 'agreed' });
    checkScores(v.scorecard, await levelsOf(ctx.a2425.id), await levelsOf(ctx.a2324.id));
    const periods = v.history.map((h) => h.period);
    assert.deepEqual(periods, [...periods].sort(), 'history oldest first');
    for (const p of ['2023-24', '2024-25', '2025-26', '2026-27']) assert.ok(periods.includes(p), `history has ${p}`);
    const mine = v.history.find((h) => h.assessment_id === ctx.a2425.id);
    assert.equal(mine.overall, v.scorecard.overall);
    assert.deepEqual(Object.keys(mine.pillars).sort(), ctx.def.pillars.map((p) => p.key).sort());
    for (const p of v.scorecard.pillars) assert.equal(mine.pillars[p.key], p.score);

    const first = await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2324.id }, query: { format: 'json' }, expect: 200 });
    assert.equal(first.body.previous, null);
    assert.equal(first.body.scorecard.previous_overall, null);
    assert.equal(first.body.scorecard.change, null);

    const fresh = await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.fresh.id }, expect: 200 });
    assert.equal(fresh.body.previous?.id, ctx.draft.id, 'the previous assessment is the latest earlier period, whatever its status');
    checkScores(fresh.body.scorecard, ctx.freshLevels, await levelsOf(ctx.draft.id));
  });

  test('GET /assessments/{id}/scorecard?format=csv|xlsx downloads a file; unknown format 422; 404', async () => {
    const csv = await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2425.id }, query: { format: 'csv' }, expect: 200 });
    assert.match(csv.contentType, /^text\/csv; ?charset=utf-8$/i);
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.csv"$/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], 'body,code,period,status,scope,pillar,area,title,level_label,score,previous_period,previous_score,change');
    assert.equal(lines.length, 1 + ctx.areas.length + ctx.def.pillars.length + 1, 'a row per area, per pillar, and the overall score');
    assert.ok(lines.at(-1).includes(',overall,'), 'the overall score comes last');
    const xlsx = await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2425.id }, query: { format: 'xlsx' }, expect: 200 });
    assert.equal(xlsx.contentType, XLSX_TYPE);
    assert.match(xlsx.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.xlsx"$/);
    assert.equal(xlsx.bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'an xlsx file is a zip');
    await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2425.id }, query: { format: 'pdf' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: 999999 }, expect: 404, code: 'not_found' });
  });

  test('GET /scorecards compares bodies for a period (json, csv, xlsx)', async () => {
    const q = { framework: ctx.frameworkId, period: '2024-25' };
    const res = await as.viewer.call('GET', '/scorecards', { query: q, expect: 200 });
    const c = res.body;
    assert.equal(c.period, '2024-25');
    assert.equal(c.framework.id, ctx.frameworkId);
    assert.deepEqual(c.pillars, ctx.def.pillars.map((p) => ({ key: p.key, title: p.title })));
    assert.deepEqual(c.areas, ctx.areas.map((a) => ({ key: a.key, title: a.title, pillar: a.pillar })));
    const leeds = c.rows.find((r) => r.body_id === ctx.leedsId);
    assert.ok(leeds, 'Leeds has a row');
    assert.equal(leeds.assessment_id, ctx.a2425.id);
    assert.equal(leeds.status, 'agreed');
    assert.equal(leeds.body_name, ctx.leeds.name);
    assert.deepEqual(Object.keys(leeds.levels).sort(), ctx.areas.map((a) => a.key).sort(), 'a level (or null) for every area');
    assert.deepEqual(Object.keys(leeds.pillar_scores).sort(), ctx.def.pillars.map((p) => p.key).sort());
    const sc = (await as.viewer.call('GET', '/assessments/{id}/scorecard', { params: { id: ctx.a2425.id }, expect: 200 })).body.scorecard;
    assert.equal(leeds.overall, sc.overall);
    for (const p of sc.pillars) assert.equal(leeds.pillar_scores[p.key], p.score);
    assert.ok(c.rows.some((r) => r.body_id === ctx.otherBody.id && r.assessment_id === ctx.otherAssessment.id), 'draft assessments appear with their status');

    const csv = await as.viewer.call('GET', '/scorecards', { query: { ...q, format: 'csv' }, expect: 200 });
    assert.match(csv.contentType, /^text\/csv; ?charset=utf-8$/i);
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.csv"$/);
    const header = csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    assert.equal(header, ['body', 'code', 'type', 'region', 'status', ...ctx.areas.map((a) => a.key), ...ctx.def.pillars.map((p) => p.key), 'overall'].join(','));
    assert.equal(csv.body.trim().split(/\r?\n/).length, 1 + c.rows.length, 'one line per row');

    const xlsx = await as.viewer.call('GET', '/scorecards', { query: { ...q, format: 'xlsx' }, expect: 200 });
    assert.equal(xlsx.contentType, XLSX_TYPE);
    assert.equal(xlsx.bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');

    await as.viewer.call('GET', '/scorecards', { query: { framework: ctx.frameworkId }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/scorecards', { query: { ...q, period: '2024' + '-26' }, expect: 422, code: 'invalid_input' });
    await as.viewer.call('GET', '/scorecards', { query: { ...q, framework: 999999 }, expect: 404, code: 'not_found' });
  });
});

describe('audit', () => {
  test('GET /audit: newest first, filtered by entity, paginated', async () => {
    const res = await as.admin.call('GET', '/audit', { query: { limit: 1000 }, expect: 200 });
    const ids = res.body.items.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.ok(res.body.items.some((e) => e.username === 'bodylead'), 'writes by bodylead are logged');

    const mine = await as.admin.call('GET', '/audit', { query: { entity: 'assessment', entity_id: String(ctx.fresh.id) }, expect: 200 });
    assert.ok(mine.body.items.length >= 1 + ctx.areas.length + 4, `creation, ratings and four moves are logged (got ${mine.body.items.length})`);
    assert.ok(mine.body.items.every((e) => e.entity === 'assessment' && e.entity_id === String(ctx.fresh.id)));
    const created = mine.body.items.at(-1);
    assert.equal(created.before, null, 'a creation has no before');
    assert.equal(created.user_id, as.body_lead.user.id);

    const seen = [];
    let cursor;
    for (let page = 0; page < 10; page++) {
      const r = await as.admin.call('GET', '/audit', { query: { limit: 3, cursor }, expect: 200 });
      seen.push(...r.body.items.map((e) => e.id));
      cursor = r.body.next_cursor;
      if (cursor === null) break;
      assert.equal(typeof cursor, 'string');
    }
    assert.deepEqual(seen, ids.slice(0, seen.length), 'pages continue where the last one stopped');
    await as.admin.call('GET', '/audit', { query: { limit: -1 }, expect: 422, code: 'invalid_input' });
  });
});

// Sample valid requests for every operation, for the 401 / 403 / CSRF sweeps below.
function samples() {
  const area = ctx.areas[0].key;
  const sweepGoal = { key: 'sweep-goal', body_id: ctx.leedsId, indicator: 'ASC2', baseline_period: '2018-19', baseline_value: 0.36, target_period: '2024-25', target_value: 0.43 };
  return {
    'GET /health': {},
    'POST /session': { body: { username: 'viewer', password: 'viewer-demo' } },
    'GET /session': {},
    'DELETE /session': {},
    'GET /frameworks': {},
    'GET /frameworks/{id}': { params: { id: ctx.frameworkId } },
    'GET /bodies': { query: { q: 'leeds' } },
    'POST /bodies': { body: { name: uniq('Sweep Body'), type: 'agency' } },
    'GET /bodies/{id}': { params: { id: ctx.leedsId } },
    'PUT /bodies/{id}': { params: { id: ctx.otherBody.id }, body: { code: ctx.otherBody.code, name: ctx.otherBody.name, type: 'agency', region: 'Sweep', parent_id: null } },
    'POST /bodies/import': { raw: `name,type\n${uniq('Sweep Import')},agency\n`, contentType: 'text/csv' },
    'GET /assessments': { query: { body_id: ctx.leedsId } },
    'POST /assessments': { body: { body_id: ctx.leedsId, framework_id: ctx.frameworkId, period: '2030-31' } },
    'GET /assessments/{id}': { params: { id: ctx.draft.id } },
    'PUT /assessments/{id}/ratings/{area}': { params: { id: ctx.draft.id, area }, body: { level: ctx.levels[0] } },
    'POST /assessments/{id}/transitions': { params: { id: ctx.draft.id }, body: { to: 'submitted' } },
    'GET /assessments/{id}/comments': { params: { id: ctx.draft.id } },
    'POST /assessments/{id}/comments': { params: { id: ctx.draft.id }, body: { area, text: 'Sweep comment' } },
    'GET /assessments/{id}/actions': { params: { id: ctx.draft.id } },
    'POST /assessments/{id}/actions': { params: { id: ctx.draft.id }, body: { area, title: 'Sweep action' } },
    'PATCH /actions/{id}': { params: { id: ctx.action.id }, body: { status: 'dropped' } },
    'GET /assessments/{id}/scorecard': { params: { id: ctx.a2425.id } },
    'GET /scorecards': { query: { framework: ctx.frameworkId, period: '2024-25' } },
    'GET /users': {},
    'POST /users': { body: { username: `sweep${Date.now().toString(36)}`, display_name: 'Sweep', role: 'viewer', body_id: null, password: 'correct-horse-battery-staple' } },
    'GET /audit': {},
    // Measurement (their successes and figures are tested in measure.test.mjs and measure-bodies.test.mjs).
    'GET /indicators': {},
    'GET /indicators/{key}': { params: { key: 'ASC1' } },
    'PUT /indicators/{key}': { params: { key: 'SWEEP' }, body: { name: 'Sweep indicator', polarity: 'higher' } },
    'GET /indicators/{key}/comparison': { params: { key: 'ASC1' }, query: { body: ctx.leedsId } },
    'GET /indicators/{key}/series': { params: { key: 'ASC1' }, query: { body: ctx.leedsId } },
    'GET /observations/export': { query: { indicator: 'ASC1', format: 'csv' } },
    'POST /imports/{kind}': { params: { kind: 'goals' }, raw: `goal,body,indicator,baseline_period,baseline_value,target_period,target_value\nsweep-goal,${ctx.leeds.code},ASC2,2018-19,0.36,2024-25,0.43\n`, contentType: 'text/csv' },
    'GET /comparison-groups': {},
    'GET /comparison-groups/{id}': { params: { id: 1 } },
    'POST /comparison-groups': { body: { name: uniq('Sweep group'), members: [ctx.leedsId] } },
    'PUT /comparison-groups/{id}': { params: { id: 1 }, body: { name: uniq('Sweep group'), members: [ctx.leedsId] } },
    'DELETE /comparison-groups/{id}': { params: { id: 1 } },
    'GET /bodies/{id}/goals': { params: { id: ctx.leedsId } },
    'POST /goals': { body: sweepGoal },
    'PUT /goals/{id}': { params: { id: 1 }, body: sweepGoal },
    'DELETE /goals/{id}': { params: { id: 1 } },
    'GET /bodies/{id}/productivity': { params: { id: ctx.leedsId } },
    'GET /bodies/{id}/surveys': { params: { id: ctx.leedsId } },
    'GET /assessments/{id}/signals': { params: { id: ctx.a2425.id } },
    // Benchmarking (their successes and figures are tested in benchmark.test.mjs).
    'GET /benchmark-models': {},
    'GET /benchmark-variables': {},
    'POST /benchmarks': { body: { kind: 'dea', period: '2023-24', inputs: [{ source: 'spending', key: null }], outputs: [{ source: 'activity', key: 'home_care_hours' }] } },
    'GET /benchmarks': { query: { body: ctx.leedsId } },
    'GET /benchmarks/{id}': { params: { id: 1 } },
    'DELETE /benchmarks/{id}': { params: { id: 1 } },
    'GET /jobs/{id}': { params: { id: 'sweep-job' } },
    'DELETE /jobs/{id}': { params: { id: 'sweep-job' } },
    'GET /jobs/{id}/events': { params: { id: 'sweep-job' } },
    'POST /comparison-groups/nearest-neighbours': { body: { body_id: ctx.leedsId, indicators: ['ASC5', 'ASC6'], period: '2022-23', k: 5, save: false } },
    // Record linkage (their successes are tested in linkage.test.mjs; no id here need exist).
    'GET /linkage-methods': {},
    'GET /sharing-agreements': {},
    'POST /sharing-agreements': { body: { title: 'Sweep', purpose: 'Sweep', lawful_basis: 'Sweep', parties: ['A'], fields: ['unique_id'], retain_until: '2099-03-31', member_ids: [] } },
    'GET /sharing-agreements/{id}': { params: { id: 999999 } },
    'DELETE /sharing-agreements/{id}': { params: { id: 999999 } },
    'PUT /sharing-agreements/{id}/members': { params: { id: 999999 }, body: { user_ids: [] } },
    'GET /sharing-agreements/{id}/datasets': { params: { id: 999999 } },
    'POST /sharing-agreements/{id}/datasets': { params: { id: 999999 }, query: { name: 'sweep.csv', party: 'A' }, raw: 'unique_id\n1\n', contentType: 'text/csv' },
    'DELETE /linkage-datasets/{id}': { params: { id: 999999 } },
    'POST /linkage-runs': { body: { dataset_ids: [999999] } },
    'GET /linkage-runs': {},
    'GET /linkage-runs/{id}': { params: { id: 999999 } },
    'DELETE /linkage-runs/{id}': { params: { id: 999999 } },
    'GET /linkage-runs/{id}/pairs': { params: { id: 999999 } },
    'POST /linkage-runs/{id}/explain': { params: { id: 999999 }, body: { left: { dataset_id: 1, row: 1 }, right: { dataset_id: 1, row: 2 } } },
    'GET /linkage-runs/{id}/clusters': { params: { id: 999999 } },
    'GET /linkage-runs/{id}/clusters/{cluster}': { params: { id: 999999, cluster: 0 } },
    'GET /linkage-runs/{id}/review': { params: { id: 999999 } },
    'POST /linkage-runs/{id}/reviews': { params: { id: 999999 }, body: { left: { dataset_id: 1, row: 1 }, right: { dataset_id: 1, row: 2 }, label: 'match' } },
  };
}

describe('access control', () => {
  test('every operation but health and sign-in answers 401 without a session', async () => {
    const s = samples();
    for (const { method, template, op } of contract.operations()) {
      if (op['x-pvf-roles'].includes('public')) continue;
      const sample = s[`${method} ${template}`];
      assert.ok(sample, `no sample request for ${method} ${template}`);
      await anon().call(method, template, { ...sample, csrf: 'not-a-token', expect: 401, code: 'unauthenticated' });
    }
  });

  test('every role-limited operation answers 403 forbidden to the other roles', async () => {
    const s = samples();
    for (const { method, template, op } of contract.operations()) {
      const roles = op['x-pvf-roles'];
      if (roles.includes('public') || roles.includes('signed_in')) continue;
      for (const role of ROLES) {
        if (roles.includes(role)) continue;
        await as[role].call(method, template, { ...s[`${method} ${template}`], expect: 403, code: 'forbidden' });
      }
    }
  });

  test('every write answers 403 csrf_failed without the X-CSRF-Token header, or with a wrong one', async () => {
    const s = samples();
    const admin = await signIn('admin');
    for (const { method, template, op } of contract.operations()) {
      if (!WRITES.has(method) || op['x-pvf-roles'].includes('public')) continue;
      await admin.call(method, template, { ...s[`${method} ${template}`], csrf: false, expect: 403, code: 'csrf_failed' });
      await admin.call(method, template, { ...s[`${method} ${template}`], csrf: 'wrong-token', expect: 403, code: 'csrf_failed' });
    }
    await admin.call('GET', '/session', { expect: 200 });
  });

  test('DELETE /session signs out (204); the old cookie no longer works', async () => {
    const c = await signIn('viewer');
    const res = await c.call('DELETE', '/session', { expect: 204 });
    const cleared = (res.headers.getSetCookie?.() ?? []).find((x) => x.startsWith('pvf_session='));
    assert.ok(cleared, 'the response clears the cookie');
    assert.match(cleared, /(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    await c.call('GET', '/session', { expect: 401, code: 'unauthenticated' });
    await c.call('GET', '/bodies', { expect: 401, code: 'unauthenticated' });
  });
});

describe('errors outside the documented operations', () => {
  test('an unknown path under /api answers 404 with the Error body', async () => {
    for (const p of ['/no-such-thing', '/assessments/1/nothing', '/bodies/1/2/3']) {
      const res = await as.admin.raw('GET', p);
      assert.equal(res.status, 404, `GET ${p}`);
      assert.match(res.contentType, /^application\/json/);
      assert.deepEqual(contract.checkSchema('Error', res.body), []);
      assert.equal(res.body.error.code, 'not_found');
    }
    const v2 = await fetch(`${server.base}/api/v2/health`);
    assert.equal(v2.status, 404, 'GET /api/v2/health');
    assert.deepEqual(contract.checkSchema('Error', await v2.json()), []);
  });

  test('a known path with another method answers 405 with Allow', async () => {
    const res = await as.admin.raw('DELETE', '/health');
    assert.equal(res.status, 405);
    assert.deepEqual(contract.checkSchema('Error', res.body), []);
    assert.equal(res.body.error.code, 'method_not_allowed');
    assert.match(res.headers.get('allow') ?? '', /GET/);
    const put = await as.admin.raw('PUT', '/assessments');
    assert.equal(put.status, 405);
    const allow = (put.headers.get('allow') ?? '').split(/,\s*/);
    assert.ok(allow.includes('GET') && allow.includes('POST') && !allow.includes('PUT'), `Allow: ${allow}`);
  });

  test('a request body over the limit answers 413', async () => {
    const big = 'x'.repeat(9 * 1024 * 1024);
    let res;
    try {
      res = await as.admin.raw('POST', '/bodies', { body: big, headers: { 'content-type': 'application/json' } });
    } catch (e) {
      assert.fail(`the server dropped the connection instead of answering 413: ${e.message}`);
    }
    assert.equal(res.status, 413);
    assert.deepEqual(contract.checkSchema('Error', res.body), []);
    assert.equal(res.body.error.code, 'payload_too_large');
  });
});

describe('coverage', () => {
  // Measurement operations are covered by measure.test.mjs and measure-bodies.test.mjs,
  // benchmarking ones by benchmark.test.mjs and linkage ones by linkage.test.mjs (their own
  // servers and processes); here they are only called by the access-control sweeps.
  test('every documented operation (but measurement, benchmarking and linkage) was called and answered a success status', () => {
    const missing = [];
    for (const { method, template, op } of contract.operations()) {
      if (isMeasurement(op) || isBenchmarking(op) || isLinkage(op)) continue;
      const got = coverage.statuses(method, template);
      const ok = Object.keys(op.responses).filter((s) => s.startsWith('2')).map(Number);
      if (!ok.some((s) => got.has(s))) missing.push(`${method} ${template} (got ${[...got].join(', ') || 'no call'})`);
    }
    assert.deepEqual(missing, []);
  });
});
