// A body's citizen surveys (issue 3, pillar 3): per question, the weighted share answering in the
// top levels in each period with its 95% interval, and whether the change since the previous
// period is significant.
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { MEASURE_COLOURS } from '../chartColours';
import { SURVEY_CHART_HEIGHT } from '../chartSizes';
import { BodySectionHeader } from '../components/BodyNav';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { MeasureLegend } from '../components/MeasureLegend';
import { LoadError, Loading } from '../components/ui';
import { useAsync, usePageTitle } from '../hooks';
import { formatPercent, formatPoints, topLevelNames } from '../measure';
import { surveyChartData, surveyEstimates, surveyTable } from '../measureTables';
import { csvFilename } from '../tables';
import type { SurveyEstimate, SurveyQuestion, SurveyView } from '../types';

/** The latest estimate of a question in words: "58.2% in 2024-25 (95% interval 54.0% to 62.3%), up 3.1 points, significant." */
export function latestEstimateText(list: SurveyEstimate[]): string {
  const e = [...list].reverse().find((x) => x.share !== null);
  if (!e) return 'No estimate yet.';
  let s = `${formatPercent(e.share)} in ${e.period}`;
  if (e.ci_low !== null && e.ci_high !== null) s += ` (95% interval ${formatPercent(e.ci_low)} to ${formatPercent(e.ci_high)})`;
  if (e.change !== null && e.previous_period) {
    const p = formatPoints(e.change);
    s += `, ${p} since ${e.previous_period}`;
    if (e.significant === true) s += ', a significant change';
    else if (e.significant === false) s += ', not a significant change';
  }
  return `${s}.`;
}

export function BodySurveysPage({ id }: { id: number }) {
  const body = useAsync(() => api.getBody(id), [id]);
  const view = useAsync(() => api.getSurveys(id), [id]);
  useEffect(preloadCharts, []);
  const name = body.data?.name ?? '';
  usePageTitle(name ? `Surveys – ${name}` : 'Surveys');
  if (body.error) return <LoadError error={body.error} />;
  const v = view.data;
  return (
    <>
      <BodySectionHeader id={id} body={body.data} section="surveys" title="Surveys" />
      {view.loading ? <Loading what="Loading surveys" /> : null}
      {view.error ? <LoadError error={view.error} /> : null}
      {v ? <SurveysContent v={v} name={name} /> : null}
    </>
  );
}

function SurveysContent({ v, name }: { v: SurveyView; name: string }) {
  const asked = v.questions.filter((q) => v.estimates.some((e) => e.question === q.key));
  if (!asked.length) return <p class="govuk-body">There are no survey results for this body yet.</p>;
  return (
    <>
      <p class="govuk-body">
        For each question, the share of respondents answering in the top levels, weighted. The 95% interval allows for the
        weights (through the effective sample size). A change is significant when its own 95% interval does not include
        zero.
      </p>
      {asked.map((q) => (
        <QuestionSection q={q} estimates={surveyEstimates(v, q.key)} name={name} key={q.key} />
      ))}
    </>
  );
}

function QuestionSection({ q, estimates, name }: { q: SurveyQuestion; estimates: SurveyEstimate[]; name: string }) {
  const d = surveyChartData(estimates);
  const top = topLevelNames(q);
  return (
    <section class="pvf-question" aria-labelledby={`q-${q.key}-title`} data-testid="survey-question">
      <h2 class="govuk-heading-m" id={`q-${q.key}-title`}>
        {q.text}
      </h2>
      <p class="govuk-body">
        {top.length ? (
          <>
            Top levels: <strong>{top.join(', ')}</strong>
            {q.levels.length ? ` (of ${q.levels.join(', ')})` : ''}.{' '}
          </>
        ) : null}
        <span data-testid="survey-latest">{latestEstimateText(estimates)}</span>
      </p>
      <ChartWithTable
        title={`Share in the top levels`}
        headingLevel={3}
        id={`q-${q.key}`}
        table={surveyTable(estimates)}
        csvTable={surveyTable(estimates, { csv: true })}
        csv={csvFilename(name, 'survey', q.key)}
        description={`One dot per period with its 95% interval as a vertical bar${d.single ? '' : '; the line joins the periods'}.`}
      >
        <MeasureLegend
          headingLevel={4}
          items={[
            { key: 'dot', colour: MEASURE_COLOURS.body, text: 'Share in the top levels' },
            { key: 'interval', colour: '#0b0c0c', text: '95% interval (bar with caps)' },
          ]}
        />
        <PlotFigure
          label={`Chart of the share answering ${top.join(' or ') || 'in the top levels'} to "${q.text}", by period, with 95% intervals`}
          deps={[estimates]}
          height={SURVEY_CHART_HEIGHT}
          make={(charts, w) => charts.surveyChart(d, w)}
        />
      </ChartWithTable>
    </section>
  );
}
