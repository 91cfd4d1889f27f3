// Chart data and tables for the benchmarking pages (issue 4): the list of runs, a DEA run's
// ranking, one body's peers and targets, the frontier pictures, and a Malmquist run's changes.
// Each chart's data and its "Show as table" view come from here, so both show the same numbers.
// Pure and tested.
import {
  deaRankText,
  efficiencyScore,
  isEfficient,
  kindLabel,
  modelText,
  periodsText,
  rankCounts,
  rankedResults,
  statusLabel,
  statusText,
} from './benchmark';
import { frontier1x1, frontierInputAt, frontierOutputAt, inputIsoquant, outputFrontier, radialScale, type Pt } from './benchmarkGeometry';
import { formatDateTime, formatEfficiency } from './format';
import { formatGrowth, formatNumber, formatValue, formatValueShort } from './measure';
import { sortPeriods } from './measureTables';
import type { Cell, Column, TableModel } from './tables';
import type {
  Benchmark,
  BenchmarkModels,
  BenchmarkSummary,
  BenchmarkVariableUsed,
  DeaResult,
  MalmquistRow,
  ReturnsToScale,
} from './types';

const text = (t: string | null | undefined, sort: string | number | null = t ?? null): Cell => ({ text: t ?? '', sort });
const num = (v: number | null | undefined, fmt: (n: number | null | undefined) => string): Cell => ({
  text: fmt(v),
  sort: v ?? null,
  raw: v ?? null,
});
const eff = (v: number | null | undefined) => num(v, (n) => formatEfficiency(n));

/** A run's title, or one made from its kind and periods when it has none. */
export function runTitle(b: Pick<BenchmarkSummary, 'title' | 'kind' | 'period' | 'periods' | 'id'>): string {
  return b.title?.trim() || `${kindLabel(b.kind)}, ${periodsText(b)}`;
}

/** The run's link, with a body chosen. */
export function runHref(id: number, body?: number | null): string {
  return body !== null && body !== undefined ? `/benchmarks/${id}?body=${body}` : `/benchmarks/${id}`;
}

// ---------- the list of runs ----------

export function benchmarksTable(items: BenchmarkSummary[], models?: BenchmarkModels | null, body?: number | null): TableModel {
  const columns: Column[] = [
    { key: 'title', label: 'Run' },
    { key: 'kind', label: 'Kind' },
    { key: 'periods', label: 'Period' },
    { key: 'group', label: 'Compared with' },
    { key: 'model', label: 'Model' },
    { key: 'units', label: 'Units', numeric: true },
    { key: 'efficient', label: 'Efficient', numeric: true },
    { key: 'by', label: 'Run by' },
    { key: 'at', label: 'Run on' },
  ];
  const rows = items.map((b) => [
    { ...text(runTitle(b)), href: runHref(b.id, body) },
    text(kindLabel(b.kind)),
    text(periodsText(b), sortPeriods(b.periods?.length ? b.periods : [b.period]).join(' ')),
    text(b.group?.label ?? ''),
    text(modelText(b, models)),
    num(b.units, (n) => formatNumber(n, 0)),
    num(b.efficient, (n) => (n === null || n === undefined ? 'Not applicable' : formatNumber(n, 0))),
    text(b.created_by_name),
    { text: formatDateTime(b.created_at), sort: b.created_at, raw: b.created_at },
  ]);
  return { columns, rows };
}

// ---------- variables of a run ----------

export function runVariables(b: Pick<Benchmark, 'variables'>): { inputs: BenchmarkVariableUsed[]; outputs: BenchmarkVariableUsed[] } {
  return {
    inputs: b.variables.filter((v) => v.side === 'input'),
    outputs: b.variables.filter((v) => v.side === 'output'),
  };
}

const withUnit = (v: Pick<BenchmarkVariableUsed, 'label' | 'unit'>) => (v.unit ? `${v.label} (${v.unit})` : v.label);

/** "Staff (£) and Purchased care (£)". */
export function listVariables(vars: Pick<BenchmarkVariableUsed, 'label' | 'unit'>[]): string {
  const names = vars.map(withUnit);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

// ---------- a DEA run: ranking ----------

/** What the efficiency column means for the run's orientation. */
export function efficiencyLabel(orientation: string): string {
  return orientation === 'output' ? 'Efficiency (φ)' : 'Efficiency (θ)';
}

/** The ranking as a table: body, rank, efficiency, [1/φ], status, the data, [bootstrap interval]. */
export function deaResultsTable(b: Benchmark, selected: number | null = null): TableModel {
  const { inputs, outputs } = runVariables(b);
  const output = b.orientation === 'output';
  const boot = b.results.some((r) => r.bootstrap);
  const columns: Column[] = [
    { key: 'body', label: 'Body' },
    { key: 'rank', label: 'Rank', numeric: true },
    { key: 'efficiency', label: efficiencyLabel(b.orientation), numeric: true },
    ...(output ? [{ key: 'te', label: 'Technical efficiency (1/φ)', numeric: true }] : []),
    { key: 'status', label: 'Status' },
    ...inputs.map((v, i) => ({ key: `in${i}`, label: `${withUnit(v)} (input)`, numeric: true })),
    ...outputs.map((v, i) => ({ key: `out${i}`, label: `${withUnit(v)} (output)`, numeric: true })),
    ...(boot
      ? [
          { key: 'bias_corrected', label: 'Bias-corrected', numeric: true },
          { key: 'lower', label: '95% interval from', numeric: true },
          { key: 'upper', label: '95% interval to', numeric: true },
        ]
      : []),
  ];
  const ranked = rankedResults(b.results);
  const counts = rankCounts(ranked);
  const nRanked = ranked.filter((r) => r.rank !== null).length;
  const rows = ranked.map((r) => {
    const chosen = r.body_id === selected;
    return [
      { ...text(r.name), href: runHref(b.id, r.body_id), highlight: chosen },
      { text: deaRankText(r.rank, counts, nRanked), sort: r.rank, raw: r.rank },
      eff(r.efficiency),
      ...(output ? [eff(efficiencyScore(r, 'output'))] : []),
      text(r.status === 'optimal' ? (isEfficient(r, b.spec) ? 'Efficient' : 'Optimal') : statusLabel(r.status), r.status),
      ...inputs.map((v, i) => num(r.inputs[i], (n) => formatValue(n, v.unit))),
      ...outputs.map((v, i) => num(r.outputs[i], (n) => formatValue(n, v.unit))),
      ...(boot ? [eff(r.bootstrap?.bias_corrected), eff(r.bootstrap?.lower), eff(r.bootstrap?.upper)] : []),
    ];
  });
  return { columns, rows };
}

export interface RankingBar {
  body_id: number;
  name: string;
  /** θ, or 1/φ for output orientation: higher is better, 1 = on the frontier. */
  score: number;
  efficient: boolean;
  selected: boolean;
  rank: number | null;
  /** The bootstrap interval on the same scale as `score`, when there is one. */
  lower: number | null;
  upper: number | null;
  /** How many bars of the full ranking are left out just before this one (0 when none). */
  skippedBefore: number;
}

export interface RankingData {
  bars: RankingBar[];
  /** Units with a score not drawn (the middle of a long ranking). */
  omitted: number;
  /** Units with a score. */
  total: number;
  /** Units without a score (not optimal): named in the findings instead. */
  unscored: number;
}

/** How many bodies the ranking chart draws at most before it shows only the ends. */
export const RANKING_LIMIT = 60;
/** How many of the best and of the worst it shows then. */
export const RANKING_ENDS = 25;

/**
 * The ranking chart's bars, best first. With more than `limit` units and `all` false, only the
 * `ends` best and `ends` worst (and the chosen body, wherever it is) are drawn.
 */
export function rankingData(b: Benchmark, selected: number | null, opts: { all?: boolean; limit?: number; ends?: number } = {}): RankingData {
  const limit = opts.limit ?? RANKING_LIMIT;
  const ends = opts.ends ?? RANKING_ENDS;
  const output = b.orientation === 'output';
  const bars: RankingBar[] = [];
  let unscored = 0;
  for (const r of rankedResults(b.results)) {
    const score = r.status === 'optimal' ? efficiencyScore(r, b.orientation) : null;
    if (score === null) {
      unscored++;
      continue;
    }
    let lower: number | null = null;
    let upper: number | null = null;
    if (r.bootstrap) {
      const lo = output ? 1 / r.bootstrap.upper : r.bootstrap.lower;
      const hi = output ? 1 / r.bootstrap.lower : r.bootstrap.upper;
      if (Number.isFinite(lo) && Number.isFinite(hi)) [lower, upper] = [Math.min(lo, hi), Math.max(lo, hi)];
    }
    bars.push({ body_id: r.body_id, name: r.name, score, efficient: isEfficient(r, b.spec), selected: r.body_id === selected, rank: r.rank, lower, upper, skippedBefore: 0 });
  }
  // Ranks follow the efficiency; sort by score too so the bars fall steadily even if ranks tie.
  bars.sort((x, y) => y.score - x.score || (x.rank ?? Infinity) - (y.rank ?? Infinity) || x.name.localeCompare(y.name, 'en-GB'));
  const total = bars.length;
  if (opts.all || total <= limit) return { bars, omitted: 0, total, unscored };
  const shown: RankingBar[] = [];
  let skipped = 0;
  bars.forEach((bar, i) => {
    if (i < ends || i >= total - ends || bar.selected) {
      shown.push({ ...bar, skippedBefore: skipped });
      skipped = 0;
    } else skipped++;
  });
  return { bars: shown, omitted: total - shown.length, total, unscored };
}

/** What the ranking chart's bars measure, for its axis and table. */
export function scoreLabel(orientation: string): string {
  return orientation === 'output' ? 'Technical efficiency (1/φ)' : 'Efficiency (θ)';
}

/** The ranking chart as a table: the bars drawn, in the same order. */
export function rankingTable(d: RankingData, orientation: string): TableModel {
  const intervals = d.bars.some((b) => b.lower !== null);
  return {
    columns: [
      { key: 'body', label: 'Body' },
      { key: 'score', label: scoreLabel(orientation), numeric: true },
      { key: 'efficient', label: 'On the frontier' },
      ...(intervals ? [{ key: 'interval', label: '95% interval' }] : []),
    ],
    rows: d.bars.map((b) => [
      { ...text(b.name), highlight: b.selected },
      eff(b.score),
      text(b.efficient ? 'Yes' : 'No'),
      ...(intervals ? [text(b.lower !== null && b.upper !== null ? `${formatEfficiency(b.lower)} to ${formatEfficiency(b.upper)}` : '', b.lower)] : []),
    ]),
  };
}

/** Bodies without a score, each with its status in words (a finding, not a gap). */
export function deaFindings(b: Benchmark): { body_id: number; name: string; status: string; text: string }[] {
  return b.results
    .filter((r) => r.status !== 'optimal' || r.efficiency === null)
    .map((r) => ({ body_id: r.body_id, name: r.name, status: r.status, text: statusText(r.status, !!b.spec.super_efficiency) || 'No score' }));
}

// ---------- a DEA run: one body ----------

export interface TargetRow {
  side: 'input' | 'output';
  label: string;
  unit: string;
  actual: number;
  target: number | null;
  slack: number | null;
}

/**
 * Each input's and output's actual value and target. The server's targets when the run has them
 * (they include the slacks); otherwise radial targets: inputs × θ (input orientation) or outputs
 * × φ (output orientation), the rest as they are. `radial` says which. None without a score.
 */
export function targetsFor(b: Benchmark, r: DeaResult): { rows: TargetRow[]; radial: boolean } {
  const { inputs, outputs } = runVariables(b);
  const scored = r.status === 'optimal' && r.efficiency !== null && Number.isFinite(r.efficiency);
  const radial = !(r.input_targets && r.output_targets);
  const e = scored ? (r.efficiency as number) : null;
  const inTarget = (i: number) =>
    !scored ? null : !radial ? (r.input_targets as number[])[i] : b.orientation === 'input' ? r.inputs[i] * (e as number) : r.inputs[i];
  const outTarget = (i: number) =>
    !scored ? null : !radial ? (r.output_targets as number[])[i] : b.orientation === 'output' ? r.outputs[i] * (e as number) : r.outputs[i];
  const rows: TargetRow[] = [
    ...inputs.map((v, i) => ({ side: 'input' as const, label: v.label, unit: v.unit, actual: r.inputs[i], target: inTarget(i), slack: r.input_slacks?.[i] ?? null })),
    ...outputs.map((v, i) => ({ side: 'output' as const, label: v.label, unit: v.unit, actual: r.outputs[i], target: outTarget(i), slack: r.output_slacks?.[i] ?? null })),
  ];
  return { rows, radial };
}

/** Target as a change from actual: −16.7%, +83.3%; null without both. */
export function targetChange(row: Pick<TargetRow, 'actual' | 'target'>): number | null {
  if (row.target === null || !Number.isFinite(row.actual) || row.actual === 0) return null;
  return row.target / row.actual - 1;
}

export function targetsTable(b: Benchmark, r: DeaResult): TableModel {
  const { rows, radial } = targetsFor(b, r);
  const slacks = rows.some((x) => x.slack !== null);
  const columns: Column[] = [
    { key: 'variable', label: 'Variable' },
    { key: 'side', label: 'Input or output' },
    { key: 'actual', label: 'Actual', numeric: true },
    { key: 'target', label: radial ? 'Radial target' : 'Target', numeric: true },
    { key: 'change', label: 'Change', numeric: true },
    ...(slacks ? [{ key: 'slack', label: 'Slack', numeric: true }] : []),
  ];
  return {
    columns,
    rows: rows.map((x) => [
      text(x.label),
      text(x.side === 'input' ? 'Input' : 'Output'),
      num(x.actual, (n) => formatValue(n, x.unit)),
      num(x.target, (n) => formatValue(n, x.unit)),
      num(targetChange(x), (n) => formatGrowth(n)),
      ...(slacks ? [num(x.slack, (n) => formatValue(n, x.unit))] : []),
    ]),
  };
}

/** The small chart of targets: each variable's target as a share of its actual value (1 = no change). */
export function targetChartData(b: Benchmark, r: DeaResult): { label: string; side: 'input' | 'output'; share: number }[] {
  return targetsFor(b, r)
    .rows.filter((x) => x.target !== null && x.actual !== 0 && Number.isFinite(x.actual))
    .map((x) => ({ label: `${x.label} (${x.side})`, side: x.side, share: (x.target as number) / x.actual }));
}

export function peersTable(b: Benchmark, r: DeaResult): TableModel {
  const byId = new Map(b.results.map((x) => [x.body_id, x]));
  return {
    columns: [
      { key: 'peer', label: 'Peer' },
      { key: 'lambda', label: 'Weight (λ)', numeric: true },
      { key: 'efficiency', label: efficiencyLabel(b.orientation), numeric: true },
    ],
    rows: [...r.peers]
      .sort((x, y) => y.lambda - x.lambda || x.name.localeCompare(y.name, 'en-GB'))
      .map((p) => [{ ...text(p.name), href: runHref(b.id, p.body_id) }, eff(p.lambda), eff(byId.get(p.body_id)?.efficiency ?? null)]),
  };
}

export function leftOutTable(b: Pick<Benchmark, 'left_out'>): TableModel {
  return {
    columns: [
      { key: 'body', label: 'Body' },
      { key: 'code', label: 'Code' },
      { key: 'reason', label: 'Why it was left out' },
    ],
    rows: b.left_out.map((l) => [{ ...text(l.name), href: `/bodies/${l.body_id}` }, text(l.code), text(l.reason)]),
  };
}

// ---------- a DEA run: the frontier picture ----------

export interface FrontierPoint {
  body_id: number;
  name: string;
  x: number;
  y: number;
  efficient: boolean;
  selected: boolean;
}

export interface FrontierData {
  /** "1x1": input against output; "2x1": inputs per output; "1x2": outputs per input. */
  shape: '1x1' | '2x1' | '1x2';
  rts: ReturnsToScale;
  xLabel: string;
  yLabel: string;
  xUnit: string;
  yUnit: string;
  points: FrontierPoint[];
  frontier: Pt[];
  xMax: number;
  yMax: number;
  /** Units left off the picture (a zero denominator). */
  dropped: number;
  /** Whether radial distances in the picture are the run's efficiencies (CRS, or one-by-one). */
  exact: boolean;
  /** The chosen body's way to the frontier (as the run's orientation measures it), if it is off it. */
  projection: { from: Pt; to: Pt } | null;
}

/**
 * The frontier picture for runs with one input and one output, two inputs and one output, or one
 * input and two outputs; null for other shapes. The frontier is drawn through the efficient units
 * (every unit with a score when none is marked efficient).
 */
export function frontierData(b: Benchmark, selected: number | null = null): FrontierData | null {
  if (b.kind !== 'dea') return null;
  const { inputs, outputs } = runVariables(b);
  const shape = inputs.length === 1 && outputs.length === 1 ? '1x1' : inputs.length === 2 && outputs.length === 1 ? '2x1' : inputs.length === 1 && outputs.length === 2 ? '1x2' : null;
  if (!shape) return null;
  const per = (a: BenchmarkVariableUsed, c: BenchmarkVariableUsed) => `${a.label} per ${c.label.toLowerCase()}`;
  const ratioUnit = (a: BenchmarkVariableUsed, c: BenchmarkVariableUsed) => (a.unit && c.unit ? `${a.unit} per ${c.unit.replace(/s$/, '')}` : '');
  let dropped = 0;
  const points: FrontierPoint[] = [];
  for (const r of b.results) {
    let x: number;
    let y: number;
    if (shape === '1x1') [x, y] = [r.inputs[0], r.outputs[0]];
    else if (shape === '2x1') [x, y] = [r.inputs[0] / r.outputs[0], r.inputs[1] / r.outputs[0]];
    else [x, y] = [r.outputs[0] / r.inputs[0], r.outputs[1] / r.inputs[0]];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      dropped++;
      continue;
    }
    points.push({ body_id: r.body_id, name: r.name, x, y, efficient: isEfficient(r, b.spec), selected: r.body_id === selected });
  }
  const generators = (points.some((p) => p.efficient) ? points.filter((p) => p.efficient) : points).map((p) => ({ x: p.x, y: p.y }));
  const maxOf = (vals: number[]) => (vals.length ? Math.max(...vals) : 1) || 1;
  const xMax = maxOf(points.map((p) => p.x)) * 1.1;
  const yMax = maxOf(points.map((p) => p.y)) * 1.1;
  const rts = b.rts;
  let frontier: Pt[];
  let labels: { xLabel: string; yLabel: string; xUnit: string; yUnit: string };
  if (shape === '1x1') {
    frontier = frontier1x1(generators, rts, xMax);
    labels = { xLabel: inputs[0].label, yLabel: outputs[0].label, xUnit: inputs[0].unit, yUnit: outputs[0].unit };
  } else if (shape === '2x1') {
    frontier = inputIsoquant(generators, xMax, yMax);
    labels = { xLabel: per(inputs[0], outputs[0]), yLabel: per(inputs[1], outputs[0]), xUnit: ratioUnit(inputs[0], outputs[0]), yUnit: ratioUnit(inputs[1], outputs[0]) };
  } else {
    frontier = outputFrontier(generators);
    labels = { xLabel: per(outputs[0], inputs[0]), yLabel: per(outputs[1], inputs[0]), xUnit: ratioUnit(outputs[0], inputs[0]), yUnit: ratioUnit(outputs[1], inputs[0]) };
  }
  const yTop = Math.max(yMax, ...frontier.filter((p) => p.x <= xMax).map((p) => p.y));
  const chosen = points.find((p) => p.selected && !p.efficient);
  let projection: FrontierData['projection'] = null;
  if (chosen && frontier.length) {
    const from = { x: chosen.x, y: chosen.y };
    let to: Pt | null = null;
    if (shape === '1x1') {
      const x = b.orientation === 'output' ? chosen.x : frontierInputAt(frontier, chosen.y);
      const y = b.orientation === 'output' ? frontierOutputAt(frontier, chosen.x) : chosen.y;
      to = x !== null && y !== null ? { x, y } : null;
    } else {
      const t = radialScale(frontier, from);
      to = t !== null ? { x: t * from.x, y: t * from.y } : null;
    }
    projection = to ? { from, to } : null;
  }
  return {
    shape,
    rts,
    ...labels,
    points,
    frontier,
    xMax,
    yMax: shape === '1x1' ? yTop : yMax,
    dropped,
    exact: shape === '1x1' || rts === 'crs',
    projection,
  };
}

/** The frontier picture as a table: each body's coordinates and whether it is on the frontier. */
export function frontierTable(d: FrontierData): TableModel {
  return {
    columns: [
      { key: 'body', label: 'Body' },
      { key: 'x', label: d.xLabel, numeric: true },
      { key: 'y', label: d.yLabel, numeric: true },
      { key: 'frontier', label: 'On the frontier' },
    ],
    rows: d.points.map((p) => [
      { ...text(p.name), highlight: p.selected },
      num(p.x, (n) => formatValueShort(n, d.shape === '1x1' ? d.xUnit : '')),
      num(p.y, (n) => formatValueShort(n, d.shape === '1x1' ? d.yUnit : '')),
      text(p.efficient ? 'Yes' : 'No'),
    ]),
  };
}

// ---------- a Malmquist run ----------

export interface PeriodPair {
  from: string;
  to: string;
  /** "2022-23|2023-24": a select's value. */
  value: string;
  label: string;
}

/** The run's pairs of periods in time order. */
export function malmquistPairs(rows: Pick<MalmquistRow, 'period_from' | 'period_to'>[]): PeriodPair[] {
  const order = sortPeriods(rows.flatMap((r) => [r.period_from, r.period_to]));
  const seen = new Map<string, PeriodPair>();
  for (const r of rows) {
    const value = `${r.period_from}|${r.period_to}`;
    if (!seen.has(value)) seen.set(value, { from: r.period_from, to: r.period_to, value, label: `${r.period_from} to ${r.period_to}` });
  }
  return [...seen.values()].sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from) || order.indexOf(a.to) - order.indexOf(b.to));
}

/** Rows of one pair ("from|to"), or every row for "" / an unknown pair. */
export function rowsForPair(rows: MalmquistRow[], pair: string): MalmquistRow[] {
  if (!pair) return rows;
  const chosen = rows.filter((r) => `${r.period_from}|${r.period_to}` === pair);
  return chosen.length ? chosen : rows;
}

export type Quadrant = 'catching-up-frontier-out' | 'falling-behind-frontier-out' | 'catching-up-frontier-in' | 'falling-behind-frontier-in';

export const QUADRANT_LABELS: Record<Quadrant, string> = {
  'catching-up-frontier-out': 'Catching up, and the frontier moved out',
  'falling-behind-frontier-out': 'Falling behind, but the frontier moved out',
  'catching-up-frontier-in': 'Catching up, but the frontier moved in',
  'falling-behind-frontier-in': 'Falling behind, and the frontier moved in',
};

/** Which quarter of the picture a body is in: efficiency change (x) and technical change (y) against 1. */
export function quadrantOf(ec: number, tc: number): Quadrant {
  const up = ec >= 1;
  const out = tc >= 1;
  return up ? (out ? 'catching-up-frontier-out' : 'catching-up-frontier-in') : out ? 'falling-behind-frontier-out' : 'falling-behind-frontier-in';
}

export interface MalmquistPoint {
  body_id: number;
  name: string;
  pair: string;
  ec: number;
  tc: number;
  m: number;
  selected: boolean;
}

/** The scatter's points: one per body and pair with both changes. */
export function malmquistPoints(rows: MalmquistRow[], selected: number | null = null): MalmquistPoint[] {
  return rows
    .filter((r) => r.efficiency_change !== null && r.technical_change !== null && Number.isFinite(r.efficiency_change) && Number.isFinite(r.technical_change))
    .map((r) => ({
      body_id: r.body_id,
      name: r.name,
      pair: `${r.period_from} to ${r.period_to}`,
      ec: r.efficiency_change as number,
      tc: r.technical_change as number,
      m: r.malmquist ?? (r.efficiency_change as number) * (r.technical_change as number),
      selected: r.body_id === selected,
    }));
}

/** Whether the rows carry the VRS decomposition (pure and scale efficiency change). */
export function hasDecomposition(rows: MalmquistRow[]): boolean {
  return rows.some((r) => r.pure_efficiency_change !== null || r.scale_efficiency_change !== null);
}

export function malmquistTable(b: Benchmark, rows: MalmquistRow[], selected: number | null = null): TableModel {
  const decomposition = hasDecomposition(b.malmquist);
  const statuses = b.malmquist.some((r) => r.status !== 'optimal');
  const columns: Column[] = [
    { key: 'body', label: 'Body' },
    { key: 'from', label: 'From' },
    { key: 'to', label: 'To' },
    { key: 'malmquist', label: 'Malmquist', numeric: true },
    { key: 'ec', label: 'Efficiency change', numeric: true },
    { key: 'tc', label: 'Technical change', numeric: true },
    ...(decomposition
      ? [
          { key: 'pec', label: 'Pure efficiency change', numeric: true },
          { key: 'sec', label: 'Scale efficiency change', numeric: true },
        ]
      : []),
    ...(statuses ? [{ key: 'status', label: 'Status' }] : []),
  ];
  const order = sortPeriods(rows.flatMap((r) => [r.period_from, r.period_to]));
  const sorted = [...rows].sort((x, y) => order.indexOf(x.period_from) - order.indexOf(y.period_from) || x.name.localeCompare(y.name, 'en-GB'));
  return {
    columns,
    rows: sorted.map((r) => [
      { ...text(r.name), highlight: r.body_id === selected },
      text(r.period_from, order.indexOf(r.period_from)),
      text(r.period_to, order.indexOf(r.period_to)),
      eff(r.malmquist),
      eff(r.efficiency_change),
      eff(r.technical_change),
      ...(decomposition ? [eff(r.pure_efficiency_change), eff(r.scale_efficiency_change)] : []),
      ...(statuses ? [text(r.status === 'optimal' ? 'Optimal' : statusText(r.status), r.status)] : []),
    ]),
  };
}

/** The geometric mean of positive finite values; null when there are none. */
export function geometricMean(values: (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => x !== null && x !== undefined && Number.isFinite(x) && x > 0);
  if (!v.length) return null;
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
}

/** Geometric means of each index by pair of periods, as DEAP summarises (bodies with values only). */
export function malmquistMeansTable(b: Benchmark): TableModel {
  const decomposition = hasDecomposition(b.malmquist);
  const pairs = malmquistPairs(b.malmquist);
  const columns: Column[] = [
    { key: 'pair', label: 'Periods' },
    { key: 'bodies', label: 'Bodies', numeric: true },
    { key: 'improved', label: 'Improved (Malmquist above 1)', numeric: true },
    { key: 'malmquist', label: 'Malmquist', numeric: true },
    { key: 'ec', label: 'Efficiency change', numeric: true },
    { key: 'tc', label: 'Technical change', numeric: true },
    ...(decomposition
      ? [
          { key: 'pec', label: 'Pure efficiency change', numeric: true },
          { key: 'sec', label: 'Scale efficiency change', numeric: true },
        ]
      : []),
  ];
  return {
    columns,
    rows: pairs.map((p, i) => {
      const rs = b.malmquist.filter((r) => r.period_from === p.from && r.period_to === p.to && r.malmquist !== null);
      return [
        text(p.label, i),
        num(rs.length, (n) => formatNumber(n, 0)),
        num(rs.filter((r) => (r.malmquist as number) > 1).length, (n) => formatNumber(n, 0)),
        eff(geometricMean(rs.map((r) => r.malmquist))),
        eff(geometricMean(rs.map((r) => r.efficiency_change))),
        eff(geometricMean(rs.map((r) => r.technical_change))),
        ...(decomposition ? [eff(geometricMean(rs.map((r) => r.pure_efficiency_change))), eff(geometricMean(rs.map((r) => r.scale_efficiency_change)))] : []),
      ];
    }),
  };
}

/**
 * The chosen rows in a sentence: "2 of 3 bodies improved their productivity from 2021-22 to
 * 2022-23 (Malmquist above 1)." for one pair, counted by body and pair for several.
 */
export function malmquistSummary(rows: MalmquistRow[]): string {
  const scored = rows.filter((r) => r.malmquist !== null && Number.isFinite(r.malmquist));
  if (!scored.length) return 'No body has a Malmquist index for these periods.';
  const up = scored.filter((r) => (r.malmquist as number) > 1).length;
  const pairs = malmquistPairs(scored);
  if (pairs.length === 1) {
    const verb = up === 1 ? 'improved its' : 'improved their';
    return `${up} of ${scored.length} ${scored.length === 1 ? 'body' : 'bodies'} ${verb} productivity from ${pairs[0].from} to ${pairs[0].to} (Malmquist above 1).`;
  }
  return `Productivity improved (Malmquist above 1) for ${up} of ${scored.length} bodies and pairs of periods.`;
}
