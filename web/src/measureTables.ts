// Chart data and tables for the measurement pages (issue 3). Each chart's data and its "Show as
// table" / "Download CSV" table come from here, so they always show the same numbers. Charts
// must cope with missing values (null stays null: lines break there, dots are left out) and
// with a single period. Pure and tested.
import { BODY_TYPE_LABELS } from './format';
import { levelLabel } from './heatmap';
import {
  directionMarker,
  explorerHref,
  formatGrowth,
  formatIndex,
  formatMads,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPoints,
  formatValue,
  formatValueShort,
  goalStatusLabel,
  moneyShortText,
  isFinancialPeriod,
  periodToYear,
  polarityText,
  quartileWords,
  rankText,
  significanceText,
  signalKindLabel,
  unitSuffix,
} from './measure';
import type { Cell, Column, TableModel } from './tables';
import type {
  AreaSignals,
  GoalView,
  Indicator,
  IndicatorComparison,
  IndicatorSeries,
  Polarity,
  ProductivityView,
  ScaleLevel,
  Scorecard,
  SurveyEstimate,
  SurveyView,
} from './types';

const text = (t: string | null | undefined, sort: string | number | null = t ?? null): Cell => ({ text: t ?? '', sort });
const num = (v: number | null | undefined, fmt: (n: number | null | undefined) => string): Cell => ({
  text: fmt(v),
  sort: v ?? null,
  raw: v ?? null,
});

/** Periods in time order (by periodToYear, then as text). */
export function sortPeriods(periods: string[]): string[] {
  return [...new Set(periods)].sort((a, b) => {
    const ya = periodToYear(a);
    const yb = periodToYear(b);
    if (ya !== null && yb !== null && ya !== yb) return ya - yb;
    return a.localeCompare(b);
  });
}

/** "2015-16 to 2022-23", "2022-23", or "No data". */
export function periodRange(periods: string[]): string {
  if (!periods.length) return 'No data';
  const s = sortPeriods(periods);
  return s.length === 1 ? s[0] : `${s[0]} to ${s[s.length - 1]}`;
}

// ---------- indicators list ----------

export function indicatorsTable(items: Indicator[], areaTitle: (key: string | null) => string, bodyId: number | null = null): TableModel {
  const columns: Column[] = [
    { key: 'name', label: 'Indicator' },
    { key: 'key', label: 'Key' },
    { key: 'unit', label: 'Unit' },
    { key: 'polarity', label: 'Better direction' },
    { key: 'area', label: 'Framework area' },
    { key: 'bodies', label: 'Bodies', numeric: true },
    { key: 'periods', label: 'Periods' },
    { key: 'source', label: 'Source' },
  ];
  const rows = items.map((i) => [
    { ...text(i.name), href: explorerHref(i.key, { body: bodyId }) },
    text(i.key),
    text(i.unit),
    text(polarityText(i.polarity)),
    text(areaTitle(i.area_key)),
    num(i.bodies, (n) => formatNumber(n, 0)),
    { text: `${periodRange(i.periods)}${i.periods.length > 1 ? ` (${i.periods.length})` : ''}`, sort: i.periods.length, raw: periodRange(i.periods) },
    text(i.source),
  ]);
  return { columns, rows };
}

// ---------- (a) a body over time against its group ----------

export interface SeriesChartData {
  periods: string[];
  /** One entry per period; q1/median/q3 null where the group had no data (a gap). */
  band: { period: string; q1: number | null; median: number | null; q3: number | null }[];
  /** The body's values, null where it has none (the line breaks there). */
  body: { period: string; value: number | null }[];
  /** The body's values that exist (the dots). */
  bodyDots: { period: string; value: number }[];
  /** Only one period: areas and lines cannot be drawn, so the chart draws marks instead. */
  single: boolean;
  hasBody: boolean;
}

export function seriesChartData(s: IndicatorSeries): SeriesChartData {
  const pts = [...s.points];
  const order = sortPeriods(pts.map((p) => p.period));
  pts.sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period));
  const band = pts.map((p) => ({ period: p.period, q1: p.q1 ?? null, median: p.median ?? null, q3: p.q3 ?? null }));
  const body = pts.map((p) => ({ period: p.period, value: p.value ?? null }));
  return {
    periods: order,
    band,
    body,
    bodyDots: body.filter((b): b is { period: string; value: number } => b.value !== null && Number.isFinite(b.value)),
    single: order.length === 1,
    hasBody: !!s.body,
  };
}

export function seriesTable(s: IndicatorSeries): TableModel {
  const unit = s.indicator.unit;
  const fmt = (n: number | null | undefined) => formatValue(n, unit);
  const name = s.body?.name;
  const columns: Column[] = [
    { key: 'period', label: 'Period' },
    ...(name
      ? [
          { key: 'value', label: `${name}`, numeric: true },
          { key: 'rank', label: 'Rank', numeric: true },
        ]
      : []),
    { key: 'count', label: 'Bodies with a value', numeric: true },
    { key: 'q1', label: 'Lower quartile', numeric: true },
    { key: 'median', label: 'Median', numeric: true },
    { key: 'q3', label: 'Upper quartile', numeric: true },
  ];
  const order = sortPeriods(s.points.map((p) => p.period));
  const rows = [...s.points]
    .sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period))
    .map((p) => [
      text(p.period),
      ...(name
        ? [
            num(p.value, (n) => (n === null || n === undefined ? 'No value' : fmt(n))),
            { text: rankText(p.rank, p.count), sort: p.rank ?? null, raw: p.rank ?? null },
          ]
        : []),
      num(p.count, (n) => formatNumber(n, 0)),
      num(p.q1, fmt),
      num(p.median, fmt),
      num(p.q3, fmt),
    ]);
  return { columns, rows };
}

// ---------- (b) every body in the group for one period ----------

export interface DotPoint {
  body_id: number;
  name: string;
  value: number;
  chosen: boolean;
}

export interface DotPlotData {
  points: DotPoint[];
  chosen: DotPoint | null;
  /** Median and quartiles to mark; null when no body has a value. */
  marks: { label: string; value: number }[];
}

export function dotPlotData(c: IndicatorComparison, chosenId: number | null): DotPlotData {
  const points = c.bodies
    .filter((b) => b.value !== null && Number.isFinite(b.value))
    .map((b) => ({ body_id: b.body_id, name: b.name, value: b.value, chosen: b.body_id === chosenId }));
  const d = c.distribution;
  return {
    points,
    chosen: points.find((p) => p.chosen) ?? null,
    marks: d
      ? [
          { label: 'Lower quartile', value: d.q1 },
          { label: 'Median', value: d.median },
          { label: 'Upper quartile', value: d.q3 },
        ]
      : [],
  };
}

/** Whether another body in the comparison shares this rank. */
export function isTied(c: IndicatorComparison, rank: number | null | undefined): boolean {
  if (rank === null || rank === undefined) return false;
  return c.bodies.filter((b) => b.rank === rank).length > 1;
}

export function comparisonBodiesTable(c: IndicatorComparison, chosenId: number | null): TableModel {
  const unit = c.indicator.unit;
  const polarity: Polarity = c.indicator.polarity;
  const columns: Column[] = [
    { key: 'rank', label: 'Rank', numeric: true },
    { key: 'body', label: 'Body' },
    { key: 'code', label: 'Code' },
    { key: 'type', label: 'Type' },
    { key: 'region', label: 'Region' },
    { key: 'value', label: 'Value', numeric: true },
    { key: 'quarter', label: 'Quarter' },
    { key: 'mads', label: 'MADs from median', numeric: true },
  ];
  const rows = c.bodies.map((b) => {
    const chosen = b.body_id === chosenId;
    return [
      { ...num(b.rank, (n) => (n === null || n === undefined ? '' : String(n))), highlight: chosen },
      { ...text(b.name), href: `/bodies/${b.body_id}` },
      text(b.code),
      text(b.subtype || BODY_TYPE_LABELS[b.type] || b.type),
      text(b.region ?? ''),
      num(b.value, (n) => formatValue(n, unit)),
      { text: quartileWords(b.quartile, polarity), sort: b.quartile ?? null, raw: b.quartile ?? null },
      num(b.mads_from_median, formatMads),
    ];
  });
  return { columns, rows };
}

// ---------- goals ----------

/** "7.4 (2019-20)": a goal figure at its period, the unit left to the indicator column. */
function valueAt(v: number | null | undefined, period: string | null | undefined, unit: string): string {
  const s = formatValueShort(v, unit);
  if (!s) return '';
  return period ? `${s} (${period})` : s;
}

export function goalsTable(goals: GoalView[], bodyId?: number): TableModel {
  const columns: Column[] = [
    { key: 'goal', label: 'Goal' },
    { key: 'indicator', label: 'Indicator' },
    { key: 'baseline', label: 'Baseline', numeric: true },
    { key: 'target', label: 'Target', numeric: true },
    { key: 'latest', label: 'Latest', numeric: true },
    { key: 'planned', label: 'Planned at latest', numeric: true },
    { key: 'projected', label: 'Projected at target', numeric: true },
    { key: 'status', label: 'Status' },
    { key: 'explanation', label: 'Explanation' },
  ];
  const rows = goals.map((g) => {
    const u = g.indicator.unit;
    return [
      text(g.title || g.key),
      {
        ...text(unitSuffix(u) ? `${g.indicator.name} (${unitSuffix(u)})` : g.indicator.name, g.indicator.name),
        href: explorerHref(g.indicator.key, { body: bodyId ?? g.body_id }),
      },
      { text: valueAt(g.baseline.value, g.baseline.period, u), sort: g.baseline.value },
      { text: valueAt(g.target.value, g.target.period, u), sort: g.target.value },
      { text: valueAt(g.latest_value, g.latest_period, u), sort: g.latest_value ?? null },
      { text: formatValueShort(g.planned_value_latest, u), sort: g.planned_value_latest ?? null },
      { text: valueAt(g.projected_value, g.projected_value !== null ? g.target.period : null, u), sort: g.projected_value ?? null },
      { text: goalStatusLabel(g.status), sort: ['on_track', 'at_risk', 'off_track', 'too_early'].indexOf(g.status) },
      text(g.explanation),
    ];
  });
  return { columns, rows };
}

/** Every goal figure in its own column, unrounded: the goals CSV. */
export function goalsCsvTable(goals: GoalView[]): TableModel {
  const keys = [
    'goal', 'title', 'indicator', 'indicator_name', 'unit', 'polarity', 'baseline_period', 'baseline_value',
    'target_period', 'target_value', 'latest_period', 'latest_value', 'planned_value_latest', 'projected_value',
    'trend_per_year', 'status', 'explanation', 'planned_change_per_year', 'own_trend_per_year', 'ratio_to_own_trend',
    'group_best_quartile_per_year', 'ratio_to_group_best', 'ambition',
  ];
  const raw = (v: string | number | null | undefined): Cell => ({ text: v === null || v === undefined ? '' : String(v), sort: v ?? null, raw: v ?? null });
  return {
    columns: keys.map((k) => ({ key: k, label: k })),
    rows: goals.map((g) => [
      raw(g.key), raw(g.title), raw(g.indicator.key), raw(g.indicator.name), raw(g.indicator.unit), raw(g.indicator.polarity),
      raw(g.baseline.period), raw(g.baseline.value), raw(g.target.period), raw(g.target.value), raw(g.latest_period),
      raw(g.latest_value), raw(g.planned_value_latest), raw(g.projected_value), raw(g.trend_per_year), raw(g.status),
      raw(g.explanation), raw(g.ambition?.planned_change_per_year), raw(g.ambition?.own_trend_per_year),
      raw(g.ambition?.ratio_to_own_trend), raw(g.ambition?.group_best_quartile_per_year), raw(g.ambition?.ratio_to_group_best),
      raw(g.ambition?.summary),
    ]),
  };
}

export interface GoalChartData {
  /** Axis labels as financial years ("2024-25") or calendar years. */
  financial: boolean;
  /** The planned straight line, baseline to target. */
  planned: { year: number; value: number }[];
  observed: { year: number; period: string; value: number }[];
  /** The least-squares line from the first observation used to the target period (empty without a trend). */
  projection: { year: number; value: number }[];
  domain: [number, number];
  /** Whole years on the axis. */
  ticks: number[];
}

/** Planned line, observed points and projection for one goal, on a numeric year axis. */
export function goalChartData(g: GoalView): GoalChartData | null {
  const by = periodToYear(g.baseline.period);
  const ty = periodToYear(g.target.period);
  if (by === null || ty === null) return null;
  const observed = g.observations
    .map((o) => ({ year: periodToYear(o.period), period: o.period, value: o.value }))
    .filter((o): o is { year: number; period: string; value: number } => o.year !== null && o.value !== null && Number.isFinite(o.value))
    .sort((a, b) => a.year - b.year);
  const used = observed.filter((o) => o.year >= by);
  let projection: { year: number; value: number }[] = [];
  if (g.projected_value !== null && g.trend_per_year !== null && Number.isFinite(g.projected_value) && Number.isFinite(g.trend_per_year)) {
    const start = used.length ? used[0].year : by;
    const at = (y: number) => g.projected_value! + g.trend_per_year! * (y - ty);
    projection = start < ty ? [{ year: start, value: at(start) }, { year: ty, value: g.projected_value }] : [{ year: ty, value: g.projected_value }];
  }
  const years = [by, ty, ...observed.map((o) => o.year)];
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  const ticks: number[] = [];
  const step = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / 8));
  for (let y = Math.ceil(lo); y <= Math.floor(hi); y += step) ticks.push(y);
  return {
    financial: isFinancialPeriod(g.baseline.period),
    planned: [{ year: by, value: g.baseline.value }, { year: ty, value: g.target.value }],
    observed,
    projection,
    domain: lo === hi ? [lo - 1, hi + 1] : [lo, hi],
    ticks,
  };
}

/** The goal chart as a table: a row per period named by the goal (baseline, observations, target). */
export function goalChartTable(g: GoalView): TableModel {
  const u = g.indicator.unit;
  const fmt = (n: number | null | undefined) => formatValue(n, u);
  const by = periodToYear(g.baseline.period);
  const ty = periodToYear(g.target.period);
  const obs = new Map(g.observations.map((o) => [o.period, o.value]));
  const periods = sortPeriods([g.baseline.period, ...g.observations.map((o) => o.period), g.target.period]);
  const data = goalChartData(g);
  const projStart = data?.projection.length ? data.projection[0].year : null;
  const rows = periods.map((p) => {
    const y = periodToYear(p);
    let planned: number | null = null;
    if (y !== null && by !== null && ty !== null && y >= by && y <= ty && ty !== by) {
      planned = g.baseline.value + ((g.target.value - g.baseline.value) * (y - by)) / (ty - by);
    }
    let projected: number | null = null;
    if (y !== null && ty !== null && projStart !== null && y >= projStart && g.projected_value !== null && g.trend_per_year !== null) {
      projected = g.projected_value + g.trend_per_year * (y - ty);
    }
    const note = p === g.baseline.period ? 'Baseline' : p === g.target.period ? 'Target' : '';
    return [text(p), text(note), num(planned, fmt), num(obs.has(p) ? obs.get(p) : null, fmt), num(projected, fmt)];
  });
  return {
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'note', label: 'Milestone' },
      { key: 'planned', label: 'Planned', numeric: true },
      { key: 'observed', label: 'Observed', numeric: true },
      { key: 'projected', label: 'Projected', numeric: true },
    ],
    rows,
  };
}

// ---------- productivity ----------

export const INDEX_SERIES = [
  { key: 'output_index', label: 'Output' },
  { key: 'input_index', label: 'Inputs' },
  { key: 'productivity_index', label: 'Productivity' },
] as const;

export interface IndexPoint {
  period: string;
  series: string;
  value: number | null;
}

/** Long-form index points in period order; nulls kept so lines break at missing periods. */
export function indicesSeries(v: ProductivityView): { periods: string[]; points: IndexPoint[]; single: boolean } {
  const periods = sortPeriods(v.indices.map((i) => i.period));
  const byPeriod = new Map(v.indices.map((i) => [i.period, i]));
  const points: IndexPoint[] = [];
  for (const s of INDEX_SERIES)
    for (const p of periods) {
      const val = byPeriod.get(p)?.[s.key];
      points.push({ period: p, series: s.label, value: val === undefined || val === null || !Number.isFinite(val) ? null : val });
    }
  return { periods, points, single: periods.length === 1 };
}

export function indicesTable(v: ProductivityView): TableModel {
  const periods = sortPeriods(v.indices.map((i) => i.period));
  const byPeriod = new Map(v.indices.map((i) => [i.period, i]));
  return {
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'output', label: 'Output index', numeric: true },
      { key: 'input', label: 'Input index', numeric: true },
      { key: 'productivity', label: 'Productivity index', numeric: true },
    ],
    rows: periods.map((p) => {
      const i = byPeriod.get(p);
      return [text(p), num(i?.output_index, formatIndex), num(i?.input_index, formatIndex), num(i?.productivity_index, formatIndex)];
    }),
  };
}

export interface ContributionPoint {
  period: string;
  activity: string;
  value: number;
}

/** Contributions to output growth with a value, periods in time order, and the activities in first-seen order. */
export function contributionsData(v: ProductivityView): { periods: string[]; activities: string[]; points: ContributionPoint[] } {
  const periods = sortPeriods(v.contributions.map((c) => c.period));
  const activities = [...new Set(v.contributions.map((c) => c.activity))];
  const points = v.contributions
    .filter((c) => c.contribution_points !== null && Number.isFinite(c.contribution_points))
    .map((c) => ({ period: c.period, activity: c.activity, value: c.contribution_points as number }))
    .sort((a, b) => periods.indexOf(a.period) - periods.indexOf(b.period) || activities.indexOf(a.activity) - activities.indexOf(b.activity));
  return { periods, activities, points };
}

export function contributionsTable(v: ProductivityView): TableModel {
  const periods = sortPeriods(v.contributions.map((c) => c.period));
  const rows = [...v.contributions]
    .sort((a, b) => periods.indexOf(a.period) - periods.indexOf(b.period))
    .map((c) => [
      text(c.period),
      text(c.activity),
      num(c.cost_share_previous, (n) => formatPercent(n)),
      num(c.growth, (n) => formatGrowth(n)),
      num(c.contribution_points, (n) => (n === null || n === undefined ? '' : formatSignedNumber(n, 2))),
    ]);
  return {
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'activity', label: 'Activity' },
      { key: 'share', label: 'Cost share in previous period', numeric: true },
      { key: 'growth', label: 'Volume growth', numeric: true },
      { key: 'contribution', label: 'Contribution (percentage points)', numeric: true },
    ],
    rows,
  };
}

function formatSignedNumber(n: number, digits: number): string {
  const s = formatNumber(n, digits);
  return n > 0 && Number(n.toFixed(digits)) !== 0 ? `+${s}` : s;
}

export function unitCostsTable(v: ProductivityView): TableModel {
  const periods = sortPeriods(v.unit_costs.map((u) => u.period));
  const rows = [...v.unit_costs]
    .sort((a, b) => a.activity.localeCompare(b.activity) || periods.indexOf(a.period) - periods.indexOf(b.period))
    .map((u) => [text(u.activity), text(u.period), num(u.unit_cost, formatMoney), num(u.change_from_previous, (n) => formatGrowth(n))]);
  return {
    columns: [
      { key: 'activity', label: 'Activity' },
      { key: 'period', label: 'Period' },
      { key: 'cost', label: `Unit cost (£, ${moneyShortText(v.money)})`, numeric: true },
      { key: 'change', label: 'Change from previous period', numeric: true },
    ],
    rows,
  };
}

export function unitCostTrendsTable(v: ProductivityView): TableModel {
  return {
    columns: [
      { key: 'activity', label: 'Activity' },
      { key: 'from', label: 'From' },
      { key: 'to', label: 'To' },
      { key: 'first', label: `First unit cost (£, ${moneyShortText(v.money)})`, numeric: true },
      { key: 'last', label: `Last unit cost (£, ${moneyShortText(v.money)})`, numeric: true },
      { key: 'annual', label: 'Change a year', numeric: true },
    ],
    rows: v.unit_cost_trends.map((t) => [
      text(t.activity),
      text(t.first_period),
      text(t.last_period),
      num(t.first_cost, formatMoney),
      num(t.last_cost, formatMoney),
      num(t.annual_change, (n) => formatGrowth(n)),
    ]),
  };
}

// ---------- surveys ----------

/** One question's estimates in period order. */
export function surveyEstimates(v: SurveyView, question: string): SurveyEstimate[] {
  const list = v.estimates.filter((e) => e.question === question);
  const order = sortPeriods(list.map((e) => e.period));
  return list.sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period));
}

export interface SurveyChartData {
  periods: string[];
  /** Shares (null where a period has no estimate: the line breaks). */
  line: { period: string; share: number | null }[];
  dots: { period: string; share: number }[];
  intervals: { period: string; low: number; high: number }[];
  single: boolean;
}

export function surveyChartData(estimates: SurveyEstimate[]): SurveyChartData {
  const periods = sortPeriods(estimates.map((e) => e.period));
  const line = periods.map((p) => {
    const e = estimates.find((x) => x.period === p);
    return { period: p, share: e?.share ?? null };
  });
  return {
    periods,
    line,
    dots: line.filter((l): l is { period: string; share: number } => l.share !== null && Number.isFinite(l.share)),
    intervals: estimates
      .filter((e) => e.ci_low !== null && e.ci_high !== null && Number.isFinite(e.ci_low) && Number.isFinite(e.ci_high))
      .map((e) => ({ period: e.period, low: e.ci_low as number, high: e.ci_high as number })),
    single: periods.length === 1,
  };
}

/** The survey table; with `csv`, the interval and change bounds get columns of their own. */
export function surveyTable(estimates: SurveyEstimate[], opts: { csv?: boolean } = {}): TableModel {
  if (opts.csv) {
    const keys: (keyof SurveyEstimate)[] = [
      'question', 'period', 'respondents', 'effective_n', 'share', 'ci_low', 'ci_high', 'previous_period', 'change',
      'change_ci_low', 'change_ci_high', 'significant',
    ];
    return {
      columns: keys.map((k) => ({ key: k, label: k })),
      rows: estimates.map((e) =>
        keys.map((k) => {
          const v = e[k];
          const r = typeof v === 'boolean' ? (v ? 'yes' : 'no') : (v ?? null);
          return { text: r === null ? '' : String(r), sort: r, raw: r };
        }),
      ),
    };
  }
  return {
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'respondents', label: 'Respondents', numeric: true },
      { key: 'effective_n', label: 'Effective sample size', numeric: true },
      { key: 'share', label: 'Share in top levels', numeric: true },
      { key: 'interval', label: '95% interval' },
      { key: 'change', label: 'Change since previous period', numeric: true },
      { key: 'significant', label: 'Change significant?' },
    ],
    rows: estimates.map((e) => [
      text(e.period),
      num(e.respondents, (n) => formatNumber(n, 0)),
      num(e.effective_n, (n) => formatNumber(n, 0)),
      num(e.share, (n) => formatPercent(n)),
      text(e.ci_low !== null && e.ci_high !== null ? `${formatPercent(e.ci_low)} to ${formatPercent(e.ci_high)}` : '', e.ci_low),
      {
        text: e.change !== null && e.change !== undefined ? `${formatPoints(e.change)}${e.previous_period ? ` since ${e.previous_period}` : ''}` : '',
        sort: e.change ?? null,
      },
      text(e.previous_period ? significanceText(e.significant) || 'Not tested' : 'No earlier period'),
    ]),
  };
}

// ---------- signals beside the scorecard ----------

/** One row per signal (or per area without any): the CSV behind "Ratings and the data". */
export function signalsTable(areas: AreaSignals[], scorecard: Scorecard, scale: ScaleLevel[]): TableModel {
  const where = new Map<string, { pillar: string; title: string }>();
  for (const p of scorecard.pillars) for (const a of p.areas) where.set(a.key, { pillar: p.title, title: a.title });
  const rows: Cell[][] = [];
  for (const a of areas) {
    const w = where.get(a.area_key);
    const base = [
      text(w?.pillar ?? ''),
      text(w?.title ?? a.area_key),
      num(a.level, (n) => (n === null || n === undefined ? '' : String(n))),
      text(levelLabel(scale, a.level)),
      text(directionMarker(a.signals.length ? a.data_view : null).word),
      text(a.disagreement ? 'Yes' : 'No'),
      text(a.disagreement_reason ?? ''),
    ];
    if (!a.signals.length) rows.push([...base, text(''), text(''), text(''), text('')]);
    for (const s of a.signals)
      rows.push([...base, text(signalKindLabel(s.kind)), text(directionMarker(s.direction).word), text(s.headline), text(s.detail)]);
  }
  return {
    columns: [
      { key: 'pillar', label: 'Pillar' },
      { key: 'area', label: 'Area' },
      { key: 'level', label: 'Level', numeric: true },
      { key: 'label', label: 'Level label' },
      { key: 'data_view', label: 'Data view' },
      { key: 'disagreement', label: 'Data disagrees' },
      { key: 'reason', label: 'Why' },
      { key: 'kind', label: 'Signal' },
      { key: 'direction', label: 'Direction' },
      { key: 'headline', label: 'Headline' },
      { key: 'detail', label: 'Detail' },
    ],
    rows,
  };
}
