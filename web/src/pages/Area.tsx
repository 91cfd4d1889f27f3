import { api } from '../api';
import { AreaActions } from '../components/AreaActions';
import { AreaComments } from '../components/AreaComments';
import { AreaTaskList } from '../components/AreaTaskList';
import { RatingForm } from '../components/RatingForm';
import { RatingView } from '../components/RatingView';
import { Breadcrumbs, LoadError, Loading, StatusTag } from '../components/ui';
import { useAsync, usePageTitle, useSession } from '../hooks';
import { actsForBody, can, getFramework } from '../state';
import { areaOrder, ratingProgress } from '../tables';
import type { Rating } from '../types';

/** One area of an assessment: its questions, the rating (form or view), comments and actions. */
export function AreaPage({ id, area }: { id: number; area: string }) {
  const { user } = useSession();
  const detail = useAsync(() => api.getAssessment(id), [id]);
  const fw = useAsync(
    () => (detail.data ? getFramework(detail.data.framework_id) : new Promise<never>(() => {})),
    [detail.data?.framework_id],
  );
  const a = detail.data;
  const def = fw.data?.definition;
  const areaDef = def?.pillars.flatMap((p) => p.areas).find((x) => x.key === area);
  const pillar = def?.pillars.find((p) => p.areas.some((x) => x.key === area));
  usePageTitle(areaDef && a ? `${areaDef.title} – ${a.body_name} ${a.period}` : 'Area');

  if (detail.error) return <LoadError error={detail.error} />;
  if (fw.error) return <LoadError error={fw.error} />;
  if (!a || !def) return <Loading what="Loading assessment" />;
  if (!areaDef || !pillar) {
    return (
      <>
        <h1 class="govuk-heading-l">Area not found</h1>
        <p class="govuk-body">
          This framework has no area called “{area}”.{' '}
          <a class="govuk-link" href={`/assessments/${id}`}>
            Back to the assessment
          </a>
        </p>
      </>
    );
  }
  const rating = a.ratings.find((r) => r.area === area);
  const canEdit = a.editable && can(user, 'rate') && actsForBody(user, a.body_id);
  const order = areaOrder(def);
  const idx = order.findIndex((o) => o.key === area);
  const prev = idx > 0 ? order[idx - 1] : null;
  const next = idx < order.length - 1 ? order[idx + 1] : null;
  const progress = ratingProgress(def, a.ratings);

  const onSaved = (r: Rating) => {
    const ratings = a.ratings.filter((x) => x.area !== r.area).concat([r]);
    detail.setData({ ...a, ratings });
  };

  return (
    <>
      <Breadcrumbs
        items={[
          { text: 'Home', href: '/' },
          { text: 'Assessments', href: '/assessments' },
          { text: `${a.body_name} ${a.period}`, href: `/assessments/${a.id}` },
          { text: areaDef.title },
        ]}
      />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">
            {a.body_name} {a.period} · {pillar.title}
          </span>
          <h1 class="govuk-heading-l">{areaDef.title}</h1>
          <p class="govuk-body">
            <StatusTag status={a.status} />
            <span class="govuk-!-margin-left-3">
              {progress.rated} of {progress.total} areas rated
            </span>
          </p>
          <h2 class="govuk-heading-m">Guiding questions</h2>
          <ul class="govuk-list govuk-list--bullet" data-testid="questions">
            {areaDef.questions.map((q, i) => (
              <li key={i}>{q}</li>
            ))}
          </ul>
          {canEdit ? (
            <RatingForm
              key={`${a.id}-${area}`}
              assessment={a}
              def={def}
              area={areaDef}
              rating={rating}
              onSaved={onSaved}
              nextHref={next ? `/assessments/${a.id}/areas/${next.key}` : `/assessments/${a.id}`}
            />
          ) : (
            <RatingView def={def} area={areaDef} rating={rating} />
          )}
          <nav class="govuk-pagination govuk-pagination--block" aria-label="Areas">
            {prev ? (
              <div class="govuk-pagination__prev">
                <a class="govuk-link govuk-pagination__link" href={`/assessments/${a.id}/areas/${prev.key}`} rel="prev">
                  <span class="govuk-pagination__link-title">
                    Previous<span class="govuk-visually-hidden"> area</span>
                  </span>
                  <span class="govuk-visually-hidden">:</span>
                  <span class="govuk-pagination__link-label">{prev.title}</span>
                </a>
              </div>
            ) : null}
            {next ? (
              <div class="govuk-pagination__next">
                <a class="govuk-link govuk-pagination__link" href={`/assessments/${a.id}/areas/${next.key}`} rel="next">
                  <span class="govuk-pagination__link-title">
                    Next<span class="govuk-visually-hidden"> area</span>
                  </span>
                  <span class="govuk-visually-hidden">:</span>
                  <span class="govuk-pagination__link-label">{next.title}</span>
                </a>
              </div>
            ) : null}
          </nav>
          <AreaComments assessment={a} area={area} />
          <AreaActions assessment={a} area={area} />
        </div>
        <div class="govuk-grid-column-one-third">
          <nav aria-label="Areas of the framework">
            <h2 class="govuk-heading-m">All areas</h2>
            <p class="govuk-body-s">
              {progress.rated} of {progress.total} rated.{' '}
              <a class="govuk-link" href={`/assessments/${a.id}`}>
                Assessment overview
              </a>
            </p>
            <AreaTaskList def={def} ratings={a.ratings} assessmentId={a.id} current={area} compact />
          </nav>
        </div>
      </div>
    </>
  );
}
