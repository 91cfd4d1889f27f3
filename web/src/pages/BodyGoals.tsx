// A body's goals (issue 3): each goal's baseline, target, latest value, where the plan says it
// should be by now and where the trend will take it by the target period, the status that
// follows, and how ambitious the target is. A small chart per goal shows the planned straight
// line, the observations and the least-squares projection.
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { MEASURE_COLOURS } from '../chartColours';
import { GOAL_CHART_HEIGHT } from '../chartSizes';
import { BodySectionHeader } from '../components/BodyNav';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { TableWithCsv } from '../components/CsvButton';
import { MeasureLegend } from '../components/MeasureLegend';
import { LoadError, Loading } from '../components/ui';
import { useAsync, usePageTitle, useSession } from '../hooks';
import {
  explorerHref,
  formatNumber,
  formatValue,
  GOAL_STATUS_LABELS,
  GOAL_STATUSES,
  goalStatusLabel,
  goalStatusSummary,
  goalStatusTagClass,
  polarityText,
} from '../measure';
import { goalChartData, goalChartTable, goalsCsvTable, goalsTable } from '../measureTables';
import { can } from '../state';
import { csvFilename } from '../tables';
import type { GoalStatus, GoalView } from '../types';

export function GoalStatusTag({ status }: { status: GoalStatus | string }) {
  return <strong class={`govuk-tag ${goalStatusTagClass(status)}`}>{goalStatusLabel(status)}</strong>;
}

export function BodyGoalsPage({ id }: { id: number }) {
  const { user } = useSession();
  const body = useAsync(() => api.getBody(id), [id]);
  const goals = useAsync(() => api.listGoals(id), [id]);
  useEffect(preloadCharts, []);
  const name = body.data?.name;
  usePageTitle(name ? `Goals – ${name}` : 'Goals');
  if (body.error) return <LoadError error={body.error} />;
  const items = goals.data?.items ?? [];
  return (
    <>
      <BodySectionHeader id={id} body={body.data} section="goals" title="Goals" />
      {goals.loading ? <Loading what="Loading goals" /> : null}
      {goals.error ? <LoadError error={goals.error} /> : null}
      {goals.data && items.length === 0 ? (
        <>
          <p class="govuk-body">{name ?? 'This body'} has no goals yet.</p>
          {can(user, 'importData') ? (
            <p class="govuk-body">
              <a class="govuk-link" href="/imports">
                Import goals from a CSV file
              </a>
            </p>
          ) : null}
        </>
      ) : null}
      {items.length > 0 ? <GoalsOverview goals={items} bodyId={id} bodyName={name ?? ''} /> : null}
      {items.map((g) => (
        <GoalSection goal={g} key={g.id} />
      ))}
    </>
  );
}

function GoalsOverview({ goals, bodyId, bodyName }: { goals: GoalView[]; bodyId: number; bodyName: string }) {
  const counts = GOAL_STATUSES.map((s) => ({ s, n: goals.filter((g) => g.status === s).length })).filter((x) => x.n > 0);
  return (
    <section aria-labelledby="goals-summary-title">
      <h2 class="govuk-heading-m" id="goals-summary-title">
        Summary
      </h2>
      <p class="govuk-body" data-testid="goals-summary">
        {goalStatusSummary(goals.map((g) => g.status))}.
      </p>
      <ul class="pvf-tag-counts">
        {counts.map(({ s, n }) => (
          <li key={s}>
            <GoalStatusTag status={s} /> <span class="pvf-tag-counts__n">{n}</span>
          </li>
        ))}
      </ul>
      <p class="govuk-body-s">
        A goal is on track when the straight line through its observations since the baseline reaches the target by the
        target period; at risk when it falls short by no more than a fifth of the planned change; off track otherwise. With
        fewer than two observations it is too early to say.
      </p>
      <TableWithCsv
        caption="Goals"
        captionClass="govuk-table__caption--m"
        model={goalsTable(goals, bodyId)}
        sortable
        small
        id="goals-table"
        renderCell={(_ri, key, text) => {
          if (key !== 'status') return undefined;
          const s = GOAL_STATUSES.find((x) => GOAL_STATUS_LABELS[x] === text);
          return s ? <GoalStatusTag status={s} /> : text;
        }}
        csv={goalsCsvTable(goals)}
        filename={csvFilename(bodyName, 'goals')}
        what="goals"
      />
    </section>
  );
}

function GoalSection({ goal: g }: { goal: GoalView }) {
  const d = goalChartData(g);
  const u = g.indicator.unit;
  const a = g.ambition;
  const legend = [
    { key: 'dashed' as const, colour: MEASURE_COLOURS.planned, text: `Planned: straight line from the baseline (${g.baseline.period}) to the target (${g.target.period})` },
    { key: 'star' as const, colour: MEASURE_COLOURS.planned, text: 'Target' },
    { key: 'dot' as const, colour: MEASURE_COLOURS.body, text: 'Observed values' },
    ...(d?.projection.length
      ? [
          { key: 'line' as const, colour: MEASURE_COLOURS.projection, text: 'Projection: straight-line trend of the observations' },
          { key: 'times' as const, colour: MEASURE_COLOURS.projection, text: `Projected value in ${g.target.period}` },
        ]
      : []),
  ];
  return (
    <section class="pvf-goal" aria-labelledby={`goal-${g.id}-title`} data-testid="goal">
      <h2 class="govuk-heading-m" id={`goal-${g.id}-title`}>
        {g.title || g.key} <GoalStatusTag status={g.status} />
      </h2>
      <p class="govuk-body">{g.explanation}</p>
      <p class="govuk-body-s">
        Indicator:{' '}
        <a class="govuk-link" href={explorerHref(g.indicator.key, { body: g.body_id })}>
          {g.indicator.name}
        </a>{' '}
        ({polarityText(g.indicator.polarity).toLowerCase()}). From {formatValue(g.baseline.value, u)} in {g.baseline.period} to{' '}
        {formatValue(g.target.value, u)} in {g.target.period}.
      </p>
      {d ? (
        <ChartWithTable
          title={`Progress towards the target`}
          headingLevel={3}
          id={`goal-${g.id}-chart`}
          table={goalChartTable(g)}
          csv={csvFilename(g.key, 'progress')}
          description={
            g.observations.length
              ? `${g.observations.length} observation${g.observations.length === 1 ? '' : 's'}${
                  g.latest_period ? `, the latest ${formatValue(g.latest_value, u)} in ${g.latest_period}` : ''
                }.${g.projected_value !== null ? ` The trend reaches ${formatValue(g.projected_value, u)} by ${g.target.period}.` : ''}`
              : 'No observations yet.'
          }
        >
          <MeasureLegend items={legend} headingLevel={4} />
          <PlotFigure
            label={`Chart of ${g.title || g.key}: planned line from ${g.baseline.period} to ${g.target.period}, observed values and projection`}
            deps={[g]}
            height={GOAL_CHART_HEIGHT}
            make={(charts, w) => charts.goalChart(d, { unit: u }, w)}
          />
        </ChartWithTable>
      ) : (
        <p class="govuk-body">The periods of this goal cannot be drawn on a time axis.</p>
      )}
      <h3 class="govuk-heading-s">Degree of ambition</h3>
      {a ? (
        <>
          <p class="govuk-body" data-testid="ambition-summary">
            {a.summary}
          </p>
          <dl class="govuk-summary-list pvf-summary-list--compact">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Planned change a year</dt>
              <dd class="govuk-summary-list__value">{signedValue(a.planned_change_per_year, u)}</dd>
            </div>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Own trend before the baseline</dt>
              <dd class="govuk-summary-list__value">
                {a.own_trend_per_year !== null ? `${signedValue(a.own_trend_per_year, u)} a year` : 'Not enough history'}
                {a.ratio_to_own_trend !== null ? ` (plan is ${formatNumber(a.ratio_to_own_trend, 1)} times as ambitious)` : ''}
              </dd>
            </div>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Best quarter of the group</dt>
              <dd class="govuk-summary-list__value">
                {a.group_best_quartile_per_year !== null ? `${signedValue(a.group_best_quartile_per_year, u)} a year` : 'Not available'}
                {a.ratio_to_group_best !== null ? ` (plan is ${formatNumber(a.ratio_to_group_best, 1)} times as ambitious)` : ''}
              </dd>
            </div>
          </dl>
        </>
      ) : (
        <p class="govuk-body">Not assessed.</p>
      )}
    </section>
  );
}

function signedValue(v: number, unit: string): string {
  const s = formatValue(v, unit);
  return v > 0 && s && !s.startsWith('+') ? `+${s}` : s;
}
