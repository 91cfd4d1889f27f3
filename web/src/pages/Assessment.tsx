import { useState } from 'preact/hooks';
import { api } from '../api';
import { AreaTaskList } from '../components/AreaTaskList';
import { ErrorSummary, errorItems, type ErrorItem } from '../components/ErrorSummary';
import { Breadcrumbs, InfoBanner, LoadError, Loading, StatusTag, SuccessBanner, Textarea } from '../components/ui';
import { formatDateTime, statusLabel, TRANSITION_LABELS } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { can, getFramework, takeFlash } from '../state';
import { ratingProgress } from '../tables';
import type { AssessmentDetail, AssessmentStatus, FrameworkDetail } from '../types';

const DONE_MESSAGES: Record<AssessmentStatus, string> = {
  submitted: 'Assessment submitted for agreement',
  agreed: 'Assessment agreed',
  returned: 'Assessment returned for changes',
  draft: 'Assessment reopened as a draft',
};

export function AssessmentPage({ id }: { id: number }) {
  const { user } = useSession();
  const detail = useAsync(() => api.getAssessment(id), [id]);
  const fw = useAsync(
    () => (detail.data ? getFramework(detail.data.framework_id) : Promise.resolve(undefined as unknown as FrameworkDetail)),
    [detail.data?.framework_id],
  );
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [done, setDone] = useState<string | null>(takeFlash);
  const [busy, setBusy] = useState(false);
  const a = detail.data;
  usePageTitle(a ? `${a.body_name} ${a.period} assessment` : 'Assessment', errors.length > 0);

  if (detail.error) return <LoadError error={detail.error} />;
  if (!a) return <Loading what="Loading assessment" />;
  const def = fw.data?.definition;
  const progress = def ? ratingProgress(def, a.ratings) : null;
  const allowed = can(user, 'transition') ? a.allowed_transitions ?? [] : [];

  const doTransition = async (to: AssessmentStatus) => {
    setDone(null);
    if (to === 'returned' && !note.trim()) {
      setNoteError('Enter a note saying what needs to change');
      setErrors([{ text: 'Enter a note saying what needs to change', field: 'transition-note' }]);
      return;
    }
    setNoteError(undefined);
    setBusy(true);
    try {
      const updated: AssessmentDetail = await api.transition(id, to, note.trim());
      detail.setData(updated);
      setErrors([]);
      setNote('');
      setDone(DONE_MESSAGES[to]);
    } catch (err) {
      // Details name areas (e.g. "not rated"): link each to its area page.
      const areas = new Map((def?.pillars ?? []).flatMap((p) => p.areas.map((x) => [x.key, x.title] as const)));
      setErrors(
        errorItems(toApiError(err), { note: 'transition-note' }, (where) =>
          areas.has(where) ? { label: areas.get(where), href: `/assessments/${id}/areas/${where}` } : undefined,
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Breadcrumbs
        items={[
          { text: 'Home', href: '/' },
          { text: 'Assessments', href: '/assessments' },
          { text: `${a.body_name} ${a.period}` },
        ]}
      />
      <ErrorSummary items={errors} />
      {done ? <SuccessBanner>{done}</SuccessBanner> : null}
      <span class="govuk-caption-l">
        {fw.data?.title ?? `${a.framework_key} ${a.framework_version}`} · {a.period}
      </span>
      <h1 class="govuk-heading-l">
        {a.body_name}: {a.period} assessment
      </h1>
      <p class="govuk-body">
        Status: <StatusTag status={a.status} />
        {progress ? (
          <span class="govuk-!-margin-left-3" data-testid="progress">
            {progress.rated} of {progress.total} areas rated
          </span>
        ) : null}
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href={`/assessments/${a.id}/scorecard`}>
          View the scorecard
        </a>
      </p>

      {a.status === 'returned' && a.history.length ? (
        <InfoBanner title="Returned for changes">
          <p class="govuk-body pvf-pre-wrap">{a.history[a.history.length - 1].note || 'No note was given.'}</p>
        </InfoBanner>
      ) : null}

      {allowed.length > 0 ? (
        <section aria-labelledby="decision-title" class="govuk-!-margin-bottom-8">
          <h2 class="govuk-heading-m" id="decision-title">
            {allowed.includes('agreed') ? 'Agree or return this assessment' : 'Next step'}
          </h2>
          {allowed.includes('submitted') && progress && progress.rated < progress.total ? (
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">Warning</span>
                {progress.total - progress.rated} area{progress.total - progress.rated === 1 ? ' is' : 's are'} not
                rated yet. Rate every area before you submit.
              </strong>
            </div>
          ) : null}
          <Textarea
            id="transition-note"
            label={allowed.includes('returned') ? 'Note' : 'Note (optional)'}
            labelClass="govuk-label--s"
            hint={
              allowed.includes('returned')
                ? 'Say what needs to change if you return the assessment. The note is kept in the history.'
                : 'The note is kept in the assessment history.'
            }
            rows={3}
            value={note}
            onInput={setNote}
            error={noteError}
          />
          <div class="govuk-button-group">
            {allowed.map((to) => (
              <button
                type="button"
                key={to}
                disabled={busy}
                data-transition={to}
                class={`govuk-button${to === 'returned' ? ' govuk-button--warning' : to === 'draft' ? ' govuk-button--secondary' : ''}`}
                onClick={() => doTransition(to)}
              >
                {TRANSITION_LABELS[to] ?? to}
              </button>
            ))}
          </div>
        </section>
      ) : null}

      <h2 class="govuk-heading-l">Areas</h2>
      {!a.editable ? (
        <p class="govuk-body">
          {a.status === 'agreed'
            ? 'This assessment has been agreed and can no longer be changed.'
            : a.status === 'submitted'
              ? 'This assessment has been submitted and is read-only until it is agreed or returned.'
              : 'You can view the ratings but not change them.'}
        </p>
      ) : (
        <p class="govuk-body">Rate each area against the level descriptors. You can save each area separately.</p>
      )}
      {fw.error ? <LoadError error={fw.error} /> : null}
      {def ? <AreaTaskList def={def} ratings={a.ratings} assessmentId={a.id} /> : <Loading what="Loading framework" />}

      <h2 class="govuk-heading-m">History</h2>
      {a.history.length === 0 ? (
        <p class="govuk-body">No changes of status yet.</p>
      ) : (
        <table class="govuk-table" data-testid="history">
          <caption class="govuk-table__caption govuk-visually-hidden">Workflow history</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">When</th>
              <th scope="col" class="govuk-table__header">Who</th>
              <th scope="col" class="govuk-table__header">Change</th>
              <th scope="col" class="govuk-table__header">Note</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {a.history.map((h, i) => (
              <tr class="govuk-table__row" key={i}>
                <td class="govuk-table__cell">{formatDateTime(h.at)}</td>
                <td class="govuk-table__cell">{h.username ?? 'System'}</td>
                <td class="govuk-table__cell">
                  {h.from && h.from !== h.to
                    ? `${statusLabel(h.from)} to ${statusLabel(h.to)}`
                    : `Started as ${statusLabel(h.to).toLowerCase()}`}
                </td>
                <td class="govuk-table__cell pvf-pre-wrap">{h.note || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
