// @vitest-environment happy-dom
// The benchmarking pages rendered in a simulated browser against mocked API answers (the shapes
// of docs/api-outline.md "Benchmarking (issue 4)"): the list and the form, a job's progress by
// Server-Sent Events or polls, a DEA run with a chosen body, a Malmquist run, and a body's runs.
import { h, render, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api';
import {
  deaOutputRun,
  deaRun,
  jobFailed,
  jobQueued,
  jobRunning,
  jobSucceeded,
  malmquistRun,
  models,
  summaries,
  superRun,
  variables,
} from '../fixtures/benchmark';
import { bodies, groups } from '../fixtures/measure';
import { SessionContext } from '../hooks';
import { subscribe } from '../router';
import type { User } from '../types';
import { BenchmarkPage } from './Benchmark';
import { BenchmarksPage } from './Benchmarks';
import { BodyBenchmarksPage } from './BodyBenchmarks';

type Answer = unknown | ((url: string, init?: RequestInit) => Response);

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Stubs fetch: answers by "METHOD path?query", "METHOD path", path with query, or path; 404 otherwise. */
function mockApi(answers: Record<string, Answer>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const path = url.replace(/^\/api\/v1/, '');
    const method = (init?.method ?? 'GET').toUpperCase();
    const keys = [`${method} ${path}`, `${method} ${path.split('?')[0]}`, ...(method === 'GET' ? [path, path.split('?')[0]] : [])];
    const key = keys.find((k) => k in answers);
    const a = key ? answers[key] : undefined;
    if (a === undefined) return json(404, { error: { code: 'not_found', message: `No mock for ${method} ${url}` } });
    if (typeof a === 'function') return (a as (u: string, i?: RequestInit) => Response)(url, init);
    return json(200, a);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

const calls = (fn: ReturnType<typeof mockApi>) => fn.mock.calls.map((c) => `${(c[1]?.method ?? 'GET').toUpperCase()} ${String(c[0])}`);

/** A stand-in for the browser's EventSource that the test drives. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners: Record<string, ((e: unknown) => void)[]> = {};
  constructor(url: string) {
    this.url = url;
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    (this.listeners[type] ??= []).push(fn);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data?: unknown) {
    for (const fn of this.listeners[type] ?? []) fn(data === undefined ? new Event(type) : { type, data: JSON.stringify(data) });
  }
}

const admin: User = { id: 1, username: 'admin', display_name: 'Admin', role: 'admin', body_id: null };
const treasury: User = { id: 2, username: 'treasury', display_name: 'Priya Shah', role: 'treasury_analyst', body_id: null };
const viewer: User = { id: 3, username: 'viewer', display_name: 'Viewer', role: 'viewer', body_id: null };

let root: HTMLElement | null = null;

/** Re-renders on navigation, as the app does. */
function Routed({ make }: { make: () => ComponentChild }) {
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((t) => t + 1)), []);
  return make() as never;
}

async function mount(make: () => ComponentChild, path: string, user: User = treasury): Promise<HTMLElement> {
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

function setValue(el: HTMLInputElement | HTMLSelectElement, value: string, event: 'input' | 'change') {
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

function submit(form: Element) {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

afterEach(() => {
  if (root) render(null, root);
  root = null;
  vi.unstubAllGlobals();
  api.csrfToken = null;
});

const listApi = (extra: Record<string, Answer> = {}) => ({
  '/benchmark-models': models,
  '/benchmark-variables': { items: variables },
  '/benchmarks': { items: summaries, next_cursor: null },
  '/bodies': { items: bodies },
  '/comparison-groups': { items: groups },
  ...extra,
});

describe('the list of runs', () => {
  it('lists runs newest first, linking to each, and loads the next page on request', async () => {
    const fetch = mockApi(
      listApi({
        '/benchmarks?limit=50': { items: summaries.slice(0, 2), next_cursor: '13' },
        '/benchmarks?limit=50&cursor=13': { items: summaries.slice(2), next_cursor: null },
      }),
    );
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks', viewer);
    await waitFor(() => !!el.querySelector('#runs'), 'the runs');
    expect(text(el.querySelector('h1'))).toBe('Benchmarking');
    expect(el.querySelectorAll('#runs tbody tr')).toHaveLength(2);
    expect(el.querySelector('#runs tbody a')?.getAttribute('href')).toBe('/benchmarks/20');
    expect(text(el.querySelector('#runs tbody tr'))).toContain('Malmquist productivity change');
    // A viewer sees no form.
    expect(el.querySelector('[data-testid="start-run-form"]')).toBeNull();
    expect(text(el)).not.toContain('Start a run');
    const more = [...el.querySelectorAll('button')].find((b) => text(b) === 'Show more runs') as HTMLButtonElement;
    more.click();
    await waitFor(() => el.querySelectorAll('#runs tbody tr').length === 4, 'the second page');
    expect(calls(fetch)).toContain('GET /api/v1/benchmarks?limit=50&cursor=13');
    expect([...el.querySelectorAll('button')].some((b) => text(b) === 'Show more runs')).toBe(false);
  });

  it('filters by kind in the URL, and says when there are no runs', async () => {
    const fetch = mockApi(listApi({ '/benchmarks?kind=malmquist&limit=50': { items: [], next_cursor: null } }));
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks?kind=malmquist', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="no-runs"]'), 'the message');
    expect(calls(fetch)).toContain('GET /api/v1/benchmarks?kind=malmquist&limit=50');
    expect((el.querySelector('#kind-filter') as HTMLSelectElement).value).toBe('malmquist');
  });
});

describe('starting a run', () => {
  async function fillDea(el: HTMLElement) {
    await waitFor(() => !!el.querySelector('[data-testid="start-run-form"]'), 'the form');
    setValue(el.querySelector('#input-0') as HTMLSelectElement, 'spending:staff', 'change');
    await settle(2);
    const addInput = [...el.querySelectorAll('button')].find((b) => text(b) === 'Add another input') as HTMLButtonElement;
    addInput.click();
    await settle(2);
    setValue(el.querySelector('#input-1') as HTMLSelectElement, 'spending:purchased_care', 'change');
    setValue(el.querySelector('#output-0') as HTMLSelectElement, 'activity:home_care_hours', 'change');
    await settle(2);
  }

  it('offers the variables grouped by source with their units and data, and only DEA’s options for DEA', async () => {
    mockApi(listApi());
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks');
    await waitFor(() => !!el.querySelector('#input-0 optgroup'), 'the variables');
    const groupsOf = [...el.querySelectorAll('#input-0 optgroup')].map((g) => g.getAttribute('label'));
    expect(groupsOf).toEqual(['Spending', 'Activity', 'Indicators']);
    const options = [...el.querySelectorAll('#input-0 option')].map((o) => text(o));
    expect(options).toContain('Staff (£) – 8 bodies in 2023-24');
    expect(options).toContain('Permanent admissions to care homes (per 100,000 adults) – no data for 2023-24');
    // Returns to scale and orientation come from the server, with descriptions as hints.
    expect([...el.querySelectorAll('input[name="rts"]')].map((i) => (i as HTMLInputElement).value)).toEqual(['crs', 'vrs', 'nirs', 'ndrs']);
    expect(text(el.querySelector('#rts-2-item-hint'))).toBe('Bodies are compared with others of a similar size.');
    expect(el.querySelector('#bootstrap')).toBeTruthy();
    // Malmquist: periods to tick, CRS or VRS only, no DEA options.
    (el.querySelector('#kind-2') as HTMLInputElement).click();
    await settle(3);
    expect([...el.querySelectorAll('input[name="rts"]')].map((i) => (i as HTMLInputElement).value)).toEqual(['crs', 'vrs']);
    expect(el.querySelector('#bootstrap')).toBeNull();
    expect([...el.querySelectorAll('input[name="periods"]')].map((i) => (i as HTMLInputElement).value)).toEqual([
      '2018-19',
      '2019-20',
      '2020-21',
      '2021-22',
      '2022-23',
      '2023-24',
    ]);
  });

  it('keeps a ticked period that a newly chosen variable lacks, and says so', async () => {
    mockApi(listApi());
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks');
    await waitFor(() => !!el.querySelector('#kind-2'), 'the form');
    (el.querySelector('#kind-2') as HTMLInputElement).click();
    await settle(3);
    (el.querySelector('input[name="periods"][value="2018-19"]') as HTMLInputElement).click();
    await settle(2);
    setValue(el.querySelector('#output-0') as HTMLSelectElement, 'indicator:ASC5', 'change');
    await settle(3);
    const boxes = [...el.querySelectorAll('input[name="periods"]')] as HTMLInputElement[];
    expect(boxes.map((b) => [b.value, b.checked])).toEqual([
      ['2018-19', true],
      ['2022-23', false],
    ]);
    expect(text(el.querySelector(`#${boxes[0].getAttribute('aria-describedby')}`))).toBe('Not every chosen variable has data for 2018-19');
    expect(text(el.querySelector('[data-testid="output-0-hint"]'))).toBe('Unit: per 100,000 adults. No data for 2018-19. Lower is better for this indicator: DEA treats more of an output as better.');
  });

  it('says what the chosen variables have, and how many bodies can be compared at most', async () => {
    mockApi(listApi());
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks');
    await fillDea(el);
    expect(text(el.querySelector('[data-testid="input-0-hint"]'))).toBe('Unit: £. 8 bodies in 2023-24.');
    expect(text(el.querySelector('[data-testid="units-bound"]'))).toContain('At most 8 bodies can be compared');
  });

  it('asks for what is missing before sending anything', async () => {
    const fetch = mockApi(listApi());
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks');
    await waitFor(() => !!el.querySelector('[data-testid="start-run-form"]'), 'the form');
    submit(el.querySelector('[data-testid="start-run-form"]')!);
    await settle(3);
    const summary = el.querySelector('.govuk-error-summary');
    expect([...summary!.querySelectorAll('a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#input-0', 'Choose at least one input'],
      ['#output-0', 'Choose at least one output'],
    ]);
    expect(text(el.querySelector('#input-0-error'))).toBe('Error: Choose at least one input');
    expect(calls(fetch).some((c) => c.startsWith('POST'))).toBe(false);
  });

  it('posts the request with the CSRF token, then follows the job by Server-Sent Events to the new run', async () => {
    api.csrfToken = 'tok-1';
    const fetch = mockApi(listApi({ 'POST /benchmarks': () => json(202, jobQueued), [`/benchmarks/12`]: deaRun }));
    const el = await mount(() => (window.location.pathname === '/benchmarks' ? h(BenchmarksPage, {}) : h(BenchmarkPage, { id: 12 })), '/benchmarks');
    await fillDea(el);
    (el.querySelector('#slacks') as HTMLInputElement).click();
    setValue(el.querySelector('#title') as HTMLInputElement, 'Care 2023-24', 'input');
    await settle(2);
    submit(el.querySelector('[data-testid="start-run-form"]')!);
    await waitFor(() => window.location.search === `?job=${jobQueued.id}`, 'the job in the URL');
    const post = fetch.mock.calls.find((c) => c[1]?.method === 'POST')!;
    expect((post[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-1');
    expect(JSON.parse(post[1]?.body as string)).toEqual({
      kind: 'dea',
      title: 'Care 2023-24',
      period: '2023-24',
      group: 'all',
      inputs: [
        { source: 'spending', key: 'staff' },
        { source: 'spending', key: 'purchased_care' },
      ],
      outputs: [{ source: 'activity', key: 'home_care_hours' }],
      rts: 'crs',
      orientation: 'input',
      slacks: true,
      super_efficiency: false,
      bootstrap: 0,
    });
    await waitFor(() => FakeEventSource.all.length === 1, 'the event stream');
    const es = FakeEventSource.all[0];
    expect(es.url).toBe(`/api/v1/jobs/${jobQueued.id}/events`);
    expect(text(el.querySelector('[data-testid="job-status"]'))).toBe('Waiting to start');
    es.emit('progress', { status: 'running', done: 3, total: 8, fraction: 0.375, message: 'Solving 8 units' });
    await settle(2);
    const bar = el.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('38');
    expect(bar.getAttribute('aria-valuetext')).toBe('3 of 8 done (38%)');
    expect(text(el.querySelector('[data-testid="job-status"]'))).toBe('3 of 8 done (38%)Solving 8 units');
    es.emit('done', jobSucceeded);
    await waitFor(() => window.location.pathname === '/benchmarks/12', 'the new run');
    expect(es.closed).toBe(true);
    await waitFor(() => text(el.querySelector('h1')) === deaRun.title, 'the run page');
    expect(text(el.querySelector('.govuk-notification-banner'))).toContain('The run has finished.');
  });

  it('shows the server’s 422 details at their fields', async () => {
    mockApi(
      listApi({
        'POST /benchmarks': () =>
          json(422, {
            error: {
              code: 'invalid_input',
              message: 'The request has 2 problems',
              details: [
                { where: 'inputs[1].key', message: 'Purchased care has no data for 2023-24' },
                { where: 'period', message: 'No data for 2023-24' },
              ],
            },
          }),
      }),
    );
    const el = await mount(() => h(BenchmarksPage, {}), '/benchmarks');
    await fillDea(el);
    submit(el.querySelector('[data-testid="start-run-form"]')!);
    await waitFor(() => !!el.querySelector('.govuk-error-summary'), 'the summary');
    const links = [...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)]);
    expect(links).toEqual([
      ['#input-1', 'Input 2: Purchased care has no data for 2023-24'],
      ['#period', 'Period: No data for 2023-24'],
    ]);
    expect(text(el.querySelector('.govuk-error-summary'))).toContain('The request has 2 problems');
    expect(text(el.querySelector('#input-1-error'))).toBe('Error: Purchased care has no data for 2023-24');
    expect(el.querySelector('#input-1')?.className).toContain('govuk-select--error');
    expect(window.location.search).toBe('');
  });
});

describe('a running job', () => {
  it('polls every second when the stream fails, and shows why a run failed', async () => {
    let polls = 0;
    const fetch = mockApi(listApi({ [`/jobs/${jobRunning.id}`]: () => json(200, ++polls < 2 ? jobRunning : jobFailed) }));
    const el = await mount(() => h(BenchmarksPage, {}), `/benchmarks?job=${jobRunning.id}`);
    await waitFor(() => FakeEventSource.all.length === 1, 'the event stream');
    FakeEventSource.all[0].emit('error');
    await waitFor(() => !!el.querySelector('[data-testid="job-polling"]') || polls > 0, 'polling');
    await waitFor(() => el.querySelector('[data-testid="job-progress"]')?.getAttribute('data-status') === 'failed', 'the failure', 4000);
    expect(calls(fetch).filter((c) => c === `GET /api/v1/jobs/${jobRunning.id}`).length).toBe(2);
    expect(text(el.querySelector('.govuk-error-summary'))).toContain('No body has a value for every input and output in 2023-24');
    expect(text(el.querySelector('#job-title'))).toBe('The run did not finish');
    expect(el.querySelector('[data-testid="job-cancel"]')).toBeNull();
    expect(window.location.pathname).toBe('/benchmarks');
  });

  it('ends when the server says the job is gone', async () => {
    mockApi(listApi());
    const el = await mount(() => h(BenchmarksPage, {}), `/benchmarks?job=${jobRunning.id}`);
    await waitFor(() => FakeEventSource.all.length === 1, 'the event stream');
    FakeEventSource.all[0].emit('error', { error: { code: 'not_found', message: 'No such job' } });
    await waitFor(() => !!el.querySelector('.govuk-error-summary'), 'the error');
    expect(text(el.querySelector('.govuk-error-summary'))).toContain('No such job');
  });

  it('cancels the job, and says nothing was stored', async () => {
    api.csrfToken = 'tok-2';
    const fetch = mockApi(listApi({ [`DELETE /jobs/${jobRunning.id}`]: () => json(202, { ...jobRunning, cancel_requested: true }) }));
    const el = await mount(() => h(BenchmarksPage, {}), `/benchmarks?job=${jobRunning.id}`);
    await waitFor(() => FakeEventSource.all.length === 1, 'the event stream');
    const es = FakeEventSource.all[0];
    es.emit('progress', { status: 'running', done: 1, total: 8, fraction: 0.125, message: '' });
    await settle(2);
    (el.querySelector('[data-testid="job-cancel"]') as HTMLButtonElement).click();
    await waitFor(() => text(el.querySelector('[data-testid="job-cancel"]')) === 'Cancelling…', 'the request');
    const del = fetch.mock.calls.find((c) => c[1]?.method === 'DELETE')!;
    expect(String(del[0])).toBe(`/api/v1/jobs/${jobRunning.id}`);
    expect((del[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-2');
    es.emit('done', { ...jobRunning, status: 'cancelled', cancel_requested: true, error: { code: 'cancelled', message: 'Cancelled', details: [] } });
    await waitFor(() => !!el.querySelector('[data-testid="job-cancelled"]'), 'the cancellation');
    expect(text(el.querySelector('[data-testid="job-cancelled"]'))).toBe('The run was cancelled. Nothing was stored.');
  });
});

describe('a DEA run', () => {
  const runApi = (extra: Record<string, Answer> = {}) => ({ '/benchmark-models': models, '/benchmarks/12': deaRun, ...extra });

  it('shows the run’s facts, warnings, bodies left out, the ranking, the frontier and the server’s CSV', async () => {
    mockApi(runApi());
    const el = await mount(() => h(BenchmarkPage, { id: 12 }), '/benchmarks/12', viewer);
    await waitFor(() => !!el.querySelector('#results'), 'the results');
    expect(text(el.querySelector('h1'))).toBe('Home care against staff and purchased care, 2023-24');
    const facts = text(el.querySelector('[data-testid="run-facts"]'));
    for (const s of ['2023-24', 'All bodies', 'Constant returns to scale, input-oriented', 'Staff (£) and Purchased care (£)', '5 bodies, 1 left out', '2 of 5 bodies are efficient', 'slacks and targets', 'Priya Shah, HM Treasury'])
      expect(facts).toContain(s);
    expect(text(el.querySelector('[data-testid="run-warnings"]'))).toContain('Spending is in nominal prices.');
    expect(text(el.querySelector('[data-testid="left-out"] summary'))).toBe('1 body was left out');
    expect(text(el.querySelector('[data-testid="left-out"] tbody'))).toContain('No value for home_care_hours in 2023-24');
    expect(el.querySelector('[data-testid="run-csv"]')?.getAttribute('href')).toBe('/api/v1/benchmarks/12?format=csv');
    expect(el.querySelectorAll('#results tbody tr')).toHaveLength(5);
    expect(text(el.querySelector('#results tbody tr'))).toContain('joint 1st of 5');
    expect(text(el.querySelector('#ranking .pvf-measure-legend'))).toContain('Efficient: on the frontier');
    expect(el.querySelector('#ranking [role="img"]')?.getAttribute('aria-label')).toContain('5 bodies');
    expect(el.querySelector('#frontier')).toBeTruthy();
    expect(text(el.querySelector('#frontier'))).toContain('isoquant');
    // A viewer cannot delete.
    expect(text(el)).not.toContain('Delete this run');
  });

  it('shows a chosen body’s score, rank, peers and targets, and chooses another by clicking its row', async () => {
    mockApi(runApi());
    const el = await mount(() => h(BenchmarkPage, { id: 12 }), '/benchmarks/12?body=1', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="body-panel"]'), 'the panel');
    const panel = el.querySelector('[data-testid="body-panel"]')!;
    expect(text(panel.querySelector('h2'))).toBe('Leeds');
    expect(text(panel.querySelector('[data-testid="body-efficiency"]'))).toBe('0.500');
    expect(text(panel.querySelector('[data-testid="body-rank"]'))).toBe('5th of 5');
    expect(text(panel.querySelector('[data-testid="body-summary"]'))).toBe('It could make its outputs with 50.0% of its inputs, as its peers do: 50.0% less of each.');
    expect(text(panel.querySelector('#peers tbody'))).toContain('Bristol0.500');
    expect(text(panel.querySelector('#targets'))).toContain('Targets from the run, slacks included');
    expect((el.querySelector('#unit') as HTMLInputElement).value).toBe('Leeds (E08000035)');
    const manchester = [...el.querySelectorAll('#results tbody a')].find((a) => text(a) === 'Manchester') as HTMLAnchorElement;
    expect(manchester.getAttribute('href')).toBe('/benchmarks/12?body=4');
    manchester.click();
    await waitFor(() => text(el.querySelector('[data-testid="body-panel"] h2')) === 'Manchester', 'Manchester');
    expect(window.location.search).toBe('?body=4');
    expect(el.querySelector('#results tbody tr.pvf-row--highlight th')?.textContent).toBe('Manchester');
    await waitFor(() => document.activeElement?.id === 'body-panel-title', 'focus on the panel');
  });

  it('chooses a body by typing its name', async () => {
    mockApi(runApi());
    const el = await mount(() => h(BenchmarkPage, { id: 12 }), '/benchmarks/12', viewer);
    await waitFor(() => !!el.querySelector('#unit'), 'the picker');
    setValue(el.querySelector('#unit') as HTMLInputElement, 'Birmingham', 'input');
    await settle(2);
    submit(el.querySelector('#unit')!.closest('form')!);
    await waitFor(() => text(el.querySelector('[data-testid="body-panel"] h2')) === 'Birmingham', 'Birmingham');
    await waitFor(() => (el.querySelector('#unit') as HTMLInputElement).value === 'Birmingham (E08000025)', 'the picker to show the choice');
    setValue(el.querySelector('#unit') as HTMLInputElement, 'Atlantis', 'input');
    await settle(2);
    submit(el.querySelector('#unit')!.closest('form')!);
    await waitFor(() => !!el.querySelector('#unit-error'), 'the error');
    expect(text(el.querySelector('#unit-error'))).toBe('Error: Select a body from the list');
    expect(window.location.search).toBe('?body=3');
  });

  it('shows an output-oriented run with 1/φ and bootstrap intervals', async () => {
    mockApi(runApi({ '/benchmarks/13': deaOutputRun }));
    const el = await mount(() => h(BenchmarkPage, { id: 13 }), '/benchmarks/13?body=2', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="body-panel"]'), 'the panel');
    expect(text(el.querySelector('h1'))).toBe('DEA efficiency, 2022-23');
    expect(text(el.querySelector('[data-testid="body-efficiency"]'))).toBe('1.833');
    expect(text(el.querySelector('[data-testid="body-interval"]'))).toBe('1.843 to 2.033');
    expect(text(el.querySelector('[data-testid="body-summary"]'))).toBe('With its inputs it could make 83.3% more of every output, as its peers do.');
    expect(text(el.querySelector('#targets'))).toContain('Radial targets');
    expect([...el.querySelectorAll('#results thead th')].map((t) => text(t).replace(/[⇅▲▼]/g, '').trim())).toContain('Technical efficiency (1/φ)');
  });

  it('reports a body without a score as a finding with its status, not a gap', async () => {
    mockApi(runApi({ '/benchmarks/14': superRun }));
    const el = await mount(() => h(BenchmarkPage, { id: 14 }), '/benchmarks/14?body=5', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="findings"]'), 'the findings');
    expect(text(el.querySelector('[data-testid="findings"]'))).toContain('Hartlepool: Infeasible: no combination of the other units can match this body');
    expect(text(el.querySelector('[data-testid="body-status"]'))).toContain('Infeasible');
    expect(text(el.querySelector('[data-testid="body-efficiency"]'))).toBe('None');
    expect(text(el.querySelector('[data-testid="body-rank"]'))).toBe('None');
  });

  it('deletes the run after asking, for an administrator', async () => {
    api.csrfToken = 'tok-3';
    const fetch = mockApi(runApi({ 'DELETE /benchmarks/12': () => new Response(null, { status: 204 }), '/benchmarks': { items: [], next_cursor: null } }));
    const el = await mount(() => (window.location.pathname === '/benchmarks' ? h(BenchmarksPage, {}) : h(BenchmarkPage, { id: 12 })), '/benchmarks/12', admin);
    await waitFor(() => [...el.querySelectorAll('button')].some((b) => text(b) === 'Delete this run'), 'the button');
    ([...el.querySelectorAll('button')].find((b) => text(b) === 'Delete this run') as HTMLButtonElement).click();
    await settle(2);
    expect(text(el.querySelector('[data-testid="confirm-delete"]'))).toContain('This cannot be undone');
    expect(calls(fetch).some((c) => c.startsWith('DELETE'))).toBe(false);
    ([...el.querySelectorAll('button')].find((b) => text(b) === 'Yes, delete this run') as HTMLButtonElement).click();
    await waitFor(() => window.location.pathname === '/benchmarks', 'the list');
    const del = fetch.mock.calls.find((c) => c[1]?.method === 'DELETE')!;
    expect(String(del[0])).toBe('/api/v1/benchmarks/12');
    expect((del[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-3');
    await waitFor(() => text(el.querySelector('.govuk-notification-banner')).includes('has been deleted'), 'the banner');
  });

  it('keeps the run when the deletion is called off, and shows why it failed', async () => {
    mockApi(runApi({ 'DELETE /benchmarks/12': () => json(403, { error: { code: 'forbidden', message: 'Not yours' } }) }));
    const el = await mount(() => h(BenchmarkPage, { id: 12 }), '/benchmarks/12', treasury);
    await waitFor(() => [...el.querySelectorAll('button')].some((b) => text(b) === 'Delete this run'), 'the button');
    const find = (t: string) => [...el.querySelectorAll('button')].find((b) => text(b) === t) as HTMLButtonElement;
    find('Delete this run').click();
    await settle(2);
    find('Yes, delete this run').click();
    await waitFor(() => text(el.querySelector('[data-testid="confirm-delete"] .govuk-error-summary')).includes('Not yours'), 'the error');
    find('No, keep it').click();
    await settle(2);
    expect(el.querySelector('[data-testid="confirm-delete"]')).toBeNull();
  });

  it('says when the run does not exist', async () => {
    mockApi(runApi());
    const el = await mount(() => h(BenchmarkPage, { id: 99 }), '/benchmarks/99', viewer);
    await waitFor(() => text(el.querySelector('h1')) === 'Page not found', 'not found');
  });
});

describe('a Malmquist run', () => {
  const runApi = { '/benchmark-models': models, '/benchmarks/20': malmquistRun };

  it('explains that values above 1 mean improvement, and shows the changes by body and pair', async () => {
    mockApi(runApi);
    const el = await mount(() => h(BenchmarkPage, { id: 20 }), '/benchmarks/20', viewer);
    await waitFor(() => !!el.querySelector('#malmquist'), 'the chart');
    expect(text(el.querySelector('[data-testid="malmquist-hint"]'))).toContain('Values above 1 mean improvement');
    expect(text(el.querySelector('[data-testid="malmquist-hint"]'))).toContain('pure efficiency change and scale efficiency change');
    expect(text(el.querySelector('[data-testid="malmquist-summary"]'))).toBe('Productivity improved (Malmquist above 1) for 2 of 5 bodies and pairs of periods.');
    expect(el.querySelectorAll('#results tbody tr')).toHaveLength(6);
    expect([...el.querySelectorAll('#results thead th')].map((t) => text(t).replace(/[⇅▲▼]/g, '').trim())).toEqual([
      'Body',
      'From',
      'To',
      'Malmquist',
      'Efficiency change',
      'Technical change',
      'Pure efficiency change',
      'Scale efficiency change',
      'Status',
    ]);
    expect(text(el.querySelector('[data-testid="findings"]'))).toContain('Manchester, 2022-23 to 2023-24: Infeasible');
    expect(el.querySelectorAll('#malmquist-means tbody tr')).toHaveLength(2);
    expect(text(el.querySelector('#malmquist .pvf-measure-legend'))).toContain('Each pair of periods has its own symbol');
  });

  it('filters by pair of periods in the URL', async () => {
    mockApi(runApi);
    const el = await mount(() => h(BenchmarkPage, { id: 20 }), '/benchmarks/20', viewer);
    await waitFor(() => !!el.querySelector('#pair'), 'the filter');
    setValue(el.querySelector('#pair') as HTMLSelectElement, '2021-22|2022-23', 'change');
    await settle(2);
    submit(el.querySelector('#pair')!.closest('form')!);
    await waitFor(() => el.querySelectorAll('#results tbody tr').length === 3, 'one pair');
    expect(new URLSearchParams(window.location.search).get('pair')).toBe('2021-22|2022-23');
    expect(text(el.querySelector('[data-testid="malmquist-summary"]'))).toBe('1 of 3 bodies improved its productivity from 2021-22 to 2022-23 (Malmquist above 1).');
    expect(text(el.querySelector('#malmquist-title'))).toContain('2021-22 to 2022-23');
  });
});

describe('a body’s runs', () => {
  it('lists the runs including the body, each opening with the body chosen', async () => {
    const fetch = mockApi({ '/bodies/1': bodies[0], '/benchmark-models': models, '/benchmarks?body=1&limit=50': { items: summaries.slice(0, 2), next_cursor: null } });
    const el = await mount(() => h(BodyBenchmarksPage, { id: 1 }), '/bodies/1/benchmarks', viewer);
    await waitFor(() => !!el.querySelector('#body-runs'), 'the runs');
    expect(calls(fetch)).toContain('GET /api/v1/benchmarks?body=1&limit=50');
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Benchmarking');
    expect(el.querySelector('#body-runs tbody a')?.getAttribute('href')).toBe('/benchmarks/20?body=1');
    expect(document.title).toContain('Benchmarking – Leeds');
  });

  it('says when no run includes the body', async () => {
    mockApi({ '/bodies/1': bodies[0], '/benchmark-models': models, '/benchmarks': { items: [], next_cursor: null } });
    const el = await mount(() => h(BodyBenchmarksPage, { id: 1 }), '/bodies/1/benchmarks', treasury);
    await waitFor(() => !!el.querySelector('[data-testid="no-runs"]'), 'the message');
    expect(text(el.querySelector('[data-testid="no-runs"]'))).toContain('No stored run includes Leeds yet. Start a run.');
  });
});
