// Pure helpers for the measurement pages (issue 3): the indicator explorer's URL state, words for
// ranks, quarters, MADs and polarity, number, percentage and money formats, goal status tags,
// signal markers, and the period -> year axis used by the goal charts. No DOM, no fetch: tested.
import { MINUS } from './format';
import type {
  AreaSignals,
  Direction,
  GoalStatus,
  GroupScope,
  Polarity,
  Quartile,
  Role,
  SignalKind,
  SurveyQuestion,
  ImportKind,
} from './types';
import { GROUP_SCOPES } from './types';

// ---------- the explorer's URL state: /indicators/:key?body=&period=&group=&group_id= ----------

export interface ExplorerState {
  body: number | null;
  /** null = the latest period with data. */
  period: string | null;
  group: GroupScope;
  groupId: number | null;
}

export const DEFAULT_EXPLORER_STATE: ExplorerState = { body: null, period: null, group: 'all', groupId: null };

function positiveInt(s: string | null): number | null {
  if (!s || !/^\d+$/.test(s.trim())) return null;
  const n = Number(s.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Reads the explorer's state from a query string ("?body=12&group=type"). Anything unusable
 * falls back to the default: an unknown group, or `group=group` without a valid group_id, is
 * "all". `type` and `region` are kept without a body (the page asks for one).
 */
export function parseExplorerQuery(search: string | URLSearchParams): ExplorerState {
  const qs = typeof search === 'string' ? new URLSearchParams(search) : search;
  const body = positiveInt(qs.get('body'));
  const period = (qs.get('period') ?? '').trim() || null;
  let group = (qs.get('group') ?? '').trim() as GroupScope;
  if (!GROUP_SCOPES.includes(group)) group = 'all';
  let groupId = group === 'group' ? positiveInt(qs.get('group_id')) : null;
  if (group === 'group' && groupId === null) {
    group = 'all';
    groupId = null;
  }
  return { body, period, group, groupId };
}

/** The explorer's query string for a state, defaults left out ("" when all are default). */
export function explorerQuery(state: ExplorerState): string {
  const params = new URLSearchParams();
  if (state.body !== null) params.set('body', String(state.body));
  if (state.period) params.set('period', state.period);
  if (state.group !== 'all') {
    params.set('group', state.group);
    if (state.group === 'group' && state.groupId !== null) params.set('group_id', String(state.groupId));
  }
  const q = params.toString();
  return q ? `?${q}` : '';
}

/** The shareable link to an indicator with a body, period and group. */
export function explorerHref(key: string, state: Partial<ExplorerState> = {}): string {
  return `/indicators/${encodeURIComponent(key)}${explorerQuery({ ...DEFAULT_EXPLORER_STATE, ...state })}`;
}

/** Whether the state's group can be asked for: same type and same region need a body. */
export function groupNeedsBody(state: Pick<ExplorerState, 'group' | 'body'>): boolean {
  return (state.group === 'type' || state.group === 'region') && state.body === null;
}

/** The comparison group as one <select> value: "all", "type", "region" or "group:12". */
export function groupOptionValue(group: GroupScope, groupId: number | null): string {
  return group === 'group' && groupId !== null ? `group:${groupId}` : group === 'group' ? 'all' : group;
}

/** The inverse of groupOptionValue; unknown values are "all". */
export function parseGroupOption(value: string): { group: GroupScope; groupId: number | null } {
  const m = /^group:(\d+)$/.exec(value);
  if (m) return { group: 'group', groupId: Number(m[1]) };
  if (value === 'type' || value === 'region') return { group: value, groupId: null };
  return { group: 'all', groupId: null };
}

/** The group <select>'s options: the three built-in scopes, then named groups (the chosen body's own first). */
export function groupOptions(
  groups: { id: number; name: string; body_id: number | null }[],
  bodyId: number | null,
): { value: string; text: string }[] {
  const own = groups.filter((g) => bodyId !== null && g.body_id === bodyId);
  const rest = groups.filter((g) => !(bodyId !== null && g.body_id === bodyId));
  return [
    { value: 'all', text: 'All bodies' },
    { value: 'type', text: 'Bodies of the same type' },
    { value: 'region', text: 'Bodies in the same region' },
    ...[...own, ...rest].map((g) => ({ value: `group:${g.id}`, text: g.name })),
  ];
}

// ---------- choosing a body by typing ----------

/** How a body is offered in the body picker: "Leeds (E08000035)". */
export function bodyOptionLabel(b: { name: string; code: string }): string {
  return b.code ? `${b.name} (${b.code})` : b.name;
}

/**
 * The body a person typed: an exact option label, else a name or code (ignoring case), else the
 * one body whose name contains the text. null when nothing, or more than one body, matches.
 */
export function findBody<B extends { id: number; name: string; code: string }>(typed: string, bodies: B[]): B | null {
  const t = typed.trim();
  if (!t) return null;
  const lower = t.toLowerCase();
  const exact = bodies.find((b) => bodyOptionLabel(b) === t);
  if (exact) return exact;
  const byName = bodies.filter((b) => b.name.toLowerCase() === lower);
  if (byName.length === 1) return byName[0];
  const byCode = bodies.filter((b) => b.code && b.code.toLowerCase() === lower);
  if (byCode.length === 1) return byCode[0];
  const containing = bodies.filter((b) => b.name.toLowerCase().includes(lower));
  return containing.length === 1 ? containing[0] : null;
}

// ---------- ranks, quarters, MADs, polarity ----------

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 12 -> "12th", 21 -> "21st", 112 -> "112th". */
export function ordinal(n: number): string {
  if (!Number.isFinite(n)) return '';
  const i = Math.trunc(n);
  const mod100 = Math.abs(i) % 100;
  const mod10 = Math.abs(i) % 10;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : mod10 === 1 ? 'st' : mod10 === 2 ? 'nd' : mod10 === 3 ? 'rd' : 'th';
  return `${i}${suffix}`;
}

/** "12th of 151"; "joint 3rd of 151" when another body shares the rank; "" without a rank. */
export function rankText(rank: number | null | undefined, count: number | null | undefined, tied = false): string {
  if (rank === null || rank === undefined || !Number.isFinite(rank)) return '';
  const of = count ? ` of ${count}` : '';
  return `${tied ? 'joint ' : ''}${ordinal(rank)}${of}`;
}

/**
 * A quarter in words. Quarter 1 is the best by polarity ("top quarter"); for a neutral indicator
 * quarter 1 holds the highest values, so the words say highest/lowest rather than top/bottom.
 */
export function quartileWords(q: Quartile | number | null | undefined, polarity: Polarity = 'higher'): string {
  if (q === null || q === undefined) return '';
  if (polarity === 'neutral') {
    return ({ 1: 'highest quarter', 2: 'second highest quarter', 3: 'second lowest quarter', 4: 'lowest quarter' } as Record<number, string>)[q] ?? '';
  }
  return ({ 1: 'top quarter', 2: 'second quarter', 3: 'third quarter', 4: 'bottom quarter' } as Record<number, string>)[q] ?? '';
}

/** "Higher is better", "Lower is better", or "Neither higher nor lower is better". */
export function polarityText(p: Polarity | null | undefined): string {
  if (p === 'higher') return 'Higher is better';
  if (p === 'lower') return 'Lower is better';
  return 'Neither higher nor lower is better';
}

/**
 * Distance from the median in median absolute deviations: "1.3 MADs above the median",
 * "0.4 MADs below the median", "At the median"; null (MAD of 0, value off the median) says so.
 */
export function madsText(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return 'Not defined (most bodies share the median value)';
  const r = Number(Math.abs(m).toFixed(1));
  if (r === 0) return 'At the median';
  const unit = r === 1 ? 'MAD' : 'MADs';
  return `${r.toFixed(1)} ${unit} ${m > 0 ? 'above' : 'below'} the median`;
}

/** Signed MADs for tables: "+1.3", "−0.4", "0.0"; "" when undefined. */
export function formatMads(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '';
  const r = Number(m.toFixed(1));
  if (r === 0) return '0.0';
  return r > 0 ? `+${r.toFixed(1)}` : `${MINUS}${Math.abs(r).toFixed(1)}`;
}

// ---------- numbers ----------

const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(maxDigits: number, minDigits = 0): Intl.NumberFormat {
  const k = maxDigits * 10 + minDigits;
  let f = NUMBER_FORMATS.get(k);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits });
    NUMBER_FORMATS.set(k, f);
  }
  return f;
}

/** A value for display, with precision by size (1,234 / 123.4 / 12.35 / 0.53) or exactly `digits` places; "" when missing. */
export function formatNumber(v: number | null | undefined, digits?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  // Small values keep two significant figures (a trend of -0.0026 a year is not "-0").
  const d = digits ?? (a >= 1000 ? 0 : a >= 100 ? 1 : a >= 0.1 || a === 0 ? 2 : Math.min(6, 1 - Math.floor(Math.log10(a))));
  const s = numberFormat(d, digits ?? 0).format(v);
  // Rounded to zero: no sign ("0", not "-0").
  return (/^-0(\.0*)?$/.test(s) ? s.slice(1) : s).replace('-', MINUS);
}

/** A value with its unit: "83.2%", "£1,234", "7.6" (unit "score" or empty), "12.5 per 1,000 adults". */
export function formatValue(v: number | null | undefined, unit: string | null | undefined, digits?: number): string {
  const n = formatNumber(v, digits);
  if (!n) return '';
  const u = (unit ?? '').trim();
  if (!u || /^(score|number|count|index|ratio|value)$/i.test(u)) return n;
  if (u === '%' || /^per ?cent$/i.test(u) || /^percent(age)?$/i.test(u)) return `${n}%`;
  if (u === '£' || /^(gbp|£s?|pounds?)$/i.test(u)) return n.startsWith(MINUS) ? `${MINUS}£${n.slice(1)}` : `£${n}`;
  return `${n} ${u}`;
}

/** Whether a unit is written into the number ("%", "£") rather than beside it. */
function inlineUnit(unit: string | null | undefined): boolean {
  const u = (unit ?? '').trim();
  return u === '%' || /^per ?cent$/i.test(u) || /^percent(age)?$/i.test(u) || u === '£' || /^(gbp|£s?|pounds?)$/i.test(u);
}

/** A value for axis ticks and crowded tables: "%" and "£" kept, other units (named elsewhere) left out. */
export function formatValueShort(v: number | null | undefined, unit: string | null | undefined, digits?: number): string {
  return inlineUnit(unit) ? formatValue(v, unit, digits) : formatNumber(v, digits);
}

/** The unit to name beside a figure, or "" when it is part of the number or says nothing ("score"). */
export function unitSuffix(unit: string | null | undefined): string {
  const u = (unit ?? '').trim();
  if (!u || inlineUnit(u) || /^(score|number|count|index|ratio|value)$/i.test(u)) return '';
  return u;
}

/** A fraction as a percentage: 0.563 -> "56.3%". */
export function formatPercent(f: number | null | undefined, digits = 1): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '';
  return `${(f * 100).toFixed(digits).replace('-', MINUS)}%`;
}

/** A signed fractional change as a percentage: 0.05 -> "+5.0%", -0.021 -> "−2.1%". */
export function formatGrowth(f: number | null | undefined, digits = 1): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '';
  const r = Number((f * 100).toFixed(digits));
  if (r === 0) return `${(0).toFixed(digits)}%`;
  return r > 0 ? `+${r.toFixed(digits)}%` : `${MINUS}${Math.abs(r).toFixed(digits)}%`;
}

/** A change in a share in percentage points: 0.032 -> "+3.2 points". */
export function formatPoints(f: number | null | undefined, digits = 1): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return '';
  const r = Number((f * 100).toFixed(digits));
  const abs = Math.abs(r).toFixed(digits);
  const unit = Number(abs) === 1 ? 'point' : 'points';
  if (r === 0) return `${(0).toFixed(digits)} points`;
  return `${r > 0 ? '+' : MINUS}${abs} ${unit}`;
}

/** Index points: 102.345 -> "102.3". */
export function formatIndex(v: number | null | undefined): string {
  return formatNumber(v, 1);
}

/** Money in pounds: 1234.5 -> "£1,234.50"; "" when missing. */
export function formatMoney(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const s = numberFormat(2, 2).format(Math.abs(v));
  return v < 0 ? `${MINUS}£${s}` : `£${s}`;
}

/** The API's money basis for people: "nominal" -> "nominal (cash) prices"; "real_2023" -> "real terms, 2023 prices". */
export function moneyBasisText(money: string | null | undefined): string {
  if (!money || money === 'nominal') return 'nominal (cash) prices, not adjusted for inflation';
  const m = /^real_(\d{4}(?:-\d{2})?)$/.exec(money);
  if (m) return `real terms, ${m[1]} prices`;
  return money;
}

/** A column label's money basis: "nominal", "real, 2023 prices". */
export function moneyShortText(money: string | null | undefined): string {
  if (!money || money === 'nominal') return 'nominal';
  const m = /^real_(\d{4}(?:-\d{2})?)$/.exec(money);
  return m ? `real, ${m[1]} prices` : money;
}

// ---------- goals ----------

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  too_early: 'Too early to say',
};

/** govuk-tag colour per goal status (the tag's words carry the meaning, not the colour). */
export const GOAL_STATUS_TAG: Record<GoalStatus, string> = {
  on_track: 'govuk-tag--green',
  at_risk: 'govuk-tag--yellow',
  off_track: 'govuk-tag--red',
  too_early: 'govuk-tag--grey',
};

export const GOAL_STATUSES: GoalStatus[] = ['on_track', 'at_risk', 'off_track', 'too_early'];

export function goalStatusLabel(s: string | null | undefined): string {
  if (!s) return '';
  return (GOAL_STATUS_LABELS as Record<string, string>)[s] ?? s.replace(/_/g, ' ');
}

export function goalStatusTagClass(s: string | null | undefined): string {
  return (s && (GOAL_STATUS_TAG as Record<string, string>)[s]) || 'govuk-tag--grey';
}

/** "3 goals: 1 on track, 1 at risk, 1 off track" (statuses with none are left out). */
export function goalStatusSummary(statuses: GoalStatus[]): string {
  if (!statuses.length) return 'No goals';
  const parts = GOAL_STATUSES.map((s) => [s, statuses.filter((x) => x === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${GOAL_STATUS_LABELS[s].toLowerCase()}`);
  return `${statuses.length} ${statuses.length === 1 ? 'goal' : 'goals'}: ${parts.join(', ')}`;
}

// ---------- periods on a numeric time axis ----------

/**
 * A period's position in years, as the server's goal engine counts: a financial or calendar
 * year is its start year ("2024-25" and "2024" -> 2024); a quarter adds (q-1)/4
 * ("2024-25 Q3" -> 2024.5). null when the period is not recognised.
 */
export function periodToYear(p: string | null | undefined): number | null {
  if (!p) return null;
  const s = p.trim();
  let m = /^(\d{4})-(\d{2})(?:\s*Q([1-4]))?$/.exec(s);
  if (m) return Number(m[1]) + (m[3] ? (Number(m[3]) - 1) / 4 : 0);
  m = /^(\d{4})(?:\s*Q([1-4]))?$/.exec(s);
  if (m) return Number(m[1]) + (m[2] ? (Number(m[2]) - 1) / 4 : 0);
  return null;
}

/** A tick label for a year on the axis, styled like the periods given: 2024 -> "2024-25" or "2024". */
export function yearLabel(year: number, financial: boolean): string {
  const y = Math.floor(year);
  const q = Math.round((year - y) * 4);
  const base = financial ? `${y}-${String((y + 1) % 100).padStart(2, '0')}` : String(y);
  return q > 0 ? `${base} Q${q + 1}` : base;
}

export function isFinancialPeriod(p: string): boolean {
  return /^\d{4}-\d{2}/.test(p.trim());
}

// ---------- surveys ----------

/** The names of a question's top levels, whether the API gives a count or the names. */
export function topLevelNames(q: Pick<SurveyQuestion, 'levels' | 'top_levels'>): string[] {
  const t = q.top_levels as unknown;
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'number' && t > 0) return q.levels.slice(Math.max(0, q.levels.length - t));
  return [];
}

/** "Significant", "Not significant", or "" when there is nothing to compare with. */
export function significanceText(s: boolean | null | undefined): string {
  if (s === true) return 'Significant';
  if (s === false) return 'Not significant';
  return '';
}

// ---------- signals on the scorecard ----------

export const DIRECTION_MARKERS: Record<Direction, { marker: string; word: string }> = {
  positive: { marker: '▲', word: 'Positive' },
  negative: { marker: '▼', word: 'Negative' },
  mixed: { marker: '◆', word: 'Mixed' },
  neutral: { marker: '●', word: 'Neutral' },
};

export function directionMarker(d: string | null | undefined): { marker: string; word: string } {
  return (d && (DIRECTION_MARKERS as Record<string, { marker: string; word: string }>)[d]) || { marker: '–', word: 'No data' };
}

/** What the data says about an area overall, in words ("No data" when it has no signals). */
export function dataViewText(a: Pick<AreaSignals, 'data_view' | 'signals'>): string {
  if (!a.signals.length) return 'No data';
  switch (a.data_view) {
    case 'positive':
      return 'The data looks strong';
    case 'negative':
      return 'The data shows weaknesses';
    case 'mixed':
      return 'The data is mixed';
    default:
      return 'The data shows no clear direction';
  }
}

export const SIGNAL_KIND_LABELS: Record<SignalKind, string> = {
  goals: 'Goals',
  ambition: 'Ambition',
  comparison: 'Comparison',
  trend: 'Trend',
  productivity: 'Productivity',
  survey: 'Survey',
  efficiency: 'Efficiency (DEA)',
  malmquist: 'Productivity change (Malmquist)',
};

export function signalKindLabel(k: string): string {
  return (SIGNAL_KIND_LABELS as Record<string, string>)[k] ?? k;
}

export interface DisagreementCount {
  disagree: number;
  /** Areas with a level: only a rating can disagree with the data. */
  rated: number;
  withData: number;
  total: number;
}

export function countDisagreements(areas: AreaSignals[]): DisagreementCount {
  const rated = areas.filter((a) => a.level !== null && a.level !== undefined);
  return {
    disagree: rated.filter((a) => a.disagreement).length,
    rated: rated.length,
    withData: areas.filter((a) => a.signals.length > 0).length,
    total: areas.length,
  };
}

/** "The data disagrees with 2 of 16 ratings", or says that it disagrees with none. */
export function disagreementSummary(c: DisagreementCount): string {
  const ratings = c.rated === 1 ? 'rating' : 'ratings';
  if (c.rated === 0) return 'No area is rated yet, so there is nothing for the data to disagree with';
  if (c.disagree === 0) return `The data does not disagree with any of the ${c.rated} ${ratings}`;
  return `The data disagrees with ${c.disagree} of ${c.rated} ${ratings}`;
}

// ---------- imports ----------

export interface ImportKindInfo {
  kind: ImportKind;
  label: string;
  hint: string;
  /** Body leads may upload these for their own body. */
  bodyLead: boolean;
}

export const IMPORT_KIND_INFO: ImportKindInfo[] = [
  {
    kind: 'observations',
    label: 'Observations',
    hint: 'Columns indicator, body, period, value (optional numerator, denominator, quality), one value per row; or an Oflog data explorer file as published. Re-importing the same file changes nothing.',
    bodyLead: false,
  },
  {
    kind: 'indicators',
    label: 'Indicator definitions',
    hint: 'Columns key, name, unit, polarity, frequency, area, source.',
    bodyLead: false,
  },
  {
    kind: 'groups',
    label: 'Comparison groups',
    hint: 'Columns group, body (optional position, description): one row per member, for example published nearest neighbours.',
    bodyLead: false,
  },
  {
    kind: 'goals',
    label: 'Goals',
    hint: 'Columns goal, body, indicator, baseline_period, baseline_value, target_period, target_value (optional title, polarity).',
    bodyLead: true,
  },
  {
    kind: 'activity',
    label: 'Activity',
    hint: 'Columns body, period, activity, volume, unit_cost (optional quality), for the output index. Unit costs in £, nominal.',
    bodyLead: true,
  },
  {
    kind: 'inputs',
    label: 'Inputs (spending)',
    hint: 'Columns body, period, expenditure, deflator (optional input), for the input index. Expenditure in £, nominal.',
    bodyLead: true,
  },
  {
    kind: 'survey-questions',
    label: 'Survey questions',
    hint: 'Columns question, text, levels, top_levels (optional area). Levels worst first, separated by |.',
    bodyLead: false,
  },
  {
    kind: 'survey-responses',
    label: 'Survey responses',
    hint: 'Columns respondent, body, period, question, answer (optional weight): one row per respondent and question.',
    bodyLead: true,
  },
];

/** The kinds of data a role may import (the server decides; this only hides options). */
export function importKindsFor(role: Role | null | undefined): ImportKindInfo[] {
  if (role === 'admin' || role === 'treasury_analyst') return IMPORT_KIND_INFO;
  if (role === 'body_lead') return IMPORT_KIND_INFO.filter((k) => k.bodyLead);
  return [];
}

/** At most `limit` problems, and how many more there are. */
export function firstProblems<T>(items: T[], limit = 50): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

/** "0.42 seconds", "1 second", "12.3 seconds". */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '';
  const r = s < 10 ? Number(s.toFixed(2)) : Number(s.toFixed(1));
  return `${r} ${r === 1 ? 'second' : 'seconds'}`;
}

/** An area key for people when the framework's title is not at hand: "progress_towards_goals" -> "Progress towards goals". */
export function humaniseKey(key: string | null | undefined): string {
  if (!key) return '';
  const s = key.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
