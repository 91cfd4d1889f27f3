import { levelLabel } from '../heatmap';
import type { FrameworkDefinition, Rating } from '../types';
import { isRated } from '../tables';

/** GOV.UK task list of the framework's areas, grouped by pillar, showing which are rated. */
export function AreaTaskList({
  def,
  ratings,
  assessmentId,
  current,
  compact = false,
}: {
  def: FrameworkDefinition;
  ratings: Rating[];
  assessmentId: number;
  current?: string;
  compact?: boolean;
}) {
  const byArea = new Map(ratings.map((r) => [r.area, r]));
  const H = compact ? 'h3' : 'h2';
  return (
    <div class={compact ? 'pvf-side-tasks' : 'pvf-tasks'} data-testid="area-task-list">
      {def.pillars.map((p) => (
        <section key={p.key} aria-labelledby={`pillar-${p.key}${compact ? '-side' : ''}`}>
          <H class={compact ? 'govuk-heading-s' : 'govuk-heading-m'} id={`pillar-${p.key}${compact ? '-side' : ''}`}>
            {p.title}
          </H>
          <ul class="govuk-task-list">
            {p.areas.map((a) => {
              const r = byArea.get(a.key);
              const rated = isRated(r);
              const statusId = `task-${a.key}${compact ? '-side' : ''}-status`;
              const isCurrent = a.key === current;
              return (
                <li class="govuk-task-list__item govuk-task-list__item--with-link" key={a.key} data-area={a.key} data-rated={rated ? 'yes' : 'no'}>
                  <div class="govuk-task-list__name-and-hint">
                    <a
                      class={`govuk-link govuk-task-list__link${isCurrent ? ' pvf-current' : ''}`}
                      href={`/assessments/${assessmentId}/areas/${a.key}`}
                      aria-describedby={statusId}
                      aria-current={isCurrent ? 'page' : undefined}
                    >
                      {a.title}
                    </a>
                  </div>
                  <div class="govuk-task-list__status" id={statusId}>
                    {rated ? (
                      compact ? `Level ${r?.level}` : `Rated: ${r?.level} ${levelLabel(def.scale, r?.level ?? null)}`
                    ) : (
                      <strong class="govuk-tag govuk-tag--blue">Not rated</strong>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
