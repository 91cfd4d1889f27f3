import { api } from '../api';
import { DataTable } from '../components/DataTable';
import { LoadError, Loading, StatusTag } from '../components/ui';
import { formatDateTime, roleLabel, STATUS_LABELS } from '../format';
import { usePageTitle, useAsync, useSession } from '../hooks';
import { href } from '../router';
import { can } from '../state';
import type { Assessment, AssessmentStatus, User } from '../types';
import { ASSESSMENT_STATUSES } from '../types';

/** Which assessments need this person's attention, and why. */
export function needsAttention(user: User, items: Assessment[]): { title: string; items: Assessment[]; empty: string } {
  switch (user.role) {
    case 'body_lead':
    case 'assessor':
      return {
        title: 'Assessments to complete',
        items: items.filter((a) => a.body_id === user.body_id && (a.status === 'draft' || a.status === 'returned')),
        empty: 'Your body has no draft or returned assessments.',
      };
    case 'treasury_analyst':
      return {
        title: 'Submitted assessments awaiting agreement',
        items: items.filter((a) => a.status === 'submitted'),
        empty: 'No assessments are waiting for agreement.',
      };
    case 'admin':
      return {
        title: 'Assessments in progress',
        items: items.filter((a) => a.status !== 'agreed'),
        empty: 'No assessments are in progress.',
      };
    default:
      return {
        title: 'Recently agreed assessments',
        items: items.filter((a) => a.status === 'agreed').slice(0, 10),
        empty: 'No assessments have been agreed yet.',
      };
  }
}

export function countByStatus(items: Assessment[]): Record<AssessmentStatus, number> {
  const out: Record<AssessmentStatus, number> = { draft: 0, submitted: 0, returned: 0, agreed: 0 };
  for (const a of items) if (a.status in out) out[a.status]++;
  return out;
}

export function DashboardPage() {
  const { user } = useSession();
  usePageTitle('Dashboard');
  const list = useAsync(() => api.listAllAssessments(), []);
  if (!user) return null;
  const attention = list.data ? needsAttention(user, list.data) : null;
  const counts = list.data ? countByStatus(list.data) : null;
  return (
    <>
      <span class="govuk-caption-l">{roleLabel(user.role)}</span>
      <h1 class="govuk-heading-l">Welcome, {user.display_name || user.username}</h1>
      {list.loading ? <Loading what="Loading assessments" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {attention ? (
        <section aria-labelledby="attention-title">
          <h2 class="govuk-heading-m" id="attention-title">
            {attention.title}
          </h2>
          {attention.items.length === 0 ? (
            <p class="govuk-body">{attention.empty}</p>
          ) : (
            <DataTable
              model={{
                columns: [
                  { key: 'body', label: 'Body' },
                  { key: 'period', label: 'Period' },
                  { key: 'status', label: 'Status' },
                  { key: 'updated', label: 'Last updated' },
                ],
                rows: attention.items.map((a) => [
                  { text: a.body_name, sort: a.body_name },
                  { text: a.period, sort: a.period },
                  { text: a.status, sort: a.status },
                  { text: formatDateTime(a.updated_at), sort: a.updated_at ?? null },
                ]),
              }}
              renderCell={(ri, key, text) => {
                const a = attention.items[ri];
                if (key === 'body')
                  return (
                    <a class="govuk-link" href={`/assessments/${a.id}`}>
                      {text}
                      <span class="govuk-visually-hidden"> {a.period} assessment</span>
                    </a>
                  );
                if (key === 'status') return <StatusTag status={a.status} />;
                return text;
              }}
            />
          )}
        </section>
      ) : null}
      {counts ? (
        <section aria-labelledby="counts-title">
          <h2 class="govuk-heading-m" id="counts-title">
            Assessments by status
          </h2>
          <ul class="pvf-counts">
            {ASSESSMENT_STATUSES.map((s) => (
              <li class="pvf-count" key={s}>
                <a class="govuk-link govuk-link--no-visited-state" href={href('/assessments', { status: s })}>
                  <span class="pvf-count__number">{counts[s]}</span>
                  {STATUS_LABELS[s]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2 class="govuk-heading-m">What you can do</h2>
      <ul class="govuk-list govuk-list--spaced">
        <li>
          <a class="govuk-link" href="/assessments">
            Find an assessment
          </a>
        </li>
        {can(user, 'createAssessment') ? (
          <li>
            <a class="govuk-link" href="/assessments/new">
              Start an assessment
            </a>
          </li>
        ) : null}
        <li>
          <a class="govuk-link" href="/scorecards">
            Compare scorecards across bodies
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/indicators">
            Explore indicators and compare bodies
          </a>
        </li>
        {can(user, 'importData') ? (
          <li>
            <a class="govuk-link" href="/imports">
              Import indicators, goals, activity, spending or survey data
            </a>
          </li>
        ) : null}
        <li>
          <a class="govuk-link" href="/bodies">
            {can(user, 'editBodies') ? 'Manage public bodies' : 'View public bodies'}
          </a>
        </li>
        {can(user, 'editBodies') ? (
          <li>
            <a class="govuk-link" href="/bodies/import">
              Import bodies from a CSV file
            </a>
          </li>
        ) : null}
      </ul>
    </>
  );
}
