import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { BodyPicker } from '../components/BodyPicker';
import { ErrorSummary, errorItems, type ErrorItem } from '../components/ErrorSummary';
import { Breadcrumbs, LoadError, Loading, Select, StatusTag, TextInput } from '../components/ui';
import { financialYearOf, formatDateTime, isFinancialYear, STATUS_LABELS } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { bodyOptionLabel, findBody } from '../measure';
import { href, navigate } from '../router';
import { can } from '../state';
import { ASSESSMENT_STATUSES } from '../types';

const PAGE_SIZE = 50;

/** Distinct periods, newest first. */
export function distinctPeriods(items: { period: string }[]): string[] {
  return [...new Set(items.map((i) => i.period))].sort().reverse();
}

/**
 * The bodies to offer in the filter: those with an assessment, by name (there can be hundreds
 * of bodies, most never assessed), plus the one already chosen in the URL.
 */
export function assessedBodies(items: { body_id: number; body_name: string }[], chosen = ''): { value: string; text: string }[] {
  const byId = new Map<string, string>();
  for (const a of items) byId.set(String(a.body_id), a.body_name);
  if (chosen && !byId.has(chosen)) byId.set(chosen, `Body ${chosen}`);
  return [...byId.entries()].map(([value, text]) => ({ value, text })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
}

export function AssessmentsPage() {
  const { user } = useSession();
  const qs = new URLSearchParams(window.location.search);
  const filters = {
    body_id: qs.get('body_id') ?? '',
    period: qs.get('period') ?? '',
    status: qs.get('status') ?? '',
    cursor: qs.get('cursor') ?? '',
  };
  const [form, setForm] = useState({ body_id: filters.body_id, period: filters.period, status: filters.status });
  usePageTitle('Assessments');
  const all = useAsync(() => api.listAllAssessments(), []);
  const periods = all.data ? distinctPeriods(all.data) : [];
  const list = useAsync(
    () =>
      api.listAssessments({
        body_id: filters.body_id,
        period: filters.period,
        status: filters.status,
        limit: PAGE_SIZE,
        cursor: filters.cursor || undefined,
      }),
    [filters.body_id, filters.period, filters.status, filters.cursor],
  );
  const apply = (e: Event) => {
    e.preventDefault();
    navigate(href('/assessments', form));
  };
  const items = list.data?.items ?? [];
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Assessments' }]} />
      <h1 class="govuk-heading-l">Assessments</h1>
      {can(user, 'createAssessment') ? (
        <a href="/assessments/new" role="button" draggable={false} class="govuk-button" data-module="govuk-button">
          Start an assessment
        </a>
      ) : null}
      <form class="pvf-filters" onSubmit={apply} role="search" aria-label="Filter assessments">
        <Select
          id="body_id"
          label="Body"
          value={form.body_id}
          onChange={(v) => setForm({ ...form, body_id: v })}
          options={[
            { value: '', text: 'All bodies' },
            ...assessedBodies(all.data ?? [], filters.body_id),
          ]}
        />
        <Select
          id="period"
          label="Period"
          value={form.period}
          onChange={(v) => setForm({ ...form, period: v })}
          options={[{ value: '', text: 'All periods' }, ...periods.map((p) => ({ value: p, text: p }))]}
        />
        <Select
          id="status"
          label="Status"
          value={form.status}
          onChange={(v) => setForm({ ...form, status: v })}
          options={[{ value: '', text: 'Any status' }, ...ASSESSMENT_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Apply filters
        </button>
      </form>
      {list.loading ? <Loading what="Loading assessments" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && items.length === 0 ? <p class="govuk-body">No assessments match these filters.</p> : null}
      {items.length > 0 ? (
        <table class="govuk-table" data-testid="assessments-table">
          <caption class="govuk-table__caption govuk-table__caption--s">
            {items.length} assessment{items.length === 1 ? '' : 's'}
            {list.data?.next_cursor ? ' on this page' : ''}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Body</th>
              <th scope="col" class="govuk-table__header">Period</th>
              <th scope="col" class="govuk-table__header">Framework</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Last updated</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Links</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {items.map((a) => (
              <tr class="govuk-table__row" key={a.id} data-assessment-id={a.id}>
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={`/assessments/${a.id}`}>
                    {a.body_name}
                    <span class="govuk-visually-hidden"> {a.period} assessment</span>
                  </a>
                </th>
                <td class="govuk-table__cell">{a.period}</td>
                <td class="govuk-table__cell">
                  {a.framework_key} {a.framework_version}
                </td>
                <td class="govuk-table__cell">
                  <StatusTag status={a.status} />
                </td>
                <td class="govuk-table__cell">{formatDateTime(a.updated_at)}</td>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/assessments/${a.id}/scorecard`}>
                    Scorecard<span class="govuk-visually-hidden"> for {a.body_name} {a.period}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {filters.cursor || list.data?.next_cursor ? (
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Pagination">
          {filters.cursor ? (
            <div class="govuk-pagination__prev">
              <a class="govuk-link govuk-pagination__link" href={href('/assessments', { ...filters, cursor: '' })} rel="prev">
                <span class="govuk-pagination__link-title">First page</span>
              </a>
            </div>
          ) : null}
          {list.data?.next_cursor ? (
            <div class="govuk-pagination__next">
              <a
                class="govuk-link govuk-pagination__link"
                href={href('/assessments', { ...filters, cursor: list.data.next_cursor })}
                rel="next"
              >
                <span class="govuk-pagination__link-title">Next page</span>
              </a>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function NewAssessmentPage() {
  const { user } = useSession();
  const bodies = useAsync(() => api.listBodies(), []);
  const frameworks = useAsync(() => api.listFrameworks(), []);
  const presetBody = new URLSearchParams(window.location.search).get('body_id') ?? '';
  const fixedBody = user && (user.role === 'body_lead' || user.role === 'assessor') ? String(user.body_id ?? '') : '';
  const [form, setForm] = useState({
    body_id: fixedBody || presetBody,
    body_text: '',
    framework_id: '',
    period: financialYearOf(new Date()),
  });
  // A preset body (?body_id=) shows as its name once the bodies arrive.
  useEffect(() => {
    const b = bodies.data?.items.find((x) => String(x.id) === form.body_id);
    if (b && !form.body_text && !fixedBody) setForm((f) => ({ ...f, body_text: bodyOptionLabel(b) }));
  }, [bodies.data]);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  usePageTitle('Start an assessment', errors.length > 0);

  if (!can(user, 'createAssessment')) {
    return (
      <>
        <h1 class="govuk-heading-l">You cannot start an assessment</h1>
        <p class="govuk-body">Only administrators, Treasury analysts and body leads can start assessments.</p>
      </>
    );
  }
  if (bodies.error) return <LoadError error={bodies.error} />;
  if (frameworks.error) return <LoadError error={frameworks.error} />;
  if (!bodies.data || !frameworks.data) return <Loading />;
  const fwItems = frameworks.data.items;
  const frameworkId = form.framework_id || (fwItems.length === 1 ? String(fwItems[0].id) : '');

  const submit = async (e: Event) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    let bodyId = fixedBody;
    if (!fixedBody) {
      const found = form.body_text.trim() ? findBody(form.body_text, bodies.data?.items ?? []) : null;
      bodyId = found ? String(found.id) : '';
      if (!form.body_text.trim()) fe.body_id = 'Enter the body being assessed';
      else if (!found) fe.body_id = 'Select a body from the list';
    }
    if (!frameworkId) fe.framework_id = 'Select a framework';
    if (!isFinancialYear(form.period)) fe.period = 'Enter a financial year in the form 2025-26';
    setFieldErrors(fe);
    if (Object.keys(fe).length) {
      setErrors(Object.entries(fe).map(([k, v]) => ({ text: v, field: k })));
      return;
    }
    setBusy(true);
    try {
      const a = await api.createAssessment({
        body_id: Number(bodyId),
        framework_id: Number(frameworkId),
        period: form.period.trim(),
      });
      navigate(`/assessments/${a.id}`);
    } catch (err) {
      setErrors(errorItems(toApiError(err), { body_id: 'body_id', framework_id: 'framework_id', period: 'period' }));
    } finally {
      setBusy(false);
    }
  };
  const bodyName = bodies.data.items.find((b) => String(b.id) === fixedBody)?.name;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Assessments', href: '/assessments' }, { text: 'Start an assessment' }]} />
        <ErrorSummary items={errors} />
        <h1 class="govuk-heading-l">Start an assessment</h1>
        <form onSubmit={submit} noValidate>
          {fixedBody ? (
            <p class="govuk-body">
              Body: <strong>{bodyName ?? `#${fixedBody}`}</strong>
            </p>
          ) : (
            <BodyPicker
              id="body_id"
              label="Body being assessed"
              labelClass="govuk-label--s"
              value={form.body_text}
              onInput={(v) => setForm({ ...form, body_text: v })}
              bodies={bodies.data.items}
              error={fieldErrors.body_id}
            />
          )}
          <Select
            id="framework_id"
            label="Framework"
            labelClass="govuk-label--s"
            value={frameworkId}
            onChange={(v) => setForm({ ...form, framework_id: v })}
            options={[
              ...(fwItems.length === 1 ? [] : [{ value: '', text: 'Select a framework' }]),
              ...fwItems.map((f) => ({ value: String(f.id), text: `${f.title} (${f.key} ${f.version})` })),
            ]}
            error={fieldErrors.framework_id}
          />
          <TextInput
            id="period"
            label="Period"
            labelClass="govuk-label--s"
            hint="The financial year, for example 2025-26"
            value={form.period}
            onInput={(v) => setForm({ ...form, period: v })}
            width="5"
            error={fieldErrors.period}
          />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button" disabled={busy}>
              Start assessment
            </button>
            <a class="govuk-link" href="/assessments">
              Cancel
            </a>
          </div>
        </form>
      </div>
    </div>
  );
}
