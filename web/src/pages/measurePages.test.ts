// @vitest-environment happy-dom
// The measurement pages rendered in a simulated browser against mocked API answers (the shapes of
// docs/api-outline.md): what a person sees, which requests go out, and what happens on failure.
import { h, render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bodies,
  comparison,
  goals,
  groups,
  indicator,
  lowerIndicator,
  productivity,
  scorecardView,
  series,
  signals,
  surveys,
} from '../fixtures/measure';
import { SessionContext } from '../hooks';
import type { User } from '../types';
import { BodyPage } from './Bodies';
import { BodyGoalsPage } from './BodyGoals';
import { BodyProductivityPage } from './BodyProductivity';
import { BodySurveysPage } from './BodySurveys';
import { ImportsPage } from './Imports';
import { IndicatorPage, IndicatorsPage } from './Indicators';
import { ScorecardPage } from './Scorecard';

type Answer = unknown | ((url: string, init?: RequestInit) => Response);

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Stubs fetch: answers by API path with query, else by path alone; 404 for anything unmocked. */
function mockApi(answers: Record<string, Answer>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const path = url.replace(/^\/api\/v1/, '');
    const a = path in answers ? answers[path] : answers[path.split('?')[0]];
    if (a === undefined) return json(404, { error: { code: 'not_found', message: `No mock for ${url}` } });
    if (typeof a === 'function') return (a as (u: string, i?: RequestInit) => Response)(url, init);
    return json(200, a);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

const requested = (fn: ReturnType<typeof mockApi>) => fn.mock.calls.map((c) => String(c[0]));

const admin: User = { id: 1, username: 'admin', display_name: 'Admin', role: 'admin', body_id: null };
const viewer: User = { id: 2, username: 'v', display_name: 'Viewer', role: 'viewer', body_id: null };
const lead: User = { id: 3, username: 'lead', display_name: 'Lead', role: 'body_lead', body_id: 1 };

let root: HTMLElement | null = null;

async function mount(node: ComponentChild, path: string, user: User = admin): Promise<HTMLElement> {
  window.history.replaceState(null, '', path);
  document.body.innerHTML = '';
  root = document.createElement('div');
  document.body.appendChild(root);
  render(h(SessionContext.Provider, { value: { user, setUser: () => {} } }, node), root);
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

afterEach(() => {
  if (root) render(null, root);
  root = null;
  vi.unstubAllGlobals();
});

const explorerApi = (extra: Record<string, Answer> = {}) => ({
  '/indicators': { items: [indicator, lowerIndicator] },
  '/bodies': { items: bodies },
  '/comparison-groups': { items: groups },
  '/frameworks': { items: [] },
  '/indicators/ASC1/comparison': comparison,
  '/indicators/ASC1/series': series,
  ...extra,
});

describe('indicators list', () => {
  it('lists indicators with their facts, linking to the explorer', async () => {
    mockApi(explorerApi());
    const el = await mount(h(IndicatorsPage, {}), '/indicators');
    await waitFor(() => !!el.querySelector('#indicators'), 'the table');
    const rows = el.querySelectorAll('#indicators tbody tr');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('Carer quality of life');
    expect(text(rows[0])).toContain('Higher is better');
    expect(text(rows[0])).toContain('2019-20 to 2022-23');
    expect(text(rows[1])).toContain('Lower is better');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/indicators/ASC1');
    expect(text(el.querySelector('.govuk-button-group'))).toContain('Import data');
  });

  it('hides the import button from a viewer and keeps a chosen body in the links', async () => {
    mockApi(explorerApi());
    const el = await mount(h(IndicatorsPage, {}), '/indicators?body=3', viewer);
    await waitFor(() => !!el.querySelector('#indicators'), 'the table');
    expect(el.querySelector('#indicators tbody a')?.getAttribute('href')).toBe('/indicators/ASC1?body=3');
    expect(text(el)).not.toContain('Import data');
  });
});

describe('indicator explorer', () => {
  it('shows the chosen body’s value, rank, quarter and MADs, and asks for the body’s group', async () => {
    const fetch = mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?body=1');
    await waitFor(() => !!el.querySelector('[data-testid="place-rank"]'), 'the summary');
    expect(text(el.querySelector('h1'))).toBe('Carer quality of life');
    expect(text(el.querySelector('[data-testid="polarity"]'))).toBe('Higher is better');
    expect(text(el.querySelector('[data-testid="place-value"]'))).toBe('7.6');
    expect(text(el.querySelector('[data-testid="place-rank"]'))).toBe('joint 2nd of 4');
    expect(text(el.querySelector('[data-testid="place-quartile"]'))).toBe('second quarter');
    expect(text(el.querySelector('[data-testid="place-mads"]'))).toBe('0.2 MADs above the median');
    expect(requested(fetch)).toContain('/api/v1/indicators/ASC1/comparison?body=1');
    expect(requested(fetch)).toContain('/api/v1/indicators/ASC1/series?body=1');
    // the form shows the choices from the URL
    await waitFor(() => (el.querySelector('#body') as HTMLInputElement).value !== '1', 'the body name');
    expect((el.querySelector('#body') as HTMLInputElement).value).toBe('Leeds (E08000035)');
    expect([...el.querySelectorAll('#group option')].map((o) => o.textContent)).toContain('Nearest neighbours of Leeds');
    expect(document.title).toContain('Carer quality of life – Leeds');
  });

  it('shows both charts with a legend in words, a table view and a CSV download, and lists missing bodies', async () => {
    mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?body=1');
    await waitFor(() => !!el.querySelector('#dot-plot'), 'the dot plot');
    const series = el.querySelector('#series')!;
    expect(text(series.querySelector('.pvf-measure-legend'))).toContain('Leeds (solid line with dots)');
    expect(text(series.querySelector('.pvf-measure-legend'))).toContain('Median of All bodies (dashed line)');
    expect(text(series)).toContain('the line breaks there');
    expect(series.querySelector('.pvf-csv-button')?.getAttribute('data-filename')).toBe('asc1-leeds-all-bodies-over-time.csv');
    const dots = el.querySelector('#dot-plot')!;
    expect(text(dots)).toContain('Higher is better.');
    expect(text(dots.querySelector('[data-testid="missing"]'))).toContain('1 body in the group has no value for 2022-23');
    expect(dots.querySelector('[data-testid="missing"] a')?.getAttribute('href')).toBe('/bodies/5');
    // the table view: every body, the chosen one highlighted, each linking to its page
    (dots.querySelector('.pvf-chart__toggle') as HTMLButtonElement).click();
    await settle();
    const rows = dots.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(4);
    expect(rows[1].className).toContain('pvf-row--highlight');
    expect(rows[1].querySelector('a')?.getAttribute('href')).toBe('/bodies/1');
    expect(text(rows[1])).toContain('second quarter');
  });

  it('keeps the choices in the URL when the form is applied', async () => {
    mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?body=1');
    await waitFor(() => (el.querySelector('#body') as HTMLInputElement).value === 'Leeds (E08000035)', 'the form');
    setValue(el.querySelector('#group') as HTMLSelectElement, 'group:7', 'change');
    setValue(el.querySelector('#period') as HTMLSelectElement, '2021-22', 'change');
    await settle(2);
    (el.querySelector('form.pvf-explorer-form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(window.location.pathname + window.location.search).toBe('/indicators/ASC1?body=1&period=2021-22&group=group&group_id=7');
  });

  it('refuses a body that is not in the list', async () => {
    mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1');
    await waitFor(() => el.querySelectorAll('#body-options option').length === bodies.length, 'the body list');
    setValue(el.querySelector('#body') as HTMLInputElement, 'Atlantis', 'input');
    await settle(2);
    (el.querySelector('form.pvf-explorer-form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle(2);
    expect(text(el.querySelector('.govuk-error-summary'))).toContain('Select a body from the list');
    expect(window.location.search).toBe('');
  });

  it('asks for a body before comparing with the same type, without calling the API', async () => {
    const fetch = mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?group=type');
    await settle();
    expect(text(el.querySelector('[data-testid="needs-body"]'))).toContain('same type');
    expect(requested(fetch).some((u) => /\/indicators\/ASC1\/(comparison|series)/.test(u))).toBe(false);
  });

  it('invites a choice of body when there is none, and says when the body has no value', async () => {
    const fetch = mockApi(explorerApi());
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1');
    await waitFor(() => !!el.querySelector('[data-testid="place-summary"]'), 'the summary');
    expect(text(el.querySelector('[data-testid="place-summary"]'))).toContain('Choose a body to see where it stands among All bodies (5 bodies) in 2022-23');
    // the series is one body's: not asked for without a body
    expect(text(el.querySelector('[data-testid="series-needs-body"]'))).toContain('Choose a body to see its values over time');
    expect(requested(fetch).some((u) => u.includes('/series'))).toBe(false);
    expect(el.querySelector('#dot-plot')).toBeTruthy();

    mockApi(explorerApi({ '/indicators/ASC1/comparison': { ...comparison, body: null } }));
    const el2 = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?body=5');
    await waitFor(() => !!el2.querySelector('[data-testid="place-summary"]'), 'the summary');
    expect(text(el2.querySelector('[data-testid="place-summary"]'))).toBe('Hartlepool has no value for 2022-23.');
  });

  it('still shows the comparison when the series fails', async () => {
    mockApi(explorerApi({ '/indicators/ASC1/series': () => json(500, { error: { code: 'internal', message: 'Boom' } }) }));
    const el = await mount(h(IndicatorPage, { indicatorKey: 'ASC1' }), '/indicators/ASC1?body=1');
    await waitFor(() => !!el.querySelector('#dot-plot'), 'the dot plot');
    expect(text(el)).toContain('The values over time could not be loaded: Boom');
  });
});

describe('body pages', () => {
  it('links the body page to its goals, productivity, surveys and benchmarking runs', async () => {
    mockApi({ '/bodies/1': bodies[0], '/assessments': { items: [], next_cursor: null } });
    const el = await mount(h(BodyPage, { id: 1 }), '/bodies/1');
    await waitFor(() => !!el.querySelector('.pvf-subnav'), 'the sub-navigation');
    const nav = [...el.querySelectorAll('.pvf-subnav a')].map((a) => a.getAttribute('href'));
    expect(nav).toEqual(['/bodies/1', '/bodies/1/goals', '/bodies/1/productivity', '/bodies/1/surveys', '/bodies/1/benchmarks']);
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Overview');
    expect([...el.querySelectorAll('[data-testid="body-measures"] a')].map((a) => a.getAttribute('href'))).toContain('/indicators?body=1');
  });

  it('shows goals with status tags, a chart per goal and the ambition', async () => {
    mockApi({ '/bodies/1': bodies[0], '/bodies/1/goals': { items: goals } });
    const el = await mount(h(BodyGoalsPage, { id: 1 }), '/bodies/1/goals');
    await waitFor(() => !!el.querySelector('#goals-table'), 'the goals table');
    expect(text(el.querySelector('[data-testid="goals-summary"]'))).toBe('2 goals: 1 at risk, 1 too early to say.');
    const tags = [...el.querySelectorAll('#goals-table .govuk-tag')];
    expect(tags.map((t) => `${t.textContent}|${t.className}`)).toEqual(['At risk|govuk-tag govuk-tag--yellow', 'Too early to say|govuk-tag govuk-tag--grey']);
    expect(el.querySelector('#goals-table tbody a')?.getAttribute('href')).toBe('/indicators/ASC1?body=1');
    const sections = el.querySelectorAll('[data-testid="goal"]');
    expect(sections).toHaveLength(2);
    expect(text(sections[0].querySelector('.pvf-measure-legend'))).toContain('Projection');
    expect(text(sections[1].querySelector('.pvf-measure-legend'))).not.toContain('Projection');
    expect(text(sections[0].querySelector('[data-testid="ambition-summary"]'))).toContain('ambitious');
    expect(text(sections[1])).toContain('Not assessed');
    expect(el.querySelector('.pvf-subnav a[aria-current="page"]')?.textContent).toBe('Goals');
    expect(el.querySelectorAll('.pvf-csv-button').length).toBe(3);
  });

  it('says when a body has no goals, and offers an import', async () => {
    mockApi({ '/bodies/1': bodies[0], '/bodies/1/goals': { items: [] } });
    const el = await mount(h(BodyGoalsPage, { id: 1 }), '/bodies/1/goals', lead);
    await waitFor(() => text(el).includes('has no goals yet'), 'the message');
    expect(el.querySelector('a[href="/imports"]')).toBeTruthy();
  });

  it('shows productivity with warnings, the money basis and unit costs', async () => {
    mockApi({ '/bodies/1': bodies[0], '/bodies/1/productivity': productivity });
    const el = await mount(h(BodyProductivityPage, { id: 1 }), '/bodies/1/productivity');
    await waitFor(() => !!el.querySelector('#unit-costs'), 'the unit costs');
    expect(text(el.querySelector('[data-testid="productivity-headline"]'))).toBe(
      'Productivity rose 2.0% from 2020-21 to 2021-22 (index 102.0 against 100).',
    );
    expect(text(el.querySelector('[data-testid="productivity-warnings"]'))).toContain('has no volume in 2022-23');
    expect(text(el)).toContain('nominal (cash) prices');
    expect(text(el.querySelector('#unit-costs thead'))).toContain('Unit cost (£, nominal)');
    expect(el.querySelector('#indices')).toBeTruthy();
    expect(el.querySelector('#contributions')).toBeTruthy();
  });

  it('says when there is no productivity data', async () => {
    mockApi({ '/bodies/1': bodies[0], '/bodies/1/productivity': { ...productivity, indices: [], contributions: [], unit_costs: [], unit_cost_trends: [], warnings: [] } });
    const el = await mount(h(BodyProductivityPage, { id: 1 }), '/bodies/1/productivity');
    await waitFor(() => text(el).includes('cannot be measured'), 'the message');
  });

  it('shows each asked survey question with the latest share, interval and significance', async () => {
    mockApi({ '/bodies/1': bodies[0], '/bodies/1/surveys': surveys });
    const el = await mount(h(BodySurveysPage, { id: 1 }), '/bodies/1/surveys');
    await waitFor(() => !!el.querySelector('[data-testid="survey-question"]'), 'a question');
    const qs = el.querySelectorAll('[data-testid="survey-question"]');
    expect(qs).toHaveLength(1);
    expect(text(qs[0])).toContain('Top levels: Satisfied, Very satisfied');
    expect(text(qs[0].querySelector('[data-testid="survey-latest"]'))).toBe(
      '61.0% in 2022-23 (95% interval 55.8% to 65.9%), +5.0 points since 2021-22, a significant change.',
    );
    expect(qs[0].querySelector('.pvf-csv-button')).toBeTruthy();
  });
});

describe('scorecard with data signals', () => {
  const scorecardApi = (signalsAnswer: Answer) => ({
    '/assessments/8/scorecard': scorecardView,
    '/assessments/8/signals': signalsAnswer,
    '/comparison-groups': { items: groups },
  });

  it('puts each rating beside the data and flags disagreement', async () => {
    const fetch = mockApi(scorecardApi(signals));
    const el = await mount(h(ScorecardPage, { id: 8 }), '/assessments/8/scorecard');
    await waitFor(() => !!el.querySelector('[data-testid="signals-summary"]'), 'the signals');
    expect(text(el.querySelector('.pvf-signal-summary__tag'))).toBe('Data disagrees');
    expect(text(el.querySelector('.pvf-signal-summary__headline span'))).toBe('The data disagrees with 1 of 3 ratings');
    expect(el.querySelector('.pvf-signal-summary__list a')?.getAttribute('href')).toBe('#signals-progress_towards_goals');
    const rows = el.querySelectorAll('[data-testid="signal-row"]');
    expect(rows).toHaveLength(3);
    expect(rows[0].className).toContain('pvf-signal-row--disagree');
    expect(text(rows[0].querySelector('.pvf-signal-row__level'))).toBe('4 Exemplary');
    expect(text(rows[0].querySelector('[data-testid="disagreement"] .govuk-tag'))).toBe('Data disagrees');
    expect(text(rows[0].querySelector('[data-testid="disagreement"] p'))).toContain('Rated at the top level');
    // directions in marker and word
    expect(text(rows[0].querySelector('.pvf-signal'))).toBe('▼ Negative, Goals: 0 of 2 goals on track 1 at risk, 1 too early to say');
    expect(rows[0].querySelector('.pvf-dir__marker')?.getAttribute('aria-hidden')).toBe('true');
    expect(text(rows[2])).toContain('No data for this area');
    expect(rows[2].querySelector('[data-testid="disagreement"]')).toBeNull();
    expect(requested(fetch)).toContain('/api/v1/assessments/8/signals');
  });

  it('asks for the signals of the group in the URL', async () => {
    const fetch = mockApi(scorecardApi(signals));
    await mount(h(ScorecardPage, { id: 8 }), '/assessments/8/scorecard?group=group&group_id=7');
    expect(requested(fetch)).toContain('/api/v1/assessments/8/signals?group=group&group_id=7');
  });

  it("shows the server's default group when the URL has none, and can ask for all bodies", async () => {
    const byType = { ...signals, group: { scope: 'type', group_id: null, label: 'Metropolitan Districts', body_count: 36 } };
    const fetch = mockApi({ ...scorecardApi(byType), '/assessments/8/signals?group=all': signals });
    const el = await mount(h(ScorecardPage, { id: 8 }), '/assessments/8/scorecard');
    await waitFor(() => !!el.querySelector('#signals-group'), 'the group select');
    expect(requested(fetch)).toContain('/api/v1/assessments/8/signals');
    expect((el.querySelector('#signals-group') as HTMLSelectElement).value).toBe('type');
    expect(text(el.querySelector('.pvf-signal-summary__note'))).toContain('compared with Metropolitan Districts');
    await mount(h(ScorecardPage, { id: 8 }), '/assessments/8/scorecard?group=all');
    await waitFor(() => !!document.querySelector('#signals-group'), 'the group select');
    expect(requested(fetch)).toContain('/api/v1/assessments/8/signals?group=all');
    expect((document.querySelector('#signals-group') as HTMLSelectElement).value).toBe('all');
  });

  it('still shows the scorecard when the signals fail', async () => {
    mockApi(scorecardApi(() => json(500, { error: { code: 'internal', message: 'Signals broke' } })));
    const el = await mount(h(ScorecardPage, { id: 8 }), '/assessments/8/scorecard');
    await waitFor(() => !!el.querySelector('[data-testid="signals-error"]'), 'the note');
    expect(text(el.querySelector('h1'))).toBe('Leeds: 2024-25 scorecard');
    expect(text(el.querySelector('[data-testid="signals-error"]'))).toContain('Signals broke');
    expect(el.querySelector('[data-testid="scorecard-heatmap"]')).toBeTruthy();
    expect(el.querySelector('[data-testid="signals-summary"]')).toBeNull();
  });
});

describe('imports', () => {
  async function choose(el: HTMLElement, kind: string, name: string, content: string) {
    const radio = el.querySelector(`input[name="kind"][value="${kind}"]`) as HTMLInputElement;
    radio.checked = true;
    radio.dispatchEvent(new Event('change', { bubbles: true }));
    const input = el.querySelector('#import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([content], name, { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
  }

  it('offers a body lead only the kinds for their own body', async () => {
    mockApi({});
    const el = await mount(h(ImportsPage, {}), '/imports', lead);
    expect([...el.querySelectorAll('input[name="kind"]')].map((i) => (i as HTMLInputElement).value)).toEqual([
      'goals', 'activity', 'inputs', 'survey-responses',
    ]);
  });

  it("lists a body lead's refused rows for another body by file:row:column", async () => {
    const details = [{ where: 'g.csv:2:body', message: 'a body_lead writes data for their own body only, not Kent' }];
    mockApi({ '/imports/goals': () => json(403, { error: { code: 'forbidden', message: 'g.csv: the file has 1 problem(s); nothing was imported', details } }) });
    const el = await mount(h(ImportsPage, {}), '/imports', lead);
    await choose(el, 'goals', 'g.csv', 'x');
    await waitFor(() => !!el.querySelector('.govuk-error-summary'), 'the error summary');
    const items = [...el.querySelectorAll('.govuk-error-summary li')].map((li) => text(li));
    expect(items).toContain('g.csv:2:body: a body_lead writes data for their own body only, not Kent');
    expect(text(el.querySelector('#import-file-error'))).toContain('it has 1 problem');
  });

  it('tells a viewer they cannot import', async () => {
    mockApi({});
    const el = await mount(h(ImportsPage, {}), '/imports', viewer);
    expect(text(el.querySelector('h1'))).toBe('You cannot import data');
  });

  it('asks for the kind and the file', async () => {
    mockApi({});
    const el = await mount(h(ImportsPage, {}), '/imports');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect([...el.querySelectorAll('.govuk-error-summary li')].map((li) => text(li))).toEqual(['Select the kind of data', 'Select a CSV file']);
  });

  it('uploads the file and shows what was imported', async () => {
    const fetch = mockApi({
      '/imports/observations': { kind: 'observations', format: 'csv', filename: 'asc.csv', rows: 1234, inserted: 1200, updated: 30, unchanged: 4, skipped_blank: 0, bodies_created: 2, indicators_created: 7, seconds: 0.4234 },
    });
    const el = await mount(h(ImportsPage, {}), '/imports');
    await choose(el, 'observations', 'asc.csv', 'a,b\n1,2\n');
    await waitFor(() => !!el.querySelector('.govuk-summary-list'), 'the result');
    const [url, init] = fetch.mock.calls[0];
    expect(String(url)).toBe('/api/v1/imports/observations?filename=asc.csv');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(init?.body).toBe('a,b\n1,2\n');
    const rows = [...el.querySelectorAll('.govuk-summary-list__row')].map((r) => `${text(r.querySelector('dt'))} ${text(r.querySelector('dd'))}`);
    expect(rows).toContain('Rows read 1,234');
    expect(rows).toContain('Indicators created 7');
    expect(rows).toContain('Time taken 0.42 seconds');
    expect(text(el.querySelector('.govuk-notification-banner'))).toContain('1,234 rows read from asc.csv');
  });

  it('lists the first 50 problems of a refused file and counts the rest', async () => {
    const details = Array.from({ length: 120 }, (_, i) => ({ where: `obs.csv:${i + 2}:value`, message: 'value is not a number' }));
    mockApi({ '/imports/observations': () => json(422, { error: { code: 'invalid_input', message: 'obs.csv: 120 problems', details } }) });
    const el = await mount(h(ImportsPage, {}), '/imports');
    await choose(el, 'observations', 'obs.csv', 'bad');
    await waitFor(() => !!el.querySelector('.govuk-error-summary'), 'the error summary');
    const items = [...el.querySelectorAll('.govuk-error-summary li')].map((li) => text(li));
    expect(items).toHaveLength(52);
    expect(items[0]).toBe('obs.csv: 120 problems');
    expect(items[1]).toBe('obs.csv:2:value: value is not a number');
    expect(items[50]).toBe('obs.csv:51:value: value is not a number');
    expect(items[51]).toMatch(/^And 70 more problems not listed here/);
    expect(text(el.querySelector('.govuk-error-summary__title'))).toBe('The file was not imported');
    expect(text(el.querySelector('#import-file-error'))).toContain('it has 120 problems');
  });
});
