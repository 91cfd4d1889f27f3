import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { HISTORY_CHART_HEIGHT, HISTORY_LEGEND_HEIGHT } from '../chartSizes';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ScaleLegend, ScorecardHeatmap } from '../components/Heatmap';
import { RatingsBesideData, SignalsSummary } from '../components/Signals';
import { Breadcrumbs, LoadError, Loading, Select, StatusTag } from '../components/ui';
import { changeDirection, formatChange, formatScore } from '../format';
import { useAsync, usePageTitle } from '../hooks';
import { groupOptions, groupOptionValue, parseExplorerQuery, parseGroupOption } from '../measure';
import { href, navigate } from '../router';
import { csvFilename, historySeries, historyTable, pillarScoreTable, scorecardAreaTable } from '../tables';
import type { ComparisonGroup } from '../types';

function ScoreCard({
  title,
  score,
  change,
  previousPeriod,
  overall = false,
  testid,
}: {
  title: string;
  score: number | null;
  change: number | null;
  previousPeriod: string | null;
  overall?: boolean;
  testid?: string;
}) {
  const dir = changeDirection(change);
  return (
    <li class={`pvf-score${overall ? ' pvf-score--overall' : ''}`} data-testid={testid}>
      <span class="pvf-score__title">{title}</span>
      <span class="pvf-score__value">{formatScore(score)}</span>
      {previousPeriod || change !== null ? (
        <span class={`pvf-score__change pvf-change--${dir}`}>
          {dir === 'up' ? <span aria-hidden="true">▲ </span> : dir === 'down' ? <span aria-hidden="true">▼ </span> : null}
          {formatChange(change, previousPeriod)}
        </span>
      ) : null}
    </li>
  );
}

export function ScorecardPage({ id }: { id: number }) {
  const view = useAsync(() => api.getScorecard(id), [id]);
  useEffect(preloadCharts, []); // fetch the chart code alongside the data
  // The data signals are an addition: if they fail, the scorecard still shows.
  // Without a group in the URL the server picks its default (bodies of the same type); the
  // select then shows the group the signals came back with. A chosen group, "all" included, is
  // always sent, so "All bodies" can be asked for.
  const search = window.location.search;
  const urlHasGroup = new URLSearchParams(search).has('group');
  const { group, groupId } = parseExplorerQuery(search);
  const signals = useAsync(
    () => api.getSignals(id, urlHasGroup ? { group, group_id: groupId } : {}),
    [id, urlHasGroup, group, groupId],
  );
  const groups = useAsync(() => api.listComparisonGroups().catch(() => ({ items: [] as ComparisonGroup[] })), []);
  const shownGroup = (): string => {
    if (urlHasGroup) return groupOptionValue(group, groupId);
    const g = signals.data?.group;
    return g ? groupOptionValue(g.scope, g.group_id) : 'type';
  };
  const [groupChoice, setGroupChoice] = useState(shownGroup);
  useEffect(() => setGroupChoice(shownGroup()), [search, signals.data]);
  const v = view.data;
  usePageTitle(v ? `Scorecard: ${v.assessment.body_name} ${v.assessment.period}` : 'Scorecard');
  if (view.error) return <LoadError error={view.error} />;
  if (!v) return <Loading what="Loading scorecard" />;
  const sc = v.scorecard;
  const scale = v.framework.scale;
  const prevPeriod = v.previous?.period ?? null;
  const pillars = sc.pillars.map((p) => ({ key: p.key, title: p.title }));
  const history = v.history ?? [];
  const points = historySeries(history, pillars);
  const periods = history.map((h) => h.period);
  const seriesNames = ['Overall', ...pillars.map((p) => p.title)];
  const totalAreas = sc.pillars.reduce((s, p) => s + p.areas.length, 0);
  const rated = sc.pillars.reduce((s, p) => s + p.rated, 0);
  return (
    <>
      <Breadcrumbs
        items={[
          { text: 'Home', href: '/' },
          { text: 'Assessments', href: '/assessments' },
          { text: `${v.assessment.body_name} ${v.assessment.period}`, href: `/assessments/${v.assessment.id}` },
          { text: 'Scorecard' },
        ]}
      />
      <span class="govuk-caption-l">
        {v.framework.title} ({v.framework.key} {v.framework.version})
      </span>
      <h1 class="govuk-heading-l">
        {v.assessment.body_name}: {v.assessment.period} scorecard
      </h1>
      <p class="govuk-body">
        Status: <StatusTag status={v.assessment.status} />
        {v.previous ? (
          <span class="govuk-!-margin-left-3">
            Compared with{' '}
            <a class="govuk-link" href={`/assessments/${v.previous.id}/scorecard`}>
              {v.previous.period}
            </a>
          </span>
        ) : (
          <span class="govuk-!-margin-left-3">No earlier assessment to compare with</span>
        )}
      </p>
      {signals.data ? <SignalsSummary signals={signals.data} scorecard={sc} /> : null}
      {!sc.complete ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {totalAreas - rated} of {totalAreas} areas are not rated yet. Scores use the rated areas only.
          </strong>
        </div>
      ) : null}
      <div class="govuk-button-group">
        <a class="govuk-button govuk-button--secondary" href={api.scorecardDownloadUrl(id, 'csv')} download data-testid="download-csv">
          Download CSV
        </a>
        <a class="govuk-button govuk-button--secondary" href={api.scorecardDownloadUrl(id, 'xlsx')} download data-testid="download-xlsx">
          Download XLSX
        </a>
      </div>

      <h2 class="govuk-heading-m">Scores</h2>
      <ul class="pvf-scores" data-testid="scores">
        <ScoreCard title="Overall" score={sc.overall} change={sc.change} previousPeriod={prevPeriod} overall testid="overall-score" />
        {sc.pillars.map((p) => (
          <ScoreCard key={p.key} title={p.title} score={p.score} change={p.change} previousPeriod={prevPeriod} testid="pillar-score" />
        ))}
      </ul>

      <section class="pvf-chart" aria-labelledby="signals-title" id="signals">
        <h2 class="govuk-heading-m" id="signals-title">
          Ratings beside the data
        </h2>
        <p class="govuk-body">
          Each area's assessed level next to what the data says about it: goals, the body's place among comparable bodies,
          trends, productivity and surveys. Where they disagree, the area is flagged so the rating can be discussed.
        </p>
        {signals.loading && !signals.data ? <Loading what="Loading data signals" /> : null}
        {signals.error ? (
          <div class="govuk-inset-text" data-testid="signals-error">
            The data signals could not be loaded ({signals.error.message}). The ratings are shown without them.
          </div>
        ) : null}
        {signals.data ? (
          <>
            <form
              class="pvf-filters pvf-filters--compact"
              aria-label="Choose the comparison group for the data signals"
              onSubmit={(e) => {
                e.preventDefault();
                const g = parseGroupOption(groupChoice);
                navigate(href(`/assessments/${id}/scorecard`, { group: g.group, group_id: g.groupId }), { focus: false });
              }}
            >
              <Select
                id="signals-group"
                label="Compare the body with"
                value={groupChoice}
                onChange={setGroupChoice}
                options={groupOptions(groups.data?.items ?? [], v.assessment.body_id)}
              />
              <button type="submit" class="govuk-button govuk-button--secondary">
                Update signals
              </button>
            </form>
            <RatingsBesideData
              signals={signals.data}
              scorecard={sc}
              scale={scale}
              fileStem={`${v.assessment.body_name}-${v.assessment.period}`}
            />
          </>
        ) : null}
      </section>

      <ChartWithTable
        title="Area levels"
        id="heatmap"
        table={scorecardAreaTable(sc, scale, prevPeriod)}
        csv={csvFilename(v.assessment.body_name, v.assessment.period, 'area-levels')}
        description={`Each tile shows the level for an area, with its number and label. Colours follow the framework's scale.${
          prevPeriod ? ` A small +1 or −1 shows the change in level since ${prevPeriod}.` : ''
        }`}
      >
        <ScaleLegend scale={scale} />
        <ScorecardHeatmap scorecard={sc} scale={scale} />
      </ChartWithTable>

      <DataTable
        caption="Pillar scores"
        captionClass="govuk-table__caption--m"
        model={pillarScoreTable(sc, prevPeriod)}
        id="pillar-scores"
      />

      {history.length > 0 ? (
        <ChartWithTable
          title="Scores over time"
          id="history"
          table={historyTable(history, pillars)}
          csv={csvFilename(v.assessment.body_name, 'scores-over-time')}
          description={`Overall and pillar scores for ${v.assessment.body_name} in each period assessed against this framework.`}
        >
          <PlotFigure
            label={`Line chart of overall and pillar scores for ${v.assessment.body_name} from ${periods[0]} to ${periods[periods.length - 1]}`}
            deps={[v]}
            height={HISTORY_CHART_HEIGHT + HISTORY_LEGEND_HEIGHT}
            make={(charts, w) => charts.historyChart(points, periods, seriesNames, scale, w)}
          />
        </ChartWithTable>
      ) : null}
    </>
  );
}
