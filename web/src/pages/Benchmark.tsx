// One benchmarking run (issue 4). DEA: the efficiency ranking (chart and table, the server's CSV),
// one chosen body's panel (score, peers with their weights, targets against actual values;
// BenchmarkBody.tsx) and, for one input and one output, two inputs and one output, or one input and
// two outputs, the frontier picture. Malmquist: efficiency change against technical change by body
// and pair of periods, with the table and averages (BenchmarkMalmquist.tsx). The chosen body
// (?body=) and pair (?pair=) live in the URL, so a link shows the same view and the back button works.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { efficientSentence, kindLabel, modelText, periodsText, rtsTitle } from '../benchmark';
import {
  deaFindings,
  deaResultsTable,
  efficiencyLabel,
  frontierData,
  frontierTable,
  leftOutTable,
  listVariables,
  rankingData,
  rankingTable,
  runTitle,
  runVariables,
  scoreLabel,
  type FrontierData,
} from '../benchmarkTables';
import { BENCHMARK_COLOURS } from '../chartColours';
import { FRONTIER_CHART_HEIGHT, rankingChartHeight } from '../chartSizes';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { MeasureLegend } from '../components/MeasureLegend';
import { Breadcrumbs, ErrorSummary, LoadError, Loading, SuccessBanner, errorItems } from '../components/ui';
import { formatDateTime, pluralise } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { formatSeconds } from '../measure';
import { href, navigate } from '../router';
import { can, setFlash, takeFlash } from '../state';
import { csvFilename } from '../tables';
import type { ApiError } from '../api';
import type { Benchmark, BenchmarkModels } from '../types';
import { BodyPanel, UnitPicker, selectLinks } from './BenchmarkBody';
import { MalmquistResults } from './BenchmarkMalmquist';

function positiveInt(s: string | null): number | null {
  return s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null;
}

/** Links to another body of this run choose it in place (no jump to the top of the page). */
function useSelect(id: number) {
  const focusPanel = useRef(false);
  const select = (body: number | null, pair?: string) => {
    const qs = new URLSearchParams(window.location.search);
    focusPanel.current = body !== null;
    navigate(href(`/benchmarks/${id}`, { body, pair: pair ?? qs.get('pair') }), { focus: false });
  };
  return { select, focusPanel };
}

export function BenchmarkPage({ id }: { id: number }) {
  const { user } = useSession();
  const qs = new URLSearchParams(window.location.search);
  const selected = positiveInt(qs.get('body'));
  const pair = qs.get('pair') ?? '';
  const run = useAsync(() => api.getBenchmark(id), [id]);
  const models = useAsync(() => api.getBenchmarkModels().catch(() => null as BenchmarkModels | null), []);
  const [flash] = useState(takeFlash);
  const { select, focusPanel } = useSelect(id);
  useEffect(preloadCharts, []);
  const b = run.data;
  usePageTitle(b ? runTitle(b) : 'Benchmarking run');
  if (run.error) return <LoadError error={run.error} />;
  if (!b) return <Loading what="Loading the run" />;
  const m = models.data ?? null;
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Benchmarking', href: '/benchmarks' }, { text: runTitle(b) }]} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <span class="govuk-caption-l">{kindLabel(b.kind)}</span>
      <h1 class="govuk-heading-l">{runTitle(b)}</h1>
      <RunFacts b={b} models={m} />
      <RunNotes b={b} />
      <div class="govuk-button-group">
        <a class="govuk-button govuk-button--secondary" href={api.benchmarkCsvUrl(b.id)} download data-testid="run-csv">
          Download CSV<span class="govuk-visually-hidden"> of the results</span>
        </a>
        {can(user, 'runBenchmarks') ? <DeleteRun b={b} /> : null}
      </div>
      {b.kind === 'dea' ? (
        <DeaResults b={b} selected={selected} select={select} focusPanel={focusPanel} />
      ) : (
        <MalmquistResults b={b} selected={selected} pair={pair} select={select} />
      )}
    </>
  );
}

function RunFacts({ b, models }: { b: Benchmark; models: BenchmarkModels | null }) {
  const { inputs, outputs } = runVariables(b);
  const options: string[] = [];
  if (b.kind === 'dea') {
    if (b.spec.slacks) options.push('slacks and targets');
    if (b.spec.super_efficiency) options.push('super-efficiency');
    if (b.spec.bootstrap) options.push(`bootstrap, ${b.spec.bootstrap.toLocaleString('en-GB')} replicates, seed ${b.spec.seed ?? 1}`);
  }
  const rows: { key: string; value: ComponentChildren }[] = [
    { key: b.kind === 'dea' ? 'Period' : 'Periods', value: periodsText(b) },
    { key: 'Compared with', value: b.group.label },
    { key: 'Model', value: modelText(b, models) },
    { key: 'Inputs', value: listVariables(inputs) },
    { key: 'Outputs', value: listVariables(outputs) },
    {
      key: 'Units',
      value: (
        <>
          {pluralise(b.units, 'body', 'bodies')}
          {b.left_out.length ? `, ${b.left_out.length} left out` : ''}
          {b.kind === 'dea' && b.efficient !== null ? <span data-testid="efficient-count">. {efficientSentence(b)}</span> : null}
        </>
      ),
    },
    ...(b.kind === 'dea' ? [{ key: 'Options', value: options.length ? options.join('; ') : 'None' }] : []),
    { key: 'Run by', value: `${b.created_by_name}, ${formatDateTime(b.created_at)}` },
    { key: 'Time taken', value: formatSeconds(b.seconds) },
  ];
  return (
    <dl class="govuk-summary-list govuk-summary-list--no-border pvf-facts" data-testid="run-facts">
      {rows.map((r) => (
        <div class="govuk-summary-list__row" key={r.key}>
          <dt class="govuk-summary-list__key">{r.key}</dt>
          <dd class="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function RunNotes({ b }: { b: Benchmark }) {
  return (
    <>
      {b.warnings.length ? (
        <div class="govuk-warning-text" data-testid="run-warnings">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {b.warnings.length === 1 ? (
              b.warnings[0]
            ) : (
              <>
                {b.warnings.length} things to know about this run:
                <ul class="govuk-list govuk-list--bullet pvf-warning-list">
                  {b.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </>
            )}
          </strong>
        </div>
      ) : null}
      {b.left_out.length ? (
        <details class="govuk-details" data-testid="left-out">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              {pluralise(b.left_out.length, 'body was', 'bodies were')} left out
            </span>
          </summary>
          <div class="govuk-details__text">
            <DataTable model={leftOutTable(b)} caption="Bodies left out and why" captionClass="govuk-visually-hidden" small />
          </div>
        </details>
      ) : null}
    </>
  );
}

function DeleteRun({ b }: { b: Benchmark }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteBenchmark(b.id);
      setFlash(`“${runTitle(b)}” has been deleted.`);
      navigate('/benchmarks', { replace: true });
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <button type="button" class="govuk-button govuk-button--warning" onClick={() => setAsking(true)}>
        Delete this run
      </button>
    );
  }
  return (
    <div class="pvf-confirm" role="group" aria-labelledby="confirm-delete-title" tabIndex={-1} ref={confirmRef} data-testid="confirm-delete">
      <h2 class="govuk-heading-s" id="confirm-delete-title">
        Are you sure you want to delete this run?
      </h2>
      <p class="govuk-body">Its results go for everyone. The data it used stays. This cannot be undone.</p>
      {error ? <ErrorSummary title="The run could not be deleted" items={errorItems(error)} /> : null}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--warning" onClick={remove} disabled={busy}>
          Yes, delete this run
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setAsking(false)} disabled={busy}>
          No, keep it
        </button>
      </div>
    </div>
  );
}

// ---------- DEA ----------

function DeaResults({
  b,
  selected,
  select,
  focusPanel,
}: {
  b: Benchmark;
  selected: number | null;
  select: (body: number | null) => void;
  focusPanel: { current: boolean };
}) {
  const [all, setAll] = useState(false);
  const d = rankingData(b, selected, { all });
  const findings = deaFindings(b);
  const chosen = selected !== null ? b.results.find((r) => r.body_id === selected) : undefined;
  const frontier = frontierData(b, selected);
  const output = b.orientation === 'output';
  const results = deaResultsTable(b, selected);
  const ranking = rankingTable(d, b.orientation);
  return (
    <>
      {findings.length ? (
        <div class="govuk-inset-text" data-testid="findings">
          <h2 class="govuk-heading-s">
            {pluralise(findings.length, 'body has', 'bodies have')} no efficiency score
          </h2>
          <ul class="govuk-list">
            {findings.map((f) => (
              <li key={f.body_id}>
                <strong>{f.name}</strong>: {f.text}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <UnitPicker b={b} units={b.results} selected={selected} select={select} label="Show one body" />
      {selected !== null ? <BodyPanel b={b} r={chosen} selected={selected} select={select} focusPanel={focusPanel} /> : null}
      <ChartWithTable
        title="Efficiency ranking"
        id="ranking"
        table={ranking}
        csv={csvFilename(runTitle(b), 'ranking')}
        description={
          <>
            {output
              ? 'Each bar is a body’s technical efficiency, 1/φ: the share of the outputs it could make with its inputs that it does make. '
              : 'Each bar is a body’s efficiency, θ: the share of its inputs it would need to make its outputs as well as the best bodies do. '}
            1 (the dashed line) is on the frontier{b.spec.super_efficiency ? '; with super-efficiency, efficient bodies score 1 or more' : ''}. {efficientSentence(b)}
            {d.omitted ? ` Showing the ${d.bars.length} highest and lowest of ${d.total} bodies${selected !== null ? ' (and the chosen one)' : ''}.` : ''}
          </>
        }
        after={
          d.omitted || all ? (
            <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setAll((v) => !v)} data-testid="ranking-all">
              {all ? 'Show only the highest and lowest' : `Show all ${d.total} bodies`}
            </button>
          ) : null
        }
      >
        <MeasureLegend
          items={[
            { key: 'band', colour: BENCHMARK_COLOURS.efficient, text: 'Efficient: on the frontier (green bar, score in bold)' },
            { key: 'band', colour: BENCHMARK_COLOURS.other, text: 'Not efficient (blue bar)' },
            ...(selected !== null ? [{ key: 'big-dot' as const, colour: 'white', text: 'The chosen body (black outline, score in bold)' }] : []),
            ...(d.bars.some((x) => x.lower !== null) ? [{ key: 'interval' as const, colour: '#0b0c0c', text: '95% bootstrap interval (black line)' }] : []),
          ]}
        />
        {d.bars.length ? (
          <PlotFigure
            label={`Bar chart of ${d.bars.length} bodies' efficiency, best first${selected !== null && chosen ? `, with ${chosen.name} outlined` : ''}`}
            deps={[b, selected, all]}
            height={rankingChartHeight(d.bars.length + d.bars.filter((x) => x.skippedBefore > 0).length)}
            make={(charts, w) => charts.rankingChart(d, { axisLabel: `${scoreLabel(b.orientation)} → 1 = on the frontier` }, w)}
          />
        ) : (
          <p class="govuk-body">No body has an efficiency score to draw.</p>
        )}
      </ChartWithTable>
      {frontier ? <FrontierSection b={b} d={frontier} /> : null}
      <section aria-labelledby="results-title" class="pvf-chart">
        <div class="pvf-chart__header">
          <h2 class="govuk-heading-m" id="results-title">
            Results
          </h2>
          <div class="pvf-chart__actions">
            <a class="govuk-button govuk-button--secondary" href={api.benchmarkCsvUrl(b.id)} download>
              Download CSV<span class="govuk-visually-hidden"> of the results</span>
            </a>
          </div>
        </div>
        <p class="govuk-body-s">
          {efficiencyLabel(b.orientation)}: {output ? 'φ ≥ 1, how many times its outputs a body could make with its inputs' : 'θ ≤ 1, the share of its inputs a body needs'}. Choose a body to see its peers and targets. The CSV adds slacks, peers and targets.
        </p>
        <DataTable id="results" model={results} caption="Results by body" captionClass="govuk-visually-hidden" sortable small renderCell={selectLinks(results, select)} />
      </section>
    </>
  );
}

function FrontierSection({ b, d }: { b: Benchmark; d: FrontierData }) {
  const rts = rtsTitle(b.rts).toLowerCase();
  const words =
    d.shape === '1x1'
      ? `Each dot is a body: ${d.xLabel.toLowerCase()} across, ${d.yLabel.toLowerCase()} up. The black line is the frontier under ${rts}, drawn through the efficient bodies. A body’s efficiency is its distance from the line: ${b.orientation === 'output' ? 'straight up (how much more it could make)' : 'straight across (how much less it could use)'}.`
      : d.shape === '2x1'
        ? `Each dot is a body’s use of each input per unit of output: nearer the origin is better. The black line (the isoquant) joins the efficient bodies. ${d.exact ? 'A body’s efficiency is how far along the line from the origin to it the isoquant is crossed.' : `Under ${rts} the line joins the efficient bodies, but distances to it are not the efficiencies, which compare bodies of a similar size.`}`
        : `Each dot is a body’s outputs per unit of input: further from the origin is better. The black line joins the efficient bodies. ${d.exact ? 'A body’s efficiency is how far along the line from the origin through it the frontier is.' : `Under ${rts} the line joins the efficient bodies, but distances to it are not the efficiencies, which compare bodies of a similar size.`}`;
  return (
    <ChartWithTable
      title="The frontier"
      id="frontier"
      table={frontierTable(d)}
      csv={csvFilename(runTitle(b), 'frontier')}
      description={
        <>
          {words}
          {d.dropped ? ` ${pluralise(d.dropped, 'body is', 'bodies are')} not drawn (a value of zero).` : ''}
        </>
      }
    >
      <MeasureLegend
        items={[
          { key: 'solid', colour: BENCHMARK_COLOURS.frontier, text: 'The frontier (black line)' },
          { key: 'dot', colour: BENCHMARK_COLOURS.efficient, text: 'Efficient body (filled green dot, named)' },
          { key: 'ring', colour: BENCHMARK_COLOURS.other, text: 'Other body (open blue circle)' },
          ...(d.points.some((p) => p.selected) ? [{ key: 'big-dot' as const, colour: 'white', text: 'The chosen body (black ring, named in bold)' }] : []),
          ...(d.projection ? [{ key: 'dashed' as const, colour: BENCHMARK_COLOURS.projection, text: 'The chosen body’s way to the frontier (red dashed arrow)' }] : []),
        ]}
      />
      <PlotFigure
        label={`Scatter chart of ${d.points.length} bodies, ${d.xLabel} against ${d.yLabel}, with the frontier through the efficient ones`}
        deps={[b, d.points.find((p) => p.selected)?.body_id ?? null]}
        height={FRONTIER_CHART_HEIGHT}
        make={(charts, w) => charts.frontierChart(d, w)}
      />
    </ChartWithTable>
  );
}
