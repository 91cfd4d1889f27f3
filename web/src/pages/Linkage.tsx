// Record linkage (issue 5): the data-sharing agreements (admins: all of them; others: those they
// are a member of), and for administrators the form that makes a new one (/linkage/agreements/new).
// Person records live under an agreement that names its purpose, lawful basis, parties, fields
// and how long the data may be kept; only its members reach its datasets and runs.
import { useState } from 'preact/hooks';
import type { ErrorItem } from '../components/ErrorSummary';
import { DataTable } from '../components/DataTable';
import { Breadcrumbs, ErrorSummary, Fieldset, LoadError, Loading, SuccessBanner, TextInput, Textarea, errorItems } from '../components/ui';
import { roleLabel } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { AGREEMENT_FIELDS, agreementErrors, buildAgreementInput, EMPTY_AGREEMENT_FORM, type AgreementForm } from '../linkage';
import { linkageApi } from '../linkageApi';
import { agreementsTable } from '../linkageTables';
import { navigate } from '../router';
import { setFlash, takeFlash } from '../state';
import type { User } from '../types';

export function LinkagePage() {
  const { user } = useSession();
  const [flash] = useState(takeFlash);
  const list = useAsync(() => linkageApi.listAgreements(), []);
  usePageTitle('Record linkage');
  const admin = user?.role === 'admin';
  const items = list.data?.items ?? [];
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Record linkage' }]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <h1 class="govuk-heading-l">Record linkage</h1>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <p class="govuk-body">
            Find which records about one person, held by different services, belong together. Each pair of records that might
            match is compared field by field; each comparison adds evidence for or against a match (a Fellegi–Sunter model, as in
            the Ministry of Justice’s Splink).
          </p>
          <p class="govuk-body">
            Records are shared under a data-sharing agreement that names its purpose, lawful basis, the parties, the fields they
            may share and how long the data may be kept. Only the agreement’s members see its data. Datasets are stored encrypted
            and every view of record values is recorded in the audit log.
          </p>
        </div>
      </div>
      {admin ? (
        <div class="govuk-button-group">
          <a class="govuk-button" href="/linkage/agreements/new" role="button" draggable={false} data-testid="new-agreement">
            New data-sharing agreement
          </a>
        </div>
      ) : null}
      <h2 class="govuk-heading-m">{admin ? 'Data-sharing agreements' : 'Your data-sharing agreements'}</h2>
      {list.loading ? <Loading what="Loading agreements" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && !items.length ? (
        <p class="govuk-body" data-testid="no-agreements">
          {admin ? 'There are no data-sharing agreements yet.' : 'You are not a member of any data-sharing agreement. An administrator can add you to one.'}
        </p>
      ) : null}
      {items.length ? (
        <DataTable
          id="agreements"
          caption="Data-sharing agreements, newest first"
          captionClass="govuk-visually-hidden"
          model={agreementsTable(items)}
          small
          sortable
          renderCell={(_, key, text) =>
            key === 'retain_until' && text.endsWith(' (expired)') ? (
              <>
                {text.slice(0, -' (expired)'.length)} <strong class="govuk-tag govuk-tag--red">Expired</strong>
              </>
            ) : undefined
          }
        />
      ) : null}
    </>
  );
}

// ---------- a new agreement ----------

/** GOV.UK date input: day, month and year, one error for the three. */
export function DateInput({
  id,
  legend,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  value: { day: string; month: string; year: string };
  onChange: (part: 'day' | 'month' | 'year', v: string) => void;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${id}-hint`} class="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div class="govuk-date-input" id={id}>
          {(['day', 'month', 'year'] as const).map((part) => (
            <div class="govuk-date-input__item" key={part}>
              <div class="govuk-form-group">
                <label class="govuk-label govuk-date-input__label" for={`${id}-${part}`}>
                  {part.charAt(0).toUpperCase() + part.slice(1)}
                </label>
                <input
                  class={`govuk-input govuk-date-input__input govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`}
                  id={`${id}-${part}`}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  value={value[part]}
                  onInput={(e) => onChange(part, (e.currentTarget as HTMLInputElement).value)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK checkboxes of users, the first with the group's id (so an error can link to it). */
export function MemberCheckboxes({
  id,
  users,
  chosen,
  onChange,
}: {
  id: string;
  users: User[];
  chosen: number[];
  onChange: (ids: number[]) => void;
}) {
  return (
    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
      {users.map((u, i) => {
        const boxId = i === 0 ? id : `${id}-${u.id}`;
        return (
          <div class="govuk-checkboxes__item" key={u.id}>
            <input
              class="govuk-checkboxes__input"
              id={boxId}
              name={id}
              type="checkbox"
              value={String(u.id)}
              checked={chosen.includes(u.id)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                onChange(on ? [...chosen.filter((x) => x !== u.id), u.id] : chosen.filter((x) => x !== u.id));
              }}
            />
            <label class="govuk-label govuk-checkboxes__label" for={boxId}>
              {u.display_name || u.username} ({u.username}), {roleLabel(u.role)}
            </label>
          </div>
        );
      })}
    </div>
  );
}

export function NewAgreementPage() {
  const { user } = useSession();
  const admin = user?.role === 'admin';
  const users = useAsync(() => (admin ? linkageApi.listUsers() : Promise.resolve({ items: [] as User[] })), [admin]);
  const [form, setForm] = useState<AgreementForm>(EMPTY_AGREEMENT_FORM);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  usePageTitle('New data-sharing agreement', errors.length > 0);
  const set = (patch: Partial<AgreementForm>) => setForm((f) => ({ ...f, ...patch }));

  const crumbs = <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Record linkage', href: '/linkage' }, { text: 'New agreement' }]} />;
  if (!admin)
    return (
      <>
        {crumbs}
        <h1 class="govuk-heading-l">You cannot make data-sharing agreements</h1>
        <p class="govuk-body">Only administrators can make data-sharing agreements and choose their members.</p>
      </>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = buildAgreementInput(form);
    if (!built.input) {
      setFieldErrors(built.errors);
      setErrors(AGREEMENT_FIELDS.filter((f) => built.errors[f]).map((f) => ({ text: built.errors[f], field: f })));
      return;
    }
    setBusy(true);
    try {
      const a = await linkageApi.createAgreement(built.input);
      setFlash(`The agreement “${a.title}” has been made.`);
      navigate(`/linkage/agreements/${a.id}`);
    } catch (err) {
      const ae = toApiError(err);
      if (ae.status === 422 || ae.status === 400) {
        const { items, fields } = agreementErrors(ae);
        setFieldErrors(fields);
        setErrors(items);
      } else {
        setFieldErrors({});
        setErrors(errorItems(ae));
      }
      setBusy(false);
    }
  };

  return (
    <>
      {crumbs}
      <ErrorSummary items={errors} />
      <h1 class="govuk-heading-l">New data-sharing agreement</h1>
      <div class="govuk-grid-row">
        <form class="govuk-grid-column-two-thirds" onSubmit={submit} noValidate data-testid="agreement-form">
          <TextInput id="title" label="Title" labelClass="govuk-label--s" value={form.title} onInput={(v) => set({ title: v })} error={fieldErrors.title} />
          <Textarea
            id="purpose"
            label="Purpose"
            labelClass="govuk-label--s"
            hint="What the records are shared and linked for. Members may use the data for this purpose only."
            rows={3}
            value={form.purpose}
            onInput={(v) => set({ purpose: v })}
            error={fieldErrors.purpose}
          />
          <Textarea
            id="lawful-basis"
            label="Lawful basis"
            labelClass="govuk-label--s"
            hint="For example, UK GDPR Article 6(1)(e), public task, and the Digital Economy Act 2017, section 35."
            rows={2}
            value={form.lawfulBasis}
            onInput={(v) => set({ lawfulBasis: v })}
            error={fieldErrors['lawful-basis']}
          />
          <Textarea
            id="parties"
            label="Parties"
            labelClass="govuk-label--s"
            hint="The organisations sharing records, one a line. Each dataset is uploaded for one of them."
            rows={3}
            value={form.parties}
            onInput={(v) => set({ parties: v })}
            error={fieldErrors.parties}
          />
          <Textarea
            id="fields"
            label="Fields"
            labelClass="govuk-label--s"
            hint="The columns the parties may share, one a line or separated by commas, for example unique_id, given_name, surname, date_of_birth, postcode. A dataset may hold these columns only."
            rows={3}
            value={form.fields}
            onInput={(v) => set({ fields: v })}
            error={fieldErrors.fields}
          />
          <DateInput
            id="retain-until"
            legend="Retain until"
            hint="The data are refused after this date and deleted when the server next starts. For example, 31 3 2027."
            value={{ day: form.day, month: form.month, year: form.year }}
            onChange={(part, v) => set({ [part]: v } as Partial<AgreementForm>)}
            error={fieldErrors['retain-until-day']}
          />
          <Fieldset
            id="members-fieldset"
            legend="Members"
            legendClass="govuk-fieldset__legend--s"
            hint="Only members see the agreement’s datasets, runs and record values. You can change them later."
            error={fieldErrors.members}
          >
            {users.error ? <LoadError error={users.error} /> : null}
            {users.loading ? <Loading what="Loading users" /> : null}
            {users.data ? (
              <MemberCheckboxes id="members" users={users.data.items.filter((u) => u.active !== false)} chosen={form.memberIds} onChange={(ids) => set({ memberIds: ids })} />
            ) : null}
          </Fieldset>
          <button type="submit" class="govuk-button" disabled={busy} data-module="govuk-button">
            Make the agreement
          </button>
        </form>
      </div>
    </>
  );
}
