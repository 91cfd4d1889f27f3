// Import measurement data from CSV (issue 3): choose the kind, choose a file, upload it. An
// import is one transaction on the server: a file with any problem is refused whole and every
// problem comes back (there can be hundreds: the first 50 are listed, with a count of the rest).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorSummary, errorItems, type ErrorItem, type WhereTarget } from '../components/ErrorSummary';
import { Breadcrumbs, Radios, SuccessBanner, SummaryList } from '../components/ui';
import { toApiError, usePageTitle, useSession } from '../hooks';
import { firstProblems, formatNumber as fmtInt, formatSeconds, IMPORT_KIND_INFO, importKindsFor } from '../measure';
import type { ImportKind, ImportResult } from '../types';

export const MAX_PROBLEMS_SHOWN = 50;

/** A problem's place as the server gives it, "file.csv:12:value" (file, row, column), kept whole. */
function problemPlace(where: string): WhereTarget | undefined {
  return /^.+:\d+(:.+)?$/.test(where) ? { label: where } : undefined;
}

/**
 * Error-summary items for a refused import: the message, the first 50 problems, each as
 * "file.csv:12:value: message" so it can be found in the file, then how many more.
 */
export function importProblemItems(err: ApiError, limit = MAX_PROBLEMS_SHOWN): ErrorItem[] {
  const { shown, more } = firstProblems(err.details, limit);
  const items = errorItems(new ApiError(err.status, err.code, err.message, shown), {}, problemPlace);
  if (more > 0) items.push({ text: `And ${fmtInt(more, 0)} more ${more === 1 ? 'problem' : 'problems'} not listed here. Fix these and upload the file again to see the rest.` });
  return items;
}

/** The summary list rows of an import's result. */
export function importResultRows(r: ImportResult): { key: string; value: string }[] {
  const info = IMPORT_KIND_INFO.find((k) => k.kind === r.kind);
  const n = (v: number | null | undefined) => fmtInt(v ?? 0, 0);
  return [
    { key: 'Kind of data', value: info?.label ?? String(r.kind) },
    { key: 'File', value: `${r.filename}${r.format ? ` (${r.format.toUpperCase()})` : ''}` },
    { key: 'Rows read', value: n(r.rows) },
    { key: 'New', value: n(r.inserted) },
    { key: 'Updated', value: n(r.updated) },
    { key: 'Unchanged', value: n(r.unchanged) },
    { key: 'Blank rows skipped', value: n(r.skipped_blank) },
    { key: 'Bodies created', value: n(r.bodies_created) },
    { key: 'Indicators created', value: n(r.indicators_created) },
    { key: 'Time taken', value: formatSeconds(r.seconds) },
  ];
}

export function ImportsPage() {
  const { user } = useSession();
  const kinds = importKindsFor(user?.role);
  const initial = new URLSearchParams(window.location.search).get('kind') ?? '';
  const [kind, setKind] = useState<string>(kinds.some((k) => k.kind === initial) ? initial : '');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<{ kind?: string; file?: string }>({});
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle('Import data', errors.length > 0);

  if (!kinds.length) {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot import data</h1>
        <p class="govuk-body">Only administrators, Treasury analysts and body leads can import data.</p>
      </>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    const fe: { kind?: string; file?: string } = {};
    if (!kind) fe.kind = 'Select the kind of data';
    if (!file) fe.file = 'Select a CSV file';
    setFieldErrors(fe);
    if (fe.kind || fe.file) {
      setErrors([
        ...(fe.kind ? [{ text: fe.kind, field: 'kind' }] : []),
        ...(fe.file ? [{ text: fe.file, field: 'import-file' }] : []),
      ]);
      return;
    }
    setBusy(true);
    try {
      const r = await api.importData(kind as ImportKind, file!.name, file!.text);
      setErrors([]);
      setResult(r);
    } catch (err) {
      const ae = toApiError(err);
      // Problems in the file come as details (422; a body lead writing another body's rows: 403).
      setErrors(ae.details.length ? importProblemItems(ae) : errorItems(ae));
      setFieldErrors({
        file:
          ae.details.length
            ? `The file was not imported: it has ${fmtInt(ae.details.length, 0)} ${ae.details.length === 1 ? 'problem' : 'problems'}`
            : ae.message,
      });
    } finally {
      setBusy(false);
    }
  };

  const problemCount = errors.length;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Import data' }]} />
        <ErrorSummary items={errors} title={problemCount > 1 ? 'The file was not imported' : 'There is a problem'} />
        {result ? (
          <SuccessBanner title="Import complete">
            <h3 class="govuk-notification-banner__heading">
              {fmtInt(result.rows, 0)} rows read from {result.filename}
            </h3>
            <p class="govuk-body">
              <a class="govuk-notification-banner__link" href="/indicators">
                Explore indicators
              </a>
            </p>
          </SuccessBanner>
        ) : null}
        <h1 class="govuk-heading-l">Import data</h1>
        <p class="govuk-body">
          Upload a CSV file with a header row. If any row has a problem, nothing is imported and every problem is listed.
          Importing the same file again changes nothing.
        </p>
        {user?.role === 'body_lead' ? (
          <p class="govuk-body">As a body lead you can import data for your own body only.</p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <Radios
            id="kind"
            name="kind"
            legend="What kind of data is in the file?"
            value={kind}
            onChange={(v) => setKind(v)}
            error={fieldErrors.kind}
            small
            options={kinds.map((k) => ({ value: k.kind, text: k.label, hint: k.hint }))}
          />
          <div class={`govuk-form-group${fieldErrors.file ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--m" for="import-file">
              Upload a CSV file
            </label>
            {fieldErrors.file ? (
              <p id="import-file-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {fieldErrors.file}
              </p>
            ) : null}
            <input
              class={`govuk-file-upload${fieldErrors.file ? ' govuk-file-upload--error' : ''}`}
              id="import-file"
              name="import-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={fieldErrors.file ? 'import-file-error' : undefined}
              onChange={async (e) => {
                const f = (e.currentTarget as HTMLInputElement).files?.[0];
                if (!f) return setFile(null);
                try {
                  setFile({ name: f.name, text: await f.text() });
                  setFieldErrors({ ...fieldErrors, file: undefined });
                } catch {
                  setFile(null);
                  setFieldErrors({ ...fieldErrors, file: 'The file could not be read. Choose it again.' });
                }
              }}
            />
          </div>
          <button type="submit" class="govuk-button" disabled={busy} aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Importing…' : 'Import file'}
          </button>
        </form>
        {result ? (
          <section aria-labelledby="result-title">
            <h2 class="govuk-heading-m" id="result-title">
              What was imported
            </h2>
            <SummaryList rows={importResultRows(result)} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
