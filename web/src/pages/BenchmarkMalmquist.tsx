// A Malmquist benchmarking run (issue 4): efficiency change against technical change by body and
// pair of periods (chart, table and the server's CSV), with the averages by pair of periods.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { statusText } from '../benchmark';
import { malmquistMeansTable, malmquistPairs, malmquistPoints, malmquistSummary, malmquistTable, rowsForPair, runTitle } from '../benchmarkTables';
import { BENCHMARK_COLOURS } from '../chartColours';
import { MALMQUIST_CHART_HEIGHT } from '../chartSizes';
import { ChartWithTable, PlotFigure } from '../components/Chart';
import { TableWithCsv } from '../components/CsvButton';
import { DataTable } from '../components/DataTable';
import { MeasureLegend } from '../components/MeasureLegend';
import { Select } from '../components/ui';
import { pluralise } from '../format';
import { href, navigate } from '../router';
import { csvFilename } from '../tables';
import type { Benchmark } from '../types';
import { UnitPicker } from './BenchmarkBody';

export function MalmquistResults({
  b,
  selected,
  pair,
  select,
}: {
  b: Benchmark;
  selected: number | null;
  pair: string;
  select: (body: number | null, pair?: string) => void;
}) {
  const pairs = malmquistPairs(b.malmquist);
  const chosenPair = pairs.some((p) => p.value === pair) ? pair : '';
  const rows = rowsForPair(b.malmquist, chosenPair);
  const points = malmquistPoints(rows, selected);
  const [pairInput, setPairInput] = useState(chosenPair);
  useEffect(() => setPairInput(chosenPair), [chosenPair]);
  const table = malmquistTable(b, rows, selected);
  const missing = rows.filter((r) => r.malmquist === null || r.status !== 'optimal');
  const units = [...new Map(b.malmquist.map((r) => [r.body_id, { body_id: r.body_id, name: r.name, code: r.code }])).values()].sort((x, y) =>
    x.name.localeCompare(y.name, 'en-GB'),
  );
  const pairLabel = pairs.find((p) => p.value === chosenPair)?.label;
  const vrs = b.rts === 'vrs';
  const apply = (e: Event) => {
    e.preventDefault();
    navigate(href(`/benchmarks/${b.id}`, { body: selected, pair: pairInput }), { focus: false });
  };
  return (
    <>
      <div class="govuk-inset-text" data-testid="malmquist-hint">
        <strong>Values above 1 mean improvement</strong>: a Malmquist index of 1.050 means productivity rose 5% from one period to the
        next, below 1 that it fell. It is the product of <strong>efficiency change</strong> (above 1: the body caught up with the best) and{' '}
        <strong>technical change</strong> (above 1: the frontier, the best practice, moved out).
        {vrs ? ' Under variable returns to scale, efficiency change is split into pure efficiency change and scale efficiency change.' : ''}
      </div>
      <form class="pvf-filters pvf-filters--compact" onSubmit={apply} aria-label="Choose the periods">
        <Select
          id="pair"
          label="Periods"
          value={pairInput}
          onChange={setPairInput}
          options={[{ value: '', text: 'Every pair of periods' }, ...pairs.map((p) => ({ value: p.value, text: p.label }))]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show
        </button>
      </form>
      <UnitPicker b={b} units={units} selected={selected} select={(id) => select(id, chosenPair)} label="Highlight a body" />
      <p class="govuk-body-l" data-testid="malmquist-summary">
        {malmquistSummary(rows)}
      </p>
      {missing.length ? (
        <div class="govuk-inset-text" data-testid="findings">
          <h2 class="govuk-heading-s">{pluralise(missing.length, 'row has', 'rows have')} no index</h2>
          <ul class="govuk-list">
            {missing.map((r) => (
              <li key={`${r.body_id}-${r.period_from}`}>
                <strong>{r.name}</strong>, {r.period_from} to {r.period_to}: {statusText(r.status) || 'no value'}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ChartWithTable
        title={`Efficiency change against technical change${pairLabel ? `, ${pairLabel}` : ''}`}
        id="malmquist"
        table={table}
        csv={csvFilename(runTitle(b), chosenPair ? pairLabel : 'all-periods')}
        description={`One point for each body${pairs.length > 1 && !chosenPair ? ' and pair of periods' : ''}. Right of the vertical line the body caught up with the frontier; above the horizontal line the frontier moved out. Above and to the right of the dashed curve, productivity rose (Malmquist above 1).`}
      >
        <MeasureLegend
          items={[
            { key: 'dot', colour: BENCHMARK_COLOURS.efficient, text: 'Productivity rose (green, above the dashed curve)' },
            { key: 'dot', colour: BENCHMARK_COLOURS.other, text: 'Productivity fell or held (blue)' },
            { key: 'dashed', colour: BENCHMARK_COLOURS.reference, text: 'No change in productivity (Malmquist = 1)' },
            ...(selected !== null ? [{ key: 'big-dot' as const, colour: 'white', text: 'The chosen body (black ring, named)' }] : []),
            ...(pairs.length > 1 && !chosenPair ? [{ key: 'diamond' as const, colour: '#505a5f', text: 'Each pair of periods has its own symbol (key above the chart)' }] : []),
          ]}
        />
        {points.length ? (
          <PlotFigure
            label={`Scatter chart of efficiency change against technical change for ${points.length} bodies${pairLabel ? ` from ${pairLabel}` : ''}, with reference lines at 1`}
            deps={[b, chosenPair, selected]}
            height={MALMQUIST_CHART_HEIGHT}
            make={(charts, w) => charts.malmquistChart(points, { pairs: chosenPair ? [pairLabel ?? ''] : pairs.map((p) => p.label) }, w)}
          />
        ) : (
          <p class="govuk-body">No body has both changes to draw.</p>
        )}
      </ChartWithTable>
      <TableWithCsv
        caption="Averages by pair of periods (geometric means)"
        captionClass="govuk-table__caption--m"
        model={malmquistMeansTable(b)}
        id="malmquist-means"
        small
        filename={csvFilename(runTitle(b), 'averages')}
        what="averages by pair of periods"
      />
      <section aria-labelledby="results-title" class="pvf-chart">
        <div class="pvf-chart__header">
          <h2 class="govuk-heading-m" id="results-title">
            Results{pairLabel ? `, ${pairLabel}` : ''}
          </h2>
          <div class="pvf-chart__actions">
            <a class="govuk-button govuk-button--secondary" href={api.benchmarkCsvUrl(b.id)} download>
              Download CSV<span class="govuk-visually-hidden"> of the results</span>
            </a>
          </div>
        </div>
        <DataTable id="results" model={table} caption="Malmquist results by body" captionClass="govuk-visually-hidden" sortable small />
      </section>
    </>
  );
}
