// A benchmarking run's chosen body (issue 4): choosing one of the run's units (by typing, or by a
// link in a table, in place), and the DEA panel for it: score and rank, what the score means in
// words, its peers with their weights, and its targets against its actual values.
import { useEffect, useRef, useState } from 'preact/hooks';
import { deaRankText, efficiencyScore, isEfficient, rankCounts, statusText } from '../benchmark';
import { efficiencyLabel, peersTable, runTitle, targetChartData, targetsFor, targetsTable } from '../benchmarkTables';
import { targetsChartHeight } from '../chartSizes';
import { BodyPicker } from '../components/BodyPicker';
import { ChartWithTable, PlotFigure } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { formatEfficiency } from '../format';
import { bodyOptionLabel, findBody, formatPercent } from '../measure';
import { csvFilename, type TableModel } from '../tables';
import type { Benchmark, DeaResult } from '../types';

/** A DataTable cell renderer that turns links within this run into in-place choices. */
export function selectLinks(model: TableModel, select: (body: number) => void) {
  return (_row: number, columnKey: string, text: string, row: TableModel['rows'][number]) => {
    const i = model.columns.findIndex((c) => c.key === columnKey);
    const link = row[i]?.href;
    const m = link ? /^\/benchmarks\/\d+\?body=(\d+)$/.exec(link) : null;
    if (!m || !link) return undefined;
    return (
      <a
        class="govuk-link"
        href={link}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          select(Number(m[1]));
        }}
      >
        {text}
      </a>
    );
  };
}

/** Choosing a body among the run's units by typing. */
export function UnitPicker({
  b,
  units,
  selected,
  select,
  label,
}: {
  b: Benchmark;
  units: { body_id: number; name: string; code: string | null }[];
  selected: number | null;
  select: (body: number | null) => void;
  label: string;
}) {
  const list = units.map((u) => ({ id: u.body_id, name: u.name, code: u.code ?? '' }));
  const current = list.find((u) => u.id === selected);
  const [text, setText] = useState(current ? bodyOptionLabel(current) : '');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText(current ? bodyOptionLabel(current) : '');
    setError(undefined);
  }, [selected, b.id]);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) {
      select(null);
      return;
    }
    const found = findBody(text, list);
    if (!found) {
      setError('Select a body from the list');
      return;
    }
    setError(undefined);
    select(found.id);
  };
  return (
    <form class="pvf-filters pvf-filters--compact" onSubmit={submit} aria-label={label} noValidate>
      <BodyPicker id="unit" label={label} value={text} onInput={setText} error={error} bodies={list} hint="Start typing a name or code, or click a body in the table" />
      <button type="submit" class="govuk-button govuk-button--secondary">
        Show body
      </button>
    </form>
  );
}

/** One body: its score and rank, its peers and its targets. */
export function BodyPanel({
  b,
  r,
  selected,
  select,
  focusPanel,
}: {
  b: Benchmark;
  r: DeaResult | undefined;
  selected: number;
  select: (body: number | null) => void;
  focusPanel: { current: boolean };
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusPanel.current) return;
    focusPanel.current = false;
    // After the router's own handling of the navigation.
    const t = window.setTimeout(() => {
      heading.current?.scrollIntoView?.({ block: 'start' });
      heading.current?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(t);
  }, [selected]);
  if (!r) {
    return (
      <section class="pvf-body-panel" aria-labelledby="body-panel-title" data-testid="body-panel">
        <h2 class="govuk-heading-m" id="body-panel-title" tabIndex={-1} ref={heading}>
          Body {selected}
        </h2>
        <p class="govuk-body">This body is not one of the units of this run.</p>
      </section>
    );
  }
  const score = r.status === 'optimal' ? efficiencyScore(r, b.orientation) : null;
  const efficient = isEfficient(r, b.spec);
  const ranked = b.results.filter((x) => x.rank !== null).length;
  const output = b.orientation === 'output';
  const { radial } = targetsFor(b, r);
  const targets = targetsTable(b, r);
  const chart = targetChartData(b, r);
  const peers = peersTable(b, r);
  const selfPeer = r.peers.length === 1 && r.peers[0].body_id === r.body_id;
  return (
    <section class="pvf-body-panel" aria-labelledby="body-panel-title" data-testid="body-panel">
      <span class="govuk-caption-m">Chosen body</span>
      <h2 class="govuk-heading-m" id="body-panel-title" tabIndex={-1} ref={heading}>
        {r.name}
      </h2>
      {r.status !== 'optimal' ? (
        <div class="govuk-inset-text" data-testid="body-status">
          <strong>{statusText(r.status, !!b.spec.super_efficiency)}.</strong>
        </div>
      ) : null}
      <ul class="pvf-scores pvf-place">
        <li class="pvf-score pvf-score--overall">
          <span class="pvf-score__title">{efficiencyLabel(b.orientation)}</span>
          <span class="pvf-score__value" data-testid="body-efficiency">
            {formatEfficiency(r.efficiency, 'None')}
          </span>
          {output && score !== null ? <span class="pvf-score__change">1/φ = {formatEfficiency(score)}</span> : null}
        </li>
        <li class="pvf-score">
          <span class="pvf-score__title">Rank</span>
          <span class="pvf-score__value" data-testid="body-rank">
            {deaRankText(r.rank, rankCounts(b.results), ranked) || 'None'}
          </span>
          <span class="pvf-score__change">1st is the most efficient</span>
        </li>
        {r.bootstrap ? (
          <li class="pvf-score">
            <span class="pvf-score__title">95% interval</span>
            <span class="pvf-score__value pvf-score__value--words" data-testid="body-interval">
              {formatEfficiency(r.bootstrap.lower)} to {formatEfficiency(r.bootstrap.upper)}
            </span>
            <span class="pvf-score__change">
              Bias-corrected {formatEfficiency(r.bootstrap.bias_corrected)}, {r.bootstrap.replicates_used.toLocaleString('en-GB')} replicates
            </span>
          </li>
        ) : null}
      </ul>
      {score !== null ? (
        <p class="govuk-body" data-testid="body-summary">
          {bodySentence(b, r, efficient)}
        </p>
      ) : null}
      <h3 class="govuk-heading-s">Peers</h3>
      {selfPeer ? (
        <p class="govuk-body">It is on the frontier: its own peer.</p>
      ) : r.peers.length ? (
        <>
          <p class="govuk-body-s">
            The efficient bodies it is measured against. Its target is the sum of each peer’s inputs and outputs times the weight λ.
          </p>
          <DataTable model={peers} caption={`Peers of ${r.name}`} captionClass="govuk-visually-hidden" small id="peers" renderCell={selectLinks(peers, (id) => select(id))} />
        </>
      ) : (
        <p class="govuk-body">No peers: the body has no score.</p>
      )}
      {chart.length ? (
        <ChartWithTable
          title="Targets against actual values"
          headingLevel={3}
          id="targets"
          table={targets}
          csv={csvFilename(runTitle(b), r.name, 'targets')}
          description={
            radial
              ? `Radial targets: ${output ? 'outputs × φ, inputs as they are' : 'inputs × θ, outputs as they are'}. Run with slacks for targets that include the slacks.`
              : 'Targets from the run, slacks included: where the body would be on the frontier.'
          }
        >
          <PlotFigure
            label={`Bar chart of ${r.name}'s targets as a share of its actual values`}
            deps={[b, r]}
            height={targetsChartHeight(chart.length)}
            make={(charts, w) => charts.targetsChart(chart, w)}
          />
        </ChartWithTable>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={`/bodies/${r.body_id}`}>
          {r.name}’s page
        </a>
        {' · '}
        <a
          class="govuk-link"
          href={`/benchmarks/${b.id}`}
          onClick={(e) => {
            e.preventDefault();
            select(null);
          }}
        >
          Clear the choice
        </a>
      </p>
    </section>
  );
}

/** What the score means for the body, in words. */
export function bodySentence(b: Pick<Benchmark, 'orientation' | 'spec'>, r: DeaResult, efficient: boolean): string {
  if (r.status !== 'optimal' || r.efficiency === null) return 'There is no score to explain.';
  const e = r.efficiency;
  if (b.orientation === 'output') {
    if (efficient && e < 1) return `It is on the frontier: with super-efficiency, it would stay efficient making ${formatPercent(1 - e)} less of every output.`;
    if (efficient) return 'It is on the frontier: no combination of other bodies makes more with its inputs.';
    return `With its inputs it could make ${formatPercent(e - 1)} more of every output, as its peers do.`;
  }
  if (efficient && e > 1) return `It is on the frontier: with super-efficiency, it would stay efficient using ${formatPercent(e - 1)} more of every input.`;
  if (efficient) return 'It is on the frontier: no combination of other bodies makes its outputs with less.';
  return `It could make its outputs with ${formatPercent(e)} of its inputs, as its peers do: ${formatPercent(1 - e)} less of each.`;
}
