// @vitest-environment happy-dom
// The "Make a peer group" page rendered in a simulated browser against mocked API answers (the
// shapes of docs/api-outline.md "Benchmarking (issue 4)"): who may use it, the form, the preview
// (200) and the saved group (201), and the server's 422 and 409 answers at their fields.
import { h, render, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api';
import { models, summaries, variables } from '../fixtures/benchmark';
import { bodies, groups } from '../fixtures/measure';
import { neighboursPreview, neighboursSaved, peerIndicators, savedGroup } from '../fixtures/peerGroup';
import { SessionContext } from '../hooks';
import { subscribe } from '../router';
import type { User } from '../types';
import { BenchmarksPage } from './Benchmarks';
import { PeerGroupPage } from './PeerGroup';

type Answer = unknown | ((url: string, init?: RequestInit) => Response);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Stubs fetch: answers by "METHOD path", path with query, or path; 404 otherwise. */
function mockApi(answers: Record<string, Answer>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const path = url.replace(/^\/api\/v1/, '');
    const method = (init?.method ?? 'GET').toUpperCase();
    const keys = [`${method} ${path}`, ...(method === 'GET' ? [path, path.split('?')[0]] : [])];
    const key = keys.find((k) => k in answers);
    const a = key ? answers[key] : undefined;
    if (a === undefined) return json(404, { error: { code: 'not_found', message: `No mock for ${method} ${url}` } });
    if (typeof a === 'function') return (a as (u: string, i?: RequestInit) => Response)(url, init);
    return json(200, a);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

const treasury: User = { id: 2, username: 'treasury', display_name: 'Priya Shah', role: 'treasury_analyst', body_id: null };
const viewer: User = { id: 3, username: 'viewer', display_name: 'Viewer', role: 'viewer', body_id: null };

let root: HTMLElement | null = null;

function Routed({ make }: { make: () => ComponentChild }) {
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((t) => t + 1)), []);
  return make() as never;
}

async function mount(path: string, user: User = treasury, make: () => ComponentChild = () => h(PeerGroupPage, {})): Promise<HTMLElement> {
  window.history.replaceState(null, '', path);
  document.body.innerHTML = '';
  root = document.createElement('div');
  document.body.appendChild(root);
  render(h(SessionContext.Provider, { value: { user, setUser: () => {} } }, h(Routed, { make })), root);
  await settle();
  return root;
}

async function settle(rounds = 15) {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

async function waitFor(check: () => boolean, what: string, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLInputElement>(el: Element, sel: string) => el.querySelector(sel) as T;

function setValue(el: HTMLInputElement | HTMLSelectElement, value: string, event: 'input' | 'change') {
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

afterEach(() => {
  if (root) render(null, root);
  root = null;
  vi.unstubAllGlobals();
  api.csrfToken = null;
});

const pageApi = (extra: Record<string, Answer> = {}) => ({
  '/indicators': { items: peerIndicators },
  '/bodies': { items: bodies },
  '/comparison-groups': { items: groups },
  ...extra,
});

const posts = (fetch: ReturnType<typeof mockApi>) =>
  fetch.mock.calls.filter((c) => c[1]?.method === 'POST').map((c) => ({ url: String(c[0]), body: JSON.parse(c[1]?.body as string), headers: c[1]?.headers as Record<string, string> }));

/** Leeds, population and deprivation (2022-23 is the latest both have). */
async function fill(el: HTMLElement) {
  await waitFor(() => !!el.querySelector('[data-testid="peer-group-form"]'), 'the form');
  setValue($(el, '#body'), 'Leeds (E08000035)', 'input');
  $(el, '#indicators').click();
  await settle(2);
  $(el, '#indicators-2').click();
  await settle(2);
}

describe('who may make a peer group', () => {
  it('links from the benchmarking page for Treasury analysts, not for viewers', async () => {
    const answers = { '/benchmark-models': models, '/benchmark-variables': { items: variables }, '/benchmarks': { items: summaries, next_cursor: null }, '/bodies': { items: bodies }, '/comparison-groups': { items: groups } };
    mockApi(answers);
    let el = await mount('/benchmarks', treasury, () => h(BenchmarksPage, {}));
    await waitFor(() => !!el.querySelector('[data-testid="make-peer-group"]'), 'the link');
    expect(el.querySelector('[data-testid="make-peer-group"]')?.getAttribute('href')).toBe('/benchmarks/peer-group');
    expect(text(el.querySelector('[data-testid="make-peer-group"]'))).toBe('Make a peer group');
    render(null, root!);
    el = await mount('/benchmarks', viewer, () => h(BenchmarksPage, {}));
    await waitFor(() => !!el.querySelector('#runs'), 'the runs');
    expect(el.querySelector('[data-testid="make-peer-group"]')).toBeNull();
  });

  it('tells a viewer they cannot, and asks for nothing', async () => {
    const fetch = mockApi(pageApi());
    const el = await mount('/benchmarks/peer-group', viewer);
    expect(text(el.querySelector('h1'))).toBe('You cannot make peer groups');
    expect(el.querySelector('form')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the form', () => {
  it('explains the method, lists the indicators with key and unit, and reveals a weight for each one ticked', async () => {
    mockApi(pageApi());
    const el = await mount('/benchmarks/peer-group?body=1');
    await waitFor(() => !!el.querySelector('#indicators'), 'the indicators');
    expect(text(el.querySelector('h1'))).toBe('Make a peer group');
    expect(document.title).toContain('Make a peer group');
    const method = text(el.querySelector('[data-testid="method"]'));
    for (const s of ['CIPFA’s method', 'mean 0', 'standard deviation 1', 'weighted Euclidean distance', 'farthest candidate is 1', 'the k nearest']) expect(method).toContain(s);
    expect(text(el.querySelector('#indicators-hint'))).toContain('such as population, population density or deprivation');
    expect([...el.querySelectorAll('input[name="indicators"]')].map((i) => text(el.querySelector(`label[for="${i.id}"]`)))).toEqual([
      'Population',
      'Index of multiple deprivation',
      'Share of adults aged 65 and over',
    ]);
    expect(text(el.querySelector('#indicators-item-hint'))).toBe('Key: POP. Unit: people. Data for 2020-21 to 2023-24.');
    // ?body= chooses the body, and the default name follows it.
    await waitFor(() => $(el, '#body').value === 'Leeds (E08000035)', 'the body');
    expect(text(el.querySelector('#name-hint'))).toContain('“Nearest neighbours of Leeds”');
    // No indicator, no period; then the periods both chosen indicators share, newest first.
    expect([...el.querySelectorAll('#period option')].map((o) => text(o))).toEqual(['Choose indicators first']);
    expect(el.querySelector('#weight-1')).toBeNull();
    $(el, '#indicators').click();
    await settle(2);
    expect($(el, '#weight-1').value).toBe('1');
    expect(text(el.querySelector('label[for="weight-1"]'))).toBe('Weight for Population');
    expect([...el.querySelectorAll('#period option')].map((o) => text(o))).toEqual(['2023-24', '2022-23', '2021-22', '2020-21']);
    $(el, '#indicators-2').click();
    await settle(2);
    expect([...el.querySelectorAll('#period option')].map((o) => (o as HTMLOptionElement).value)).toEqual(['2022-23', '2021-22']);
    expect($<HTMLSelectElement>(el, '#period').value).toBe('2022-23');
    $(el, '#indicators-3').click();
    await settle(2);
    expect([...el.querySelectorAll('#period option')].map((o) => text(o))).toEqual(['No period has data for every chosen indicator']);
    $(el, '#indicators').click();
    await settle(2);
    expect(el.querySelector('#weight-1')).toBeNull();
    expect($(el, '#k').value).toBe('15');
    expect([...el.querySelectorAll('#group option')].map((o) => text(o))).toEqual(['All bodies', 'Bodies of the same type', 'Bodies in the same region', 'Nearest neighbours of Leeds']);
  });

  it('asks for what is missing before sending anything', async () => {
    const fetch = mockApi(pageApi());
    const el = await mount('/benchmarks/peer-group');
    await waitFor(() => !!el.querySelector('[data-testid="peer-group-form"]'), 'the form');
    setValue($(el, '#k'), 'lots', 'input');
    await settle(2);
    $(el, '[data-testid="save"]').click();
    await settle(3);
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#body', 'Choose the body to find neighbours for'],
      ['#indicators', 'Choose at least one indicator to compare on'],
      ['#k', 'Enter the number of neighbours as a whole number, for example 15'],
    ]);
    expect(text(el.querySelector('#indicators-error'))).toBe('Error: Choose at least one indicator to compare on');
    expect(document.title).toMatch(/^Error: /);
    expect(posts(fetch)).toEqual([]);
  });
});

describe('preview and save', () => {
  it('previews with save false and shows the neighbours, the bodies left out and a chart of distances', async () => {
    api.csrfToken = 'tok-9';
    const fetch = mockApi(pageApi({ 'POST /comparison-groups/nearest-neighbours': () => json(200, neighboursPreview) }));
    const el = await mount('/benchmarks/peer-group');
    await fill(el);
    setValue($(el, '#weight-2'), '2', 'input');
    setValue($(el, '#k'), '3', 'input');
    await settle(2);
    $<HTMLFormElement>(el, '[data-testid="peer-group-form"]').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await waitFor(() => !!el.querySelector('#neighbours'), 'the neighbours');
    const [post] = posts(fetch);
    expect(post.url).toBe('/api/v1/comparison-groups/nearest-neighbours');
    expect(post.headers['X-CSRF-Token']).toBe('tok-9');
    expect(post.body).toEqual({ body_id: 1, indicators: ['POP', 'IMD'], weights: [1, 2], period: '2022-23', k: 3, group: 'all', save: false, name: '' });
    expect(text(el.querySelector('#neighbours-title'))).toBe('Nearest neighbours of Leeds');
    await waitFor(() => document.activeElement?.id === 'neighbours-title', 'focus on the results');
    expect(text(el.querySelector('[data-testid="result-status"]'))).toBe('This is a preview: nothing has been saved.');
    expect(text(el.querySelector('[data-testid="result-summary"]'))).toBe(
      '3 nearest neighbours of Leeds, from 3 other bodies with a value for every chosen indicator in 2022-23. Compared on Population, Index of multiple deprivation (weights 1, 2).',
    );
    const rows = [...el.querySelectorAll('#neighbours tbody tr')].map((r) => [...r.children].map((c) => text(c)));
    expect(rows).toEqual([
      ['1', 'Manchester', 'E08000003', '0.412'],
      ['2', 'Birmingham', 'E08000025', '0.733'],
      ['3', 'Bristol', 'E06000023', '1.000'],
    ]);
    expect(el.querySelector('#neighbours tbody a')?.getAttribute('href')).toBe('/bodies/4');
    expect(text(el.querySelector('[data-testid="left-out"] summary'))).toBe('1 body was left out');
    expect(text(el.querySelector('[data-testid="left-out"] tbody'))).toBe('HartlepoolE06000001no IMD in 2022-23');
    expect(el.querySelector('#distances [role="img"]')?.getAttribute('aria-label')).toBe('Bar chart of the distances of Leeds’s 3 nearest neighbours, nearest first');
    expect(el.querySelector('.govuk-notification-banner')).toBeNull();
  });

  it('saves with save true, says so with a link to compare on the new group, and offers the group from then on', async () => {
    let listed = 0;
    const fetch = mockApi(
      pageApi({
        '/comparison-groups': () => json(200, { items: ++listed > 1 ? [...groups, savedGroup] : groups }),
        'POST /comparison-groups/nearest-neighbours': () => json(201, neighboursSaved),
      }),
    );
    const el = await mount('/benchmarks/peer-group');
    await fill(el);
    setValue($(el, '#name'), ' Leeds and similar councils ', 'input');
    await settle(2);
    $(el, '[data-testid="save"]').click();
    await waitFor(() => !!el.querySelector('[data-testid="saved"]'), 'the banner');
    expect(posts(fetch)[0].body).toMatchObject({ save: true, name: 'Leeds and similar councils', weights: null, k: 15 });
    expect(text(el.querySelector('[data-testid="saved"]'))).toBe('Comparison group “Leeds and similar councils” saved');
    const link = el.querySelector('[data-testid="saved-explorer"]')!;
    expect(link.getAttribute('href')).toBe('/indicators/POP?body=1&period=2022-23&group=group&group_id=12');
    expect(text(link)).toBe('Compare Leeds with Leeds and similar councils on Population');
    expect(text(el.querySelector('[data-testid="result-status"]'))).toBe('Saved as the comparison group “Leeds and similar councils”.');
    await waitFor(() => [...el.querySelectorAll('#group option')].some((o) => text(o) === 'Leeds and similar councils'), 'the new group offered');
    expect(listed).toBe(2);
  });

  it('shows the server’s 422 details at their fields', async () => {
    mockApi(
      pageApi({
        'POST /comparison-groups/nearest-neighbours': () =>
          json(422, {
            error: {
              code: 'invalid_input',
              message: 'the neighbour settings have problems',
              details: [
                { where: '$.indicators[1]', message: 'no indicator IMD' },
                { where: '$.k', message: '3 other bodies of All bodies with data have every indicator in 2022-23: ask for at most 3 neighbours' },
              ],
            },
          }),
      }),
    );
    const el = await mount('/benchmarks/peer-group');
    await fill(el);
    $(el, '[data-testid="preview"]').click();
    await waitFor(() => !!el.querySelector('.govuk-error-summary a'), 'the summary');
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#indicators-2', 'Index of multiple deprivation: no indicator IMD'],
      ['#k', 'Number of neighbours: 3 other bodies of All bodies with data have every indicator in 2022-23: ask for at most 3 neighbours'],
    ]);
    expect(text(el.querySelector('.govuk-error-summary'))).toContain('the neighbour settings have problems');
    expect(text(el.querySelector('#indicators-error'))).toBe('Error: no indicator IMD');
    expect($(el, '#k').className).toContain('govuk-input--error');
    expect(el.querySelector('#neighbours')).toBeNull();
  });

  it('puts a name already taken (409) on the name field', async () => {
    mockApi(
      pageApi({
        'POST /comparison-groups/nearest-neighbours': () =>
          json(409, { error: { code: 'conflict', message: "a comparison group named 'Nearest neighbours of Leeds' already exists (id 7)", details: [{ where: '$.name', message: "a comparison group named 'Nearest neighbours of Leeds' already exists (id 7)" }] } }),
      }),
    );
    const el = await mount('/benchmarks/peer-group');
    await fill(el);
    $(el, '[data-testid="save"]').click();
    await waitFor(() => !!el.querySelector('#name-error'), 'the error');
    const message = 'A comparison group called “Nearest neighbours of Leeds” already exists: choose another name';
    expect(text(el.querySelector('#name-error'))).toBe(`Error: ${message}`);
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([['#name', message]]);
    expect(el.querySelector('[data-testid="saved"]')).toBeNull();
  });
});
