import { SummaryList } from './ui';
import { CONFIDENCE_LABELS, formatDateTime } from '../format';
import { levelLabel, sortedScale } from '../heatmap';
import { safeUrl } from '../ratings';
import { isRated } from '../tables';
import type { Area, FrameworkDefinition, Rating } from '../types';

/** Read-only view of an area's rating, for people who may not edit it. */
export function RatingView({ def, area, rating }: { def: FrameworkDefinition; area: Area; rating: Rating | undefined }) {
  if (!isRated(rating)) {
    return (
      <>
        <h2 class="govuk-heading-m">Rating</h2>
        <p class="govuk-body" data-testid="rating-view">
          This area has not been rated.
        </p>
        <LevelDescriptors def={def} area={area} />
      </>
    );
  }
  const r = rating as Rating;
  return (
    <>
      <h2 class="govuk-heading-m">Rating</h2>
      <div data-testid="rating-view">
        <SummaryList
          rows={[
            {
              key: 'Level',
              value: (
                <>
                  <strong>
                    {r.level} {levelLabel(def.scale, r.level)}
                  </strong>
                  <p class="govuk-body-s govuk-!-margin-bottom-0">{area.descriptors[String(r.level)]}</p>
                </>
              ),
            },
            { key: 'Rationale', value: <span class="pvf-pre-wrap">{r.rationale || 'None given'}</span> },
            { key: 'Confidence', value: r.confidence ? CONFIDENCE_LABELS[r.confidence] : 'Not given' },
            {
              key: 'Evidence',
              value: r.evidence?.length ? (
                <ul class="govuk-list">
                  {r.evidence.map((e, i) => (
                    <li key={i}>
                      {safeUrl(e.url) ? (
                        <a class="govuk-link" href={e.url} rel="noreferrer noopener external" target="_blank">
                          {e.note || e.url} (opens in new tab)
                        </a>
                      ) : (
                        <span>{e.note || e.url}</span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                'None'
              ),
            },
            {
              key: 'Last updated',
              value: `${r.updated_by_name ?? ''}${r.updated_at ? `, ${formatDateTime(r.updated_at)}` : ''}`,
            },
          ]}
        />
      </div>
      <LevelDescriptors def={def} area={area} />
    </>
  );
}

/** The area's descriptor for each level of the scale, in a details element. */
function LevelDescriptors({ def, area }: { def: FrameworkDefinition; area: Area }) {
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">What each level means for this area</span>
      </summary>
      <div class="govuk-details__text">
        <dl class="govuk-summary-list govuk-summary-list--no-border">
          {sortedScale(def.scale).map((l) => (
            <div class="govuk-summary-list__row" key={l.level}>
              <dt class="govuk-summary-list__key">
                {l.level} {l.label}
              </dt>
              <dd class="govuk-summary-list__value">{area.descriptors[String(l.level)]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}
