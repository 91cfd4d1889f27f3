// @vitest-environment happy-dom
// The record linkage pages rendered in a simulated browser against mocked API answers (the shapes
// of docs/api-outline.md "Record linkage (issue 5)"): the agreements, a new agreement, one
// agreement as a member and not, uploading a dataset, starting a run and following its job, and a
// run's sections: summary, model, pairs, a pair explained, clusters and clerical review.
import { h, render, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api';
import {
  agreement,
  datasets,
  explanation,
  expiredAgreement,
  linkageJobQueued,
  linkageJobSucceeded,
  pairs,
  quality,
  reviewItems,
  run,
  runSummary,
  users,
} from '../fixtures/linkage';
import { SessionContext } from '../hooks';
import { takeFlash } from '../state';
import { resolveApp, startRouter, subscribe } from '../router';
import type { User } from '../types';
import { LinkagePage, NewAgreementPage } from './Linkage';
import { AgreementPage } from './LinkageAgreement';
import { LinkageRunPage } from './LinkageRun';
import type { RunSection } from '../linkage';

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
const bodyOf = (fn: ReturnType<typeof mockApi>, method: string, path: string) => {
  const c = fn.mock.calls.find((x) => (x[1]?.method ?? 'GET').toUpperCase() === method && String(x[0]).startsWith(`/api/v1${path}`));
  return c ? c[1] : undefined;
};

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
const member: User = { id: 2, username: 'priya', display_name: 'Priya Shah', role: 'treasury_analyst', body_id: null };
const viewer: User = { id: 5, username: 'sam', display_name: 'Sam Okafor', role: 'viewer', body_id: null };

let root: HTMLElement | null = null;

/** Re-renders on navigation, choosing the page by route as the app does. */
function Routed({ make }: { make: () => ComponentChild }) {
  const [, setTick] = useState(0);
  useEffect(() => subscribe(() => setTick((t) => t + 1)), []);
  return make() as never;
}

async function mount(make: () => ComponentChild, path: string, user: User = member): Promise<HTMLElement> {
  window.history.replaceState(null, '', path);
  document.body.innerHTML = '';
  root = document.createElement('div');
  document.body.appendChild(root);
  render(h(SessionContext.Provider, { value: { user, setUser: () => {} } }, h(Routed, { make })), root);
  await settle();
  return root;
}

/** The run's sections as app.tsx routes them (one component, one key, for every section). */
function runPage() {
  const m = resolveApp(window.location.pathname);
  const section: Record<string, RunSection> = {
    linkage_run: 'summary',
    linkage_run_model: 'model',
    linkage_run_pairs: 'pairs',
    linkage_run_explain: 'explain',
    linkage_run_clusters: 'clusters',
    linkage_run_cluster: 'cluster',
    linkage_run_review: 'review',
  };
  return h(LinkageRunPage, { id: Number(m.params.id), section: section[m.name], cluster: m.params.cluster ? Number(m.params.cluster) : undefined, key: `lr-${m.params.id}` });
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
/** A table row's cells' text, separated by spaces. */
const rowText = (row: Element | null | undefined) => [...(row?.children ?? [])].map((c) => text(c)).join(' ');
const button = (el: Element, label: string) => [...el.querySelectorAll('button')].find((b) => text(b) === label) as HTMLButtonElement;

function setValue(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string, event: 'input' | 'change') {
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

function submit(form: Element) {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

// Links are followed by the app's router, as in the browser.
beforeAll(() => startRouter());

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

describe('the agreements', () => {
  it('lists the agreements with parties, retention (expired ones tagged), datasets, runs and membership', async () => {
    mockApi({ '/sharing-agreements': { items: [agreement, expiredAgreement] } });
    const el = await mount(() => h(LinkagePage, {}), '/linkage', admin);
    await waitFor(() => !!el.querySelector('#agreements'), 'the agreements');
    expect(text(el.querySelector('h1'))).toBe('Record linkage');
    const rows = [...el.querySelectorAll('#agreements tbody tr')];
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/linkage/agreements/3');
    expect(rowText(rows[0])).toBe('Supporting Families, Manchester Manchester City Council, Manchester schools 31 March 2027 2 1 Yes');
    expect(text(rows[1].querySelector('.govuk-tag'))).toBe('Expired');
    expect(rowText(rows[1])).toContain('31 March 2025 Expired');
    expect(el.querySelector('[data-testid="new-agreement"]')?.getAttribute('href')).toBe('/linkage/agreements/new');
  });

  it('tells someone in no agreement, and offers no new agreement to a non-admin', async () => {
    mockApi({ '/sharing-agreements': { items: [] } });
    const el = await mount(() => h(LinkagePage, {}), '/linkage', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="no-agreements"]'), 'the message');
    expect(text(el.querySelector('[data-testid="no-agreements"]'))).toContain('You are not a member of any data-sharing agreement');
    expect(el.querySelector('[data-testid="new-agreement"]')).toBeNull();
  });
});

describe('a new agreement', () => {
  async function fill(el: HTMLElement) {
    await waitFor(() => !!el.querySelector('#members'), 'the members');
    setValue(el.querySelector('#title') as HTMLInputElement, 'Supporting Families', 'input');
    setValue(el.querySelector('#purpose') as HTMLTextAreaElement, 'Find families', 'input');
    setValue(el.querySelector('#lawful-basis') as HTMLTextAreaElement, 'Public task', 'input');
    setValue(el.querySelector('#parties') as HTMLTextAreaElement, 'Manchester City Council\nManchester schools', 'input');
    setValue(el.querySelector('#fields') as HTMLTextAreaElement, 'unique_id, given_name', 'input');
    setValue(el.querySelector('#retain-until-day') as HTMLInputElement, '31', 'input');
    setValue(el.querySelector('#retain-until-month') as HTMLInputElement, '3', 'input');
    setValue(el.querySelector('#retain-until-year') as HTMLInputElement, '2099', 'input');
    (el.querySelector('input[name="members"][value="5"]') as HTMLInputElement).click();
    await settle(2);
  }

  it('offers active users as members, posts the agreement and opens it', async () => {
    api.csrfToken = 'tok-a';
    const fetch = mockApi({ '/users': { items: users }, 'POST /sharing-agreements': () => json(201, agreement), '/sharing-agreements/3': agreement });
    const el = await mount(() => (window.location.pathname === '/linkage/agreements/new' ? h(NewAgreementPage, {}) : h(AgreementPage, { id: 3 })), '/linkage/agreements/new', admin);
    await fill(el);
    expect([...el.querySelectorAll('input[name="members"]')].map((i) => (i as HTMLInputElement).value)).toEqual(['1', '2', '5']);
    submit(el.querySelector('[data-testid="agreement-form"]')!);
    await waitFor(() => window.location.pathname === '/linkage/agreements/3', 'the agreement');
    const post = bodyOf(fetch, 'POST', '/sharing-agreements')!;
    expect((post.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-a');
    expect(JSON.parse(post.body as string)).toEqual({
      title: 'Supporting Families',
      purpose: 'Find families',
      lawful_basis: 'Public task',
      parties: ['Manchester City Council', 'Manchester schools'],
      fields: ['unique_id', 'given_name'],
      retain_until: '2099-03-31',
      member_ids: [5],
    });
  });

  it('shows the server’s 422 details in the error summary, linked to their fields', async () => {
    mockApi({
      '/users': { items: users },
      'POST /sharing-agreements': () =>
        json(422, {
          error: {
            code: 'invalid_input',
            message: 'The agreement has 2 problems',
            details: [
              { where: 'fields[1]', message: 'given_name is listed twice' },
              { where: 'retain_until', message: 'must be after today' },
            ],
          },
        }),
    });
    const el = await mount(() => h(NewAgreementPage, {}), '/linkage/agreements/new', admin);
    await fill(el);
    submit(el.querySelector('[data-testid="agreement-form"]')!);
    await waitFor(() => !!el.querySelector('.govuk-error-summary a'), 'the summary');
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#fields', 'Fields: given_name is listed twice'],
      ['#retain-until-day', 'Retain until: must be after today'],
    ]);
    expect(text(el.querySelector('#retain-until-error'))).toBe('Error: must be after today');
    await settle(3);
    expect(document.title).toMatch(/^Error: /);
  });

  it('checks the form before sending', async () => {
    const fetch = mockApi({ '/users': { items: users } });
    const el = await mount(() => h(NewAgreementPage, {}), '/linkage/agreements/new', admin);
    await waitFor(() => !!el.querySelector('#members'), 'the members');
    submit(el.querySelector('[data-testid="agreement-form"]')!);
    await settle(3);
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => a.getAttribute('href'))).toEqual([
      '#title',
      '#purpose',
      '#lawful-basis',
      '#parties',
      '#fields',
      '#retain-until-day',
    ]);
    expect(calls(fetch).some((c) => c.startsWith('POST'))).toBe(false);
  });
});

describe('one agreement', () => {
  const memberApi = (extra: Record<string, Answer> = {}) => ({
    '/sharing-agreements/3': agreement,
    '/sharing-agreements/3/datasets': { items: datasets },
    '/linkage-runs': { items: [runSummary], next_cursor: null },
    ...extra,
  });

  it('shows a non-member the terms only, and reads none of its data', async () => {
    const fetch = mockApi({ '/sharing-agreements/4': expiredAgreement });
    const el = await mount(() => h(AgreementPage, { id: 4 }), '/linkage/agreements/4', admin);
    await waitFor(() => !!el.querySelector('[data-testid="terms"]'), 'the terms');
    expect(text(el.querySelector('[data-testid="terms"]'))).toContain('Salford City Council');
    expect(text(el.querySelector('[data-testid="not-member"]'))).toContain('Only the agreement’s members see its datasets, runs and record values.');
    expect(text(el.querySelector('[data-testid="expired"]'))).toContain('has passed');
    expect(el.querySelector('#datasets')).toBeNull();
    expect(el.querySelector('[data-testid="start-run-form"]')).toBeNull();
    expect(calls(fetch)).toEqual(['GET /api/v1/sharing-agreements/4']);
    // An admin may change the members and delete the agreement.
    expect(el.querySelector('[data-testid="change-members"]')).toBeTruthy();
    expect(button(el, 'Delete this agreement')).toBeTruthy();
  });

  it('shows a member the datasets, runs newest first and the forms', async () => {
    const fetch = mockApi(memberApi());
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', member);
    await waitFor(() => !!el.querySelector('#datasets') && !!el.querySelector('#runs') && !!el.querySelector('[data-testid="start-run-form"]'), 'the data');
    expect(calls(fetch)).toContain('GET /api/v1/linkage-runs?agreement=3&limit=20');
    expect(rowText(el.querySelector('#datasets tbody tr'))).toContain('Council records Manchester City Council 1,200');
    expect(el.querySelector('#runs tbody a')?.getAttribute('href')).toBe('/linkage/runs/31');
    expect([...el.querySelectorAll('#dataset-party option')].map((o) => text(o))).toEqual(['Choose a party', 'Manchester City Council', 'Manchester schools']);
    expect((el.querySelector('#dataset-id-column') as HTMLSelectElement).value).toBe('unique_id');
    expect(el.querySelector('[data-testid="change-members"]')).toBeNull();
  });

  it('uploads a CSV file as text/csv, and lists every refused row by line and column', async () => {
    api.csrfToken = 'tok-u';
    const fetch = mockApi(
      memberApi({
        'POST /sharing-agreements/3/datasets': () =>
          json(422, {
            error: {
              code: 'invalid_input',
              message: 'The file has 2 problems',
              details: [
                { where: 'police.csv:12:date_of_birth', message: 'not a date' },
                { where: 'police.csv:14:unique_id', message: 'the id of row 3 again' },
              ],
            },
          }),
      }),
    );
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', member);
    await waitFor(() => !!el.querySelector('#dataset-file'), 'the upload form');
    const input = el.querySelector('#dataset-file') as HTMLInputElement;
    const file = new File(['unique_id,given_name,date_of_birth\nP1,Amara,2012-05-17\n'], 'police.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => (el.querySelector('#dataset-name') as HTMLInputElement).value === 'police', 'the name from the file');
    setValue(el.querySelector('#dataset-party') as HTMLSelectElement, 'Manchester City Council', 'change');
    await settle(2);
    submit(el.querySelector('[data-testid="upload-form"]')!);
    await waitFor(() => !!el.querySelector('[data-testid="upload-form"]')?.closest('section')?.querySelector('.govuk-error-summary'), 'the problems');
    const post = bodyOf(fetch, 'POST', '/sharing-agreements/3/datasets')!;
    const url = calls(fetch).find((c) => c.startsWith('POST'))!;
    expect(url).toBe('POST /api/v1/sharing-agreements/3/datasets?name=police&party=Manchester+City+Council&id_column=unique_id');
    expect((post.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect((post.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-u');
    expect(post.body).toBe('unique_id,given_name,date_of_birth\nP1,Amara,2012-05-17\n');
    const summary = el.querySelector('.govuk-error-summary')!;
    expect(text(summary.querySelector('h2'))).toBe('The file was not uploaded');
    expect([...summary.querySelectorAll('li')].map((li) => text(li))).toEqual([
      'The file has 2 problems',
      'police.csv:12:date_of_birth: not a date',
      'police.csv:14:unique_id: the id of row 3 again',
    ]);
    expect(text(el.querySelector('#dataset-file-error'))).toBe('Error: The file was not uploaded: it has 2 problems');
  });

  it('starts a run with hand-written settings, follows its job, and lands on the new run', async () => {
    api.csrfToken = 'tok-r';
    const fetch = mockApi(memberApi({ 'POST /linkage-runs': () => json(202, linkageJobQueued) }));
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', member);
    await waitFor(() => !!el.querySelector('[data-testid="start-run-form"]'), 'the form');
    (el.querySelector('#mode-2') as HTMLInputElement).click();
    await settle(2);
    setValue(el.querySelector('#dataset-0') as HTMLSelectElement, '7', 'change');
    setValue(el.querySelector('#dataset-1') as HTMLSelectElement, '8', 'change');
    (el.querySelector('#settings-mode-2') as HTMLInputElement).click();
    await settle(2);
    button(el, 'Start from a template').click();
    await settle(2);
    expect(JSON.parse((el.querySelector('#settings') as HTMLTextAreaElement).value).link_type).toBe('link_only');
    submit(el.querySelector('[data-testid="start-run-form"]')!);
    await waitFor(() => window.location.search === `?job=${linkageJobQueued.id}`, 'the job in the URL');
    const post = bodyOf(fetch, 'POST', '/linkage-runs')!;
    expect((post.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-r');
    const spec = JSON.parse(post.body as string);
    expect(spec.dataset_ids).toEqual([7, 8]);
    expect(spec.settings.comparisons.map((c: { column: string }) => c.column)).toEqual(['given_name', 'surname', 'date_of_birth']);
    await waitFor(() => FakeEventSource.all.length === 1, 'the event stream');
    const es = FakeEventSource.all[0];
    expect(es.url).toBe(`/api/v1/jobs/${linkageJobQueued.id}/events`);
    expect(el.querySelector('[data-testid="start-run-form"]')).toBeNull();
    es.emit('progress', { status: 'running', done: 2, total: 6, fraction: 1 / 3, message: 'Training: EM session 1 of 2' });
    await settle(2);
    expect(text(el.querySelector('[data-testid="job-status"]'))).toBe('2 of 6 done (33%)Training: EM session 1 of 2');
    expect(text(el.querySelector('[data-testid="job-cancel"]'))).toBe('Cancel linkage run');
    es.emit('done', linkageJobSucceeded);
    // As a benchmarking run's page does: on to the new run (replacing the progress in the history), with a message.
    await waitFor(() => window.location.pathname === '/linkage/runs/31', 'the new run');
    expect(window.location.search).toBe('');
    expect(takeFlash()).toBe('The linkage run has finished.');
  });

  it('marks the title when the upload form shows errors, and clears it when they go', async () => {
    mockApi(
      memberApi({
        'POST /sharing-agreements/3/datasets': () =>
          json(422, { error: { code: 'invalid_input', message: 'the agreement does not cover this column', details: [{ where: 'people:1:nhs_number', message: 'the agreement does not cover this column' }] } }),
      }),
    );
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', member);
    await waitFor(() => !!el.querySelector('#dataset-file'), 'the upload form');
    expect(document.title).toBe('Supporting Families, Manchester – Public Value Framework');
    submit(el.querySelector('[data-testid="upload-form"]')!);
    await waitFor(() => document.title.startsWith('Error: '), 'the title marked');
    const input = el.querySelector('#dataset-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['unique_id,nhs_number\nP1,1\n'], 'people.csv', { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => (el.querySelector('#dataset-name') as HTMLInputElement).value === 'people', 'the name');
    setValue(el.querySelector('#dataset-party') as HTMLSelectElement, 'Manchester City Council', 'change');
    await settle(2);
    submit(el.querySelector('[data-testid="upload-form"]')!);
    await waitFor(() => text(el.querySelector('.govuk-error-summary')).includes('people:1:nhs_number'), 'the server’s problem');
    expect(document.title).toBe('Error: Supporting Families, Manchester – Public Value Framework');
  });

  it('titles an agreement that does not exist for the user “Page not found”', async () => {
    mockApi({ '/sharing-agreements/9': () => json(404, { error: { code: 'not_found', message: 'no such agreement: 9' } }) });
    const el = await mount(() => h(AgreementPage, { id: 9 }), '/linkage/agreements/9', member);
    await waitFor(() => text(el.querySelector('h1')) === 'Page not found', 'the not-found page');
    expect(document.title).toBe('Page not found – Public Value Framework');
  });

  it('shows the JSON paths of a refused run at the settings', async () => {
    mockApi(
      memberApi({
        'POST /linkage-runs': () =>
          json(422, { error: { code: 'invalid_input', message: 'The settings have a problem', details: [{ where: 'settings.comparisons[0].method', message: 'unknown method "jarowinkler"' }] } }),
      }),
    );
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', member);
    await waitFor(() => !!el.querySelector('[data-testid="start-run-form"]'), 'the form');
    setValue(el.querySelector('#dataset-0') as HTMLSelectElement, '7', 'change');
    (el.querySelector('#settings-mode-2') as HTMLInputElement).click();
    await settle(2);
    setValue(el.querySelector('#settings') as HTMLTextAreaElement, '{"link_type":"dedupe_only","comparisons":[{"column":"given_name","method":"jarowinkler"}]}', 'input');
    await settle(2);
    submit(el.querySelector('[data-testid="start-run-form"]')!);
    await waitFor(() => !!el.querySelector('#settings-error'), 'the error');
    expect(text(el.querySelector('#settings-error'))).toBe('Error: unknown method "jarowinkler"');
    expect([...el.querySelectorAll('.govuk-error-summary a')].map((a) => [a.getAttribute('href'), text(a)])).toEqual([
      ['#settings', 'Settings, comparisons[0].method: unknown method "jarowinkler"'],
    ]);
  });
});

describe('a run', () => {
  const runApi = (extra: Record<string, Answer> = {}) => ({ '/linkage-runs/31': run, '/sharing-agreements/3': agreement, ...extra });

  it('summarises the run: numbers, threshold, warnings, distribution and the pairs’ CSV', async () => {
    mockApi(runApi());
    const el = await mount(runPage, '/linkage/runs/31');
    await waitFor(() => !!el.querySelector('[data-testid="run-facts"]'), 'the facts');
    expect(text(el.querySelector('h1'))).toBe('Council and schools, autumn 2026');
    expect(text(el.querySelector('[data-testid="fact-candidates"]'))).toBe('23,040');
    expect(text(el.querySelector('[data-testid="fact-predicted"]'))).toBe('640');
    expect(text(el.querySelector('[data-testid="fact-threshold"]'))).toBe('Match probability 0.5000, match weight 0.00');
    expect(text(el.querySelector('[data-testid="fact-converged"]'))).toBe('Converged after 14 EM iterations');
    expect(text(el.querySelector('[data-testid="run-warnings"]'))).toContain('12 records have no date of birth.');
    expect(el.querySelector('[data-testid="pairs-csv"]')?.getAttribute('href')).toBe('/api/v1/linkage-runs/31/pairs?format=csv');
    expect(text(el.querySelector('.govuk-breadcrumbs'))).toContain('Supporting Families, Manchester');
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Summary');
    button(el.querySelector('#histogram')!, 'Show as table').click();
    await settle(2);
    expect(el.querySelectorAll('#histogram tbody tr')).toHaveLength(7);
    expect(rowText(el.querySelector('#histogram tbody tr'))).toBe('below −40  −40 2 Below');
    // total_pairs is every pair the data could make; the blocking rules found the candidate pairs among them.
    expect(text(el.querySelector('section[aria-labelledby="blocking-title"] p'))).toContain('23,040 candidate pairs of the 1,140,000 the data could make');
    expect(button(el, 'Delete this run')).toBeTruthy();
  });

  it('shows the model: prior, the levels of each comparison, match weights and m and u', async () => {
    const fetch = mockApi(runApi({ '/linkage-runs/31/clusters': { items: [], next_cursor: null } }));
    const el = await mount(runPage, '/linkage/runs/31/model');
    await waitFor(() => !!el.querySelector('#levels-given_name'), 'the levels');
    expect(text(el.querySelector('[data-testid="prior"]'))).toContain('Prior match weight−11.29');
    expect(text(el.querySelector('[data-testid="prior"]'))).toContain('estimated by EM over the candidate pairs');
    const rows = [...el.querySelectorAll('#levels-given_name tbody tr')].map((r) => [...r.children].map((c) => text(c)));
    expect(rows).toEqual([
      ['exact', '3', '0.8500', '0.0020', '2,000', '8.73', '425'],
      ['jaro_winkler >= 0.92', '2', '0.0800', '0.0040', '4,000', '4.32', '20.00'],
      ['jaro_winkler >= 0.8', '1', '0.0400', '0.0200', '20,000', '1.00', '2.00'],
      ['else', '0', '0.0300', '0.9740', '974,000', '−5.02', '0.031'],
    ]);
    expect(el.querySelectorAll('#match-weights [role="img"]')).toHaveLength(3);
    expect(el.querySelector('#match-weights [role="img"]')?.getAttribute('aria-label')).toBe('The prior match weight, −11.29');
    expect(el.querySelectorAll('#m-u [role="img"]')).toHaveLength(2);
    expect(el.querySelectorAll('#sessions tbody tr')).toHaveLength(2);
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Model');
    // Moving to another section keeps the run: it is read once.
    ([...el.querySelectorAll('.pvf-subnav a')].find((a) => text(a) === 'Clusters') as HTMLAnchorElement).click();
    await waitFor(() => !!el.querySelector('[data-testid="no-clusters"]'), 'the clusters section');
    expect(window.location.pathname).toBe('/linkage/runs/31/clusters');
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Clusters');
    expect(calls(fetch).filter((c) => c === 'GET /api/v1/linkage-runs/31')).toHaveLength(1);
  });

  it('lists pairs filtered by weight in the URL, each linking to its explanation', async () => {
    const fetch = mockApi(runApi({ '/linkage-runs/31/pairs': { items: pairs, next_cursor: '50' }, '/linkage-runs/31/pairs?min_weight=-2.5&limit=50': { items: pairs.slice(1), next_cursor: null } }));
    const el = await mount(runPage, '/linkage/runs/31/pairs');
    await waitFor(() => !!el.querySelector('#pairs'), 'the pairs');
    expect(calls(fetch)).toContain('GET /api/v1/linkage-runs/31/pairs?limit=50');
    expect(el.querySelector('#pairs tbody a')?.getAttribute('href')).toBe('/linkage/runs/31/pairs/explain?left_dataset=7&left_row=12&right_dataset=8&right_row=40');
    expect(el.querySelector('[data-testid="show-more"]')).toBeTruthy();
    setValue(el.querySelector('#min-weight') as HTMLInputElement, '\u22122.5', 'input');
    await settle(2);
    submit(el.querySelector('#min-weight')!.closest('form')!);
    await waitFor(() => el.querySelectorAll('#pairs tbody tr').length === 1, 'the filtered pairs');
    expect(window.location.search).toBe('?min_weight=-2.5');
    expect(el.querySelector('[data-testid="pairs-csv"]')?.getAttribute('href')).toBe('/api/v1/linkage-runs/31/pairs?min_weight=-2.5&format=csv');
  });

  it('explains the pair in the URL by POST, with both records side by side and the waterfall', async () => {
    api.csrfToken = 'tok-e';
    const fetch = mockApi(runApi({ 'POST /linkage-runs/31/explain': () => json(200, explanation) }));
    const el = await mount(runPage, '/linkage/runs/31/pairs/explain?left_dataset=7&left_row=12&right_dataset=8&right_row=40');
    await waitFor(() => !!el.querySelector('[data-testid="explanation"]'), 'the explanation');
    const post = bodyOf(fetch, 'POST', '/linkage-runs/31/explain')!;
    expect(JSON.parse(post.body as string)).toEqual({ left: { dataset_id: 7, row: 12 }, right: { dataset_id: 8, row: 40 } });
    expect(text(el.querySelector('[data-testid="explanation-weight"]'))).toBe('3.17');
    expect(text(el.querySelector('[data-testid="explanation-probability"]'))).toBe('0.9000');
    expect(el.querySelector('[data-testid="personal-data-note"]')).toBeTruthy();
    expect([...el.querySelectorAll('#records tbody tr')].map(rowText)).toContain('given_name Amara Amarah jaro_winkler >= 0.92 +4.32');
    button(el.querySelector('#waterfall')!, 'Show as table').click();
    await settle(2);
    expect([...el.querySelectorAll('#waterfall tbody tr')].map((r) => text(r.firstElementChild))).toEqual(['Prior', 'given_name', 'date_of_birth', 'postcode', 'Final match weight']);
    expect(calls(fetch).filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('finds records by unique id without putting the id in the URL', async () => {
    const fetch = mockApi(runApi({ 'POST /linkage-runs/31/explain': () => json(200, explanation) }));
    const el = await mount(runPage, '/linkage/runs/31/pairs/explain');
    await waitFor(() => !!el.querySelector('[data-testid="explain-form"]'), 'the form');
    (el.querySelector('#left-by-2') as HTMLInputElement).click();
    await settle(2);
    setValue(el.querySelector('#left-value') as HTMLInputElement, 'C-000812', 'input');
    setValue(el.querySelector('#right-value') as HTMLInputElement, '40', 'input');
    await settle(2);
    submit(el.querySelector('[data-testid="explain-form"]')!);
    await waitFor(() => !!el.querySelector('[data-testid="explanation"]'), 'the explanation');
    expect(JSON.parse(bodyOf(fetch, 'POST', '/linkage-runs/31/explain')!.body as string)).toEqual({
      left: { dataset_id: 7, unique_id: 'C-000812' },
      right: { dataset_id: 8, row: 40 },
    });
    await waitFor(() => window.location.search.includes('left_row=12'), 'the rows in the URL');
    expect(window.location.href).not.toContain('C-000812');
    await settle(5);
    expect(calls(fetch).filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('says a cluster was not found within the run’s page (one h1)', async () => {
    mockApi(runApi({ '/linkage-runs/31/clusters/5': () => json(404, { error: { code: 'not_found', message: 'run 31 has no cluster 5' } }) }));
    const el = await mount(runPage, '/linkage/runs/31/clusters/5');
    await waitFor(() => !!el.querySelector('[data-testid="section-error"]'), 'the error');
    expect(text(el.querySelector('[data-testid="section-error"]'))).toBe('Cluster 5 was not foundrun 31 has no cluster 5');
    expect(el.querySelectorAll('h1')).toHaveLength(1);
  });

  it('titles a run that does not exist for the user “Page not found”', async () => {
    mockApi({ '/linkage-runs/77': () => json(404, { error: { code: 'not_found', message: 'no such linkage run: 77' } }) });
    const el = await mount(runPage, '/linkage/runs/77/pairs');
    await waitFor(() => text(el.querySelector('h1')) === 'Page not found', 'the not-found page');
    expect(document.title).toBe('Page not found – Public Value Framework');
  });

  it('lists clusters, and shows one cluster’s records and pairs', async () => {
    mockApi(
      runApi({
        '/linkage-runs/31/clusters': { items: [{ cluster: 12, size: 2, sources: { '7': 1, '8': 1 } }], next_cursor: null },
        '/linkage-runs/31/clusters/12': { cluster: 12, size: 2, records: [explanation.left, explanation.right], pairs: pairs.slice(0, 1) },
      }),
    );
    const el = await mount(runPage, '/linkage/runs/31/clusters');
    await waitFor(() => !!el.querySelector('#clusters'), 'the clusters');
    expect(rowText(el.querySelector('#clusters tbody tr'))).toBe('Cluster 12 2 1 1');
    (el.querySelector('#clusters tbody a') as HTMLAnchorElement).click();
    await waitFor(() => !!el.querySelector('#cluster-records'), 'the cluster');
    expect(window.location.pathname).toBe('/linkage/runs/31/clusters/12');
    expect(text(el.querySelector('[data-testid="cluster-title"]'))).toBe('Cluster 12: 2 records');
    expect(el.querySelectorAll('#cluster-records tbody tr')).toHaveLength(2);
    expect(el.querySelectorAll('#cluster-pairs tbody tr')).toHaveLength(1);
    expect(el.querySelector('[data-testid="personal-data-note"]')).toBeTruthy();
  });
});

describe('clerical review', () => {
  it('labels a pair, shows the quality it returns, and moves to the next pair with focus on it', async () => {
    api.csrfToken = 'tok-l';
    const label = { left: pairs[1].left, right: pairs[1].right, label: 'non_match', match_weight: -1.25, reviewer: 'priya', reviewed_at: '2026-11-24T10:00:00Z' };
    const fetch = mockApi({
      '/linkage-runs/31': run,
      '/sharing-agreements/3': agreement,
      '/linkage-runs/31/review?limit=20': { items: reviewItems },
      'POST /linkage-runs/31/reviews': () => json(201, { label, quality: { ...quality, labels: 13 } }),
    });
    const el = await mount(runPage, '/linkage/runs/31/review');
    await waitFor(() => !!el.querySelector('[data-testid="review-item"]'), 'the first pair');
    expect(text(el.querySelector('[data-testid="quality-sentence"]'))).toContain('No pairs have been reviewed yet');
    expect(text(el.querySelector('#review-item-title'))).toBe('Pair 1 of 2');
    const reviewRows = [...el.querySelectorAll('#review-records tbody tr')].map(rowText);
    expect(reviewRows).toEqual(['Unique id C-000999 S-0002 ', 'given_name Jon John jaro_winkler >= 0.92', 'date_of_birth 1990-01-02 1990-02-01 within 1 year']);
    expect(el.querySelector('[data-testid="personal-data-note"]')).toBeTruthy();
    (el.querySelector('[data-testid="label-non-match"]') as HTMLButtonElement).click();
    await waitFor(() => text(el.querySelector('#review-item-title')) === 'Pair 2 of 2', 'the next pair');
    const post = bodyOf(fetch, 'POST', '/linkage-runs/31/reviews')!;
    expect((post.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-l');
    expect(JSON.parse(post.body as string)).toEqual({ left: { dataset_id: 7, row: 305 }, right: { dataset_id: 8, row: 2 }, label: 'non_match' });
    expect(text(el.querySelector('[data-testid="quality-sentence"]'))).toBe('Estimated precision 96.0% and recall 90.0%, from 13 labels in 5 match-weight bins.');
    expect(text(el.querySelector('[data-testid="quality-estimated-precision"]'))).toContain('96.0%');
    expect(text(el.querySelector('[data-testid="review-status"]'))).toBe('Pair 1 labelled: not a match.');
    await waitFor(() => document.activeElement?.id === 'review-item-title', 'focus on the next pair');
    (el.querySelector('[data-testid="label-match"]') as HTMLButtonElement).click();
    await waitFor(() => !!el.querySelector('[data-testid="review-done"]'), 'the end of the batch');
    expect(JSON.parse(fetch.mock.calls.filter((c) => c[1]?.method === 'POST')[1][1]!.body as string).label).toBe('match');
  });

  it('keeps the pair when a label is refused, and says why', async () => {
    mockApi({
      '/linkage-runs/31': run,
      '/linkage-runs/31/review?limit=20': { items: reviewItems },
      'POST /linkage-runs/31/reviews': () => json(409, { error: { code: 'conflict', message: 'The agreement has expired' } }),
    });
    const el = await mount(runPage, '/linkage/runs/31/review');
    await waitFor(() => !!el.querySelector('[data-testid="review-item"]'), 'the first pair');
    (el.querySelector('[data-testid="label-match"]') as HTMLButtonElement).click();
    await waitFor(() => !!el.querySelector('[data-testid="review-item"] .govuk-error-summary'), 'the error');
    expect(text(el.querySelector('[data-testid="review-item"] .govuk-error-summary'))).toContain('The agreement has expired');
    expect(text(el.querySelector('#review-item-title'))).toBe('Pair 1 of 2');
  });
});

describe('a viewer member', () => {
  const viewerApi = (extra: Record<string, Answer> = {}) => ({
    '/sharing-agreements/3': agreement,
    '/sharing-agreements/3/datasets': { items: datasets },
    '/linkage-runs': { items: [runSummary], next_cursor: null },
    '/linkage-runs/31': run,
    ...extra,
  });

  it('reads the agreement’s datasets and runs, with no upload, start-run or delete controls', async () => {
    mockApi(viewerApi());
    const el = await mount(() => h(AgreementPage, { id: 3 }), '/linkage/agreements/3', viewer);
    await waitFor(() => !!el.querySelector('#datasets') && !!el.querySelector('#runs'), 'the data');
    expect(text(el.querySelector('[data-testid="read-only"]'))).toContain('As a viewer you can read');
    expect(el.querySelector('[data-testid="upload-form"]')).toBeNull();
    expect(el.querySelector('[data-testid="start-run-form"]')).toBeNull();
    expect([...el.querySelectorAll('#datasets thead th')].map((th) => text(th))).not.toContain('Actions');
    expect([...el.querySelectorAll('button')].filter((b) => /Delete/.test(text(b)))).toHaveLength(0);
  });

  it('reads the run, its pairs and the quality, but cannot delete, explain or label', async () => {
    const fetch = mockApi(viewerApi({ '/linkage-runs/31/pairs': { items: pairs, next_cursor: null }, '/linkage-runs/31/review?limit=20': { items: reviewItems } }));
    const el = await mount(runPage, '/linkage/runs/31', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="run-facts"]'), 'the facts');
    expect([...el.querySelectorAll('button')].filter((b) => text(b) === 'Delete this run')).toHaveLength(0);
    expect([...el.querySelectorAll('.pvf-subnav a')].map((a) => text(a))).toEqual(['Summary', 'Model', 'Pairs', 'Clusters', 'Clerical review']);
    ([...el.querySelectorAll('.pvf-subnav a')].find((a) => text(a) === 'Pairs') as HTMLAnchorElement).click();
    await waitFor(() => !!el.querySelector('#pairs'), 'the pairs');
    expect(el.querySelectorAll('#pairs tbody tr')).toHaveLength(pairs.length);
    expect(el.querySelector('#pairs a[href*="/pairs/explain"]')).toBeNull();
    ([...el.querySelectorAll('.pvf-subnav a')].find((a) => text(a) === 'Clerical review') as HTMLAnchorElement).click();
    await waitFor(() => !!el.querySelector('[data-testid="review-read-only"]'), 'the review section');
    expect(el.querySelector('[data-testid="quality"]')).toBeTruthy();
    expect(el.querySelector('[data-testid="label-match"]')).toBeNull();
    // The queue (record values, audited) is not read for someone who cannot label it.
    expect(calls(fetch).some((c) => c.includes('/review'))).toBe(false);
  });

  it('is told a pair’s explanation is not open to viewers, and nothing is posted', async () => {
    const fetch = mockApi(viewerApi());
    const el = await mount(runPage, '/linkage/runs/31/pairs/explain?left_dataset=7&left_row=12&right_dataset=8&right_row=40', viewer);
    await waitFor(() => !!el.querySelector('[data-testid="explain-read-only"]'), 'the notice');
    expect(el.querySelector('[data-testid="explain-form"]')).toBeNull();
    await settle(5);
    expect(calls(fetch).filter((c) => c.startsWith('POST'))).toHaveLength(0);
  });
});
