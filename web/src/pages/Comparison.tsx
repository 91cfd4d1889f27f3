import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { overallBarChartHeight } from '../chartSizes';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { ComparisonHeatmap, ScaleLegend } from '../components/Heatmap';
import { Breadcrumbs, LoadError, Loading, Select } from '../components/ui';
import { useAsync, usePageTitle } from '../hooks';
import { href, navigate } from '../router';
import { comparisonOverallSeries, comparisonTable, csvFilename } from '../tables';
import { distinctPeriods } from './Assessments';

export function ComparisonPage() {
  const qs = new URLSearchParams(window.location.search);
  const framework = qs.get('framework') ?? '';
  const period = qs.get('period') ?? '';
  const frameworks = useAsync(() => api.listFrameworks(), []);
  useEffect(preloadCharts, []); // fetch the chart code alongside the data
  const fwId = framework || (frameworks.data?.items[0] ? String(frameworks.data.items[0].id) : '');
  const periods = useAsync(
    () => (fwId ? api.listAllAssessments({ framework_id: fwId }).then(distinctPeriods) : Promise.resolve([] as string[])),
    [fwId],
  );
  const [form, setForm] = useState({ framework, period });
  useEffect(() => setForm({ framework, period }), [framework, period]);

  // With no choice made yet, show the newest period of the first framework.
  useEffect(() => {
    if (!framework && fwId && periods.data && periods.data.length && !period) {
      navigate(href('/scorecards', { framework: fwId, period: periods.data[0] }), { replace: true, focus: false });
    }
  }, [framework, fwId, period, periods.data]);

  const ready = !!framework && !!period;
  const cmp = useAsync(
    () => (ready ? api.getComparison(Number(framework), period) : Promise.resolve(null)),
    [framework, period],
  );
  const c = cmp.data;
  usePageTitle(c ? `Compare scorecards: ${c.framework.title}, ${c.period}` : 'Compare scorecards');

  const submit = (e: Event) => {
    e.preventDefault();
    navigate(href('/scorecards', { framework: form.framework || fwId, period: form.period }));
  };
  const assessed = c ? c.rows.filter((r) => r.assessment_id).length : 0;
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Compare scorecards' }]} />
      <h1 class="govuk-heading-l">Compare scorecards</h1>
      <p class="govuk-body">
        See every body's levels, pillar scores and overall score for one framework and period. The framework is a
        diagnostic for improving how spending turns into outcomes, not a league table.
      </p>
      <form class="pvf-filters" onSubmit={submit} aria-label="Choose framework and period">
        <Select
          id="framework"
          label="Framework"
          value={form.framework || fwId}
          onChange={(v) => setForm({ ...form, framework: v })}
          options={(frameworks.data?.items ?? []).map((f) => ({ value: String(f.id), text: `${f.title} (${f.version})` }))}
        />
        <Select
          id="period"
          label="Period"
          value={form.period}
          onChange={(v) => setForm({ ...form, period: v })}
          options={[
            { value: '', text: 'Select a period' },
            ...[...new Set([...(periods.data ?? []), ...(period ? [period] : [])])].map((p) => ({ value: p, text: p })),
          ]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show comparison
        </button>
      </form>
      {frameworks.error ? <LoadError error={frameworks.error} /> : null}
      {cmp.error ? <LoadError error={cmp.error} /> : null}
      {ready && cmp.loading ? <Loading what="Loading comparison" /> : null}
      {!ready && periods.data && periods.data.length === 0 ? (
        <p class="govuk-body">There are no assessments for this framework yet.</p>
      ) : null}
      {c ? (
        <>
          <h2 class="govuk-heading-m">
            {c.framework.title}, {c.period}
          </h2>
          <p class="govuk-body" data-testid="comparison-summary">
            {assessed} of {c.rows.length} bodies have an assessment for {c.period}.
          </p>
          <div class="govuk-button-group">
            <a class="govuk-button govuk-button--secondary" href={api.comparisonDownloadUrl(c.framework.id, c.period, 'csv')} download>
              Download CSV
            </a>
            <a class="govuk-button govuk-button--secondary" href={api.comparisonDownloadUrl(c.framework.id, c.period, 'xlsx')} download>
              Download XLSX
            </a>
          </div>
          <ChartWithTable
            title="Area levels by body"
            id="comparison-heatmap-section"
            table={comparisonTable(c)}
            csv={csvFilename(c.framework.key, c.period, 'area-levels')}
            description="Each cell shows the level number for one body and area; hover or focus a column heading for the area name."
          >
            <ScaleLegend scale={c.framework.scale} />
            <ComparisonHeatmap comparison={c} />
          </ChartWithTable>
          <DataTable
            caption="Pillar and overall scores"
            captionClass="govuk-table__caption--m"
            model={comparisonTable(c, { areas: false })}
            sortable
            id="comparison-scores"
            small
          />
          <ChartWithTable
            title="Overall score by body"
            id="overall-chart"
            csv={csvFilename(c.framework.key, c.period, 'overall-scores')}
            table={{
              columns: [
                { key: 'body', label: 'Body' },
                { key: 'overall', label: 'Overall score', numeric: true },
              ],
              rows: comparisonOverallSeries(c.rows).map((d) => [
                { text: d.body, sort: d.body },
                { text: d.overall.toFixed(2), sort: d.overall },
              ]),
            }}
          >
            <PlotFigure
              label={`Bar chart of overall scores by body for ${c.period}`}
              deps={[c]}
              height={overallBarChartHeight(comparisonOverallSeries(c.rows).length)}
              make={(charts, w) => charts.overallBarChart(comparisonOverallSeries(c.rows), c.framework.scale, w)}
            />
          </ChartWithTable>
        </>
      ) : null}
    </>
  );
}
