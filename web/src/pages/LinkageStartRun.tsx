// An agreement's linkage runs (issue 5): the list (newest first, a page at a time) and the form
// that starts one: deduplicate one dataset or link two, with settings proposed from the data or
// written as `pvf link`'s S.json. A started run is a job: its progress (the stages arrive as the
// job's message) shows at /linkage/agreements/{id}?job=<id>, so a reload keeps watching it, with
// a Cancel button; when it finishes the page moves to the new run (as a benchmarking run's does).
import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable';
import type { ErrorItem } from '../components/ErrorSummary';
import { JobProgress } from '../components/JobProgress';
import { ShowMore, useCursorList } from '../components/LinkageParts';
import { ErrorSummary, LoadError, Loading, Radios, Select, TextInput, Textarea, errorItems } from '../components/ui';
import { toApiError } from '../hooks';
import { buildRunSpec, datasetFieldId, EMPTY_RUN_FORM, runErrors, settingsTemplate, type RunForm } from '../linkage';
import { linkageApi } from '../linkageApi';
import { linkageRunsTable } from '../linkageTables';
import { formatNumber } from '../measure';
import { href, navigate } from '../router';
import { setFlash } from '../state';
import type { Agreement, Job, LinkageDataset } from '../types';

const PAGE_SIZE = 20;

/** Jobs this tab started, so the progress view starts from the 202 answer rather than an id. */
const startedJobs = new Map<string, Job>();

export function RunsSection({ agreementId, tick }: { agreementId: number; tick: number }) {
  const list = useCursorList((cursor) => linkageApi.listRuns({ agreement: agreementId, limit: PAGE_SIZE, cursor }), [agreementId, tick]);
  return (
    <section aria-labelledby="runs-title">
      <h2 class="govuk-heading-m" id="runs-title">
        Linkage runs
      </h2>
      {list.loading && !list.items.length ? <Loading what="Loading runs" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <p class="govuk-body" data-testid="no-runs">
          There are no runs yet.
        </p>
      ) : null}
      {list.items.length ? (
        <DataTable id="runs" caption="Linkage runs, newest first" captionClass="govuk-visually-hidden" model={linkageRunsTable(list.items)} small />
      ) : null}
      <ShowMore list={list} what="runs" />
    </section>
  );
}

export function StartRunSection({
  a,
  datasets,
  jobId,
  onFinished,
  onErrors,
}: {
  a: Agreement;
  datasets: LinkageDataset[] | null;
  jobId: string | null;
  onFinished: () => void;
  /** Whether the form shows errors (for the page title). */
  onErrors?: (form: string, has: boolean) => void;
}) {
  if (jobId) {
    return (
      <section aria-labelledby="job-section-title" class="pvf-start-run">
        <h2 class="govuk-visually-hidden" id="job-section-title">
          The linkage run you started
        </h2>
        <JobProgress
          key={jobId}
          what="linkage run"
          job={startedJobs.get(jobId) ?? { id: jobId }}
          onSucceeded={(v) => {
            const id = v.result?.linkage_run_id;
            onFinished();
            if (typeof id === 'number') {
              startedJobs.delete(jobId);
              setFlash('The linkage run has finished.');
              navigate(`/linkage/runs/${id}`, { replace: true });
            }
          }}
        />
        <p class="govuk-body">
          <a class="govuk-link" href={`/linkage/agreements/${a.id}`}>
            Start another run
          </a>
        </p>
      </section>
    );
  }
  if (a.expired) return null;
  if (!datasets) return null;
  return <StartRunForm a={a} datasets={datasets} onErrors={onErrors} />;
}

function StartRunForm({ a, datasets, onErrors }: { a: Agreement; datasets: LinkageDataset[]; onErrors?: (form: string, has: boolean) => void }) {
  const [form, setForm] = useState<RunForm>(EMPTY_RUN_FORM);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const hasErrors = errors.length > 0;
  useEffect(() => {
    onErrors?.('run', hasErrors);
  }, [hasErrors, onErrors]);
  useEffect(() => () => onErrors?.('run', false), [onErrors]);
  const set = (patch: Partial<RunForm>) => setForm((f) => ({ ...f, ...patch }));
  const link = form.mode === 'link';

  if (!datasets.length) {
    return (
      <section aria-labelledby="start-run" class="pvf-start-run">
        <h2 class="govuk-heading-m" id="start-run">
          Start a linkage run
        </h2>
        <p class="govuk-body">Upload a dataset first: a run deduplicates one dataset or links two.</p>
      </section>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = buildRunSpec(form, datasets);
    if (!built.spec) {
      setFieldErrors(built.errors);
      setErrors(Object.entries(built.errors).map(([field, text]) => ({ text, field })));
      return;
    }
    setBusy(true);
    try {
      const job = await linkageApi.startRun(built.spec);
      setErrors([]);
      setFieldErrors({});
      startedJobs.set(job.id, job);
      navigate(href(`/linkage/agreements/${a.id}`, { job: job.id }));
    } catch (err) {
      const ae = toApiError(err);
      if (ae.status === 422 || ae.status === 400) {
        const { items, fields } = runErrors(ae);
        setFieldErrors(fields);
        setErrors(items);
      } else {
        setFieldErrors({});
        setErrors(errorItems(ae));
      }
    } finally {
      setBusy(false);
    }
  };

  const options = [
    { value: '', text: 'Choose a dataset' },
    ...datasets.map((d) => ({ value: String(d.id), text: `${d.name} (${d.party}, ${formatNumber(d.rows, 0)} rows, id column ${d.id_column})` })),
  ];
  const chosen = (link ? form.datasets : [form.datasets[0]]).map((v) => datasets.find((d) => String(d.id) === v)).filter((d): d is LinkageDataset => !!d);
  return (
    <section aria-labelledby="start-run" class="pvf-start-run">
      <h2 class="govuk-heading-m" id="start-run" tabIndex={-1}>
        Start a linkage run
      </h2>
      <ErrorSummary items={errors} />
      <form onSubmit={submit} noValidate data-testid="start-run-form" class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <TextInput id="title" label="Title (optional)" labelClass="govuk-label--s" hint="Leave empty to name the run after its datasets." value={form.title} onInput={(v) => set({ title: v })} error={fieldErrors.title} />
          <Radios
            id="mode"
            name="mode"
            legend="What to do"
            legendClass="govuk-fieldset__legend--s"
            value={form.mode}
            onChange={(v) => set({ mode: v as RunForm['mode'] })}
            options={[
              { value: 'dedupe', text: 'Deduplicate one dataset', hint: 'Find the records within one dataset that are about the same person.' },
              { value: 'link', text: 'Link two datasets', hint: 'Find the records of one dataset that are about the same person as a record of the other.' },
            ]}
          />
          <Select
            id={datasetFieldId(0)}
            label={link ? 'First dataset' : 'Dataset'}
            labelClass="govuk-label--s"
            value={form.datasets[0]}
            onChange={(v) => setForm((f) => ({ ...f, datasets: [v, f.datasets[1]] }))}
            error={fieldErrors[datasetFieldId(0)]}
            options={options}
          />
          {link ? (
            <Select
              id={datasetFieldId(1)}
              label="Second dataset"
              labelClass="govuk-label--s"
              hint="It must use the same id column as the first."
              value={form.datasets[1]}
              onChange={(v) => setForm((f) => ({ ...f, datasets: [f.datasets[0], v] }))}
              error={fieldErrors[datasetFieldId(1)]}
              options={options}
            />
          ) : null}
          <Radios
            id="settings-mode"
            name="settings-mode"
            legend="Settings"
            legendClass="govuk-fieldset__legend--s"
            value={form.settingsMode}
            onChange={(v) => set({ settingsMode: v as RunForm['settingsMode'] })}
            options={[
              {
                value: 'propose',
                text: 'Propose settings from the data',
                hint: 'pvf recognises names, dates of birth, postcodes and reference numbers by their column names and values, and chooses blocking rules in proportion to the data. The run shows what it chose.',
              },
              { value: 'json', text: 'Write the settings (S.json)', hint: 'The settings file of pvf link: blocking rules, comparisons and the threshold.' },
            ]}
          />
          {form.settingsMode === 'json' ? (
            <>
              <Textarea
                id="settings"
                label="Settings as JSON"
                labelClass="govuk-label--s"
                hint={`"link_type" must be "${link ? 'link_only' : 'dedupe_only'}" and "unique_id_column" the datasets’ id column.`}
                rows={14}
                value={form.settingsText}
                onInput={(v) => set({ settingsText: v })}
                error={fieldErrors.settings}
              />
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => set({ settingsText: settingsTemplate(form.mode, chosen) })}
                data-testid="settings-template"
              >
                {form.settingsText.trim() ? 'Replace with a template' : 'Start from a template'}
              </button>
            </>
          ) : null}
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" disabled={busy} data-module="govuk-button">
              Start run
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
