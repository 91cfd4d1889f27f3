// Pure helpers for the record linkage pages (issue 5): words for link types and prior sources,
// the run's sections and their URLs (record references carry dataset ids and row numbers only,
// never values or unique ids), the "new agreement", "upload a dataset" and "start a run" forms
// (the requests built from them, the checks made before sending, and the server's 422 details
// mapped back to their fields), and a settings template. No DOM, no fetch: tested.
import type { ApiError } from './api';
import { specErrors } from './benchmark';
import type { ErrorItem } from './components/ErrorSummary';
import { formatProbability, formatWeight, pluralise } from './format';
import { firstProblems, formatNumber, formatPercent } from './measure';
import type {
  AgreementInput,
  LinkageDataset,
  LinkageQuality,
  LinkageRunSpec,
  LinkageRunSummary,
  LinkType,
  RecordRef,
  ReviewLabelValue,
} from './types';

// ---------- words ----------

export const LINK_TYPE_LABELS: Record<LinkType, string> = {
  dedupe_only: 'Deduplication',
  link_only: 'Linking two datasets',
};

export function linkTypeLabel(t: LinkType | string): string {
  return (LINK_TYPE_LABELS as Record<string, string>)[t] ?? t;
}

const PRIOR_SOURCES: Record<string, string> = {
  em: 'estimated by EM over the candidate pairs',
  fixed: 'fixed in the settings',
  deterministic_rules: 'from the deterministic rules and their assumed recall',
  model: 'from a reused model',
};

export function priorSourceText(source: string | null | undefined): string {
  if (!source) return '';
  return PRIOR_SOURCES[source] ?? source.replace(/_/g, ' ');
}

export function reviewText(r: ReviewLabelValue | null | undefined): string {
  return r === 'match' ? 'Match' : r === 'non_match' ? 'Not a match' : 'Not reviewed';
}

/** A run's title, or one made from its kind and datasets when it has none. */
export function linkageRunTitle(r: Pick<LinkageRunSummary, 'title' | 'link_type' | 'datasets' | 'id'>): string {
  if (r.title?.trim()) return r.title.trim();
  const names = r.datasets.map((d) => d.name);
  if (!names.length) return `Linkage run ${r.id}`;
  return r.link_type === 'link_only' ? `${names.join(' linked with ')}` : `${names[0]}, deduplicated`;
}

/** A match weight as a probability: 2^w / (1 + 2^w). */
export function weightToProbability(w: number): number {
  if (w > 60) return 1;
  if (w < -60) return 0;
  const bf = 2 ** w;
  return bf / (1 + bf);
}

/** "Council (row 12)" for a record reference, with the run's dataset names. */
export function refText(ref: RecordRef, datasets: { id: number; name: string }[]): string {
  const d = datasets.find((x) => x.id === ref.dataset_id);
  return `${d?.name ?? `Dataset ${ref.dataset_id}`}, row ${formatNumber(ref.row, 0)}`;
}

/** "Estimated precision 96.0% and recall 90.0%, from 12 labels in 5 match-weight bins." */
export function qualitySentence(q: LinkageQuality | null | undefined): string {
  if (!q) return 'No pairs have been reviewed yet, so precision and recall are the model’s own estimates.';
  const p = q.precision === null || q.precision === undefined ? 'unknown' : formatPercent(q.precision, 1);
  const r = q.recall === null || q.recall === undefined ? 'unknown' : formatPercent(q.recall, 1);
  return `Estimated precision ${p} and recall ${r}, from ${pluralise(q.labels, 'label')} in ${pluralise(q.bins_reviewed, 'match-weight bin')}.`;
}

/** "3.20 (probability 0.9020)". */
export function weightAndProbability(w: number, p: number): string {
  return `${formatWeight(w)} (probability ${formatProbability(p)})`;
}

/**
 * Whether a member in this role may change an agreement's data: upload and delete datasets,
 * start and delete runs, explain and label pairs, and see people's records. Viewers stay
 * read-only here as everywhere and see a run's results (model, pairs by reference, cluster
 * sizes), never records: the API answers 403.
 */
export function canChangeLinkage(role: string | null | undefined): boolean {
  return !!role && role !== 'viewer';
}

/** "15,859 candidate pairs of the 1,429,391 the data could make" (total_pairs: every pair the data could make). */
export function candidatePairsText(candidatePairs: number, totalPairs: number): string {
  const n = (v: number) => formatNumber(v, 0);
  return `${n(candidatePairs)} candidate ${candidatePairs === 1 ? 'pair' : 'pairs'} of the ${n(totalPairs)} the data could make`;
}

// ---------- a run's sections and their URLs ----------

export type RunSection = 'summary' | 'model' | 'pairs' | 'explain' | 'clusters' | 'cluster' | 'review';

export const RUN_SECTIONS: { key: Exclude<RunSection, 'cluster'>; text: string; path: string }[] = [
  { key: 'summary', text: 'Summary', path: '' },
  { key: 'model', text: 'Model', path: '/model' },
  { key: 'pairs', text: 'Pairs', path: '/pairs' },
  { key: 'explain', text: 'Explain a pair', path: '/pairs/explain' },
  { key: 'clusters', text: 'Clusters', path: '/clusters' },
  { key: 'review', text: 'Clerical review', path: '/review' },
];

/** The sections a user may open: viewers cannot ask for a pair's explanation (a POST the API refuses them). */
export function runSections(canChange: boolean): typeof RUN_SECTIONS {
  return canChange ? RUN_SECTIONS : RUN_SECTIONS.filter((s) => s.key !== 'explain');
}

export function runSectionHref(id: number, section: Exclude<RunSection, 'cluster'>): string {
  return `/linkage/runs/${id}${RUN_SECTIONS.find((s) => s.key === section)?.path ?? ''}`;
}

export function clusterHref(id: number, cluster: number): string {
  return `/linkage/runs/${id}/clusters/${cluster}`;
}

/** The explanation page for two records: dataset ids and row numbers only, never values. */
export function explainHref(id: number, left?: RecordRef | null, right?: RecordRef | null): string {
  const q = new URLSearchParams();
  if (left) {
    q.set('left_dataset', String(left.dataset_id));
    q.set('left_row', String(left.row));
  }
  if (right) {
    q.set('right_dataset', String(right.dataset_id));
    q.set('right_row', String(right.row));
  }
  const s = q.toString();
  return `/linkage/runs/${id}/pairs/explain${s ? `?${s}` : ''}`;
}

export function positiveInt(s: string | null | undefined): number | null {
  return s && /^\d+$/.test(s.trim()) && Number(s) > 0 && Number.isSafeInteger(Number(s)) ? Number(s) : null;
}

/** The two records of the explanation page's URL; a side is null unless both its numbers are there. */
export function parseExplainQuery(search: string | URLSearchParams): { left: RecordRef | null; right: RecordRef | null } {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const side = (s: 'left' | 'right'): RecordRef | null => {
    const d = positiveInt(q.get(`${s}_dataset`));
    const r = positiveInt(q.get(`${s}_row`));
    return d !== null && r !== null ? { dataset_id: d, row: r } : null;
  };
  return { left: side('left'), right: side('right') };
}

/** A number typed in a filter ("−2.5" with a true minus too); null when empty or not a number. */
export function parseNumberInput(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  const t = s.trim().replace(/\u2212/g, '-');
  if (!t || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return Number(t);
}

// ---------- a new data-sharing agreement ----------

export interface AgreementForm {
  title: string;
  purpose: string;
  lawfulBasis: string;
  /** One a line. */
  parties: string;
  /** One a line, or separated by commas. */
  fields: string;
  day: string;
  month: string;
  year: string;
  memberIds: number[];
}

export const EMPTY_AGREEMENT_FORM: AgreementForm = {
  title: '',
  purpose: '',
  lawfulBasis: '',
  parties: '',
  fields: '',
  day: '',
  month: '',
  year: '',
  memberIds: [],
};

/** Lines, trimmed, empty ones and repeats left out. */
export function splitLines(s: string): string[] {
  return [...new Set(s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean))];
}

/** Column names one a line or separated by commas. */
export function splitFields(s: string): string[] {
  return [...new Set(s.split(/[\r\n,]+/).map((x) => x.trim()).filter(Boolean))];
}

/** The ISO date of a day, month and year as typed; null when it is not a real date. */
export function isoDate(day: string, month: string, year: string): string | null {
  const d = Number(day.trim());
  const m = Number(month.trim());
  const y = Number(year.trim());
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Today as an ISO date in local time. */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The field ids of the agreement form, in page order (the error summary follows it). */
export const AGREEMENT_FIELDS = ['title', 'purpose', 'lawful-basis', 'parties', 'fields', 'retain-until-day', 'members'] as const;

/** The request of the form, or the errors by field id (checked before sending). */
export function buildAgreementInput(
  form: AgreementForm,
  today = todayIso(),
): { input: AgreementInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = form.title.trim();
  if (!title) errors.title = 'Enter a title';
  else if ([...title].length > 200) errors.title = 'Title must be 200 characters or fewer';
  if (!form.purpose.trim()) errors.purpose = 'Enter the purpose of the sharing';
  if (!form.lawfulBasis.trim()) errors['lawful-basis'] = 'Enter the lawful basis';
  const parties = splitLines(form.parties);
  if (!parties.length) errors.parties = 'Enter at least one party';
  const fields = splitFields(form.fields);
  if (!fields.length) errors.fields = 'Enter at least one field';
  else {
    const bad = fields.find((f) => /\s/.test(f));
    if (bad) errors.fields = `“${bad}” is not a column name: column names have no spaces`;
  }
  const blank = !form.day.trim() && !form.month.trim() && !form.year.trim();
  const date = isoDate(form.day, form.month, form.year);
  if (blank) errors['retain-until-day'] = 'Enter the date the data may be kept until';
  else if (!date) errors['retain-until-day'] = 'Retain until must be a real date';
  else if (date <= today) errors['retain-until-day'] = 'Retain until must be in the future';
  if (Object.keys(errors).length) return { input: null, errors };
  return {
    input: {
      title,
      purpose: form.purpose.trim(),
      lawful_basis: form.lawfulBasis.trim(),
      parties,
      fields,
      retain_until: date as string,
      member_ids: [...form.memberIds],
    },
    errors,
  };
}

/** The agreement form's field for a 422 detail's `where` (`title`, `parties[1]`, `$.retain_until`). */
export function agreementFieldForWhere(where: string): { field: string; label: string } | undefined {
  const top = /^([a-z_]+)/.exec(where.trim().replace(/^\$\.?/, '').replace(/^\//, ''))?.[1];
  switch (top) {
    case 'title':
      return { field: 'title', label: 'Title' };
    case 'purpose':
      return { field: 'purpose', label: 'Purpose' };
    case 'lawful_basis':
      return { field: 'lawful-basis', label: 'Lawful basis' };
    case 'parties':
      return { field: 'parties', label: 'Parties' };
    case 'fields':
      return { field: 'fields', label: 'Fields' };
    case 'retain_until':
      return { field: 'retain-until-day', label: 'Retain until' };
    case 'member_ids':
    case 'user_ids':
      return { field: 'members', label: 'Members' };
    default:
      return undefined;
  }
}

export function agreementErrors(err: Pick<ApiError, 'message' | 'details'>): { items: ErrorItem[]; fields: Record<string, string> } {
  return specErrors(err, agreementFieldForWhere);
}

// ---------- uploading a dataset ----------

export const MAX_PROBLEMS_SHOWN = 50;

/** The id column to offer first: `unique_id` when the agreement has it, else its first field. */
export function defaultIdColumn(fields: string[]): string {
  return fields.includes('unique_id') ? 'unique_id' : (fields[0] ?? '');
}

/** A dataset name from a file name: "council people.csv" -> "council people". */
export function nameFromFile(filename: string): string {
  return filename.replace(/\.[^.]+$/, '').trim();
}

function datasetFieldForWhere(where: string): { field: string; label: string } | undefined {
  switch (where.trim()) {
    case 'name':
      return { field: 'dataset-name', label: 'Name' };
    case 'party':
      return { field: 'dataset-party', label: 'Party' };
    case 'id_column':
      return { field: 'dataset-id-column', label: 'Id column' };
    default:
      return undefined;
  }
}

/**
 * A refused upload's problems for the error summary: the message, the first 50 details (a row's
 * place "name.csv:12:date_of_birth" kept whole, so it can be found in the file; the query's
 * name, party and id column linked to their fields), then how many more; and the inline errors.
 */
export function datasetErrors(err: Pick<ApiError, 'message' | 'details'>, limit = MAX_PROBLEMS_SHOWN): { items: ErrorItem[]; fields: Record<string, string> } {
  const { shown, more } = firstProblems(err.details ?? [], limit);
  const { items, fields } = specErrors({ message: err.message, details: shown }, (where) => datasetFieldForWhere(where) ?? (/^.+:\d+(:.+)?$/.test(where) ? { field: '', label: where } : undefined));
  for (const i of items) if (i.field === '') delete i.field;
  delete fields[''];
  if (more > 0) items.push({ text: `And ${formatNumber(more, 0)} more ${more === 1 ? 'problem' : 'problems'} not listed here.` });
  const rows = (err.details ?? []).filter((d) => d.where && !datasetFieldForWhere(d.where)).length;
  if (rows) fields['dataset-file'] = `The file was not uploaded: it has ${formatNumber(rows, 0)} ${rows === 1 ? 'problem' : 'problems'}`;
  return { items, fields };
}

// ---------- starting a run ----------

export interface RunForm {
  title: string;
  mode: 'dedupe' | 'link';
  /** Dataset ids as chosen in the selects ("" = none). */
  datasets: [string, string];
  settingsMode: 'propose' | 'json';
  settingsText: string;
}

export const EMPTY_RUN_FORM: RunForm = { title: '', mode: 'dedupe', datasets: ['', ''], settingsMode: 'propose', settingsText: '' };

export function datasetFieldId(i: number): string {
  return i === 0 ? 'dataset-0' : `dataset-${i}`;
}

/** The request of the form, or the errors by field id (checked before sending). */
export function buildRunSpec(form: RunForm, datasets: LinkageDataset[]): { spec: LinkageRunSpec | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const count = form.mode === 'link' ? 2 : 1;
  const chosen: LinkageDataset[] = [];
  for (let i = 0; i < count; i++) {
    const d = datasets.find((x) => String(x.id) === form.datasets[i]);
    if (!d) errors[datasetFieldId(i)] = count === 1 ? 'Choose a dataset' : `Choose the ${i === 0 ? 'first' : 'second'} dataset`;
    else chosen.push(d);
  }
  if (chosen.length === 2) {
    if (chosen[0].id === chosen[1].id) errors[datasetFieldId(1)] = 'Choose two different datasets';
    else if (chosen[0].id_column !== chosen[1].id_column)
      errors[datasetFieldId(1)] = `The datasets must share their id column: ${chosen[0].name} uses “${chosen[0].id_column}”, ${chosen[1].name} “${chosen[1].id_column}”`;
  }
  let settings: Record<string, unknown> | null = null;
  if (form.settingsMode === 'json') {
    const text = form.settingsText.trim();
    if (!text) errors.settings = 'Enter the settings as JSON, or choose to have them proposed from the data';
    else {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) errors.settings = 'The settings must be a JSON object: { … }';
        else {
          settings = parsed as Record<string, unknown>;
          const want: LinkType = form.mode === 'link' ? 'link_only' : 'dedupe_only';
          if (settings.link_type !== undefined && settings.link_type !== want)
            errors.settings = `link_type must be “${want}” to ${form.mode === 'link' ? 'link two datasets' : 'deduplicate one dataset'}`;
        }
      } catch (e) {
        errors.settings = `The settings are not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  if ([...form.title.trim()].length > 200) errors.title = 'Title must be 200 characters or fewer';
  if (Object.keys(errors).length) return { spec: null, errors: orderRunErrors(errors) };
  return { spec: { title: form.title.trim(), dataset_ids: chosen.map((d) => d.id), settings }, errors };
}

function orderRunErrors(errors: Record<string, string>): Record<string, string> {
  const order = ['title', datasetFieldId(0), datasetFieldId(1), 'settings'];
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}

/**
 * The start-run form's field for a 422 detail's `where`: `dataset_ids[1]` the second dataset,
 * `settings.comparisons[1].method` the settings (named by the rest of the path), `title`.
 */
export function runFieldForWhere(where: string): { field: string; label: string } | undefined {
  const w = where.trim().replace(/^\$\.?/, '');
  const ds = /^dataset_ids(?:\[(\d+)\])?/.exec(w);
  if (ds) {
    const i = ds[1] === undefined ? 0 : Math.min(1, Number(ds[1]));
    return { field: datasetFieldId(i), label: ds[1] === undefined ? 'Datasets' : i === 0 ? 'First dataset' : 'Second dataset' };
  }
  const st = /^settings(?:([.[].*))?$/.exec(w);
  if (st) {
    const rest = (st[1] ?? '').replace(/^\./, '');
    return { field: 'settings', label: rest ? `Settings, ${rest}` : 'Settings' };
  }
  if (/^title\b/.test(w)) return { field: 'title', label: 'Title' };
  return undefined;
}

export function runErrors(err: Pick<ApiError, 'message' | 'details'>): { items: ErrorItem[]; fields: Record<string, string> } {
  return specErrors(err, runFieldForWhere);
}

/**
 * A starting point for hand-written settings: the datasets' id column, no blocking (every pair;
 * fine for small files), and an exact comparison of each other column the datasets share.
 */
export function settingsTemplate(mode: RunForm['mode'], chosen: LinkageDataset[]): string {
  const idColumn = chosen[0]?.id_column ?? 'unique_id';
  const shared = chosen.length
    ? chosen[0].columns.filter((c) => c !== idColumn && chosen.every((d) => d.columns.includes(c)))
    : [];
  const settings = {
    link_type: mode === 'link' ? 'link_only' : 'dedupe_only',
    unique_id_column: idColumn,
    blocking_rules: [] as string[][],
    comparisons: shared.map((column) => ({ column, method: 'exact' })),
    threshold_match_probability: 0.5,
  };
  return JSON.stringify(settings, null, 2);
}

// ---------- review ----------

/** The comparison level's label of a pair's gamma for a column, from the run's model. */
export function levelLabel(model: { comparisons: { column: string; levels: { gamma: number; label: string }[] }[] }, column: string, gamma: number | undefined): string {
  if (gamma === undefined) return '';
  if (gamma === -1) return 'missing in either record';
  const c = model.comparisons.find((x) => x.column === column);
  return c?.levels.find((l) => l.gamma === gamma)?.label ?? `level ${gamma}`;
}
