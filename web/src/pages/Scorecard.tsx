import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { HISTORY_CHART_HEIGHT, HISTORY_LEGEND_HEIGHT } from '../chartSizes';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ScaleLegend, ScorecardHeatmap } from '../components/Heatmap';
import { Breadcrumbs, LoadError, Loading, StatusTag } from '../components/ui';
import { changeDirection, formatChange, formatScore } from '../format';
import { useAsync, usePageTitle } from '../hooks';
import { historySeries, historyTable, pillarScoreTable, scorecardAreaTable } from '../tables';

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

      <ChartWithTable
        title="Area levels"
        id="heatmap"
        table={scorecardAreaTable(sc, scale, prevPeriod)}
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
