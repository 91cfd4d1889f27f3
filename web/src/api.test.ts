import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, buildQuery, groupQuery, parseError } from './api';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function mockFetch(...responses: Response[]) {
  const fn = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const r = responses.shift();
    if (!r) throw new Error('no more responses');
    return r;
  });
  return fn;
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return (init?.headers ?? {}) as Record<string, string>;
}

describe('parseError', () => {
  it('reads code, message and details from the API error shape', async () => {
    const e = await parseError(
      jsonResponse(422, {
        error: {
          code: 'invalid_input',
          message: '2 rows have problems',
          details: [
            { where: 'row 3, type', message: 'unknown type' },
            { where: '', message: 'no where' },
          ],
        },
      }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('2 rows have problems');
    expect(e.details).toEqual([{ where: 'row 3, type', message: 'unknown type' }, { message: 'no where' }]);
  });

  it('falls back to a message and code from the status when the body is not JSON', async () => {
    const e = await parseError(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(e.status).toBe(502);
    expect(e.code).toBe('internal');
    expect(e.message).toBe('Sorry, the service is unavailable');
    expect(e.details).toEqual([]);
  });

  it('falls back when the JSON has no error object, and accepts string details', async () => {
    expect((await parseError(jsonResponse(409, { something: 1 }))).code).toBe('conflict');
    const e = await parseError(jsonResponse(400, { error: { message: 'Malformed', details: ['line 1'] } }));
    expect(e.code).toBe('invalid_input');
    expect(e.details).toEqual([{ message: 'line 1' }]);
  });
});

describe('buildQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(buildQuery({ a: '', b: null, c: undefined, d: 0, e: 'x y', f: '2024-25' })).toBe('?d=0&e=x+y&f=2024-25');
    expect(buildQuery({})).toBe('');
    expect(buildQuery()).toBe('');
  });
});

describe('ApiClient', () => {
  it('sends no CSRF header on GET, and the session token on every write', async () => {
    const fetch = mockFetch(
      jsonResponse(200, { user: { id: 1, username: 'bodylead', role: 'body_lead' }, csrf_token: 'tok-123' }),
      jsonResponse(200, { items: [] }),
      jsonResponse(200, { area: 'innovation', level: 3 }),
      jsonResponse(201, { id: 9 }),
      jsonResponse(200, { id: 9, status: 'done' }),
      new Response(null, { status: 204 }),
    );
    const api = new ApiClient({ fetch });
    await api.signIn('bodylead', 'pw');
    expect(api.csrfToken).toBe('tok-123');
    // The sign-in POST itself had no token yet.
    expect(headersOf(fetch.mock.calls[0][1])['X-CSRF-Token']).toBeUndefined();

    await api.listBodies();
    expect(headersOf(fetch.mock.calls[1][1])['X-CSRF-Token']).toBeUndefined();

    await api.saveRating(5, 'innovation', { level: 3, rationale: 'r', confidence: 'high', evidence: [] });
    const [url2, init2] = fetch.mock.calls[2];
    expect(url2).toBe('/api/v1/assessments/5/ratings/innovation');
    expect(init2?.method).toBe('PUT');
    expect(headersOf(init2)['X-CSRF-Token']).toBe('tok-123');
    expect(headersOf(init2)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init2?.body as string)).toEqual({ level: 3, rationale: 'r', confidence: 'high', evidence: [] });

    await api.addAction(5, { area: 'innovation', title: 't', owner: 'o', due_date: null, status: 'open' });
    expect(headersOf(fetch.mock.calls[3][1])['X-CSRF-Token']).toBe('tok-123');
    await api.updateAction(9, { status: 'done' });
    expect(fetch.mock.calls[4][1]?.method).toBe('PATCH');
    expect(headersOf(fetch.mock.calls[4][1])['X-CSRF-Token']).toBe('tok-123');

    await api.signOut();
    expect(fetch.mock.calls[5][1]?.method).toBe('DELETE');
    expect(headersOf(fetch.mock.calls[5][1])['X-CSRF-Token']).toBe('tok-123');
    expect(api.csrfToken).toBeNull();
  });

  it('uses same-origin credentials', async () => {
    const fetch = mockFetch(jsonResponse(200, { items: [] }));
    await new ApiClient({ fetch }).listFrameworks();
    expect(fetch.mock.calls[0][1]?.credentials).toBe('same-origin');
  });

  it('posts CSV imports as text/csv with the token', async () => {
    const fetch = mockFetch(jsonResponse(200, { created: 2, updated: 1 }));
    const api = new ApiClient({ fetch });
    api.csrfToken = 'abc';
    const r = await api.importBodies('name,code\nA,B\n');
    expect(r).toEqual({ created: 2, updated: 1 });
    const init = fetch.mock.calls[0][1];
    expect(headersOf(init)['Content-Type']).toBe('text/csv');
    expect(headersOf(init)['X-CSRF-Token']).toBe('abc');
    expect(init?.body).toBe('name,code\nA,B\n');
  });

  it('throws ApiError with the server details on failure', async () => {
    const fetch = mockFetch(
      jsonResponse(409, { error: { code: 'conflict', message: 'Cannot submit', details: [{ where: 'workforce_capacity', message: 'not rated' }] } }),
    );
    const api = new ApiClient({ fetch });
    const err = await api.transition(1, 'submitted', '').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.message).toBe('Cannot submit');
    expect(err.details[0].where).toBe('workforce_capacity');
  });

  it('reports a 401 as session expiry except for a failed sign-in', async () => {
    const onUnauthenticated = vi.fn();
    const fetch = mockFetch(
      jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong password' } }),
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in' } }),
    );
    const api = new ApiClient({ fetch, onUnauthenticated });
    await expect(api.signIn('x', 'y')).rejects.toMatchObject({ status: 401, message: 'Wrong password' });
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await expect(api.listBodies()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('restoreSession returns null when signed out and keeps the token when signed in', async () => {
    const fetch = mockFetch(
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'no' } }),
      jsonResponse(200, { user: { id: 2 }, csrf_token: 'restored' }),
    );
    const api = new ApiClient({ fetch });
    expect(await api.restoreSession()).toBeNull();
    expect((await api.restoreSession())?.csrf_token).toBe('restored');
    expect(api.csrfToken).toBe('restored');
  });

  it('turns a network failure into a readable ApiError', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await new ApiClient({ fetch }).listBodies().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('network');
    expect(err.status).toBe(0);
  });

  it('follows next_cursor when listing all assessments', async () => {
    const fetch = mockFetch(
      jsonResponse(200, { items: [{ id: 1 }, { id: 2 }], next_cursor: '2' }),
      jsonResponse(200, { items: [{ id: 3 }], next_cursor: null }),
    );
    const items = await new ApiClient({ fetch }).listAllAssessments({ status: 'agreed' });
    expect(items.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/assessments?status=agreed&limit=200');
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/assessments?status=agreed&limit=200&cursor=2');
  });

  it('builds download URLs for scorecards and comparisons', () => {
    const api = new ApiClient({ fetch: vi.fn() });
    expect(api.scorecardDownloadUrl(7, 'csv')).toBe('/api/v1/assessments/7/scorecard?format=csv');
    expect(api.comparisonDownloadUrl(1, '2024-25', 'xlsx')).toBe('/api/v1/scorecards?framework=1&period=2024-25&format=xlsx');
  });
});

describe('measurement endpoints', () => {
  it('builds the indicator, comparison, series and export URLs with the group', async () => {
    const fetch = mockFetch(
      jsonResponse(200, { items: [] }),
      jsonResponse(200, { key: 'a b' }),
      jsonResponse(200, {}),
      jsonResponse(200, {}),
      jsonResponse(200, {}),
      jsonResponse(200, {}),
    );
    const api = new ApiClient({ fetch });
    await api.listIndicators();
    await api.getIndicator('a b');
    await api.getIndicatorComparison('ASC1', { period: '2022-23', body: 3, group: 'group', group_id: 7 });
    await api.getIndicatorComparison('ASC1', { group: 'all', group_id: 7 });
    await api.getIndicatorSeries('ASC1', { body: 3, group: 'region', group_id: 7 });
    await api.getSignals(8, { group: 'type' });
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/indicators',
      '/api/v1/indicators/a%20b',
      '/api/v1/indicators/ASC1/comparison?period=2022-23&body=3&group=group&group_id=7',
      '/api/v1/indicators/ASC1/comparison',
      '/api/v1/indicators/ASC1/series?body=3&group=region',
      '/api/v1/assessments/8/signals?group=type',
    ]);
    expect(api.observationsDownloadUrl({ indicator: 'ASC1' }, 'csv')).toBe('/api/v1/observations/export?indicator=ASC1&format=csv');
    expect(api.observationsDownloadUrl({ indicator: 'ASC1', body: 4 }, 'xlsx')).toBe('/api/v1/observations/export?indicator=ASC1&body=4&format=xlsx');
  });

  it('sends the chosen signals group, "all" included (the server defaults to the same type)', async () => {
    const fetch = mockFetch(jsonResponse(200, {}), jsonResponse(200, {}), jsonResponse(200, {}));
    const api = new ApiClient({ fetch });
    await api.getSignals(8);
    await api.getSignals(8, { group: 'all', group_id: 3 });
    await api.getSignals(8, { group: 'group', group_id: 3 });
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      '/api/v1/assessments/8/signals',
      '/api/v1/assessments/8/signals?group=all',
      '/api/v1/assessments/8/signals?group=group&group_id=3',
    ]);
  });

  it('leaves the default group and an unused group_id out of the query', () => {
    expect(groupQuery({})).toEqual({ body: undefined, group: undefined, group_id: undefined });
    expect(groupQuery({ group: 'group', group_id: 2 })).toEqual({ body: undefined, group: 'group', group_id: 2 });
    expect(groupQuery({ body: 1, group: 'type', group_id: 2 })).toEqual({ body: 1, group: 'type', group_id: undefined });
  });

  it('uploads an import as text/csv with the file name and the CSRF token', async () => {
    const result = { kind: 'observations', format: 'csv', filename: 'ASC data.csv', rows: 2, inserted: 2, updated: 0, unchanged: 0, skipped_blank: 0, bodies_created: 0, indicators_created: 0, seconds: 0.01 };
    const fetch = mockFetch(jsonResponse(200, result));
    const api = new ApiClient({ fetch });
    api.csrfToken = 'tok';
    expect(await api.importData('observations', 'ASC data.csv', 'a,b\n1,2\n')).toEqual(result);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/imports/observations?filename=ASC+data.csv');
    expect(init?.method).toBe('POST');
    expect(headersOf(init)['Content-Type']).toBe('text/csv');
    expect(headersOf(init)['X-CSRF-Token']).toBe('tok');
    expect(init?.body).toBe('a,b\n1,2\n');
  });

  it('keeps every problem of a refused import', async () => {
    const details = Array.from({ length: 120 }, (_, i) => ({ where: `obs.csv:${i + 2}:value`, message: 'not a number' }));
    const fetch = mockFetch(jsonResponse(422, { error: { code: 'invalid_input', message: 'obs.csv: 120 problems', details } }));
    const err = await new ApiClient({ fetch }).importData('observations', 'obs.csv', 'x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.details).toHaveLength(120);
    expect(err.details[0]).toEqual({ where: 'obs.csv:2:value', message: 'not a number' });
  });

  it('reaches groups, goals, productivity and surveys', async () => {
    const fetch = mockFetch(...Array.from({ length: 10 }, () => jsonResponse(200, { items: [] })), new Response(null, { status: 204 }), new Response(null, { status: 204 }));
    const api = new ApiClient({ fetch });
    api.csrfToken = 't';
    const goal = { key: 'g', body_id: 1, indicator: 'ASC1', title: 'G', baseline_period: '2020-21', baseline_value: 1, target_period: '2024-25', target_value: 2 };
    const group = { name: 'N', description: '', body_id: 1, members: [1, 2] };
    await api.listComparisonGroups();
    await api.getComparisonGroup(7);
    await api.createComparisonGroup(group);
    await api.updateComparisonGroup(7, group);
    await api.listGoals(1);
    await api.createGoal(goal);
    await api.updateGoal(11, goal);
    await api.getProductivity(1);
    await api.getSurveys(1);
    await api.updateIndicator('ASC1', { name: 'n', unit: '%', polarity: 'higher', frequency: 'annual', area_key: null, source: 's' });
    await api.deleteGoal(11);
    await api.deleteComparisonGroup(7);
    expect(fetch.mock.calls.map((c) => `${c[1]?.method} ${c[0]}`)).toEqual([
      'GET /api/v1/comparison-groups',
      'GET /api/v1/comparison-groups/7',
      'POST /api/v1/comparison-groups',
      'PUT /api/v1/comparison-groups/7',
      'GET /api/v1/bodies/1/goals',
      'POST /api/v1/goals',
      'PUT /api/v1/goals/11',
      'GET /api/v1/bodies/1/productivity',
      'GET /api/v1/bodies/1/surveys',
      'PUT /api/v1/indicators/ASC1',
      'DELETE /api/v1/goals/11',
      'DELETE /api/v1/comparison-groups/7',
    ]);
    expect(JSON.parse(fetch.mock.calls[2][1]?.body as string)).toEqual(group);
    expect(headersOf(fetch.mock.calls[10][1])['X-CSRF-Token']).toBe('t');
  });
});

describe('benchmarking requests', () => {
  it('reads models, variables, runs and jobs, and writes with the CSRF token', async () => {
    const fetch = mockFetch(
      jsonResponse(200, { returns_to_scale: [] }),
      jsonResponse(200, { items: [] }),
      jsonResponse(200, { items: [], next_cursor: null }),
      jsonResponse(200, { items: [], next_cursor: null }),
      jsonResponse(200, { id: 12 }),
      jsonResponse(202, { id: 'a-b_c', status: 'queued' }),
      jsonResponse(200, { id: 'a-b_c', status: 'running' }),
      jsonResponse(202, { id: 'a-b_c', status: 'running', cancel_requested: true }),
      new Response(null, { status: 204 }),
    );
    const api = new ApiClient({ fetch });
    api.csrfToken = 'tok';
    await api.getBenchmarkModels();
    await api.listBenchmarkVariables();
    await api.listBenchmarks();
    await api.listBenchmarks({ kind: 'dea', body: 4, limit: 50, cursor: '12' });
    await api.getBenchmark(12);
    const spec = { kind: 'dea' as const, period: '2023-24', inputs: [{ source: 'spending' as const, key: null }], outputs: [{ source: 'activity' as const, key: 'home_care_hours' }] };
    expect(await api.startBenchmark(spec)).toEqual({ id: 'a-b_c', status: 'queued' });
    await api.getJob('a-b_c');
    await api.cancelJob('a-b_c');
    await api.deleteBenchmark(12);
    expect(fetch.mock.calls.map((c) => `${c[1]?.method} ${c[0]}`)).toEqual([
      'GET /api/v1/benchmark-models',
      'GET /api/v1/benchmark-variables',
      'GET /api/v1/benchmarks',
      'GET /api/v1/benchmarks?kind=dea&body=4&limit=50&cursor=12',
      'GET /api/v1/benchmarks/12',
      'POST /api/v1/benchmarks',
      'GET /api/v1/jobs/a-b_c',
      'DELETE /api/v1/jobs/a-b_c',
      'DELETE /api/v1/benchmarks/12',
    ]);
    expect(JSON.parse(fetch.mock.calls[5][1]?.body as string)).toEqual(spec);
    for (const i of [5, 7, 8]) expect(headersOf(fetch.mock.calls[i][1])['X-CSRF-Token']).toBe('tok');
    expect(headersOf(fetch.mock.calls[6][1])['X-CSRF-Token']).toBeUndefined();
    expect(api.benchmarkCsvUrl(12)).toBe('/api/v1/benchmarks/12?format=csv');
    expect(api.jobEventsUrl('a-b_c')).toBe('/api/v1/jobs/a-b_c/events');
  });
});
