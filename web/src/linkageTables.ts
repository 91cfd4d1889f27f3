// Chart data and tables for the record linkage pages (issue 5): agreements, datasets and runs;
// a run's model (match weights and m and u per comparison level, the prior, EM sessions), its
// match-weight distribution, pairs, clusters, and one pair's waterfall of weights. Each chart's
// data and its "Show as table" view (and so its CSV) come from here, so both show the same
// numbers; the CSV carries unrounded values. Pure and tested.
import { clusterHref, explainHref, linkTypeLabel, linkageRunTitle, refText, reviewText, weightToProbability } from './linkage';
import { formatDate, formatDateTime, formatProbability, formatWeight, MINUS } from './format';
import { formatNumber, formatSeconds } from './measure';
import type { Cell, Column, TableModel } from './tables';
import type {
  Agreement,
  ExplanationStep,
  HistogramBin,
  LinkageCluster,
  LinkageComparison,
  LinkageDataset,
  LinkageModel,
  LinkagePair,
  LinkageRun,
  LinkageRunSummary,
  PairExplanation,
  RunRecord,
} from './types';

const text = (t: string | null | undefined, sort: string | number | null = t ?? null): Cell => ({ text: t ?? '', sort });
const num = (v: number | null | undefined, fmt: (n: number) => string): Cell => ({
  text: v === null || v === undefined || !Number.isFinite(v) ? '' : fmt(v),
  sort: v ?? null,
  raw: v ?? null,
});
const count = (v: number | null | undefined) => num(v, (n) => formatNumber(n, 0));
const weight = (v: number | null | undefined, signed = false) => num(v, (n) => formatWeight(n, signed));
const prob = (v: number | null | undefined, digits = 4) => num(v, (n) => formatProbability(n, digits));
/** A Bayes factor: thousands separators above 100, two significant figures below 0.1. */
export function formatBayesFactor(v: number): string {
  return formatNumber(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 0.1 || v === 0 ? 2 : undefined);
}
const yesNo = (b: boolean) => text(b ? 'Yes' : 'No');

type DatasetNames = { id: number; name: string }[];

// ---------- agreements, datasets, runs ----------

export function agreementsTable(items: Agreement[]): TableModel {
  const columns: Column[] = [
    { key: 'title', label: 'Agreement' },
    { key: 'parties', label: 'Parties' },
    { key: 'retain_until', label: 'Retain until' },
    { key: 'datasets', label: 'Datasets', numeric: true },
    { key: 'runs', label: 'Runs', numeric: true },
    { key: 'member', label: 'You are a member' },
  ];
  const rows = items.map((a) => [
    { ...text(a.title), href: `/linkage/agreements/${a.id}` },
    text(a.parties.join(', ')),
    { text: `${formatDate(a.retain_until)}${a.expired ? ' (expired)' : ''}`, sort: a.retain_until, raw: a.retain_until },
    count(a.datasets),
    count(a.runs),
    yesNo(a.is_member),
  ]);
  return { columns, rows };
}

export function datasetsTable(items: LinkageDataset[], opts: { actions?: boolean } = {}): TableModel {
  const columns: Column[] = [
    { key: 'name', label: 'Dataset' },
    { key: 'party', label: 'Party' },
    { key: 'rows', label: 'Rows', numeric: true },
    { key: 'columns', label: 'Columns' },
    { key: 'id_column', label: 'Id column' },
    { key: 'by', label: 'Uploaded' },
    ...(opts.actions ? [{ key: 'actions', label: 'Actions' }] : []),
  ];
  const rows = items.map((d) => [
    text(d.name),
    text(d.party),
    count(d.rows),
    text(d.columns.join(', ')),
    text(d.id_column),
    { text: `${d.created_by_name}, ${formatDateTime(d.created_at)}`, sort: d.created_at, raw: d.created_at },
    ...(opts.actions ? [{ text: String(d.id), sort: null }] : []),
  ]);
  return { columns, rows };
}

export function linkageRunsTable(items: LinkageRunSummary[]): TableModel {
  const columns: Column[] = [
    { key: 'title', label: 'Run' },
    { key: 'type', label: 'Kind' },
    { key: 'records', label: 'Records', numeric: true },
    { key: 'predicted', label: 'Predicted pairs', numeric: true },
    { key: 'clusters', label: 'Clusters', numeric: true },
    { key: 'reviews', label: 'Reviews', numeric: true },
    { key: 'by', label: 'Run by' },
    { key: 'at', label: 'Run on' },
  ];
  const rows = items.map((r) => [
    { ...text(linkageRunTitle(r)), href: `/linkage/runs/${r.id}` },
    text(linkTypeLabel(r.link_type)),
    count(r.records),
    count(r.predicted_pairs),
    count(r.clusters),
    count(r.reviews),
    text(r.created_by_name),
    { text: formatDateTime(r.created_at), sort: r.created_at, raw: r.created_at },
  ]);
  return { columns, rows };
}

// ---------- the model ----------

export interface WeightBar {
  /** Unique within the chart: "<column>:<gamma>", or "prior". */
  key: string;
  comparison: string;
  label: string;
  gamma: number | null;
  weight: number;
}

export interface MatchWeightData {
  prior: WeightBar;
  comparisons: { column: string; bars: WeightBar[] }[];
  /** The x domain shared by every comparison's chart, so their bars compare. */
  domain: [number, number];
}

/** Splink's "match weights chart": the prior, then each comparison's levels from exact to else. */
export function matchWeightData(model: LinkageModel): MatchWeightData {
  const prior: WeightBar = { key: 'prior', comparison: 'Prior', label: 'Prior (starting) match weight', gamma: null, weight: model.prior_match_weight };
  const comparisons = model.comparisons.map((c) => ({
    column: c.column,
    bars: c.levels.map((l) => ({ key: `${c.column}:${l.gamma}`, comparison: c.column, label: l.label, gamma: l.gamma, weight: l.match_weight })),
  }));
  const all = [prior.weight, ...comparisons.flatMap((c) => c.bars.map((b) => b.weight))].filter(Number.isFinite);
  const lo = Math.floor(Math.min(0, ...all));
  const hi = Math.ceil(Math.max(0, ...all));
  return { prior, comparisons, domain: [lo, hi] };
}

/** Every level of every comparison, with the prior first (the match weights chart as a table). */
export function matchWeightsTable(model: LinkageModel): TableModel {
  const columns: Column[] = [
    { key: 'comparison', label: 'Comparison' },
    { key: 'level', label: 'Level' },
    { key: 'gamma', label: 'Gamma', numeric: true },
    { key: 'weight', label: 'Match weight', numeric: true },
    { key: 'bf', label: 'Bayes factor', numeric: true },
  ];
  const rows: Cell[][] = [
    [text('Prior'), text('Prior (starting) match weight'), text('', null), weight(model.prior_match_weight), num(2 ** model.prior_match_weight, formatBayesFactor)],
  ];
  for (const c of model.comparisons)
    for (const l of c.levels) rows.push([text(c.column), text(l.label), count(l.gamma), weight(l.match_weight), num(l.bayes_factor, formatBayesFactor)]);
  return { columns, rows };
}

export interface MuBar {
  label: string;
  gamma: number;
  kind: 'Among matches (m)' | 'Among non-matches (u)';
  value: number;
}

/** Splink's "m u parameters chart": for each comparison, the share of matches (m) and of non-matches (u) at each level. */
export function muData(model: LinkageModel): { column: string; bars: MuBar[] }[] {
  return model.comparisons.map((c) => ({
    column: c.column,
    bars: c.levels.flatMap((l) => [
      { label: l.label, gamma: l.gamma, kind: 'Among matches (m)' as const, value: l.m },
      { label: l.label, gamma: l.gamma, kind: 'Among non-matches (u)' as const, value: l.u },
    ]),
  }));
}

export function muTable(model: LinkageModel): TableModel {
  const columns: Column[] = [
    { key: 'comparison', label: 'Comparison' },
    { key: 'level', label: 'Level' },
    { key: 'm', label: 'm (share of matches)', numeric: true },
    { key: 'u', label: 'u (share of non-matches)', numeric: true },
  ];
  const rows = model.comparisons.flatMap((c) => c.levels.map((l) => [text(c.column), text(l.label), prob(l.m), prob(l.u)]));
  return { columns, rows };
}

/** One comparison's levels: label, gamma, m, u, the random pairs u was counted from, match weight, Bayes factor. */
export function levelsTable(c: LinkageComparison): TableModel {
  const columns: Column[] = [
    { key: 'level', label: 'Level' },
    { key: 'gamma', label: 'Gamma', numeric: true },
    { key: 'm', label: 'm', numeric: true },
    { key: 'u', label: 'u', numeric: true },
    { key: 'u_pairs', label: 'Random pairs at this level', numeric: true },
    { key: 'weight', label: 'Match weight', numeric: true },
    { key: 'bf', label: 'Bayes factor', numeric: true },
  ];
  const rows = c.levels.map((l) => [
    text(l.label),
    count(l.gamma),
    prob(l.m),
    prob(l.u),
    count(l.u_pairs),
    weight(l.match_weight),
    num(l.bayes_factor, formatBayesFactor),
  ]);
  return { columns, rows };
}

export function sessionsTable(model: LinkageModel): TableModel {
  const columns: Column[] = [
    { key: 'rule', label: 'Blocking rule' },
    { key: 'pairs', label: 'Pairs', numeric: true },
    { key: 'iterations', label: 'Iterations', numeric: true },
    { key: 'converged', label: 'Converged' },
    { key: 'lambda', label: 'λ in these pairs', numeric: true },
    { key: 'estimated', label: 'm estimated for' },
    { key: 'fixed', label: 'Not estimated (in the rule)' },
    { key: 'note', label: 'Note' },
  ];
  const rows = model.em_sessions.map((s) => [
    text(s.blocking_rule || 'every pair'),
    count(s.pairs),
    count(s.iterations),
    text(!s.ran ? 'Did not run' : s.converged ? 'Yes' : 'No'),
    prob(s.lambda),
    text(s.estimated.join(', ')),
    text(s.fixed.join(', ')),
    text(s.note),
  ]);
  return { columns, rows };
}

// ---------- a run's summary ----------

export function blockingRulesTable(run: Pick<LinkageRun, 'summary'>): TableModel {
  const columns: Column[] = [
    { key: 'rule', label: 'Blocking rule' },
    { key: 'pairs', label: 'Candidate pairs', numeric: true },
    { key: 'largest', label: 'Largest block', numeric: true },
  ];
  return { columns, rows: run.summary.blocking_rules.map((b) => [text(b.rule || 'every pair'), count(b.pairs), count(b.largest_block)]) };
}

export function stageSecondsTable(run: Pick<LinkageRun, 'summary'>): TableModel {
  const columns: Column[] = [
    { key: 'stage', label: 'Stage' },
    { key: 'seconds', label: 'Time taken', numeric: true },
  ];
  const rows = Object.entries(run.summary.seconds).map(([k, v]) => [text(k.replace(/_/g, ' ')), num(v, formatSeconds)]);
  return { columns, rows };
}

// ---------- the match-weight distribution ----------

export interface HistogramBar {
  /** Drawn from and to (an open end is drawn one unit wide). */
  x1: number;
  x2: number;
  pairs: number;
  /** "−3 to −2", "below −40", "40 and above". */
  label: string;
  /** The bin's middle is at or above the threshold weight. */
  above: boolean;
  from: number | null;
  to: number | null;
}

export interface HistogramData {
  bars: HistogramBar[];
  threshold: number;
  total: number;
  /** Pairs in bins at or above the threshold. */
  above: number;
}

const signed = (n: number) => String(n).replace('-', MINUS);

/**
 * The server bins match weights from −40 to 40 and folds every weight beyond into the end bins:
 * its lowest bin ({from: −40, to: −39}) holds every pair below −39, its highest ({from: 39, to:
 * 40}) every pair from 39 up. Those are the open ends of the contract; they are read as open
 * unless the answer marks an open end itself (with null).
 */
export const HISTOGRAM_LOW = -40;
export const HISTOGRAM_HIGH = 40;

export function histogramData(run: Pick<LinkageRun, 'histogram' | 'threshold_match_weight'>): HistogramData {
  const threshold = run.threshold_match_weight;
  const nullBelow = run.histogram.some((b) => b.from === null);
  const nullAbove = run.histogram.some((b) => b.to === null);
  const bars: HistogramBar[] = run.histogram
    .map((b) => ({
      ...b,
      from: !nullBelow && b.from !== null && b.from <= HISTOGRAM_LOW ? null : b.from,
      to: !nullAbove && b.to !== null && b.to >= HISTOGRAM_HIGH ? null : b.to,
    }))
    .filter((b) => b.from !== null || b.to !== null)
    .sort((a, b) => (a.from ?? (a.to as number) - 1) - (b.from ?? (b.to as number) - 1))
    .map((b: HistogramBin) => {
      const x1 = b.from ?? (b.to as number) - 1;
      const x2 = b.to ?? (b.from as number) + 1;
      const label = b.from === null ? `below ${signed(b.to as number)}` : b.to === null ? `${signed(b.from)} and above` : `${signed(b.from)} to ${signed(b.to)}`;
      return { x1, x2, pairs: b.pairs, label, above: (x1 + x2) / 2 >= threshold, from: b.from, to: b.to };
    });
  return {
    bars,
    threshold,
    total: bars.reduce((s, b) => s + b.pairs, 0),
    above: bars.filter((b) => b.above).reduce((s, b) => s + b.pairs, 0),
  };
}

export function histogramTable(d: HistogramData): TableModel {
  const columns: Column[] = [
    { key: 'bin', label: 'Match weight' },
    { key: 'from', label: 'From', numeric: true },
    { key: 'to', label: 'To', numeric: true },
    { key: 'pairs', label: 'Candidate pairs', numeric: true },
    { key: 'side', label: 'Against the threshold' },
  ];
  const rows = d.bars.map((b) => [
    text(b.label, b.x1),
    num(b.from, signed),
    num(b.to, signed),
    count(b.pairs),
    text(b.above ? 'At or above' : 'Below'),
  ]);
  return { columns, rows };
}

// ---------- pairs ----------

/** `explain: false` (viewers): the records are not linked to an explanation the API would refuse them. */
export function pairsTable(pairs: LinkagePair[], runId: number, datasets: DatasetNames, opts: { explain?: boolean } = {}): TableModel {
  const explain = opts.explain ?? true;
  const columns: Column[] = [
    { key: 'pair', label: 'Records' },
    { key: 'weight', label: 'Match weight', numeric: true },
    { key: 'probability', label: 'Match probability', numeric: true },
    { key: 'predicted', label: 'Predicted match' },
    { key: 'cluster', label: 'Cluster', numeric: true },
    { key: 'review', label: 'Review' },
  ];
  const rows = pairs.map((p) => [
    { ...text(`${refText(p.left, datasets)} and ${refText(p.right, datasets)}`, null), ...(explain ? { href: explainHref(runId, p.left, p.right) } : {}) },
    weight(p.match_weight),
    prob(p.match_probability),
    yesNo(p.predicted),
    p.cluster === null ? text('None', null) : { ...count(p.cluster), href: clusterHref(runId, p.cluster) },
    text(p.review ? reviewText(p.review) : ''),
  ]);
  return { columns, rows };
}

// ---------- one pair's waterfall ----------

/** A step's comparison level in words: the server labels a value missing in either record "null". */
export function stepLabel(s: Pick<ExplanationStep, 'gamma' | 'label'>): string {
  return s.gamma === -1 ? 'missing in either record' : s.label;
}

export interface WaterfallBar {
  key: string;
  /** "Prior", the column, or "Final match weight". */
  label: string;
  /** The level (for a comparison). */
  detail: string;
  kind: 'prior' | 'up' | 'down' | 'none' | 'final';
  /** Where the bar starts and ends on the match-weight axis (cumulative). */
  from: number;
  to: number;
  /** The step: the prior, a comparison's weight, or the final match weight. */
  weight: number;
  /** The match probability once this step is counted. */
  probability: number;
  step: ExplanationStep | null;
}

/**
 * Splink's waterfall: the prior as a bar from 0, then each comparison's step up or down from
 * where the one before ended, then the final match weight as a bar from 0. The last step ends at
 * prior + Σ steps, which the server gives as `match_weight`.
 */
export function waterfallData(e: Pick<PairExplanation, 'prior_weight' | 'steps' | 'match_weight' | 'match_probability'>): WaterfallBar[] {
  const bars: WaterfallBar[] = [
    { key: 'prior', label: 'Prior', detail: 'Starting match weight', kind: 'prior', from: 0, to: e.prior_weight, weight: e.prior_weight, probability: weightToProbability(e.prior_weight), step: null },
  ];
  let at = e.prior_weight;
  for (const s of e.steps) {
    const to = at + s.weight;
    bars.push({
      key: `step:${s.column}`,
      label: s.column,
      detail: `${stepLabel(s)}${s.term_frequency_adjusted ? ' (adjusted for how common the value is)' : ''}`,
      kind: s.weight > 0 ? 'up' : s.weight < 0 ? 'down' : 'none',
      from: at,
      to,
      weight: s.weight,
      probability: weightToProbability(to),
      step: s,
    });
    at = to;
  }
  bars.push({ key: 'final', label: 'Final match weight', detail: '', kind: 'final', from: 0, to: e.match_weight, weight: e.match_weight, probability: e.match_probability, step: null });
  return bars;
}

export function waterfallTable(bars: WaterfallBar[]): TableModel {
  const columns: Column[] = [
    { key: 'step', label: 'Step' },
    { key: 'level', label: 'Comparison level' },
    { key: 'm', label: 'm', numeric: true },
    { key: 'u', label: 'u', numeric: true },
    { key: 'weight', label: 'Weight', numeric: true },
    { key: 'cumulative', label: 'Match weight so far', numeric: true },
    { key: 'probability', label: 'Probability so far', numeric: true },
  ];
  // A comparison missing in either record (gamma −1) has no m or u: it adds nothing.
  const known = (b: WaterfallBar) => (b.step && b.step.gamma !== -1 ? b.step : null);
  const rows = bars.map((b) => [
    text(b.label),
    text(b.detail),
    prob(known(b)?.m ?? null),
    prob(known(b)?.u ?? null),
    weight(b.weight, b.kind !== 'prior' && b.kind !== 'final'),
    weight(b.to),
    prob(b.probability),
  ]);
  return { columns, rows };
}

// ---------- records side by side, clusters ----------

/**
 * The compared columns of records, in the order of the steps, else of `order` (the run's
 * comparisons, as its settings list them), then any other column of the records' values (a JSON
 * object: its keys come in no particular order; the server sends them sorted by name).
 */
export function recordColumns(records: RunRecord[], steps?: { column: string }[], order?: string[]): string[] {
  const out: string[] = steps ? steps.map((s) => s.column) : [...new Set(order ?? [])];
  for (const r of records) for (const k of Object.keys(r.values)) if (!out.includes(k)) out.push(k);
  return out;
}

/** Two records side by side, a row per compared column, with the comparison level and its weight when known. */
export function recordPairTable(
  left: RunRecord,
  right: RunRecord,
  opts: { steps?: ExplanationStep[]; levels?: Record<string, string>; order?: string[] } = {},
): TableModel {
  const withSteps = !!opts.steps;
  const withLevels = withSteps || !!opts.levels;
  const columns: Column[] = [
    { key: 'field', label: 'Field' },
    { key: 'left', label: `${left.dataset_name}, row ${formatNumber(left.row, 0)}` },
    { key: 'right', label: `${right.dataset_name}, row ${formatNumber(right.row, 0)}` },
    ...(withLevels ? [{ key: 'level', label: 'Comparison level' }] : []),
    ...(withSteps ? [{ key: 'weight', label: 'Weight', numeric: true }] : []),
  ];
  const rows: Cell[][] = [[text('Unique id'), text(left.unique_id), text(right.unique_id), ...(withLevels ? [text('')] : []), ...(withSteps ? [text('', null)] : [])]];
  for (const col of recordColumns([left, right], opts.steps, opts.order)) {
    const step = opts.steps?.find((s) => s.column === col);
    rows.push([
      text(col),
      text(left.values[col] ?? ''),
      text(right.values[col] ?? ''),
      ...(withLevels ? [text(step ? stepLabel(step) : (opts.levels?.[col] ?? ''))] : []),
      ...(withSteps ? [weight(step?.weight ?? null, true)] : []),
    ]);
  }
  return { columns, rows };
}

export function clustersTable(items: LinkageCluster[], runId: number, datasets: DatasetNames): TableModel {
  const columns: Column[] = [
    { key: 'cluster', label: 'Cluster' },
    { key: 'size', label: 'Records', numeric: true },
    ...datasets.map((d) => ({ key: `ds:${d.id}`, label: d.name, numeric: true })),
  ];
  const rows = items.map((c) => [
    { ...text(`Cluster ${c.cluster}`, c.cluster), href: clusterHref(runId, c.cluster) },
    count(c.size),
    ...datasets.map((d) => count(c.sources[String(d.id)] ?? 0)),
  ]);
  return { columns, rows };
}

/** A cluster's records: dataset, row, unique id, then each compared column. */
export function clusterRecordsTable(records: RunRecord[], order?: string[]): TableModel {
  const cols = recordColumns(records, undefined, order);
  const columns: Column[] = [
    { key: 'record', label: 'Record' },
    { key: 'unique_id', label: 'Unique id' },
    ...cols.map((c) => ({ key: `v:${c}`, label: c })),
  ];
  const rows = records.map((r) => [
    text(`${r.dataset_name}, row ${formatNumber(r.row, 0)}`, `${r.dataset_name}\u0000${String(r.row).padStart(12, '0')}`),
    text(r.unique_id),
    ...cols.map((c) => text(r.values[c] ?? '')),
  ]);
  return { columns, rows };
}
