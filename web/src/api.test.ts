import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, buildQuery, parseError } from './api';

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
