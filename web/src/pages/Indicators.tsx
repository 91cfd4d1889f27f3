// The indicator explorer (issue 3): the list of indicators, and one indicator for a body against
// a comparison group — over time (median and interquartile band), across bodies for one period
// (dot plot), and the body's place (value, rank, quarter, MADs). The choices live in the URL
// (?body=&period=&group=&group_id=) so links can be shared and the back button works.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { MEASURE_COLOURS } from '../chartColours';
import { SERIES_CHART_HEIGHT, dotPlotHeight } from '../chartSizes';
import { BodyPicker } from '../components/BodyPicker';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import { MeasureLegend } from '../components/MeasureLegend';
import { Breadcrumbs, ErrorSummary, LoadError, Loading, Select } from '../components/ui';
import { pluralise } from '../format';
import { useAsync, usePageTitle, useSession } from '../hooks';
import {
  bodyOptionLabel,
  explorerHref,
  findBody,
  formatValue,
  groupNeedsBody,
  groupOptionValue,
  groupOptions,
  humaniseKey,
  madsText,
  parseExplorerQuery,
  parseGroupOption,
  polarityText,
  quartileWords,
  rankText,
  type ExplorerState,
} from '../measure';
import {
  comparisonBodiesTable,
  dotPlotData,
  indicatorsTable,
  isTied,
  periodRange,
  seriesChartData,
  seriesTable,
} from '../measureTables';
import { navigate } from '../router';
import { can, getFramework } from '../state';
import { csvFilename } from '../tables';
import type { Body, ComparisonGroup, FrameworkDetail, Indicator, IndicatorComparison, IndicatorSeries } from '../types';

/** Framework area titles by key, from the first framework (indicators name areas by key). */
export function useAreaTitles(): (key: string | null) => string {
  const fw = useAsync(
    () =>
      api
        .listFrameworks()
        .then((l) => (l.items[0] ? getFramework(l.items[0].id) : null))
        .catch(() => null as FrameworkDetail | null),
    [],
  );
  const titles = new Map<string, string>();
  for (const p of fw.data?.definition.pillars ?? []) for (const a of p.areas) titles.set(a.key, a.title);
  return (key) => (key ? (titles.get(key) ?? humaniseKey(key)) : 'Not linked');
}

export function IndicatorsPage() {
  const { user } = useSession();
  usePageTitle('Indicators');
  const body = parseExplorerQuery(window.location.search).body;
  const list = useAsync(() => api.listIndicators(), []);
  const areaTitle = useAreaTitles();
  const items = list.data?.items ?? [];
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Indicators' }]} />
      <h1 class="govuk-heading-l">Indicators</h1>
      <p class="govuk-body">
        Measures of what bodies achieve, such as the adult social care outcomes Oflog publishes. Choose an indicator to
        compare a body with all bodies, bodies of the same type or region, or a named group such as its nearest
        neighbours.
      </p>
      {can(user, 'importData') ? (
        <div class="govuk-button-group">
          <a href="/imports" role="button" draggable={false} class="govuk-button govuk-button--secondary">
            Import data
          </a>
        </div>
      ) : null}
      {list.loading ? <Loading what="Loading indicators" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && items.length === 0 ? <p class="govuk-body">There are no indicators yet.</p> : null}
      {items.length > 0 ? (
        <DataTable
          caption={pluralise(items.length, 'indicator')}
          captionClass="govuk-table__caption--s"
          sortable
          small
          id="indicators"
          model={indicatorsTable(items, areaTitle, body)}
        />
      ) : null}
    </>
  );
}

/** The choices in the explorer form, before they are applied to the URL. */
interface ExplorerForm {
  indicator: string;
  bodyText: string;
  group: string;
  period: string;
}

function formFrom(key: string, state: ExplorerState, bodies: Body[]): ExplorerForm {
  const b = state.body !== null ? bodies.find((x) => x.id === state.body) : undefined;
  return {
    indicator: key,
    bodyText: b ? bodyOptionLabel(b) : state.body !== null ? String(state.body) : '',
    group: groupOptionValue(state.group, state.groupId),
    period: state.period ?? '',
  };
}

export function IndicatorPage({ indicatorKey }: { indicatorKey: string }) {
  const search = window.location.search;
  const state = parseExplorerQuery(search);
  const indicators = useAsync(() => api.listIndicators(), []);
  const bodies = useAsync(() => api.listBodies(), []);
  const groups = useAsync(() => api.listComparisonGroups().catch(() => ({ items: [] as ComparisonGroup[] })), []);
  useEffect(preloadCharts, []); // fetch the chart code alongside the data
  const needsBody = groupNeedsBody(state);
  const q = { body: state.body, group: state.group, group_id: state.groupId };
  const cmp = useAsync(
    () => (needsBody ? Promise.resolve(null) : api.getIndicatorComparison(indicatorKey, { ...q, period: state.period })),
    [indicatorKey, state.body, state.period, state.group, state.groupId],
  );
  // The series is one body's against its group: asked for only once a body is chosen.
  const series = useAsync(
    () => (needsBody || state.body === null ? Promise.resolve(null) : api.getIndicatorSeries(indicatorKey, q)),
    [indicatorKey, state.body, state.group, state.groupId],
  );
  const bodyList = bodies.data?.items ?? [];
  const [form, setForm] = useState<ExplorerForm>(() => formFrom(indicatorKey, state, bodyList));
  const [bodyError, setBodyError] = useState<string | undefined>();
  // The URL is the truth: reset the form when it changes (back button, shared link) or when the
  // body list arrives (to show the chosen body's name).
  useEffect(() => {
    setForm(formFrom(indicatorKey, state, bodyList));
    setBodyError(undefined);
  }, [indicatorKey, search, bodyList.length]);

  const c = cmp.data ?? null;
  const indicator: Indicator | undefined = c?.indicator ?? series.data?.indicator ?? indicators.data?.items.find((i) => i.key === indicatorKey);
  const chosen = state.body !== null ? bodyList.find((b) => b.id === state.body) : undefined;
  const chosenName = chosen?.name ?? series.data?.body?.name ?? (state.body !== null ? `Body ${state.body}` : null);
  usePageTitle(indicator ? `${indicator.name}${chosenName ? ` – ${chosenName}` : ''}` : 'Indicator', !!bodyError);

  const apply = (e: Event) => {
    e.preventDefault();
    let body: number | null = null;
    if (form.bodyText.trim()) {
      const found = findBody(form.bodyText, bodyList);
      if (!found) {
        setBodyError('Select a body from the list, or leave the box empty');
        return;
      }
      body = found.id;
    }
    setBodyError(undefined);
    const g = parseGroupOption(form.group);
    const next = indicators.data?.items.find((i) => i.key === form.indicator);
    const period = form.period && (!next || next.periods.includes(form.period)) ? form.period : null;
    navigate(explorerHref(form.indicator || indicatorKey, { body, period, group: g.group, groupId: g.groupId }));
  };

  if (indicators.error && indicators.error.status !== 404) return <LoadError error={indicators.error} />;
  if (cmp.error && cmp.error.status === 404) return <LoadError error={cmp.error} />;
  const periods = [...(indicator?.periods ?? c?.periods ?? [])].reverse();
  return (
    <>
      <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Indicators', href: '/indicators' }, { text: indicator?.name ?? indicatorKey }]} />
      {bodyError ? <ErrorSummary items={[{ text: bodyError, field: 'body' }]} /> : null}
      <span class="govuk-caption-l">Indicator</span>
      <h1 class="govuk-heading-l">{indicator?.name ?? indicatorKey}</h1>
      {indicator ? <IndicatorFacts indicator={indicator} /> : null}

      <form class="pvf-filters pvf-explorer-form" onSubmit={apply} aria-label="Choose what to compare" noValidate>
        <Select
          id="indicator"
          label="Measure"
          value={form.indicator}
          onChange={(v) => setForm((f) => ({ ...f, indicator: v }))}
          options={(indicators.data?.items ?? (indicator ? [indicator] : [])).map((i) => ({ value: i.key, text: i.name }))}
        />
        <BodyPicker
          id="body"
          label="Body"
          value={form.bodyText}
          onInput={(bodyText) => setForm((f) => ({ ...f, bodyText }))}
          error={bodyError}
          bodies={bodyList}
        />
        <Select
          id="group"
          label="Compare with"
          value={form.group}
          onChange={(v) => setForm((f) => ({ ...f, group: v }))}
          options={groupOptions(groups.data?.items ?? [], state.body)}
        />
        <Select
          id="period"
          label="Period"
          value={form.period}
          onChange={(v) => setForm((f) => ({ ...f, period: v }))}
          options={[{ value: '', text: 'Latest with data' }, ...periods.map((p) => ({ value: p, text: p }))]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Update
        </button>
      </form>

      {needsBody ? (
        <div class="govuk-inset-text" data-testid="needs-body">
          Choose a body to compare it with bodies of the {state.group === 'type' ? 'same type' : 'same region'}.
        </div>
      ) : null}
      {cmp.error ? <LoadError error={cmp.error} /> : null}
      {cmp.loading && !needsBody ? <Loading what="Loading comparison" /> : null}
      {c ? <BodyPlaceSummary c={c} bodyId={state.body} bodyName={chosenName} /> : null}
      {!needsBody && state.body === null && c ? (
        <section class="pvf-chart" aria-labelledby="series-title">
          <h2 class="govuk-heading-m" id="series-title">
            Over time
          </h2>
          <p class="govuk-body" data-testid="series-needs-body">
            Choose a body to see its values over time against the median and middle half of {c.group.label}.
          </p>
        </section>
      ) : null}
      {!needsBody && state.body !== null ? (
        <SeriesSection
          series={series.data ?? null}
          error={series.error}
          loading={series.loading}
          unit={indicator?.unit ?? ''}
        />
      ) : null}
      {c ? <DotPlotSection c={c} bodyId={state.body} bodyName={chosenName} /> : null}
      {indicator ? (
        <>
          <h2 class="govuk-heading-m">Download the data</h2>
          <p class="govuk-body">Every observation of this indicator, for every body and period.</p>
          <div class="govuk-button-group">
            <a class="govuk-button govuk-button--secondary" href={api.observationsDownloadUrl({ indicator: indicator.key }, 'csv')} download>
              Download observations (CSV)
            </a>
            <a class="govuk-button govuk-button--secondary" href={api.observationsDownloadUrl({ indicator: indicator.key }, 'xlsx')} download>
              Download observations (XLSX)
            </a>
          </div>
        </>
      ) : null}
    </>
  );
}

function IndicatorFacts({ indicator }: { indicator: Indicator }) {
  const areaTitle = useAreaTitles();
  return (
    <dl class="govuk-summary-list govuk-summary-list--no-border pvf-facts">
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Better direction</dt>
        <dd class="govuk-summary-list__value" data-testid="polarity">
          <strong>{polarityText(indicator.polarity)}</strong>
        </dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Unit</dt>
        <dd class="govuk-summary-list__value">{indicator.unit || 'None'}</dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Framework area</dt>
        <dd class="govuk-summary-list__value">{areaTitle(indicator.area_key)}</dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Data</dt>
        <dd class="govuk-summary-list__value">
          {pluralise(indicator.bodies, 'body', 'bodies')}, {periodRange(indicator.periods)}
        </dd>
      </div>
      <div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Source</dt>
        <dd class="govuk-summary-list__value">{indicator.source || 'Not given'}</dd>
      </div>
    </dl>
  );
}

/** (c) The chosen body's place: value, rank, quarter, MADs from the median. */
export function BodyPlaceSummary({ c, bodyId, bodyName }: { c: IndicatorComparison; bodyId: number | null; bodyName: string | null }) {
  const unit = c.indicator.unit;
  const groupText = `${c.group.label} (${pluralise(c.group.body_count, 'body', 'bodies')})`;
  if (bodyId === null) {
    return (
      <div class="govuk-inset-text" data-testid="place-summary">
        Choose a body to see where it stands among {groupText} in {c.period}.
      </div>
    );
  }
  const p = c.body;
  if (!p) {
    const missing = c.missing.some((m) => m.body_id === bodyId);
    return (
      <div class="govuk-inset-text" data-testid="place-summary">
        {missing
          ? `${bodyName ?? 'This body'} has no value for ${c.period}.`
          : `${bodyName ?? 'This body'} is not one of ${groupText}, or has no value for ${c.period}.`}
      </div>
    );
  }
  const count = c.distribution?.count ?? c.bodies.length;
  return (
    <section aria-labelledby="place-title" data-testid="place-summary">
      <h2 class="govuk-heading-m" id="place-title">
        {bodyName} in {c.period}
      </h2>
      <p class="govuk-body">
        Compared with {groupText}. {polarityText(c.indicator.polarity)}.
      </p>
      <ul class="pvf-scores pvf-place">
        <li class="pvf-score pvf-score--overall">
          <span class="pvf-score__title">Value</span>
          <span class="pvf-score__value" data-testid="place-value">
            {formatValue(p.value, unit)}
          </span>
          {c.distribution ? <span class="pvf-score__change">Median {formatValue(c.distribution.median, unit)}</span> : null}
        </li>
        <li class="pvf-score">
          <span class="pvf-score__title">Rank</span>
          <span class="pvf-score__value" data-testid="place-rank">
            {rankText(p.rank, count, isTied(c, p.rank))}
          </span>
          <span class="pvf-score__change">1st is {c.indicator.polarity === 'lower' ? 'the lowest' : 'the highest'} value</span>
        </li>
        <li class="pvf-score">
          <span class="pvf-score__title">Quarter</span>
          <span class="pvf-score__value pvf-score__value--words" data-testid="place-quartile">
            {quartileWords(p.quartile, c.indicator.polarity)}
          </span>
        </li>
        <li class="pvf-score">
          <span class="pvf-score__title">Distance from the median</span>
          <span class="pvf-score__value pvf-score__value--words" data-testid="place-mads">
            {madsText(p.mads_from_median)}
          </span>
          {c.distribution ? (
            <span class="pvf-score__change">1 MAD = {formatValue(c.distribution.mad, unit)}</span>
          ) : null}
        </li>
      </ul>
    </section>
  );
}

/** (a) The body over time against its group's median and interquartile band. */
function SeriesSection({
  series,
  error,
  loading,
  unit,
}: {
  series: IndicatorSeries | null;
  error: ApiError | null;
  loading: boolean;
  unit: string;
}) {
  if (error) {
    return (
      <section class="pvf-chart" aria-labelledby="series-error-title">
        <h2 class="govuk-heading-m" id="series-error-title">
          Over time
        </h2>
        <p class="govuk-body">The values over time could not be loaded: {error.message}</p>
      </section>
    );
  }
  if (loading && !series) return <Loading what="Loading values over time" />;
  if (!series) return null;
  if (!series.points.length) {
    return (
      <section class="pvf-chart">
        <h2 class="govuk-heading-m">Over time</h2>
        <p class="govuk-body">There are no values for this group yet.</p>
      </section>
    );
  }
  const d = seriesChartData(series);
  const name = series.body?.name ?? null;
  const first = d.periods[0];
  const last = d.periods[d.periods.length - 1];
  const legend = [
    ...(name ? [{ key: 'line' as const, colour: MEASURE_COLOURS.body, text: `${name} (solid line with dots)` }] : []),
    { key: 'dashed' as const, colour: MEASURE_COLOURS.median, text: `Median of ${series.group.label} (dashed line)` },
    { key: 'band' as const, colour: MEASURE_COLOURS.band, text: 'Middle half of bodies, lower to upper quartile (shaded band)' },
  ];
  return (
    <ChartWithTable
      title="Over time"
      id="series"
      table={seriesTable(series)}
      csv={csvFilename(series.indicator.key, name, series.group.label, 'over-time')}
      description={
        <>
          {name ? `${name}'s value` : 'The values'} in each period from {first}
          {last !== first ? ` to ${last}` : ''}, against the median and the middle half of {series.group.label}.{' '}
          {polarityText(series.indicator.polarity)}.
          {name && d.bodyDots.length < d.periods.length ? ` ${name} has no value for some periods; the line breaks there.` : ''}
        </>
      }
    >
      <MeasureLegend items={legend} />
      <PlotFigure
        label={`Line chart of ${name ?? 'the group'} from ${first} to ${last} against the median and interquartile range of ${series.group.label}`}
        deps={[series]}
        height={SERIES_CHART_HEIGHT}
        make={(charts, w) => charts.seriesChart(d, { unit, bodyName: name }, w)}
      />
    </ChartWithTable>
  );
}

/** (b) Every body of the group in one period, with the chosen body highlighted. */
function DotPlotSection({ c, bodyId, bodyName }: { c: IndicatorComparison; bodyId: number | null; bodyName: string | null }) {
  const d = dotPlotData(c, bodyId);
  const legend = [
    { key: 'dot' as const, colour: MEASURE_COLOURS.others, text: 'Each dot is a body' },
    ...(d.chosen ? [{ key: 'big-dot' as const, colour: MEASURE_COLOURS.body, text: `${bodyName ?? d.chosen.name} (large dot, named)` }] : []),
    { key: 'solid' as const, colour: MEASURE_COLOURS.median, text: 'Median (solid line)' },
    { key: 'dashed' as const, colour: MEASURE_COLOURS.median, text: 'Lower and upper quartiles, Q1 and Q3 (dashed lines)' },
  ];
  const missing = c.missing;
  return (
    <ChartWithTable
      title={`${c.group.label} in ${c.period}`}
      id="dot-plot"
      table={comparisonBodiesTable(c, bodyId)}
      csv={csvFilename(c.indicator.key, c.group.label, c.period)}
      description={
        <>
          <strong>{polarityText(c.indicator.polarity)}.</strong>{' '}
          {d.points.length
            ? `${pluralise(d.points.length, 'body has', 'bodies have')} a value for ${c.period}.`
            : `No body in this group has a value for ${c.period}.`}
          {c.distribution
            ? ` The median is ${formatValue(c.distribution.median, c.indicator.unit)}; the middle half of bodies lie between ${formatValue(
                c.distribution.q1,
                c.indicator.unit,
              )} and ${formatValue(c.distribution.q3, c.indicator.unit)}.`
            : ''}{' '}
          In the table, each body links to its page.
        </>
      }
      after={
        missing.length ? (
          <details class="govuk-details" data-testid="missing">
            <summary class="govuk-details__summary">
              <span class="govuk-details__summary-text">
                {pluralise(missing.length, 'body', 'bodies')} in the group {missing.length === 1 ? 'has' : 'have'} no value for {c.period}
              </span>
            </summary>
            <div class="govuk-details__text">
              <ul class="govuk-list pvf-columns">
                {missing.map((m) => (
                  <li key={m.body_id}>
                    <a class="govuk-link" href={`/bodies/${m.body_id}`}>
                      {m.name}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </details>
        ) : null
      }
    >
      <MeasureLegend items={legend} />
      {d.points.length ? (
        <PlotFigure
          label={`Dot plot of ${d.points.length} bodies' values in ${c.period}${d.chosen ? `, with ${d.chosen.name} highlighted` : ''}`}
          deps={[c, bodyId]}
          height={dotPlotHeight(d.points.map((p) => p.value))}
          make={(charts, w) => charts.dotPlot(d, { unit: c.indicator.unit, polarity: c.indicator.polarity }, w)}
        />
      ) : (
        <p class="govuk-body">There is nothing to draw.</p>
      )}
    </ChartWithTable>
  );
}
