// The scorecard's ratings beside the data (issue 3): for each area, the assessed level next to
// what the data says (goals, comparison with the group, trend, productivity, surveys), and a
// clear flag where they disagree. Directions are shown by marker AND word, never colour alone.
import { cellStyle } from '../heatmap';
import {
  countDisagreements,
  dataViewText,
  directionMarker,
  disagreementSummary,
  signalKindLabel,
} from '../measure';
import { signalsTable } from '../measureTables';
import { csvFilename } from '../tables';
import type { AreaSignals, Direction, ScaleLevel, Scorecard, SignalsView } from '../types';
import { CsvButton } from './CsvButton';

export function DirectionMarker({ direction, word }: { direction: Direction | null; word?: string }) {
  const m = directionMarker(direction);
  const cls = direction ?? 'none';
  return (
    <span class={`pvf-dir pvf-dir--${cls}`}>
      <span class="pvf-dir__marker" aria-hidden="true">
        {m.marker}
      </span>{' '}
      <span class="pvf-dir__word">{word ?? m.word}</span>
    </span>
  );
}

const areaAnchor = (key: string) => `signals-${key}`;

/** The one-line verdict at the top of the scorecard, with links to the areas in question. */
export function SignalsSummary({ signals, scorecard }: { signals: SignalsView; scorecard: Scorecard }) {
  const c = countDisagreements(signals.areas);
  const titles = new Map(scorecard.pillars.flatMap((p) => p.areas.map((a) => [a.key, a.title] as const)));
  const disagreeing = signals.areas.filter((a) => a.disagreement && a.level !== null);
  return (
    <div class={`pvf-signal-summary${c.disagree ? ' pvf-signal-summary--disagree' : ''}`} data-testid="signals-summary">
      <p class="pvf-signal-summary__headline">
        {c.disagree ? <strong class="govuk-tag govuk-tag--red pvf-signal-summary__tag">Data disagrees</strong> : null}
        <span>{disagreementSummary(c)}</span>
      </p>
      {disagreeing.length ? (
        <ul class="govuk-list pvf-signal-summary__list">
          {disagreeing.map((a) => (
            <li key={a.area_key}>
              <a class="govuk-link" href={`#${areaAnchor(a.area_key)}`}>
                {titles.get(a.area_key) ?? a.area_key}
              </a>
              {a.disagreement_reason ? `: ${a.disagreement_reason}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="govuk-body-s pvf-signal-summary__note">
        {c.withData} of {c.total} areas have data signals, compared with {signals.group.label}.
      </p>
    </div>
  );
}

function AreaRow({ title, a, scale }: { title: string; a: AreaSignals; scale: ScaleLevel[] }) {
  const s = cellStyle(scale, a.level);
  return (
    <li
      class={`pvf-signal-row${a.disagreement ? ' pvf-signal-row--disagree' : ''}`}
      id={areaAnchor(a.area_key)}
      data-area={a.area_key}
      data-testid="signal-row"
    >
      <h4 class="govuk-heading-s pvf-signal-row__title">{title}</h4>
      <div class="pvf-signal-row__rating">
        <span class="pvf-signal-row__label">Assessed</span>
        <span class="pvf-signal-row__level" style={{ background: s.background, color: s.color }}>
          <span class="pvf-signal-row__number">{s.short}</span> {s.label}
        </span>
      </div>
      <div class="pvf-signal-row__data">
        <span class="pvf-signal-row__label">What the data says</span>
        <p class="govuk-body pvf-signal-row__view">
          {a.signals.length ? <DirectionMarker direction={a.data_view} word={dataViewText(a)} /> : <span class="pvf-signal-row__none">No data for this area</span>}
        </p>
        {a.signals.length ? (
          <ul class="pvf-signal-list">
            {a.signals.map((sig, i) => (
              <li class="pvf-signal" key={i}>
                <DirectionMarker direction={sig.direction} />
                <span class="govuk-visually-hidden">, </span> <span class="pvf-signal__kind">{signalKindLabel(sig.kind)}:</span> <span class="pvf-signal__headline">{sig.headline}</span>
                {sig.detail ? (
                  <>
                    {' '}
                    <span class="pvf-signal__detail">{sig.detail}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {a.disagreement ? (
        <div class="pvf-signal-row__flag" data-testid="disagreement">
          <strong class="govuk-tag govuk-tag--red">Data disagrees</strong>
          {a.disagreement_reason ? <p class="govuk-body pvf-signal-row__reason">{a.disagreement_reason}</p> : null}
        </div>
      ) : null}
    </li>
  );
}

/** Every area, grouped by pillar, its rating beside the data. */
export function RatingsBesideData({
  signals,
  scorecard,
  scale,
  fileStem,
}: {
  signals: SignalsView;
  scorecard: Scorecard;
  scale: ScaleLevel[];
  fileStem: string;
}) {
  const byKey = new Map(signals.areas.map((a) => [a.area_key, a]));
  return (
    <div class="pvf-signals" data-testid="ratings-beside-data">
      {scorecard.pillars.map((p) => (
        <div class="pvf-signals__pillar" key={p.key}>
          <h3 class="govuk-heading-m pvf-signals__pillar-title">{p.title}</h3>
          <ul class="pvf-signal-rows">
            {p.areas.map((area) => {
              const a: AreaSignals = byKey.get(area.key) ?? {
                area_key: area.key,
                level: area.level,
                data_view: 'neutral',
                disagreement: false,
                disagreement_reason: null,
                signals: [],
              };
              return <AreaRow key={area.key} title={area.title} a={{ ...a, level: a.level ?? area.level }} scale={scale} />;
            })}
          </ul>
        </div>
      ))}
      <div class="govuk-button-group">
        <CsvButton model={signalsTable(signals.areas, scorecard, scale)} filename={csvFilename(fileStem, 'ratings-and-data')} what="ratings and data signals" />
      </div>
    </div>
  );
}
