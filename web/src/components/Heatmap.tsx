import { cellStyle, scoreColour, sortedScale, textColourFor } from '../heatmap';
import { formatLevelChange, formatScore } from '../format';
import { areaAbbreviations } from '../tables';
import type { Comparison, ScaleLevel, Scorecard } from '../types';

export function ScaleLegend({ scale }: { scale: ScaleLevel[] }) {
  const levels: (number | null)[] = [...sortedScale(scale).map((l) => l.level), null];
  return (
    <div class="pvf-legend">
      <h3 class="govuk-heading-s pvf-legend__title">Key</h3>
      <ul class="pvf-legend__list">
        {levels.map((l) => {
          const s = cellStyle(scale, l);
          return (
            <li class="pvf-legend__item" key={String(l)}>
              <span class="pvf-legend__swatch" style={{ background: s.background, color: s.color }} aria-hidden="true">
                {s.short}
              </span>
              {s.text}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Pillars as rows, each area a coloured tile with its level number and label. */
export function ScorecardHeatmap({ scorecard, scale }: { scorecard: Scorecard; scale: ScaleLevel[] }) {
  return (
    <div class="pvf-heatmap" data-testid="scorecard-heatmap">
      {scorecard.pillars.map((p) => {
        const bg = scoreColour(scale, p.score);
        return (
          <div class="pvf-heatmap__row" key={p.key}>
            <div class="pvf-heatmap__pillar">
              <h3 class="govuk-heading-s pvf-heatmap__pillar-title">{p.title}</h3>
              <p class="govuk-body-s pvf-heatmap__pillar-score">
                Score{' '}
                <span class="pvf-score-chip" style={{ background: bg, color: textColourFor(bg) }}>
                  {formatScore(p.score)}
                </span>
              </p>
            </div>
            <ul class="pvf-heatmap__tiles">
              {p.areas.map((a) => {
                const s = cellStyle(scale, a.level);
                const change = formatLevelChange(a.change);
                return (
                  <li
                    class="pvf-heatmap__tile"
                    style={{ background: s.background, color: s.color }}
                    key={a.key}
                    data-area={a.key}
                    data-level={a.level ?? ''}
                  >
                    <span class="pvf-heatmap__area">{a.title}</span>
                    <span class="pvf-heatmap__level">
                      <span class="pvf-heatmap__number">{s.short}</span> {s.label}
                    </span>
                    {change && change !== '0' ? (
                      <span class="pvf-heatmap__change">
                        {change} <span class="govuk-visually-hidden">levels since the previous period</span>
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

/** Bodies as rows and areas as columns (grouped by pillar), coloured by level. */
export function ComparisonHeatmap({ comparison }: { comparison: Comparison }) {
  const scale = comparison.framework.scale;
  const abbr = areaAbbreviations(comparison.areas);
  const byPillar = comparison.pillars.map((p) => ({
    ...p,
    areas: comparison.areas.filter((a) => a.pillar === p.key),
  }));
  const ordered = byPillar.flatMap((p) => p.areas);
  return (
    <div class="pvf-table-wrap" tabIndex={0} role="region" aria-label="Area levels by body">
      <table class="govuk-table pvf-heatmap-table" data-testid="comparison-heatmap">
        <caption class="govuk-table__caption govuk-visually-hidden">Area levels by body</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <td class="govuk-table__header" />
            {byPillar.map((p) => (
              <th scope="colgroup" colSpan={p.areas.length} class="govuk-table__header pvf-heatmap-table__pillar" key={p.key}>
                {p.title}
              </th>
            ))}
          </tr>
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Body
            </th>
            {ordered.map((a) => (
              <th scope="col" class="govuk-table__header pvf-heatmap-table__area" key={a.key}>
                <abbr title={a.title}>{abbr[a.key]}</abbr>
                <span class="govuk-visually-hidden"> {a.title}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {comparison.rows.map((r) => (
            <tr class="govuk-table__row" key={r.body_id}>
              <th scope="row" class="govuk-table__header pvf-heatmap-table__body">
                {r.assessment_id ? (
                  <a class="govuk-link" href={`/assessments/${r.assessment_id}/scorecard`}>
                    {r.body_name}
                  </a>
                ) : (
                  r.body_name
                )}
              </th>
              {ordered.map((a) => {
                const lvl = r.levels?.[a.key] ?? null;
                const s = cellStyle(scale, lvl);
                return (
                  <td
                    class="govuk-table__cell pvf-heatmap-table__cell"
                    style={{ background: s.background, color: s.color }}
                    title={`${r.body_name}, ${a.title}: ${s.text}`}
                    key={a.key}
                  >
                    {s.short}
                    <span class="govuk-visually-hidden"> {s.label}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <details class="govuk-details pvf-area-key">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Area names</span>
        </summary>
        <div class="govuk-details__text">
          <dl class="pvf-area-key__list">
            {ordered.map((a) => (
              <div key={a.key}>
                <dt>{abbr[a.key]}</dt>
                <dd>{a.title}</dd>
              </div>
            ))}
          </dl>
        </div>
      </details>
    </div>
  );
}
