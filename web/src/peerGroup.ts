// Pure helpers for the "Make a peer group" page: CIPFA's nearest-neighbour method on stored
// indicators (POST /comparison-groups/nearest-neighbours). The form's state, the periods its
// chosen indicators share, the request built from it (with the checks made before sending), the
// server's 422/409 details mapped back to its fields, and the result's tables and chart data.
// No DOM, no fetch: tested.
import type { ApiError } from './api';
import type { RankingData } from './benchmarkTables';
import type { ErrorItem } from './components/ErrorSummary';
import { formatEfficiency, pluralise } from './format';
import { findBody, parseGroupOption } from './measure';
import { periodRange, sortPeriods } from './measureTables';
import type { Cell, TableModel } from './tables';
import type { ErrorDetail, Indicator, NeighboursRequest, NeighboursResult } from './types';

// ---------- the form ----------

export interface PeerGroupForm {
  /** What was typed in the body picker: "Leeds (E08000035)", a name or a code. */
  bodyText: string;
  /** Keys of the ticked indicators (any order: the request follows the list's order). */
  indicators: string[];
  /** Weight as typed, by indicator key; missing or "" = 1. */
  weights: Record<string, string>;
  period: string;
  k: string;
  /** groupOptionValue: "all", "type", "region" or "group:12". */
  group: string;
  name: string;
}

export const DEFAULT_K = 15;
export const MAX_K = 1000;

export const EMPTY_PEER_FORM: PeerGroupForm = {
  bodyText: '',
  indicators: [],
  weights: {},
  period: '',
  k: String(DEFAULT_K),
  group: 'all',
  name: '',
};

/** The group's name when none is given, as the server makes it. */
export function defaultGroupName(bodyName: string): string {
  return `Nearest neighbours of ${bodyName}`;
}

/** Ticks or unticks an indicator, keeping the others (and any weight typed for it). */
export function toggleIndicator(form: PeerGroupForm, key: string, on: boolean): PeerGroupForm {
  const rest = form.indicators.filter((k) => k !== key);
  return { ...form, indicators: on ? [...rest, key] : rest };
}

/** The ticked indicators, in the order of the list (the order the request sends them in). */
export function chosenIndicators(all: Indicator[], keys: string[]): Indicator[] {
  const set = new Set(keys);
  return all.filter((i) => set.has(i.key));
}

/**
 * Periods in which every chosen indicator has data, in time order; none until one is chosen
 * (a body needs a value for every indicator in the period to be compared).
 */
export function peerPeriods(chosen: Pick<Indicator, 'periods'>[]): string[] {
  if (!chosen.length) return [];
  const sets = chosen.map((i) => new Set(i.periods ?? []));
  return sortPeriods([...sets[0]].filter((p) => sets.every((s) => s.has(p))));
}

/** The chosen period while the chosen indicators share it, else the latest they share ("" when none). */
export function effectivePeriod(available: string[], current: string): string {
  if (available.includes(current)) return current;
  return available.length ? available[available.length - 1] : '';
}

/** "Key: ASC1. Unit: score. Data for 2019-20 to 2022-23." */
export function indicatorHint(i: Pick<Indicator, 'key' | 'unit' | 'periods'>): string {
  const unit = i.unit ? ` Unit: ${i.unit}.` : '';
  const data = i.periods?.length ? `Data for ${periodRange(i.periods)}.` : 'No data yet.';
  return `Key: ${i.key}.${unit} ${data}`;
}

// ---------- field ids (the error summary links to them) ----------

/** The checkbox of the i-th indicator of the list; the first carries the fieldset's id, as GOV.UK does. */
export const indicatorFieldId = (i: number) => (i === 0 ? 'indicators' : `indicators-${i + 1}`);
/** The weight input of the i-th indicator of the list. */
export const weightFieldId = (i: number) => `weight-${i + 1}`;

/** The form's fields in page order, for ordering the error summary. */
export function peerFieldOrder(all: Pick<Indicator, 'key'>[]): string[] {
  return ['body', ...all.flatMap((_, i) => [indicatorFieldId(i), weightFieldId(i)]), 'period', 'k', 'group', 'name'];
}

/** The message for the indicators fieldset: its own, else the first of any indicator's. */
export function indicatorsFieldsetError(fields: Record<string, string>, count: number): string | undefined {
  if (fields.indicators) return fields.indicators;
  for (let i = 1; i < count; i++) if (fields[indicatorFieldId(i)]) return fields[indicatorFieldId(i)];
  return undefined;
}

// ---------- the request ----------

export interface BuiltNeighbours {
  request: NeighboursRequest | null;
  /** field id -> message, in page order. */
  errors: Record<string, string>;
}

const INT = /^\s*\d+\s*$/;
const NUMBER = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * The request for the form, or the problems to fix first (keyed by field id). Indicators go in
 * the list's order with their weights; `weights` is null when every weight is 1 (the server's
 * default); `group_id` only with a named group. Same type and same region are the chosen body's.
 */
export function buildNeighboursRequest(
  form: PeerGroupForm,
  ctx: { bodies: { id: number; name: string; code: string }[]; indicators: Indicator[] },
  save: boolean,
): BuiltNeighbours {
  const errors: Record<string, string> = {};
  const body = form.bodyText.trim() ? findBody(form.bodyText, ctx.bodies) : null;
  if (!form.bodyText.trim()) errors.body = 'Choose the body to find neighbours for';
  else if (!body) errors.body = 'Select a body from the list';

  const keys: string[] = [];
  const weights: number[] = [];
  ctx.indicators.forEach((ind, i) => {
    if (!form.indicators.includes(ind.key)) return;
    keys.push(ind.key);
    const typed = (form.weights[ind.key] ?? '').trim();
    if (typed === '') weights.push(1);
    else if (NUMBER.test(typed)) weights.push(Number(typed));
    else {
      errors[weightFieldId(i)] = `Enter the weight for ${ind.name} as a number of 0 or more, for example 1 or 0.5`;
      weights.push(Number.NaN);
    }
  });
  if (!keys.length) errors.indicators = 'Choose at least one indicator to compare on';
  else if (weights.every((w) => w === 0)) {
    const first = ctx.indicators.findIndex((i) => i.key === keys[0]);
    errors[weightFieldId(first)] = 'At least one weight must be more than 0';
  }

  if (keys.length && !form.period) errors.period = 'No period has data for every chosen indicator: choose other indicators';

  let k = DEFAULT_K;
  if (!INT.test(form.k)) errors.k = 'Enter the number of neighbours as a whole number, for example 15';
  else {
    k = Number(form.k);
    if (k < 1 || k > MAX_K) errors.k = `Enter a number of neighbours from 1 to ${MAX_K}`;
  }

  if (Object.keys(errors).length) return { request: null, errors: orderErrors(errors, ctx.indicators) };

  const g = parseGroupOption(form.group);
  const request: NeighboursRequest = {
    body_id: body!.id,
    indicators: keys,
    weights: weights.every((w) => w === 1) ? null : weights,
    period: form.period,
    k,
    group: g.group,
    save,
    name: form.name.trim(),
  };
  if (g.group === 'group') request.group_id = g.groupId;
  return { request, errors: {} };
}

function orderErrors(errors: Record<string, string>, all: Pick<Indicator, 'key'>[]): Record<string, string> {
  const order = peerFieldOrder(all);
  const pos = (k: string) => (order.indexOf(k) < 0 ? order.length : order.indexOf(k));
  return Object.fromEntries(Object.keys(errors).sort((a, b) => pos(a) - pos(b)).map((k) => [k, errors[k]]));
}

// ---------- the server's errors ----------

/**
 * The form field a detail's `where` names ("$.indicators[0]", "$.weights[1]", "$.k", "$.period",
 * "$.body_id", "$.name", …), with words for the summary; undefined when the form has none.
 * Indexes count in the request's indicators, which are mapped back to their place in the list.
 * Tolerates a missing "$." and "/indicators/0" spellings.
 */
export function neighbourFieldForWhere(
  where: string,
  request: Pick<NeighboursRequest, 'indicators'>,
  all: Pick<Indicator, 'key' | 'name'>[],
): { field: string; label: string } | undefined {
  let w = where.trim().replace(/^\$\.?/, '');
  if (w.startsWith('/')) w = w.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const m = /^(indicators|weights)(?:\[(\d+)\])?$/.exec(w);
  if (m) {
    const weight = m[1] === 'weights';
    const key = request.indicators[m[2] === undefined ? 0 : Number(m[2])];
    const i = all.findIndex((x) => x.key === key);
    if (m[2] === undefined || i < 0) {
      if (!weight) return { field: 'indicators', label: 'Indicators' };
      return i < 0 ? undefined : { field: weightFieldId(i), label: 'Weights' };
    }
    return weight ? { field: weightFieldId(i), label: `Weight for ${all[i].name}` } : { field: indicatorFieldId(i), label: all[i].name };
  }
  switch (w) {
    case 'body_id':
      return { field: 'body', label: 'Body' };
    case 'period':
      return { field: 'period', label: 'Period' };
    case 'k':
      return { field: 'k', label: 'Number of neighbours' };
    case 'group':
    case 'group_id':
    case 'body': // same type or region as the chosen body
      return { field: 'group', label: 'Candidates' };
    case 'name':
      return { field: 'name', label: 'Group name' };
    default:
      return undefined;
  }
}

/**
 * An API error as error-summary items (each detail linked to its field) and a message per field
 * (the first for a field wins). A 409 is a name already taken: it goes on the name field.
 */
export function neighbourErrors(
  err: Pick<ApiError, 'status' | 'message' | 'details'>,
  request: Pick<NeighboursRequest, 'indicators' | 'name'>,
  all: Pick<Indicator, 'key' | 'name'>[],
  bodyName = '',
): { items: ErrorItem[]; fields: Record<string, string> } {
  if (err.status === 409) {
    const name = request.name || (bodyName ? defaultGroupName(bodyName) : '');
    const text = name ? `A comparison group called “${name}” already exists: choose another name` : 'That name is already taken: choose another name';
    return { items: [{ text, field: 'name' }], fields: { name: text } };
  }
  const details: ErrorDetail[] = err.details ?? [];
  const items: ErrorItem[] = [];
  const fields: Record<string, string> = {};
  if (!details.some((d) => d.message === err.message)) items.push({ text: err.message });
  for (const d of details) {
    const target = d.where ? neighbourFieldForWhere(d.where, request, all) : undefined;
    if (target) {
      items.push({ text: `${target.label}: ${d.message}`, field: target.field });
      if (!(target.field in fields)) fields[target.field] = d.message;
    } else {
      items.push({ text: d.where && d.where !== '$' ? `${d.where}: ${d.message}` : d.message });
    }
  }
  return { items, fields };
}

// ---------- the result ----------

const textCell = (t: string | null | undefined, sort: string | number | null = t ?? null): Cell => ({ text: t ?? '', sort });
const distanceCell = (v: number): Cell => ({ text: formatEfficiency(v), sort: v, raw: v });

/** The neighbours, nearest first: rank, body (linked), code, distance to 3 decimals. */
export function neighboursTable(r: Pick<NeighboursResult, 'neighbours'>): TableModel {
  return {
    columns: [
      { key: 'rank', label: 'Rank', numeric: true },
      { key: 'body', label: 'Body' },
      { key: 'code', label: 'Code' },
      { key: 'distance', label: 'Distance', numeric: true },
    ],
    rows: [...r.neighbours]
      .sort((a, b) => a.rank - b.rank)
      .map((n) => [{ text: String(n.rank), sort: n.rank, raw: n.rank }, { ...textCell(n.name), href: `/bodies/${n.body_id}` }, textCell(n.code), distanceCell(n.distance)]),
  };
}

/** The distance chart's table (and CSV): body and distance, nearest first. */
export function distanceTable(r: Pick<NeighboursResult, 'neighbours'>): TableModel {
  return {
    columns: [
      { key: 'body', label: 'Body' },
      { key: 'distance', label: 'Distance', numeric: true },
    ],
    rows: [...r.neighbours].sort((a, b) => a.rank - b.rank).map((n) => [textCell(n.name), distanceCell(n.distance)]),
  };
}

/** How many neighbours the chart draws at most; the table always lists them all. */
export const DISTANCE_CHART_LIMIT = 60;

/** The neighbours as bars for the ranking chart (benchmarkCharts.rankingChart), nearest first. */
export function distanceChartData(r: Pick<NeighboursResult, 'neighbours'>): RankingData {
  const bars = [...r.neighbours]
    .sort((a, b) => a.rank - b.rank)
    .map((n) => ({ body_id: n.body_id, name: n.name, score: n.distance, efficient: false, selected: false, rank: n.rank, lower: null, upper: null, skippedBefore: 0 }));
  return { bars, omitted: 0, total: bars.length, unscored: 0 };
}

/**
 * The result in a sentence: "15 nearest neighbours of Leeds, from 149 other bodies with a value
 * for every chosen indicator in 2022-23." (`candidates` counts the body itself too).
 */
export function resultSentence(r: Pick<NeighboursResult, 'candidates' | 'neighbours' | 'period'>, bodyName: string): string {
  const n = r.neighbours.length;
  const others = Math.max(0, r.candidates - 1);
  return `${pluralise(n, 'nearest neighbour')} of ${bodyName}, from ${pluralise(others, 'other body', 'other bodies')} with a value for every chosen indicator in ${r.period}.`;
}
