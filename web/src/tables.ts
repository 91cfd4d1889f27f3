// Builders that turn API data into chart series and into the plain tables behind every
// "Show as table" toggle, so a chart and its table always show the same numbers.
import { formatLevelChange, formatScore, formatSigned, statusLabel, BODY_TYPE_LABELS } from './format';
import { levelLabel } from './heatmap';
import type {
  Comparison,
  ComparisonRow,
  FrameworkDefinition,
  HistoryPoint,
  Rating,
  ScaleLevel,
  Scorecard,
} from './types';

export interface Column {
  key: string;
  label: string;
  numeric?: boolean;
}

export interface Cell {
  text: string;
  /** Value used for sorting; null sorts last. */
  sort: string | number | null;
  /** When set, the cell is rendered as a link. */
  href?: string;
  /** The unformatted value for the CSV download (unrounded numbers); `text` when absent. */
  raw?: string | number | null;
  /** Marks the row (for example the chosen body) with a highlight. */
  highlight?: boolean;
}

export interface TableModel {
  columns: Column[];
  rows: Cell[][];
}

const cell = (text: string, sort: string | number | null = text): Cell => ({ text, sort });
const numCell = (v: number | null | undefined, fmt: (n: number | null) => string = (n) => formatScore(n, '')): Cell => ({
  text: fmt(v ?? null),
  sort: v ?? null,
});

// ---------- history (line chart across periods) ----------

export interface SeriesPoint {
  period: string;
  series: string;
  score: number;
}

/** Long-form points for the history line chart: Overall then each pillar; nulls left out. */
export function historySeries(history: HistoryPoint[], pillars: { key: string; title: string }[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const h of history) {
    if (h.overall !== null && h.overall !== undefined) out.push({ period: h.period, series: 'Overall', score: h.overall });
    for (const p of pillars) {
      const v = h.pillars?.[p.key];
      if (v !== null && v !== undefined) out.push({ period: h.period, series: p.title, score: v });
    }
  }
  return out;
}

/** The history chart as a table: one row per period; Period, Status, Overall, then pillars. */
export function historyTable(history: HistoryPoint[], pillars: { key: string; title: string }[]): TableModel {
  const columns: Column[] = [
    { key: 'period', label: 'Period' },
    { key: 'status', label: 'Status' },
    { key: 'overall', label: 'Overall', numeric: true },
    ...pillars.map((p) => ({ key: p.key, label: p.title, numeric: true })),
  ];
  const rows = history.map((h) => [
    cell(h.period),
    cell(statusLabel(h.status)),
    numCell(h.overall),
    ...pillars.map((p) => numCell(h.pillars?.[p.key] ?? null)),
  ]);
  return { columns, rows };
}

// ---------- one scorecard ----------

/** The scorecard heatmap as a table: one row per area. */
export function scorecardAreaTable(sc: Scorecard, scale: ScaleLevel[], previousPeriod?: string | null): TableModel {
  const columns: Column[] = [
    { key: 'pillar', label: 'Pillar' },
    { key: 'area', label: 'Area' },
    { key: 'level', label: 'Level', numeric: true },
    { key: 'label', label: 'Level label' },
    { key: 'previous', label: previousPeriod ? `Level in ${previousPeriod}` : 'Previous level', numeric: true },
    { key: 'change', label: 'Change', numeric: true },
  ];
  const rows: Cell[][] = [];
  for (const p of sc.pillars) {
    for (const a of p.areas) {
      rows.push([
        cell(p.title),
        cell(a.title),
        numCell(a.level, (n) => (n === null ? '' : String(n))),
        cell(levelLabel(scale, a.level)),
        numCell(a.previous_level, (n) => (n === null ? '' : String(n))),
        numCell(a.change, formatLevelChange),
      ]);
    }
  }
  return { columns, rows };
}

/** Pillar scores (and the overall score as the last row) with change. */
export function pillarScoreTable(sc: Scorecard, previousPeriod?: string | null): TableModel {
  const columns: Column[] = [
    { key: 'pillar', label: 'Pillar' },
    { key: 'rated', label: 'Areas rated', numeric: true },
    { key: 'score', label: 'Score', numeric: true },
    { key: 'previous', label: previousPeriod ? `Score in ${previousPeriod}` : 'Previous score', numeric: true },
    { key: 'change', label: 'Change', numeric: true },
  ];
  const rows: Cell[][] = sc.pillars.map((p) => [
    cell(p.title),
    cell(`${p.rated} of ${p.areas.length}`, p.rated),
    numCell(p.score),
    numCell(p.previous_score),
    numCell(p.change, (n) => formatSigned(n)),
  ]);
  const rated = sc.pillars.reduce((s, p) => s + p.rated, 0);
  const total = sc.pillars.reduce((s, p) => s + p.areas.length, 0);
  rows.push([
    cell('Overall'),
    cell(`${rated} of ${total}`, rated),
    numCell(sc.overall),
    numCell(sc.previous_overall),
    numCell(sc.change, (n) => formatSigned(n)),
  ]);
  return { columns, rows };
}

// ---------- comparison ----------

/** Short column labels for areas: "A1".."A16" in framework order, with titles kept for keys. */
export function areaAbbreviations(areas: { key: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  areas.forEach((a, i) => (out[a.key] = `A${i + 1}`));
  return out;
}

/** The comparison as a table: body, type, region, status, each area level, each pillar score, overall. */
export function comparisonTable(c: Comparison, opts: { areas?: boolean } = {}): TableModel {
  const withAreas = opts.areas ?? true;
  const columns: Column[] = [
    { key: 'body', label: 'Body' },
    { key: 'type', label: 'Type' },
    { key: 'region', label: 'Region' },
    { key: 'status', label: 'Status' },
    ...(withAreas ? c.areas.map((a) => ({ key: `area:${a.key}`, label: a.title, numeric: true })) : []),
    ...c.pillars.map((p) => ({ key: `pillar:${p.key}`, label: p.title, numeric: true })),
    { key: 'overall', label: 'Overall', numeric: true },
  ];
  const rows = c.rows.map((r) => [
    cell(r.body_name),
    cell(BODY_TYPE_LABELS[r.body_type] ?? r.body_type ?? ''),
    cell(r.region ?? ''),
    cell(r.status ? statusLabel(r.status) : 'No assessment', r.status ?? null),
    ...(withAreas
      ? c.areas.map((a) => numCell(r.levels?.[a.key] ?? null, (n) => (n === null ? '' : String(n))))
      : []),
    ...c.pillars.map((p) => numCell(r.pillar_scores?.[p.key] ?? null)),
    numCell(r.overall),
  ]);
  return { columns, rows };
}

// ---------- CSV (the "Download CSV" of every chart and table, built in the browser) ----------

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (starting =, +, -, @, tab or CR) is prefixed with an
 * apostrophe (OWASP's advice against CSV injection); numbers are written as they are.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A table as CSV text: a header row of column labels, then each row's raw values (CRLF line ends). */
export function toCsv(model: TableModel): string {
  const lines = [model.columns.map((c) => csvField(c.label)).join(',')];
  for (const r of model.rows) lines.push(r.map((c) => csvField(c.raw !== undefined ? c.raw : c.text)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A safe file name from words: "Leeds – Goals 2024-25" -> "leeds-goals-2024-25.csv". */
export function csvFilename(...parts: (string | number | null | undefined)[]): string {
  const stem = parts
    .filter((p) => p !== null && p !== undefined && p !== '')
    .map((p) => String(p))
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'data'}.csv`;
}

export type SortDirection = 'ascending' | 'descending';

/** Sorts rows by a column's sort values; nulls always last; stable. */
export function sortRows(rows: Cell[][], columnIndex: number, direction: SortDirection): Cell[][] {
  const indexed = rows.map((r, i) => ({ r, i }));
  indexed.sort((x, y) => {
    const a = x.r[columnIndex]?.sort ?? null;
    const b = y.r[columnIndex]?.sort ?? null;
    if (a === null && b === null) return x.i - y.i;
    if (a === null) return 1;
    if (b === null) return -1;
    let cmp: number;
    if (typeof a === 'number' && typeof b === 'number') cmp = a - b;
    else cmp = String(a).localeCompare(String(b), 'en-GB', { numeric: true, sensitivity: 'base' });
    if (cmp === 0) return x.i - y.i;
    return direction === 'ascending' ? cmp : -cmp;
  });
  return indexed.map((x) => x.r);
}

/** Overall score per body for the comparison bar chart (bodies without a score left out). */
export function comparisonOverallSeries(rows: ComparisonRow[]): { body: string; overall: number }[] {
  return rows
    .filter((r) => r.overall !== null && r.overall !== undefined)
    .map((r) => ({ body: r.body_name, overall: r.overall as number }));
}

// ---------- assessment progress ----------

export function isRated(r: Rating | undefined | null): boolean {
  return !!r && r.level !== null && r.level !== undefined;
}

export interface Progress {
  rated: number;
  total: number;
  unrated: string[];
}

/** How many of the framework's areas have a level. */
export function ratingProgress(def: FrameworkDefinition, ratings: Rating[]): Progress {
  const byArea = new Map(ratings.map((r) => [r.area, r]));
  let rated = 0;
  const unrated: string[] = [];
  for (const p of def.pillars)
    for (const a of p.areas) {
      if (isRated(byArea.get(a.key))) rated++;
      else unrated.push(a.key);
    }
  return { rated, total: rated + unrated.length, unrated };
}

/** Areas in framework order, for previous/next links. */
export function areaOrder(def: FrameworkDefinition): { key: string; title: string; pillar: string }[] {
  return def.pillars.flatMap((p) => p.areas.map((a) => ({ key: a.key, title: a.title, pillar: p.title })));
}
