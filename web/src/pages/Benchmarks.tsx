// Benchmarking (issue 4): the stored runs (newest first, a page at a time) and, for
// administrators and Treasury analysts, the form that starts one: DEA efficiency for one period
// or Malmquist productivity change over periods. A started run is a job whose progress shows
// here (/benchmarks?job=<id>, so a reload keeps watching it) until it opens the new run.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import {
  allowedRts,
  buildSpec,
  coverageText,
  EMPTY_FORM,
  findVariable,
  inputFieldId,
  maxUnits,
  outputFieldId,
  parseVariableValue,
  periodsWithData,
  rtsTitle,
  sourceTitle,
  specErrors,
  variableText,
  variableValue,
  withKind,
  type BenchmarkForm,
} from '../benchmark';
import { benchmarksTable } from '../benchmarkTables';
import { BodyPicker } from '../components/BodyPicker';
import type { ErrorItem } from '../components/ErrorSummary';
import { JobProgress } from '../components/JobProgress';
import { DataTable } from '../components/DataTable';
import { Breadcrumbs, ErrorSummary, Fieldset, LoadError, Loading, Radios, Select, SuccessBanner, TextInput, errorItems } from '../components/ui';
import { pluralise } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { groupOptions, parseGroupOption } from '../measure';
import { sortPeriods } from '../measureTables';
import { href, navigate } from '../router';
import { can, setFlash, takeFlash } from '../state';
import type { BenchmarkKind, BenchmarkModels, BenchmarkSummary, BenchmarkVariable, Body, ComparisonGroup, Job, ListResponse } from '../types';

const PAGE_SIZE = 50;

/** Jobs this tab started, so the progress view starts from the 202 answer rather than an id. */
const startedJobs = new Map<string, Job>();

function positiveInt(s: string | null): number | null {
  return s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null;
}

export function BenchmarksPage() {
  const { user } = useSession();
  const qs = new URLSearchParams(window.location.search);
  const kindQ = qs.get('kind');
  const kind: BenchmarkKind | null = kindQ === 'dea' || kindQ === 'malmquist' ? kindQ : null;
  const body = positiveInt(qs.get('body'));
  const jobId = qs.get('job');
  const [flash] = useState(takeFlash);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  usePageTitle(jobId ? 'Running a benchmark' : 'Benchmarking', errors.length > 0);
  const models = useAsync(() => api.getBenchmarkModels(), []);
  const mayRun = can(user, 'runBenchmarks');

  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Benchmarking', href: jobId ? '/benchmarks' : undefined }, ...(jobId ? [{ text: 'Running' }] : [])]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <ErrorSummary items={errors} />
      <h1 class="govuk-heading-l">Benchmarking</h1>
      {jobId ? (
        <>
          <JobProgress
            key={jobId}
            job={startedJobs.get(jobId) ?? { id: jobId }}
            onSucceeded={(v) => {
              if (v.benchmarkId !== null) {
                setFlash('The run has finished.');
                navigate(`/benchmarks/${v.benchmarkId}`, { replace: true });
              }
            }}
          />
          <p class="govuk-body">
            <a class="govuk-link" href="/benchmarks">
              Back to all runs
            </a>
          </p>
        </>
      ) : (
        <>
          <p class="govuk-body">
            Compare how efficiently bodies turn what they spend into what they deliver. Data envelopment analysis (DEA) finds the
            bodies that do best for their size and mix of work and measures every other body against them; the Malmquist index
            measures how each body's productivity changed from one period to the next, split into catching up with the best and
            the best moving on. Results are as R's Benchmarking package and DEAP compute them.
          </p>
          {mayRun ? (
            <div class="govuk-button-group">
              <a class="govuk-button govuk-button--secondary" href="#start-run" role="button" draggable={false}>
                Start a run
              </a>
              <a class="govuk-button govuk-button--secondary" href="/benchmarks/peer-group" role="button" draggable={false} data-testid="make-peer-group">
                Make a peer group
              </a>
            </div>
          ) : null}
          <RunList kind={kind} body={body} models={models.data} />
          {mayRun ? (
            models.error ? (
              <LoadError error={models.error} />
            ) : (
              <StartRunForm models={models.data} onErrors={setErrors} />
            )
          ) : null}
        </>
      )}
    </>
  );
}

// ---------- the stored runs ----------

function RunList({ kind, body, models }: { kind: BenchmarkKind | null; body: number | null; models: BenchmarkModels | undefined }) {
  const [items, setItems] = useState<BenchmarkSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const first = useAsync(() => api.listBenchmarks({ kind, body, limit: PAGE_SIZE }), [kind, body]);
  const bodyInfo = useAsync(() => (body !== null ? api.getBody(body).catch(() => null) : Promise.resolve(null)), [body]);
  const [kindInput, setKindInput] = useState(kind ?? '');
  useEffect(() => setKindInput(kind ?? ''), [kind]);
  useEffect(() => {
    if (!first.data) return;
    setItems(first.data.items);
    setCursor(first.data.next_cursor ?? null);
  }, [first.data]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page: ListResponse<BenchmarkSummary> = await api.listBenchmarks({ kind, body, limit: PAGE_SIZE, cursor });
      setItems((xs) => [...xs, ...page.items]);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setMoreError(toApiError(e).message);
    } finally {
      setLoadingMore(false);
    }
  };
  const apply = (e: Event) => {
    e.preventDefault();
    navigate(href('/benchmarks', { kind: kindInput, body }));
  };
  const bodyName = bodyInfo.data?.name ?? (body !== null ? `body ${body}` : '');
  return (
    <section aria-labelledby="runs-title">
      <h2 class="govuk-heading-m" id="runs-title">
        {body !== null ? `Runs that include ${bodyName}` : 'Runs'}
      </h2>
      <form class="pvf-filters pvf-filters--compact" onSubmit={apply} aria-label="Filter runs">
        <Select
          id="kind-filter"
          label="Kind"
          value={kindInput}
          onChange={setKindInput}
          options={[
            { value: '', text: 'All kinds' },
            { value: 'dea', text: 'DEA efficiency' },
            { value: 'malmquist', text: 'Malmquist productivity change' },
          ]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show runs
        </button>
      </form>
      {body !== null ? (
        <p class="govuk-body">
          <a class="govuk-link" href={href('/benchmarks', { kind })}>
            Show runs for every body
          </a>
        </p>
      ) : null}
      {first.loading ? <Loading what="Loading runs" /> : null}
      {first.error ? <LoadError error={first.error} /> : null}
      {first.data && !items.length ? (
        <p class="govuk-body" data-testid="no-runs">
          {body !== null ? `No stored run includes ${bodyName} yet.` : 'There are no runs yet.'}
        </p>
      ) : null}
      {items.length ? (
        <DataTable
          id="runs"
          caption={`${pluralise(items.length, 'run')}${cursor ? ' shown, newest first' : ', newest first'}`}
          captionClass="govuk-table__caption--s"
          model={benchmarksTable(items, models, body)}
          small
          sortable
        />
      ) : null}
      {moreError ? <p class="govuk-error-message">{moreError}</p> : null}
      {cursor ? (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={more} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Show more runs'}
        </button>
      ) : null}
    </section>
  );
}

// ---------- starting a run ----------

function Checkbox({ id, label, hint, checked, onChange, error }: { id: string; label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void; error?: string }) {
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      {error ? (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div class="govuk-checkboxes__item">
          <input
            class="govuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            aria-describedby={[hint ? `${id}-item-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
            onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
          />
          <label class="govuk-label govuk-checkboxes__label" for={id}>
            {label}
          </label>
          {hint ? (
            <div id={`${id}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** One input or output: a select of every variable, grouped by source, with its data for the chosen periods. */
function VariableRow({
  id,
  label,
  value,
  variables,
  periods,
  models,
  error,
  onChange,
  onRemove,
}: {
  id: string;
  label: string;
  value: string;
  variables: BenchmarkVariable[];
  periods: string[];
  models: BenchmarkModels | undefined;
  error?: string;
  onChange: (v: string) => void;
  onRemove?: () => void;
}) {
  const chosen = findVariable(variables, parseVariableValue(value));
  const sources = ['spending', 'activity', 'indicator'] as const;
  const coverage = chosen ? coverageText(chosen, periods) : '';
  const hint = chosen
    ? `${chosen.unit ? `Unit: ${chosen.unit}. ` : ''}${coverage.charAt(0).toUpperCase()}${coverage.slice(1)}.${chosen.polarity === 'lower' ? ' Lower is better for this indicator: DEA treats more of an output as better.' : ''}`
    : undefined;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group pvf-variable-row${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} class="govuk-hint" data-testid={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <div class="pvf-variable-row__controls">
        <select
          class={`govuk-select pvf-variable-row__select${error ? ' govuk-select--error' : ''}`}
          id={id}
          name={id}
          value={value}
          aria-describedby={describedBy}
          onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="" selected={!value}>
            Choose a variable
          </option>
          {sources.map((s) => {
            const vs = variables.filter((v) => v.source === s);
            return vs.length ? (
              <optgroup label={sourceTitle(s, models)} key={s}>
                {vs.map((v) => {
                  const val = variableValue(v);
                  return (
                    <option value={val} key={val} selected={val === value}>
                      {variableText(v)} – {coverageText(v, periods)}
                    </option>
                  );
                })}
              </optgroup>
            ) : null;
          })}
        </select>
        {onRemove ? (
          <button type="button" class="govuk-button govuk-button--secondary pvf-variable-row__remove" onClick={onRemove}>
            Remove<span class="govuk-visually-hidden"> {label.toLowerCase()}</span>
          </button>
        ) : null}
      </div>
    </div>
  );
}

function StartRunForm({ models, onErrors }: { models: BenchmarkModels | undefined; onErrors: (items: ErrorItem[]) => void }) {
  const vars = useAsync(() => api.listBenchmarkVariables(), []);
  const bodies = useAsync(() => api.listBodies(), []);
  const groups = useAsync(() => api.listComparisonGroups().catch(() => ({ items: [] as ComparisonGroup[] })), []);
  const [form, setForm] = useState<BenchmarkForm>(EMPTY_FORM);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<BenchmarkForm>) => setForm((f) => ({ ...f, ...patch }));

  if (vars.error) return <LoadError error={vars.error} />;
  if (!vars.data || !bodies.data) {
    return (
      <section aria-labelledby="start-run">
        <h2 class="govuk-heading-m" id="start-run" tabIndex={-1}>
          Start a run
        </h2>
        <Loading what="Loading the data you can use" />
      </section>
    );
  }
  const variables = vars.data.items;
  const bodyList: Body[] = bodies.data.items;
  const dea = form.kind === 'dea';
  const chosenVars = [...form.inputs, ...form.outputs]
    .map((v) => findVariable(variables, parseVariableValue(v)))
    .filter((v): v is BenchmarkVariable => !!v);
  const available = periodsWithData(variables, chosenVars);
  const newestFirst = [...available].reverse();
  // The chosen period while it has data for the chosen variables, else the newest that has.
  const period = newestFirst.includes(form.period) ? form.period : (newestFirst[0] ?? form.period);
  const periods = dea ? (period ? [period] : []) : form.periods;
  const unitsBound = maxUnits(chosenVars, periods);
  const g = parseGroupOption(form.group);
  const needsBody = g.group === 'type' || g.group === 'region';
  const rtsChoices = allowedRts(form.kind, models);

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = buildSpec({ ...form, period }, { bodies: bodyList, maxBootstrap: models?.max_bootstrap, variables });
    if (!built.spec) {
      setFieldErrors(built.errors);
      onErrors(Object.entries(built.errors).map(([field, text]) => ({ text, field })));
      return;
    }
    setBusy(true);
    try {
      const job = await api.startBenchmark(built.spec);
      setFieldErrors({});
      onErrors([]);
      startedJobs.set(job.id, job);
      navigate(href('/benchmarks', { job: job.id }));
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.status === 422 || apiErr.status === 400) {
        const { items, fields } = specErrors(apiErr);
        setFieldErrors(fields);
        onErrors(items);
      } else {
        setFieldErrors({});
        onErrors(errorItems(apiErr));
      }
    } finally {
      setBusy(false);
    }
  };

  const rows = (side: 'input' | 'output') => {
    const values = side === 'input' ? form.inputs : form.outputs;
    const update = (next: string[]) => set(side === 'input' ? { inputs: next } : { outputs: next });
    const fieldId = side === 'input' ? inputFieldId : outputFieldId;
    const word = side === 'input' ? 'Input' : 'Output';
    return (
      <>
        {values.map((v, i) => (
          <VariableRow
            key={`${side}-${i}`}
            id={fieldId(i)}
            label={`${word} ${i + 1}`}
            value={v}
            variables={variables}
            periods={periods}
            models={models}
            error={fieldErrors[fieldId(i)]}
            onChange={(val) => update(values.map((x, j) => (j === i ? val : x)))}
            onRemove={values.length > 1 ? () => update(values.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => update([...values, ''])}>
          Add another {side}
        </button>
      </>
    );
  };

  return (
    <section aria-labelledby="start-run" class="pvf-start-run">
      <h2 class="govuk-heading-m" id="start-run" tabIndex={-1}>
        Start a run
      </h2>
      <form onSubmit={submit} noValidate data-testid="start-run-form">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <Radios
              id="kind"
              name="kind"
              legend="What to measure"
              legendClass="govuk-fieldset__legend--s"
              value={form.kind}
              onChange={(v) => setForm((f) => withKind(f, v as BenchmarkKind))}
              error={fieldErrors.kind}
              options={[
                { value: 'dea', text: 'DEA efficiency for one period', hint: 'Which bodies make the most of what they have, and how far each other body is from them.' },
                {
                  value: 'malmquist',
                  text: 'Malmquist productivity change over periods',
                  hint: 'How each body’s productivity changed from each period to the next, split into catching up and the frontier moving.',
                },
              ]}
            />
            <Fieldset
              id="inputs"
              legend="Inputs"
              legendClass="govuk-fieldset__legend--s"
              hint="What the bodies use, usually spending. Each body needs a value for every input and output."
            >
              {rows('input')}
            </Fieldset>
            <Fieldset
              id="outputs"
              legend="Outputs"
              legendClass="govuk-fieldset__legend--s"
              hint="What the bodies deliver, such as hours of care. DEA treats more of an output as better."
            >
              {rows('output')}
            </Fieldset>
            {dea ? (
              <Select
                id="period"
                label="Period"
                labelClass="govuk-label--s"
                hint={chosenVars.length ? 'Periods in which every chosen variable has data' : undefined}
                value={period}
                onChange={(v) => set({ period: v })}
                error={fieldErrors.period}
                options={newestFirst.length ? newestFirst.map((p) => ({ value: p, text: p })) : [{ value: '', text: 'No period has data for these variables' }]}
              />
            ) : (
              <Fieldset
                id="periods"
                legend="Periods"
                legendClass="govuk-fieldset__legend--s"
                hint="Choose at least two. Each period is compared with the next one chosen."
                error={fieldErrors.periods}
              >
                <div class="govuk-checkboxes govuk-checkboxes--small pvf-columns" data-module="govuk-checkboxes">
                  {sortPeriods([...available, ...form.periods]).map((p, i) => {
                    const id = i === 0 ? 'periods' : `periods-${i + 1}`;
                    const checked = form.periods.includes(p);
                    return (
                      <div class="govuk-checkboxes__item" key={p}>
                        <input
                          class="govuk-checkboxes__input"
                          id={id}
                          name="periods"
                          type="checkbox"
                          value={p}
                          checked={checked}
                          aria-describedby={!available.includes(p) ? `${id}-item-hint` : undefined}
                          onChange={(e) => {
                            const on = (e.currentTarget as HTMLInputElement).checked;
                            setForm((f) => ({ ...f, periods: on ? [...f.periods.filter((x) => x !== p), p] : f.periods.filter((x) => x !== p) }));
                          }}
                        />
                        <label class="govuk-label govuk-checkboxes__label" for={id}>
                          {p}
                        </label>
                        {!available.includes(p) ? (
                          <div id={`${id}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
                            Not every chosen variable has data for {p}
                          </div>
                        ) : null}
                      </div>
                    );
                  })}
                </div>
              </Fieldset>
            )}
            {unitsBound !== null ? (
              <p class="govuk-inset-text" data-testid="units-bound">
                At most {pluralise(unitsBound, 'body', 'bodies')} can be compared: the fewest with data for one chosen variable in{' '}
                {periods.length === 1 ? periods[0] : 'one chosen period'}. Bodies missing any value are left out and listed with the results.
              </p>
            ) : null}
            <Select
              id="group"
              label="Compare"
              labelClass="govuk-label--s"
              value={form.group}
              onChange={(v) => set({ group: v })}
              error={fieldErrors.group}
              options={groupOptions(groups.data?.items ?? [], null)}
            />
            {needsBody ? (
              <BodyPicker
                id="body"
                label={g.group === 'type' ? 'Bodies of the same type as' : 'Bodies in the same region as'}
                labelClass="govuk-label--s"
                value={form.bodyText}
                onInput={(v) => set({ bodyText: v })}
                error={fieldErrors.body}
                bodies={bodyList}
              />
            ) : null}
            <Radios
              id="rts"
              name="rts"
              legend="Returns to scale"
              legendClass="govuk-fieldset__legend--s"
              hint={dea ? undefined : 'Malmquist runs use constant returns to scale, or variable returns to split efficiency change into pure and scale parts.'}
              value={form.rts}
              onChange={(v) => set({ rts: v as BenchmarkForm['rts'] })}
              error={fieldErrors.rts}
              options={rtsChoices.map((k) => ({
                value: k,
                text: rtsTitle(k, models),
                hint: models?.returns_to_scale.find((m) => m.key === k)?.description,
              }))}
            />
            <Radios
              id="orientation"
              name="orientation"
              legend="Orientation"
              legendClass="govuk-fieldset__legend--s"
              value={form.orientation}
              onChange={(v) => set({ orientation: v as BenchmarkForm['orientation'] })}
              error={fieldErrors.orientation}
              options={(models?.orientations ?? [
                { key: 'input' as const, title: 'Input-oriented', description: '' },
                { key: 'output' as const, title: 'Output-oriented', description: '' },
              ]).map((o) => ({ value: o.key, text: o.title, hint: o.description || undefined }))}
            />
            {dea ? (
              <Fieldset id="options" legend="Options" legendClass="govuk-fieldset__legend--s">
                <Checkbox
                  id="slacks"
                  label="Slacks and targets"
                  hint="After the radial reduction, how much more of each input could be saved or output gained, and each body’s targets."
                  checked={form.slacks}
                  onChange={(v) => set({ slacks: v })}
                  error={fieldErrors.slacks}
                />
                <Checkbox
                  id="super_efficiency"
                  label="Super-efficiency"
                  hint="Rank the efficient bodies too, by measuring each against the others only (Andersen and Petersen). Not with bootstrap."
                  checked={form.superEfficiency}
                  onChange={(v) => set({ superEfficiency: v })}
                  error={fieldErrors.super_efficiency}
                />
                <TextInput
                  id="bootstrap"
                  label="Bootstrap replicates"
                  labelClass="govuk-label--s"
                  hint={`0 for none, or 100 to ${(models?.max_bootstrap ?? 2000).toLocaleString('en-GB')} for bias-corrected scores with 95% intervals (Simar and Wilson). More replicates take longer.`}
                  value={form.bootstrap}
                  onInput={(v) => set({ bootstrap: v })}
                  width="4"
                  inputMode="numeric"
                  error={fieldErrors.bootstrap}
                />
                <TextInput
                  id="seed"
                  label="Random seed"
                  labelClass="govuk-label--s"
                  hint="The same seed gives the same intervals."
                  value={form.seed}
                  onInput={(v) => set({ seed: v })}
                  width="4"
                  inputMode="numeric"
                  error={fieldErrors.seed}
                />
              </Fieldset>
            ) : null}
            <TextInput
              id="title"
              label="Title (optional)"
              labelClass="govuk-label--s"
              hint="Leave empty to make one from the variables."
              value={form.title}
              onInput={(v) => set({ title: v })}
              error={fieldErrors.title}
            />
            <button type="submit" class="govuk-button" disabled={busy} data-module="govuk-button">
              Start run
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
