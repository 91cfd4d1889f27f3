// One data-sharing agreement (issue 5): its terms and members (an administrator can change the
// members), and for members its datasets (LinkageDatasets.tsx) and runs, with the form that
// starts a run and the run's progress (LinkageStartRun.tsx, /linkage/agreements/{id}?job=<id>).
// Anyone else sees the terms only: the data do not exist for them.
import { useCallback, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { DataTable } from '../components/DataTable';
import { DeleteButton, WarningText } from '../components/LinkageParts';
import { Breadcrumbs, ErrorSummary, LoadError, Loading, SuccessBanner, errorItems } from '../components/ui';
import { formatDate, formatDateTime, roleLabel } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { canChangeLinkage } from '../linkage';
import { linkageApi } from '../linkageApi';
import { formatNumber } from '../measure';
import { navigate } from '../router';
import { setFlash, takeFlash } from '../state';
import type { Agreement, User } from '../types';
import { MemberCheckboxes } from './Linkage';
import { DatasetsSection } from './LinkageDatasets';
import { RunsSection, StartRunSection } from './LinkageStartRun';

export function AgreementPage({ id }: { id: number }) {
  const { user } = useSession();
  const [flash] = useState(takeFlash);
  const agreement = useAsync(() => linkageApi.getAgreement(id), [id]);
  const a = agreement.data;
  // The forms on the page (upload, start a run) say whether they show errors: the title says so too.
  const [formErrors, setFormErrors] = useState<Record<string, boolean>>({});
  const onErrors = useCallback((form: string, has: boolean) => setFormErrors((f) => (!!f[form] === has ? f : { ...f, [form]: has })), []);
  usePageTitle(a ? a.title : agreement.error?.status === 404 ? 'Page not found' : 'Data-sharing agreement', Object.values(formErrors).some(Boolean));
  if (agreement.error) return <LoadError error={agreement.error} />;
  if (!a) return <Loading what="Loading the agreement" />;
  const admin = user?.role === 'admin';
  const jobId = new URLSearchParams(window.location.search).get('job');
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Record linkage', href: '/linkage' }, { text: a.title }]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <span class="govuk-caption-l">Data-sharing agreement</span>
      <h1 class="govuk-heading-l">
        {a.title} {a.expired ? <strong class="govuk-tag govuk-tag--red pvf-heading-tag">Expired</strong> : null}
      </h1>
      {a.expired ? (
        <WarningText testId="expired">
          The date this data could be kept until, {formatDate(a.retain_until)}, has passed. Its data are refused and will be deleted
          when the server next starts.
        </WarningText>
      ) : null}
      <Terms a={a} />
      <Members a={a} admin={admin} onChange={agreement.setData} />
      {a.is_member ? (
        <MemberData a={a} jobId={jobId} canChange={canChangeLinkage(user?.role)} onChange={agreement.reload} onErrors={onErrors} />
      ) : (
        <div class="govuk-inset-text" data-testid="not-member">
          Only the agreement’s members see its datasets, runs and record values.
          {admin ? ' As an administrator you see its terms and members; add yourself as a member to work with its data.' : ''}
        </div>
      )}
      {admin ? (
        <div class="govuk-button-group pvf-danger-zone">
          <DeleteButton
            label="Delete this agreement"
            question="Are you sure you want to delete this agreement?"
            consequence="Its datasets, runs and review labels are deleted with it, for everyone. This cannot be undone."
            yes="Yes, delete this agreement"
            action={async () => {
              await linkageApi.deleteAgreement(a.id);
              setFlash(`The agreement “${a.title}” has been deleted.`);
              navigate('/linkage', { replace: true });
            }}
          />
        </div>
      ) : null}
    </>
  );
}

function Terms({ a }: { a: Agreement }) {
  const rows = [
    { key: 'Purpose', value: a.purpose },
    { key: 'Lawful basis', value: a.lawful_basis },
    {
      key: 'Parties',
      value: (
        <ul class="govuk-list">
          {a.parties.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ),
    },
    { key: 'Fields that may be shared', value: <span class="pvf-code-list">{a.fields.join(', ')}</span> },
    {
      key: 'Retain until',
      value: (
        <>
          {formatDate(a.retain_until)} {a.expired ? <strong class="govuk-tag govuk-tag--red">Expired</strong> : null}
        </>
      ),
    },
    { key: 'Datasets and runs', value: `${formatNumber(a.datasets, 0)} ${a.datasets === 1 ? 'dataset' : 'datasets'}, ${formatNumber(a.runs, 0)} ${a.runs === 1 ? 'run' : 'runs'}` },
    { key: 'Made by', value: `${a.created_by_name}, ${formatDateTime(a.created_at)}` },
  ];
  return (
    <section aria-labelledby="terms-title">
      <h2 class="govuk-heading-m" id="terms-title">
        Terms
      </h2>
      <dl class="govuk-summary-list" data-testid="terms">
        {rows.map((r) => (
          <div class="govuk-summary-list__row" key={r.key}>
            <dt class="govuk-summary-list__key">{r.key}</dt>
            <dd class="govuk-summary-list__value">{r.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Members({ a, admin, onChange }: { a: Agreement; admin: boolean; onChange: (a: Agreement) => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="members-title">
      <h2 class="govuk-heading-m" id="members-title">
        Members
      </h2>
      {a.members.length ? (
        <DataTable
          id="members-table"
          caption="Members of the agreement"
          captionClass="govuk-visually-hidden"
          small
          model={{
            columns: [
              { key: 'name', label: 'Name' },
              { key: 'username', label: 'User name' },
              { key: 'role', label: 'Role' },
            ],
            rows: a.members.map((m) => [
              { text: m.display_name || m.username, sort: m.display_name },
              { text: m.username, sort: m.username },
              { text: roleLabel(m.role), sort: m.role },
            ]),
          }}
        />
      ) : (
        <p class="govuk-body">The agreement has no members yet.</p>
      )}
      {admin && !editing ? (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setEditing(true)} data-testid="change-members">
          Change members
        </button>
      ) : null}
      {admin && editing ? (
        <MembersForm
          a={a}
          onDone={(updated) => {
            setEditing(false);
            if (updated) onChange(updated);
          }}
        />
      ) : null}
    </section>
  );
}

function MembersForm({ a, onDone }: { a: Agreement; onDone: (updated: Agreement | null) => void }) {
  const users = useAsync(() => linkageApi.listUsers(), []);
  const [chosen, setChosen] = useState<number[]>(a.members.map((m) => m.user_id));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await linkageApi.setMembers(a.id, chosen));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  if (users.error) return <LoadError error={users.error} />;
  if (!users.data) return <Loading what="Loading users" />;
  // Members who are no longer active stay listed, so saving does not drop them unseen.
  const list: User[] = users.data.items.filter((u) => u.active !== false || chosen.includes(u.id));
  return (
    <form onSubmit={save} noValidate data-testid="members-form" class="pvf-members-form">
      {error ? <ErrorSummary title="The members could not be changed" items={errorItems(error, { user_ids: 'members' })} /> : null}
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Choose the members</legend>
          <MemberCheckboxes id="members" users={list} chosen={chosen} onChange={setChosen} />
        </fieldset>
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" disabled={busy}>
          Save members
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => onDone(null)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What members see: datasets, runs and (unless a viewer) the forms that upload a dataset and start a run (or the job it started). */
function MemberData({
  a,
  jobId,
  canChange,
  onChange,
  onErrors,
}: {
  a: Agreement;
  jobId: string | null;
  canChange: boolean;
  onChange: () => void;
  onErrors: (form: string, has: boolean) => void;
}) {
  const datasets = useAsync(() => linkageApi.listDatasets(a.id), [a.id]);
  const [runsTick, setRunsTick] = useState(0);
  const changed = () => {
    datasets.reload();
    setRunsTick((t) => t + 1);
    onChange();
  };
  return (
    <>
      {canChange ? null : (
        <div class="govuk-inset-text" data-testid="read-only">
          As a viewer you can read the agreement’s datasets and runs, but not upload datasets, start or delete runs, or label pairs.
        </div>
      )}
      <DatasetsSection a={a} datasets={datasets} canChange={canChange} onChange={changed} onErrors={onErrors} />
      <RunsSection agreementId={a.id} tick={runsTick} />
      {canChange ? (
        <StartRunSection a={a} datasets={datasets.data?.items ?? null} jobId={jobId} onFinished={() => setRunsTick((t) => t + 1)} onErrors={onErrors} />
      ) : null}
    </>
  );
}
