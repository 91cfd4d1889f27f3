// Pure helpers for the benchmarking pages (issue 4): words for kinds, models and statuses, the
// "start a run" form (its state, the BenchmarkSpec built from it, the checks made before sending,
// and the server's 422 details mapped back to its fields), the state of a running job as Server-
// Sent Events or polls report it, and the ranking of DEA results with ties. No DOM, no fetch.
import type { ErrorItem } from './components/ErrorSummary';
import type { ApiError } from './api';
import { pluralise } from './format';
import { findBody, ordinal, parseGroupOption } from './measure';
import { sortPeriods } from './measureTables';
import type {
  Benchmark,
  BenchmarkKind,
  BenchmarkModels,
  BenchmarkSpec,
  BenchmarkVariable,
  DeaResult,
  DeaStatus,
  ErrorDetail,
  Job,
  JobProgress,
  JobResult,
  JobStatus,
  Orientation,
  ReturnsToScale,
  VariableRef,
  VariableSource,
} from './types';

// ---------- words ----------

export const KIND_LABELS: Record<BenchmarkKind, string> = {
  dea: 'DEA efficiency',
  malmquist: 'Malmquist productivity change',
};

export function kindLabel(k: string): string {
  return (KIND_LABELS as Record<string, string>)[k] ?? k;
}

/** Used until (or if) GET /benchmark-models answers; the server's titles win. */
export const RTS_TITLES: Record<ReturnsToScale, string> = {
  crs: 'Constant returns to scale',
  vrs: 'Variable returns to scale',
  nirs: 'Non-increasing returns to scale',
  ndrs: 'Non-decreasing returns to scale',
};

export const ORIENTATION_TITLES: Record<Orientation, string> = {
  input: 'Input-oriented',
  output: 'Output-oriented',
};

export const SOURCE_TITLES: Record<VariableSource, string> = {
  spending: 'Spending',
  activity: 'Activity',
  indicator: 'Indicators',
};

export function rtsTitle(rts: string, models?: BenchmarkModels | null): string {
  return models?.returns_to_scale.find((m) => m.key === rts)?.title ?? (RTS_TITLES as Record<string, string>)[rts] ?? rts;
}

export function orientationTitle(o: string, models?: BenchmarkModels | null): string {
  return models?.orientations.find((m) => m.key === o)?.title ?? (ORIENTATION_TITLES as Record<string, string>)[o] ?? o;
}

export function sourceTitle(s: string, models?: BenchmarkModels | null): string {
  return models?.sources.find((m) => m.key === s)?.title ?? (SOURCE_TITLES as Record<string, string>)[s] ?? s;
}

/** "Constant returns to scale, input-oriented". */
export function modelText(b: { rts: string; orientation: string }, models?: BenchmarkModels | null): string {
  return `${rtsTitle(b.rts, models)}, ${orientationTitle(b.orientation, models).toLowerCase()}`;
}

/** "2023-24" for DEA, "2018-19 to 2023-24 (6 periods)" for Malmquist. */
export function periodsText(b: { kind: BenchmarkKind | string; period: string; periods: string[] }): string {
  if (b.kind !== 'malmquist' || !b.periods?.length) return b.period;
  const p = sortPeriods(b.periods);
  return p.length === 1 ? p[0] : `${p[0]} to ${p[p.length - 1]} (${p.length} periods)`;
}

/** Why a body has no efficiency score, in words; "" when it has one. */
export function statusText(status: DeaStatus | string, superEfficiency = false): string {
  switch (status) {
    case 'optimal':
      return '';
    case 'infeasible':
      return superEfficiency
        ? 'Infeasible: no combination of the other units can match this body, so it is efficient but has no super-efficiency score'
        : 'Infeasible: the model has no solution for this body';
    case 'unbounded':
      return 'Unbounded: the model has no finite solution for this body';
    case 'failed':
      return 'The solver failed for this body';
    default:
      return status;
  }
}

/** A short status for tables: "Optimal", "Infeasible", … */
export function statusLabel(status: string): string {
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : '';
}

// ---------- DEA results: efficient units, scores and ranks ----------

/**
 * The score that reads "higher is better, 1 = on the frontier" whatever the orientation: θ for
 * input orientation, the technical efficiency 1/φ for output orientation. null without a score.
 */
export function efficiencyScore(r: Pick<DeaResult, 'efficiency' | 'te'>, orientation: Orientation | string): number | null {
  if (r.efficiency === null || r.efficiency === undefined || !Number.isFinite(r.efficiency)) return null;
  if (orientation !== 'output') return r.efficiency;
  if (r.te !== null && r.te !== undefined && Number.isFinite(r.te)) return r.te;
  return r.efficiency > 0 ? 1 / r.efficiency : null;
}

/** The tolerance within which a score counts as 1 (the server counts to 1e-9; published figures round). */
export const EFFICIENT_TOLERANCE = 1e-6;

/**
 * Whether a unit is on the frontier: an optimal score of 1 (or beyond, with super-efficiency), or
 * an infeasible super-efficiency problem (no other units can match it: an efficient extreme unit).
 */
export function isEfficient(r: Pick<DeaResult, 'status' | 'efficiency' | 'te'>, spec: Pick<BenchmarkSpec, 'orientation' | 'super_efficiency'>): boolean {
  if (r.status === 'infeasible' && spec.super_efficiency) return true;
  if (r.status !== 'optimal') return false;
  const s = efficiencyScore(r, spec.orientation ?? 'input');
  return s !== null && s >= 1 - EFFICIENT_TOLERANCE;
}

/** Results best first: by rank (no rank last), then name. */
export function rankedResults(results: DeaResult[]): DeaResult[] {
  return [...results].sort((a, b) => {
    if (a.rank === null && b.rank !== null) return 1;
    if (b.rank === null && a.rank !== null) return -1;
    if (a.rank !== null && b.rank !== null && a.rank !== b.rank) return a.rank - b.rank;
    return a.name.localeCompare(b.name, 'en-GB');
  });
}

/** How many units share each rank. */
export function rankCounts(results: Pick<DeaResult, 'rank'>[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of results) if (r.rank !== null && r.rank !== undefined) m.set(r.rank, (m.get(r.rank) ?? 0) + 1);
  return m;
}

/** "1st of 8", "joint 3rd of 8" (ties share a rank), or "" without a rank. */
export function deaRankText(rank: number | null | undefined, counts: Map<number, number>, ranked: number): string {
  if (rank === null || rank === undefined) return '';
  return `${(counts.get(rank) ?? 0) > 1 ? 'joint ' : ''}${ordinal(rank)} of ${ranked}`;
}

/** The run's summary in a sentence: "3 of 8 bodies are efficient (on the frontier)." */
export function efficientSentence(b: Pick<Benchmark, 'units' | 'efficient'>): string {
  if (b.efficient === null || b.efficient === undefined) return '';
  const of = `${b.efficient} of ${pluralise(b.units, 'body', 'bodies')}`;
  return `${of} ${b.efficient === 1 ? 'is' : 'are'} efficient (on the frontier).`;
}

// ---------- variables ----------

/** A variable as one <option> value: "spending:", "spending:staff", "activity:home_care_hours". */
export function variableValue(v: VariableRef): string {
  return `${v.source}:${v.key ?? ''}`;
}

/** The inverse of variableValue; null for anything else. */
export function parseVariableValue(value: string): VariableRef | null {
  const i = value.indexOf(':');
  if (i < 0) return null;
  const source = value.slice(0, i);
  if (source !== 'spending' && source !== 'activity' && source !== 'indicator') return null;
  const key = value.slice(i + 1);
  return { source, key: key === '' ? null : key };
}

export function findVariable(vars: BenchmarkVariable[], ref: VariableRef | null): BenchmarkVariable | undefined {
  if (!ref) return undefined;
  return vars.find((v) => v.source === ref.source && (v.key ?? null) === (ref.key ?? null));
}

/** "Staff spending (£)", or the label alone without a unit. */
export function variableText(v: Pick<BenchmarkVariable, 'label' | 'unit'>): string {
  return v.unit ? `${v.label} (${v.unit})` : v.label;
}

/** Bodies with data for a variable in each of the periods (0 when none). */
export function bodiesIn(v: BenchmarkVariable, periods: string[]): number[] {
  return periods.map((p) => v.periods.find((x) => x.period === p)?.bodies ?? 0);
}

/** How much data a variable has for the chosen period(s), in words. */
export function coverageText(v: BenchmarkVariable, periods: string[]): string {
  if (!periods.length) {
    const withData = v.periods.filter((p) => p.bodies > 0).map((p) => p.period);
    if (!withData.length) return 'no data yet';
    const s = sortPeriods(withData);
    return s.length === 1 ? `data for ${s[0]}` : `data for ${s[0]} to ${s[s.length - 1]}`;
  }
  const counts = bodiesIn(v, periods);
  const missing = periods.filter((_, i) => counts[i] === 0);
  if (missing.length) return `no data for ${missing.join(', ')}`;
  if (periods.length === 1) return `${pluralise(counts[0], 'body', 'bodies')} in ${periods[0]}`;
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? `${pluralise(lo, 'body', 'bodies')} in each period` : `${lo} to ${hi} bodies a period`;
}

/** Periods in which every given variable has data, in time order (every variable's periods when none given). */
export function periodsWithData(vars: BenchmarkVariable[], chosen: BenchmarkVariable[]): string[] {
  const has = (v: BenchmarkVariable) => new Set(v.periods.filter((p) => p.bodies > 0).map((p) => p.period));
  if (!chosen.length) return sortPeriods(vars.flatMap((v) => [...has(v)]));
  const sets = chosen.map(has);
  return sortPeriods([...sets[0]].filter((p) => sets.every((s) => s.has(p))));
}

/**
 * At most how many bodies can be units: the fewest bodies with data for one chosen variable in
 * one chosen period (a body needs every variable in every period). null until both are chosen.
 */
export function maxUnits(chosen: BenchmarkVariable[], periods: string[]): number | null {
  if (!chosen.length || !periods.length) return null;
  return Math.min(...chosen.flatMap((v) => bodiesIn(v, periods)));
}

// ---------- the "start a run" form ----------

export interface BenchmarkForm {
  kind: BenchmarkKind;
  /** variableValue of each chosen input; "" while a row is empty. */
  inputs: string[];
  outputs: string[];
  period: string;
  periods: string[];
  /** groupOptionValue: "all", "type", "region" or "group:12". */
  group: string;
  bodyText: string;
  rts: ReturnsToScale;
  orientation: Orientation;
  slacks: boolean;
  superEfficiency: boolean;
  bootstrap: string;
  seed: string;
  title: string;
}

export const EMPTY_FORM: BenchmarkForm = {
  kind: 'dea',
  inputs: [''],
  outputs: [''],
  period: '',
  periods: [],
  group: 'all',
  bodyText: '',
  rts: 'crs',
  orientation: 'input',
  slacks: false,
  superEfficiency: false,
  bootstrap: '0',
  seed: '1',
  title: '',
};

/** Returns to scale a kind allows: every model for DEA, CRS and VRS for Malmquist. */
export function allowedRts(kind: BenchmarkKind, models?: BenchmarkModels | null): ReturnsToScale[] {
  const all = models?.returns_to_scale.map((m) => m.key) ?? (['crs', 'vrs', 'nirs', 'ndrs'] as ReturnsToScale[]);
  return kind === 'malmquist' ? all.filter((k) => k === 'crs' || k === 'vrs') : all;
}

/** Switching kind keeps what still applies (a DEA-only model falls back to CRS). */
export function withKind(form: BenchmarkForm, kind: BenchmarkKind): BenchmarkForm {
  const rts = kind === 'malmquist' && form.rts !== 'crs' && form.rts !== 'vrs' ? 'crs' : form.rts;
  return { ...form, kind, rts };
}

/** Field ids of the form, as the error summary links to them. */
export const inputFieldId = (i: number) => `input-${i}`;
export const outputFieldId = (i: number) => `output-${i}`;

export interface BuiltSpec {
  spec: BenchmarkSpec | null;
  /** field id -> message, in the order the fields appear. */
  errors: Record<string, string>;
}

const INT = /^\s*\d+\s*$/;

/**
 * The BenchmarkSpec for the form, or the problems to fix first (each keyed by field id). Only the
 * keys the kind uses are sent: `period` and the DEA options for DEA, `periods` for Malmquist;
 * `group_id` with a named group, `body` with the same type or region.
 */
export function buildSpec(
  form: BenchmarkForm,
  ctx: { bodies: { id: number; name: string; code: string }[]; maxBootstrap?: number; variables?: BenchmarkVariable[] },
): BuiltSpec {
  const errors: Record<string, string> = {};
  const seen = new Map<string, string>();
  const nameOf = (value: string) => {
    const v = ctx.variables ? findVariable(ctx.variables, parseVariableValue(value)) : undefined;
    return v ? v.label : 'This variable';
  };
  const refs = (values: string[], side: 'input' | 'output'): VariableRef[] => {
    const out: VariableRef[] = [];
    values.forEach((value, i) => {
      const id = side === 'input' ? inputFieldId(i) : outputFieldId(i);
      if (!value) return;
      const ref = parseVariableValue(value);
      if (!ref) {
        errors[id] = `Choose an ${side} from the list`;
        return;
      }
      const before = seen.get(value);
      if (before) {
        errors[id] = `${nameOf(value)} is already chosen as ${before === 'input' ? 'an input' : 'an output'}`;
        return;
      }
      seen.set(value, side);
      out.push(ref);
    });
    return out;
  };
  const inputs = refs(form.inputs, 'input');
  if (!form.inputs.some(Boolean)) errors[inputFieldId(0)] = 'Choose at least one input';
  const outputs = refs(form.outputs, 'output');
  if (!form.outputs.some(Boolean)) errors[outputFieldId(0)] = 'Choose at least one output';

  const dea = form.kind === 'dea';
  const periods = sortPeriods(form.periods.filter(Boolean));
  if (dea && !form.period) errors.period = 'Choose a period';
  if (!dea && periods.length < 2) errors.periods = 'Choose at least two periods';

  const g = parseGroupOption(form.group);
  let body: number | null = null;
  if (g.group === 'type' || g.group === 'region') {
    const found = form.bodyText.trim() ? findBody(form.bodyText, ctx.bodies) : null;
    if (!form.bodyText.trim()) errors.body = `Choose the body whose ${g.group === 'type' ? 'type' : 'region'} to compare`;
    else if (!found) errors.body = 'Select a body from the list';
    else body = found.id;
  }
  if (!dea && form.rts !== 'crs' && form.rts !== 'vrs') errors.rts = 'Choose constant or variable returns to scale for Malmquist';

  let bootstrap = 0;
  let seed = 1;
  if (dea) {
    const max = ctx.maxBootstrap ?? 2000;
    const b = form.bootstrap.trim() === '' ? 0 : INT.test(form.bootstrap) ? Number(form.bootstrap) : Number.NaN;
    if (!Number.isFinite(b) || (b !== 0 && (b < 100 || b > max))) errors.bootstrap = `Enter 0, or a whole number of replicates from 100 to ${max}`;
    else bootstrap = b;
    if (bootstrap > 0) {
      if (!INT.test(form.seed)) errors.seed = 'Enter the seed as a whole number, for example 1';
      else seed = Number(form.seed);
      if (form.superEfficiency) errors.super_efficiency = 'Super-efficiency cannot be combined with bootstrap: untick one';
    }
  }
  if (Object.keys(errors).length) return { spec: null, errors: orderErrors(errors, form) };

  const spec: BenchmarkSpec = { kind: form.kind, title: form.title.trim(), inputs, outputs };
  if (dea) spec.period = form.period;
  else spec.periods = periods;
  spec.group = g.group;
  if (g.group === 'group') spec.group_id = g.groupId;
  if (body !== null) spec.body = body;
  spec.rts = form.rts;
  spec.orientation = form.orientation;
  if (dea) {
    spec.slacks = form.slacks;
    spec.super_efficiency = form.superEfficiency;
    spec.bootstrap = bootstrap;
    if (bootstrap > 0) spec.seed = seed;
  }
  return { spec, errors: {} };
}

/** The form's field ids in page order (for the error summary's order). */
export function formFieldOrder(form: Pick<BenchmarkForm, 'inputs' | 'outputs'>): string[] {
  return [
    'kind',
    ...form.inputs.map((_, i) => inputFieldId(i)),
    ...form.outputs.map((_, i) => outputFieldId(i)),
    'period',
    'periods',
    'group',
    'body',
    'rts',
    'orientation',
    'slacks',
    'super_efficiency',
    'bootstrap',
    'seed',
    'title',
  ];
}

function orderErrors(errors: Record<string, string>, form: Pick<BenchmarkForm, 'inputs' | 'outputs'>): Record<string, string> {
  const order = formFieldOrder(form);
  const keys = Object.keys(errors).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  });
  return Object.fromEntries(keys.map((k) => [k, errors[k]]));
}

/**
 * The form field a 422 detail's `where` (a JSON path of the spec: "inputs[1].key", "periods[0]",
 * "group_id") names, with words for the summary; undefined for a path the form has no field for.
 * Tolerates "$." and "/inputs/1/key" spellings.
 */
export function fieldForWhere(where: string): { field: string; label: string } | undefined {
  let w = where.trim().replace(/^\$\.?/, '');
  if (w.startsWith('/')) w = w.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const m = /^(inputs|outputs)(?:\[(\d+)\])?(?:\.(source|key))?$/.exec(w);
  if (m) {
    const i = m[2] === undefined ? 0 : Number(m[2]);
    const input = m[1] === 'inputs';
    return {
      field: input ? inputFieldId(i) : outputFieldId(i),
      label: m[2] === undefined ? (input ? 'Inputs' : 'Outputs') : `${input ? 'Input' : 'Output'} ${i + 1}`,
    };
  }
  const top = /^([a-z_]+)(?:\[\d+\])?$/.exec(w)?.[1];
  switch (top) {
    case 'kind':
      return { field: 'kind', label: 'Kind of run' };
    case 'period':
      return { field: 'period', label: 'Period' };
    case 'periods':
      return { field: 'periods', label: 'Periods' };
    case 'group':
    case 'group_id':
      return { field: 'group', label: 'Compare' };
    case 'body':
      return { field: 'body', label: 'Body' };
    case 'rts':
      return { field: 'rts', label: 'Returns to scale' };
    case 'orientation':
      return { field: 'orientation', label: 'Orientation' };
    case 'slacks':
      return { field: 'slacks', label: 'Slacks' };
    case 'super_efficiency':
      return { field: 'super_efficiency', label: 'Super-efficiency' };
    case 'bootstrap':
      return { field: 'bootstrap', label: 'Bootstrap' };
    case 'seed':
      return { field: 'seed', label: 'Seed' };
    case 'title':
      return { field: 'title', label: 'Title' };
    default:
      return undefined;
  }
}

/**
 * An API error as error-summary items (each detail linked to its field) and a message per field
 * for the inline errors (the first detail for a field wins; others still show in the summary).
 * `resolve` maps a detail's `where` to a field: this form's fieldForWhere unless another form's
 * is given (the linkage forms use it too).
 */
export function specErrors(
  err: Pick<ApiError, 'message' | 'details'>,
  resolve: (where: string) => { field: string; label: string } | undefined = fieldForWhere,
): { items: ErrorItem[]; fields: Record<string, string> } {
  const details: ErrorDetail[] = err.details ?? [];
  const items: ErrorItem[] = [];
  const fields: Record<string, string> = {};
  if (!details.some((d) => d.message === err.message)) items.push({ text: err.message });
  for (const d of details) {
    const target = d.where ? resolve(d.where) : undefined;
    if (target) {
      items.push({ text: `${target.label}: ${d.message}`, field: target.field });
      if (!(target.field in fields)) fields[target.field] = d.message;
    } else {
      items.push({ text: d.where ? `${d.where}: ${d.message}` : d.message });
    }
  }
  return { items, fields };
}

// ---------- a running job: Server-Sent Events, else polls ----------

export interface JobView {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
  fraction: number | null;
  message: string;
  cancelRequested: boolean;
  /** How progress arrives: the event stream, or (after it failed) a poll every second. */
  transport: 'stream' | 'poll';
  finished: boolean;
  benchmarkId: number | null;
  /** A succeeded job's whole `result` (a linkage run's `linkage_run_id`, say); null until then. */
  result: JobResult | null;
  error: { code: string; message: string; details?: ErrorDetail[] } | null;
}

export type JobAction =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; job: Job }
  | { type: 'polled'; job: Job }
  | { type: 'stream-failed' }
  | { type: 'cancel-requested'; job?: Job }
  | { type: 'gone'; error: { code: string; message: string } };

export function isFinished(status: JobStatus | string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** The view of a job just started (the 202 answer) or known only by id. */
export function initialJobView(job: Job | { id: string }): JobView {
  const j = job as Partial<Job> & { id: string };
  const base: JobView = {
    id: j.id,
    status: j.status ?? 'queued',
    done: j.done ?? 0,
    total: j.total ?? 0,
    fraction: j.fraction ?? null,
    message: j.message ?? '',
    cancelRequested: j.cancel_requested ?? false,
    transport: 'stream',
    finished: false,
    benchmarkId: null,
    result: null,
    error: null,
  };
  return 'status' in j && j.status ? fromJob(base, j as Job) : base;
}

function fromJob(view: JobView, job: Job): JobView {
  const finished = isFinished(job.status);
  return {
    ...view,
    status: job.status,
    done: job.done,
    total: job.total,
    fraction: job.fraction,
    message: job.message,
    cancelRequested: job.cancel_requested || view.cancelRequested,
    finished,
    benchmarkId: job.status === 'succeeded' ? (job.result?.benchmark_id ?? null) : null,
    result: job.status === 'succeeded' ? (job.result ?? null) : null,
    error:
      job.status === 'succeeded'
        ? null
        : job.error
          ? { code: job.error.code, message: job.error.message, details: job.error.details ?? [] }
          : job.status === 'failed'
            ? { code: 'failed', message: 'The run failed' }
            : job.status === 'cancelled'
              ? { code: 'cancelled', message: 'The run was cancelled' }
              : null,
  };
}

/**
 * The job's state after an event. A finished job stays as it finished: later progress, polls or
 * stream failures change nothing. `done` (the stream's last event) and a poll that finds the job
 * finished both finish it; a stream failure switches to polling; `gone` (the job is unknown, or
 * was dropped) ends it with the error.
 */
export function jobReducer(view: JobView, action: JobAction): JobView {
  if (view.finished) return view;
  switch (action.type) {
    case 'progress':
      return {
        ...view,
        status: isFinished(action.progress.status) ? view.status : action.progress.status,
        done: action.progress.done,
        total: action.progress.total,
        fraction: action.progress.fraction,
        message: action.progress.message,
      };
    case 'done':
    case 'polled':
      return fromJob(view, action.job);
    case 'stream-failed':
      return { ...view, transport: 'poll' };
    case 'cancel-requested':
      return action.job ? { ...fromJob(view, action.job), cancelRequested: true } : { ...view, cancelRequested: true };
    case 'gone':
      return { ...view, finished: true, status: 'failed', error: action.error };
  }
}

/** The fraction done (0..1), from the server's or from done/total; null when unknown. */
export function jobFraction(v: Pick<JobView, 'fraction' | 'done' | 'total' | 'status'>): number | null {
  if (v.status === 'succeeded') return 1;
  if (v.fraction !== null && v.fraction !== undefined && Number.isFinite(v.fraction)) return Math.max(0, Math.min(1, v.fraction));
  return v.total > 0 ? Math.max(0, Math.min(1, v.done / v.total)) : null;
}

/** "Waiting to start", "12 of 40 done (30%)", "Finished", "Stopping…". */
export function jobProgressText(v: JobView): string {
  if (v.status === 'queued') return v.cancelRequested ? 'Cancelling…' : 'Waiting to start';
  if (v.finished) {
    if (v.status === 'succeeded') return 'Finished';
    if (v.status === 'cancelled') return 'Cancelled';
    return 'Failed';
  }
  const f = jobFraction(v);
  const counts = v.total > 0 ? `${v.done} of ${v.total} done` : 'Running';
  const pct = f !== null && v.total > 0 ? ` (${Math.round(f * 100)}%)` : '';
  return `${counts}${pct}${v.cancelRequested ? ', stopping…' : ''}`;
}

/** Parses an SSE data line as JSON; null when it is not. */
export function parseEventData<T>(data: unknown): T | null {
  if (typeof data !== 'string' || !data) return null;
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

/** An API error body (`{"error":{code,message}}`) carried by the stream's `event: error`, if it is one. */
export function streamError(data: unknown): { code: string; message: string } | null {
  const body = parseEventData<{ error?: { code?: unknown; message?: unknown } }>(data);
  const e = body?.error;
  if (!e || typeof e !== 'object') return null;
  return {
    code: typeof e.code === 'string' ? e.code : 'error',
    message: typeof e.message === 'string' && e.message ? e.message : 'The run is no longer available',
  };
}
