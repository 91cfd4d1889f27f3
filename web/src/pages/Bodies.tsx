import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { BodyNav } from '../components/BodyNav';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, errorItems, type ErrorItem } from '../components/ErrorSummary';
import {
  Breadcrumbs,
  LoadError,
  Loading,
  Select,
  StatusTag,
  SuccessBanner,
  SummaryList,
  TextInput,
} from '../components/ui';
import { BODY_TYPE_LABELS, formatDateTime, pluralise } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { href, navigate } from '../router';
import { can, setFlash, takeFlash } from '../state';
import type { Body, BodyInput, BodyType } from '../types';

const TYPE_OPTIONS = (Object.keys(BODY_TYPE_LABELS) as BodyType[]).map((t) => ({ value: t, text: BODY_TYPE_LABELS[t] }));

export function BodiesPage() {
  const { user } = useSession();
  const qs = new URLSearchParams(window.location.search);
  const q = qs.get('q') ?? '';
  const type = qs.get('type') ?? '';
  const [qInput, setQInput] = useState(q);
  const [typeInput, setTypeInput] = useState(type);
  const [flash] = useState(takeFlash);
  usePageTitle('Public bodies');
  const bodies = useAsync(() => api.listBodies({ q, type }), [q, type]);
  const all = useAsync(() => api.listBodies(), []);
  const names = new Map((all.data?.items ?? []).map((b) => [b.id, b.name]));

  const apply = (e: Event) => {
    e.preventDefault();
    navigate(href('/bodies', { q: qInput.trim(), type: typeInput }));
  };
  const items = bodies.data?.items ?? [];
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Public bodies' }]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <h1 class="govuk-heading-l">Public bodies</h1>
      {can(user, 'editBodies') ? (
        <div class="govuk-button-group">
          <a href="/bodies/new" role="button" draggable={false} class="govuk-button" data-module="govuk-button">
            Add a body
          </a>
          <a href="/bodies/import" role="button" draggable={false} class="govuk-button govuk-button--secondary">
            Import bodies from CSV
          </a>
        </div>
      ) : null}
      <form class="pvf-filters" onSubmit={apply} role="search" aria-label="Filter bodies">
        <TextInput id="q" label="Search by name or code" value={qInput} onInput={setQInput} width="20" />
        <Select
          id="type"
          label="Type"
          value={typeInput}
          onChange={setTypeInput}
          options={[{ value: '', text: 'All types' }, ...TYPE_OPTIONS]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Apply filters
        </button>
        {q || type ? (
          <p class="govuk-body">
            <a class="govuk-link" href="/bodies">
              Clear filters
            </a>
          </p>
        ) : null}
      </form>
      {bodies.loading ? <Loading what="Loading bodies" /> : null}
      {bodies.error ? <LoadError error={bodies.error} /> : null}
      {bodies.data ? (
        items.length === 0 ? (
          <p class="govuk-body">No bodies match these filters.</p>
        ) : (
          <DataTable
            caption={pluralise(items.length, 'body', 'bodies')}
            captionClass="govuk-table__caption--s"
            sortable
            model={{
              columns: [
                { key: 'name', label: 'Name' },
                { key: 'code', label: 'Code' },
                { key: 'type', label: 'Type' },
                { key: 'region', label: 'Region' },
                { key: 'parent', label: 'Part of' },
              ],
              rows: items.map((b) => [
                { text: b.name, sort: b.name, href: `/bodies/${b.id}` },
                { text: b.code, sort: b.code },
                { text: BODY_TYPE_LABELS[b.type] ?? b.type, sort: b.type },
                { text: b.region ?? '', sort: b.region ?? null },
                { text: b.parent_id ? names.get(b.parent_id) ?? `#${b.parent_id}` : '', sort: null },
              ]),
            }}
          />
        )
      ) : null}
    </>
  );
}

export function BodyPage({ id }: { id: number }) {
  const { user } = useSession();
  const [flash] = useState(takeFlash);
  const body = useAsync(() => api.getBody(id), [id]);
  const assessments = useAsync(() => api.listAllAssessments({ body_id: id }), [id]);
  const parent = useAsync(
    () => (body.data?.parent_id ? api.getBody(body.data.parent_id) : Promise.resolve(null)),
    [body.data?.parent_id],
  );
  usePageTitle(body.data ? body.data.name : 'Body');
  if (body.loading) return <Loading />;
  if (body.error || !body.data) return <LoadError error={body.error ?? new ApiError(404, 'not_found', 'Not found')} />;
  const b = body.data;
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Public bodies', href: '/bodies' }, { text: b.name }]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <span class="govuk-caption-l">{BODY_TYPE_LABELS[b.type] ?? b.type}</span>
      <h1 class="govuk-heading-l">{b.name}</h1>
      <BodyNav id={b.id} current="overview" />
      <SummaryList
        rows={[
          { key: 'Code', value: b.code },
          { key: 'Type', value: BODY_TYPE_LABELS[b.type] ?? b.type },
          { key: 'Region', value: b.region || 'Not given' },
          {
            key: 'Part of',
            value: parent.data ? (
              <a class="govuk-link" href={`/bodies/${parent.data.id}`}>
                {parent.data.name}
              </a>
            ) : (
              'None'
            ),
          },
          { key: 'Last updated', value: formatDateTime(b.updated_at) },
        ]}
      />
      {can(user, 'editBodies') ? (
        <a href={`/bodies/${b.id}/edit`} role="button" class="govuk-button govuk-button--secondary">
          Edit body
        </a>
      ) : null}
      <h2 class="govuk-heading-m">Measures</h2>
      <ul class="govuk-list govuk-list--spaced" data-testid="body-measures">
        <li>
          <a class="govuk-link" href={`/bodies/${b.id}/goals`}>
            Goals
          </a>{' '}
          – targets, progress and whether they are on track
        </li>
        <li>
          <a class="govuk-link" href={`/bodies/${b.id}/productivity`}>
            Productivity
          </a>{' '}
          – output, inputs and unit costs over time
        </li>
        <li>
          <a class="govuk-link" href={`/bodies/${b.id}/surveys`}>
            Surveys
          </a>{' '}
          – what users and citizens say
        </li>
        <li>
          <a class="govuk-link" href={`/indicators?body=${b.id}`}>
            Indicators
          </a>{' '}
          – compare {b.name} with other bodies
        </li>
      </ul>
      <h2 class="govuk-heading-m">Assessments</h2>
      {assessments.loading ? <Loading what="Loading assessments" /> : null}
      {assessments.error ? <LoadError error={assessments.error} /> : null}
      {assessments.data && assessments.data.length === 0 ? (
        <p class="govuk-body">This body has no assessments yet.</p>
      ) : null}
      {assessments.data && assessments.data.length > 0 ? (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-visually-hidden">Assessments for {b.name}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                Period
              </th>
              <th scope="col" class="govuk-table__header">
                Framework
              </th>
              <th scope="col" class="govuk-table__header">
                Status
              </th>
              <th scope="col" class="govuk-table__header">
                Scorecard
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {assessments.data.map((a) => (
              <tr class="govuk-table__row" key={a.id}>
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={`/assessments/${a.id}`}>
                    {a.period}
                  </a>
                </th>
                <td class="govuk-table__cell">
                  {a.framework_key} {a.framework_version}
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={a.status} />
                </td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/assessments/${a.id}/scorecard`}>
                    View scorecard<span class="govuk-visually-hidden"> for {a.period}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

const BODY_FIELDS: Record<string, string> = {
  code: 'code',
  name: 'name',
  type: 'type',
  region: 'region',
  parent_id: 'parent_id',
};

export function BodyFormPage({ id }: { id?: number }) {
  const editing = id !== undefined;
  const { user } = useSession();
  const existing = useAsync(() => (editing ? api.getBody(id as number) : Promise.resolve(null)), [id]);
  const all = useAsync(() => api.listBodies(), []);
  const [form, setForm] = useState<{ code: string; name: string; type: string; region: string; parent_id: string } | null>(
    editing ? null : { code: '', name: '', type: '', region: '', parent_id: '' },
  );
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const title = editing ? `Edit ${existing.data?.name ?? 'body'}` : 'Add a body';
  usePageTitle(title, errors.length > 0);

  if (editing && existing.data && !form) {
    const b = existing.data;
    setForm({ code: b.code, name: b.name, type: b.type, region: b.region ?? '', parent_id: b.parent_id ? String(b.parent_id) : '' });
  }
  if (!can(user, 'editBodies')) {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot change bodies</h1>
        <p class="govuk-body">Only administrators and Treasury analysts can add or edit bodies.</p>
      </>
    );
  }
  if (existing.error) return <LoadError error={existing.error} />;
  if (!form) return <Loading />;

  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const submit = async (e: Event) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!form.name.trim()) fe.name = 'Enter the name of the body';
    if (!form.code.trim()) fe.code = 'Enter a code for the body';
    if (!form.type) fe.type = 'Select the type of body';
    setFieldErrors(fe);
    if (Object.keys(fe).length) {
      setErrors(Object.entries(fe).map(([k, v]) => ({ text: v, field: k })));
      return;
    }
    const input: BodyInput = {
      code: form.code.trim(),
      name: form.name.trim(),
      type: form.type as BodyType,
      region: form.region.trim() || null,
      parent_id: form.parent_id ? Number(form.parent_id) : null,
    };
    setBusy(true);
    try {
      const saved: Body = editing ? await api.updateBody(id as number, input) : await api.createBody(input);
      setFlash(editing ? `${saved.name} has been updated` : `${saved.name} has been added`);
      navigate(`/bodies/${saved.id}`);
    } catch (err) {
      const ae = toApiError(err);
      setErrors(errorItems(ae, BODY_FIELDS));
      const fe2: Record<string, string> = {};
      for (const d of ae.details) {
        const k = Object.keys(BODY_FIELDS).find((f) => d.where === f || d.where?.endsWith(`.${f}`));
        if (k) fe2[k] = d.message;
      }
      setFieldErrors(fe2);
    } finally {
      setBusy(false);
    }
  };
  const parents = (all.data?.items ?? []).filter((b) => b.id !== id);
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Breadcrumbs
          items={[
            { text: 'Home', href: '/' },
            { text: 'Public bodies', href: '/bodies' },
            ...(editing && existing.data ? [{ text: existing.data.name, href: `/bodies/${id}` }] : []),
            { text: editing ? 'Edit' : 'Add a body' },
          ]}
        />
        <ErrorSummary items={errors} />
        <h1 class="govuk-heading-l">{title}</h1>
        <form onSubmit={submit} noValidate>
          <TextInput id="name" label="Name" value={form.name} onInput={set('name')} error={fieldErrors.name} />
          <TextInput
            id="code"
            label="Code"
            hint="A short unique identifier, for example an ONS or GSS code"
            value={form.code}
            onInput={set('code')}
            width="10"
            spellcheck={false}
            error={fieldErrors.code}
          />
          <Select
            id="type"
            label="Type"
            value={form.type}
            onChange={set('type')}
            options={[{ value: '', text: 'Select a type' }, ...TYPE_OPTIONS]}
            error={fieldErrors.type}
          />
          <TextInput id="region" label="Region (optional)" value={form.region} onInput={set('region')} width="20" error={fieldErrors.region} />
          <Select
            id="parent_id"
            label="Part of (optional)"
            hint="For example, the department an agency reports to"
            value={form.parent_id}
            onChange={set('parent_id')}
            options={[{ value: '', text: 'None' }, ...parents.map((b) => ({ value: String(b.id), text: b.name }))]}
            error={fieldErrors.parent_id}
          />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" disabled={busy}>
              {editing ? 'Save changes' : 'Add body'}
            </button>
            <a class="govuk-link" href={editing ? `/bodies/${id}` : '/bodies'}>
              Cancel
            </a>
          </div>
        </form>
      </div>
    </div>
  );
}

export function BodyImportPage() {
  const { user } = useSession();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [result, setResult] = useState<{ created: number; updated: number } | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle('Import bodies from CSV', errors.length > 0);
  if (!can(user, 'editBodies')) {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot import bodies</h1>
        <p class="govuk-body">Only administrators and Treasury analysts can import bodies.</p>
      </>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    if (!file) {
      setFieldError('Select a CSV file');
      setErrors([{ text: 'Select a CSV file', field: 'csv-file' }]);
      return;
    }
    setBusy(true);
    try {
      const r = await api.importBodies(file.text);
      setErrors([]);
      setFieldError(undefined);
      setResult(r);
    } catch (err) {
      const ae = toApiError(err);
      setErrors(errorItems(ae));
      setFieldError(ae.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Public bodies', href: '/bodies' }, { text: 'Import' }]} />
        <ErrorSummary items={errors} title={errors.length > 1 ? 'The file was not imported' : 'There is a problem'} />
        {result ? (
          <SuccessBanner title="Import complete">
            <h3 class="govuk-notification-banner__heading">
              {pluralise(result.created, 'body', 'bodies')} created, {pluralise(result.updated, 'body', 'bodies')}{' '}
              updated
            </h3>
            <p class="govuk-body">
              <a class="govuk-notification-banner__link" href="/bodies">
                View all bodies
              </a>
            </p>
          </SuccessBanner>
        ) : null}
        <h1 class="govuk-heading-l">Import bodies from CSV</h1>
        <p class="govuk-body">
          Upload a CSV file with a header row and these columns: <code>name,code,type,region,parent_code</code>.
          Bodies are matched by code: new codes are created and existing codes are updated.
        </p>
        <p class="govuk-body">
          Type must be one of: {Object.keys(BODY_TYPE_LABELS).join(', ')}. If any row has a problem, nothing is
          imported and every problem is listed.
        </p>
        <form onSubmit={submit} noValidate>
          <div class={`govuk-form-group${fieldError ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--m" for="csv-file">
              Upload a CSV file
            </label>
            {fieldError ? (
              <p id="csv-file-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {fieldError}
              </p>
            ) : null}
            <input
              class={`govuk-file-upload${fieldError ? ' govuk-file-upload--error' : ''}`}
              id="csv-file"
              name="csv-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={fieldError ? 'csv-file-error' : undefined}
              onChange={async (e) => {
                const f = (e.currentTarget as HTMLInputElement).files?.[0];
                if (!f) return setFile(null);
                try {
                  setFile({ name: f.name, text: await f.text() });
                  setFieldError(undefined);
                } catch {
                  setFile(null);
                  setFieldError('The file could not be read. Choose it again.');
                }
              }}
            />
          </div>
          <button type="submit" class="govuk-button" disabled={busy}>
            Import bodies
          </button>
        </form>
      </div>
    </div>
  );
}
