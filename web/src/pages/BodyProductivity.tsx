// A body's productivity (issue 3, ONS method): output, input and productivity indices over time
// (100 in the first period), what each activity contributed to output growth, and unit costs.
// Money is labelled with its basis (nominal unless the API says otherwise).
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { CATEGORY_COLOURS } from '../chartColours';
import { CONTRIBUTIONS_CHART_HEIGHT, PRODUCTIVITY_CHART_HEIGHT, PRODUCTIVITY_LEGEND_HEIGHT } from '../chartSizes';
import { BodySectionHeader } from '../components/BodyNav';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { TableWithCsv } from '../components/CsvButton';
import { MeasureLegend } from '../components/MeasureLegend';
import { LoadError, Loading } from '../components/ui';
import { useAsync, usePageTitle } from '../hooks';
import { formatGrowth, formatIndex, moneyBasisText } from '../measure';
import {
  contributionsData,
  contributionsTable,
  indicesSeries,
  indicesTable,
  sortPeriods,
  unitCostsTable,
  unitCostTrendsTable,
} from '../measureTables';
import { csvFilename } from '../tables';
import type { ProductivityView } from '../types';

/** "Productivity rose 4.2% from 2019-20 to 2022-23" from the first and last productivity index. */
export function productivityHeadline(v: ProductivityView): string | null {
  const order = sortPeriods(v.indices.map((i) => i.period));
  const pts = v.indices
    .filter((i) => i.productivity_index !== null && Number.isFinite(i.productivity_index))
    .sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period));
  if (pts.length < 2) return null;
  const first = pts[0];
  const last = pts[pts.length - 1];
  const change = (last.productivity_index as number) / (first.productivity_index as number) - 1;
  const words = Math.abs(change) < 0.0005 ? 'did not change' : change > 0 ? `rose ${formatGrowth(change).slice(1)}` : `fell ${formatGrowth(change).slice(1)}`;
  return `Productivity ${words} from ${first.period} to ${last.period} (index ${formatIndex(last.productivity_index)} against 100).`;
}

export function BodyProductivityPage({ id }: { id: number }) {
  const body = useAsync(() => api.getBody(id), [id]);
  const view = useAsync(() => api.getProductivity(id), [id]);
  useEffect(preloadCharts, []);
  const name = body.data?.name ?? '';
  usePageTitle(name ? `Productivity – ${name}` : 'Productivity');
  if (body.error) return <LoadError error={body.error} />;
  const v = view.data;
  return (
    <>
      <BodySectionHeader id={id} body={body.data} section="productivity" title="Productivity" />
      {view.loading ? <Loading what="Loading productivity" /> : null}
      {view.error ? <LoadError error={view.error} /> : null}
      {v ? <ProductivityContent v={v} name={name} /> : null}
    </>
  );
}

function ProductivityContent({ v, name }: { v: ProductivityView; name: string }) {
  if (!v.indices.length) {
    return <p class="govuk-body">There is no activity or spending data for this body yet, so productivity cannot be measured.</p>;
  }
  const idx = indicesSeries(v);
  const contrib = contributionsData(v);
  const headline = productivityHeadline(v);
  return (
    <>
      {headline ? (
        <p class="govuk-body-l" data-testid="productivity-headline">
          {headline}
        </p>
      ) : null}
      <p class="govuk-body">
        Output is a cost-weighted index of activity volumes; inputs are spending deflated to volumes; productivity is output
        divided by inputs. Each index is 100 in the first period. All money is in <strong>{moneyBasisText(v.money)}</strong>.
        These figures describe efficiency, not value for money.
      </p>
      {v.warnings.length ? (
        <div class="govuk-warning-text" data-testid="productivity-warnings">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {v.warnings.length === 1 ? 'One thing to know about these figures:' : `${v.warnings.length} things to know about these figures:`}
            <ul class="govuk-list govuk-list--bullet pvf-warning-list">
              {v.warnings.map((w, i) => (
                <li key={i}>
                  {w.period ? `${w.period}: ` : ''}
                  {w.message}
                </li>
              ))}
            </ul>
          </strong>
        </div>
      ) : null}
      <ChartWithTable
        title="Output, inputs and productivity"
        id="indices"
        table={indicesTable(v)}
        csv={csvFilename(name, 'productivity-indices')}
        description={`Indices from ${idx.periods[0]}${idx.periods.length > 1 ? ` to ${idx.periods[idx.periods.length - 1]}` : ''}. Above 100 is more than in the first period. Productivity rises when output grows faster than inputs.`}
      >
        <MeasureLegend
          items={[
            { key: 'line', colour: CATEGORY_COLOURS[0], text: 'Output index (circles)' },
            { key: 'dashed', colour: CATEGORY_COLOURS[1], text: 'Input index (dashed line, squares)' },
            { key: 'line', colour: CATEGORY_COLOURS[2], text: 'Productivity index (thick line, diamonds)' },
          ]}
        />
        <PlotFigure
          label={`Line chart of output, input and productivity indices for ${name}, with a reference line at 100`}
          deps={[v]}
          height={PRODUCTIVITY_CHART_HEIGHT}
          make={(charts, w) => charts.productivityChart(idx, w)}
        />
      </ChartWithTable>
      {contrib.points.length ? (
        <ChartWithTable
          title="What drove output growth"
          id="contributions"
          table={contributionsTable(v)}
          csv={csvFilename(name, 'output-contributions')}
          description="Each bar segment is one activity's contribution, in percentage points, to the growth of output from the previous period: its share of cost in the previous period times its growth in volume. Segments below zero pulled output down. The black diamond marks the total, the growth of output."
        >
          <PlotFigure
            label={`Stacked bar chart of each activity's contribution to output growth for ${name}, by period`}
            deps={[v]}
            height={CONTRIBUTIONS_CHART_HEIGHT + PRODUCTIVITY_LEGEND_HEIGHT}
            make={(charts, w) => charts.contributionsChart(contrib, w)}
          />
        </ChartWithTable>
      ) : null}
      {v.unit_cost_trends.length ? (
        <TableWithCsv
          caption="Unit cost trends"
          captionClass="govuk-table__caption--m"
          model={unitCostTrendsTable(v)}
          sortable
          small
          id="unit-cost-trends"
          filename={csvFilename(name, 'unit-cost-trends')}
          what="unit cost trends"
        />
      ) : null}
      {v.unit_costs.length ? (
        <TableWithCsv
          caption="Unit costs"
          captionClass="govuk-table__caption--m"
          model={unitCostsTable(v)}
          sortable
          small
          id="unit-costs"
          filename={csvFilename(name, 'unit-costs')}
          what="unit costs"
        />
      ) : null}
    </>
  );
}
