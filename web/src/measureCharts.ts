// Observable Plot charts for the measurement pages (issue 3). Re-exported by charts.ts and so
// loaded lazily with it: import this module only with `import type` elsewhere. Each chart draws
// the data shaped in measureTables.ts (the same data as its table view). Lines break at missing
// values; with a single period, marks (bars, ticks, dots) stand in for lines and areas. Colours
// are never the only cue: the body is solid with dots, the median dashed, and every chart has a
// legend in words on the page.
import * as Plot from '@observablehq/plot';
import {
  CONTRIBUTIONS_CHART_HEIGHT,
  GOAL_CHART_HEIGHT,
  PRODUCTIVITY_CHART_HEIGHT,
  SERIES_CHART_HEIGHT,
  SURVEY_CHART_HEIGHT,
  dotPlotHeight,
  DOT_PLOT_PADDING,
  DOT_PLOT_RADIUS,
} from './chartSizes';
import { CATEGORY_COLOURS, MEASURE_COLOURS } from './chartColours';
import { formatIndex, formatPercent, formatValue, formatValueShort, yearLabel } from './measure';
import type {
  ContributionPoint,
  DotPlotData,
  GoalChartData,
  IndexPoint,
  SeriesChartData,
  SurveyChartData,
} from './measureTables';
import type { Polarity } from './types';

const STYLE = { fontFamily: 'arial, sans-serif', fontSize: '14px', color: '#0b0c0c', overflow: 'visible' };

/** A short horizontal line as a dot symbol: the caps of an interval. */
const CAP_SYMBOL = {
  draw(context: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void }, size: number) {
    const w = Math.sqrt(size);
    context.moveTo(-w, 0);
    context.lineTo(w, 0);
  },
};

function periodAxis(periods: string[]) {
  const rotate = periods.length > 10;
  return {
    x: { type: 'point' as const, domain: periods, label: null, padding: 0.4, tickRotate: rotate ? -45 : 0 },
    marginBottom: rotate ? 70 : 40,
  };
}

/** (a) A body's value over time against its group's median and interquartile band. */
export function seriesChart(d: SeriesChartData, opts: { unit: string; bodyName: string | null }, width: number) {
  const fmt = (v: number | null) => formatValue(v, opts.unit);
  const axis = periodAxis(d.periods);
  const band = d.band.filter((b) => b.q1 !== null && b.q3 !== null);
  const median = d.band.filter((b) => b.median !== null);
  const marks: Plot.Markish[] = [];
  if (d.single) {
    marks.push(
      Plot.ruleX(band, { x: 'period', y1: 'q1', y2: 'q3', stroke: MEASURE_COLOURS.band, strokeWidth: 28, strokeOpacity: 0.7 }),
      Plot.dot(median, { x: 'period', y: 'median', symbol: 'diamond', r: 7, fill: MEASURE_COLOURS.median }),
    );
  } else {
    marks.push(
      Plot.areaY(d.band, { x: 'period', y1: 'q1', y2: 'q3', fill: MEASURE_COLOURS.band, fillOpacity: 0.55 }),
      Plot.line(d.band, { x: 'period', y: 'median', stroke: MEASURE_COLOURS.median, strokeWidth: 2, strokeDasharray: '7,5' }),
    );
  }
  if (d.hasBody) {
    if (!d.single) marks.push(Plot.line(d.body, { x: 'period', y: 'value', stroke: MEASURE_COLOURS.body, strokeWidth: 3 }));
    marks.push(Plot.dot(d.bodyDots, { x: 'period', y: 'value', fill: MEASURE_COLOURS.body, stroke: 'white', r: 5 }));
  }
  const byPeriod = new Map(d.body.map((b) => [b.period, b.value]));
  marks.push(
    Plot.tip(
      median,
      Plot.pointerX({
        x: 'period',
        y: 'median',
        title: (b: SeriesChartData['band'][number]) =>
          [
            b.period,
            d.hasBody && opts.bodyName ? `${opts.bodyName}: ${fmt(byPeriod.get(b.period) ?? null) || 'no value'}` : null,
            `Median: ${fmt(b.median)}`,
            `Middle half: ${fmt(b.q1)} to ${fmt(b.q3)}`,
          ]
            .filter(Boolean)
            .join('\n'),
      }),
    ),
  );
  return Plot.plot({
    width,
    height: SERIES_CHART_HEIGHT,
    marginLeft: 60,
    marginBottom: axis.marginBottom,
    style: STYLE,
    x: axis.x,
    y: { label: opts.unit || 'Value', grid: true, nice: true, tickFormat: (v: number) => formatValueShort(v, opts.unit) },
    marks,
  });
}

/** (b) Every body in the group for one period, the chosen one highlighted and named. */
export function dotPlot(d: DotPlotData, opts: { unit: string; polarity: Polarity }, width: number) {
  const fmt = (v: number) => formatValue(v, opts.unit);
  const unit = opts.unit || 'Value';
  const label =
    opts.polarity === 'higher' ? `${unit} → higher is better` : opts.polarity === 'lower' ? `← lower is better   ${unit}` : unit;
  // The chosen body first, so the dodge places it on the centre line where the highlight is drawn.
  const ordered = d.chosen ? [d.chosen, ...d.points.filter((p) => !p.chosen)] : d.points;
  const marks: Plot.Markish[] = [
    Plot.ruleX(
      d.marks.filter((m) => m.label === 'Median'),
      { x: 'value', stroke: MEASURE_COLOURS.median, strokeWidth: 2 },
    ),
    Plot.ruleX(
      d.marks.filter((m) => m.label !== 'Median'),
      { x: 'value', stroke: MEASURE_COLOURS.median, strokeWidth: 1.5, strokeDasharray: '4,4' },
    ),
    Plot.text(d.marks, {
      x: 'value',
      text: (m: { label: string }) => (m.label === 'Median' ? 'Median' : m.label === 'Lower quartile' ? 'Q1' : 'Q3'),
      frameAnchor: 'bottom',
      lineAnchor: 'bottom',
      dy: -2,
      fontSize: 12,
      stroke: 'white',
      strokeWidth: 4,
      fill: MEASURE_COLOURS.median,
    }),
    Plot.dot(
      ordered,
      Plot.dodgeY({
        x: 'value',
        anchor: 'middle',
        r: DOT_PLOT_RADIUS,
        padding: DOT_PLOT_PADDING,
        fill: MEASURE_COLOURS.others,
        fillOpacity: 0.75,
        title: (p: { name: string; value: number }) => `${p.name}: ${fmt(p.value)}`,
        tip: true,
      }),
    ),
  ];
  if (d.chosen) {
    marks.push(
      Plot.ruleX([d.chosen], { x: 'value', stroke: MEASURE_COLOURS.body, strokeWidth: 2 }),
      Plot.dot([d.chosen], { x: 'value', frameAnchor: 'middle', r: 8, fill: MEASURE_COLOURS.body, stroke: '#0b0c0c', strokeWidth: 2 }),
      Plot.text([d.chosen], {
        x: 'value',
        text: (p: { name: string; value: number }) => `${p.name}: ${formatValueShort(p.value, opts.unit)}`,
        frameAnchor: 'top',
        lineAnchor: 'top',
        dy: 2,
        fontWeight: 'bold',
        stroke: 'white',
        strokeWidth: 5,
        fill: '#0b0c0c',
      }),
    );
  }
  return Plot.plot({
    width,
    height: dotPlotHeight(d.points.map((p) => p.value), width),
    marginLeft: 30,
    marginRight: 30,
    marginTop: 10,
    marginBottom: 44,
    style: STYLE,
    x: { label, labelArrow: 'none', labelAnchor: 'center', grid: false, nice: true, tickFormat: (v: number) => formatValueShort(v, opts.unit) },
    y: { axis: null },
    marks,
  });
}

/** A goal: the planned straight line, the observations and the least-squares projection. */
export function goalChart(d: GoalChartData, opts: { unit: string }, width: number) {
  const fmt = (v: number) => formatValue(v, opts.unit);
  const target = d.planned[d.planned.length - 1];
  const marks: Plot.Markish[] = [
    Plot.line(d.planned, { x: 'year', y: 'value', stroke: MEASURE_COLOURS.planned, strokeWidth: 2, strokeDasharray: '7,5' }),
    Plot.dot([target], { x: 'year', y: 'value', symbol: 'star', r: 7, fill: MEASURE_COLOURS.planned }),
  ];
  if (d.projection.length > 1) {
    marks.push(Plot.line(d.projection, { x: 'year', y: 'value', stroke: MEASURE_COLOURS.projection, strokeWidth: 2 }));
  }
  if (d.projection.length) {
    const end = d.projection[d.projection.length - 1];
    marks.push(Plot.dot([end], { x: 'year', y: 'value', symbol: 'times', r: 7, stroke: MEASURE_COLOURS.projection, strokeWidth: 2.5 }));
  }
  marks.push(
    Plot.dot(d.observed, {
      x: 'year',
      y: 'value',
      r: 4.5,
      fill: MEASURE_COLOURS.body,
      stroke: 'white',
      title: (o: { period: string; value: number }) => `${o.period}: ${fmt(o.value)}`,
      tip: true,
    }),
  );
  return Plot.plot({
    width,
    height: GOAL_CHART_HEIGHT,
    marginLeft: 60,
    marginRight: 20,
    style: STYLE,
    x: {
      domain: d.domain,
      ticks: d.ticks,
      tickFormat: (y: number) => yearLabel(y, d.financial),
      label: null,
      inset: 12,
    },
    y: { label: opts.unit || 'Value', grid: true, nice: true, tickFormat: (v: number) => formatValueShort(v, opts.unit) },
    marks,
  });
}

/** Output, input and productivity indices over time (100 in the first period). */
export function productivityChart(d: { periods: string[]; points: IndexPoint[]; single: boolean }, width: number) {
  const names = ['Output', 'Inputs', 'Productivity'];
  const axis = periodAxis(d.periods);
  const dots = d.points.filter((p) => p.value !== null);
  const last = names
    .map((n) => [...dots].reverse().find((p) => p.series === n))
    .filter((p): p is IndexPoint => !!p);
  return Plot.plot({
    width,
    height: PRODUCTIVITY_CHART_HEIGHT,
    marginLeft: 50,
    marginRight: 110,
    marginBottom: axis.marginBottom,
    style: STYLE,
    x: axis.x,
    y: { label: 'Index (first period = 100)', grid: true, nice: true },
    color: { domain: names, range: CATEGORY_COLOURS.slice(0, 3) },
    marks: [
      Plot.ruleY([100], { stroke: '#505a5f', strokeWidth: 1.5 }),
      ...(d.single
        ? []
        : names.map((n) =>
            Plot.line(
              d.points.filter((p) => p.series === n),
              {
                x: 'period',
                y: 'value',
                stroke: 'series',
                strokeWidth: n === 'Productivity' ? 4 : 2.5,
                strokeDasharray: n === 'Inputs' ? '7,5' : undefined,
              },
            ),
          )),
      Plot.dot(dots, {
        x: 'period',
        y: 'value',
        fill: 'series',
        symbol: (p: IndexPoint) => (p.series === 'Output' ? 'circle' : p.series === 'Inputs' ? 'square' : 'diamond'),
        r: 4.5,
        title: (p: IndexPoint) => `${p.series}, ${p.period}: ${formatIndex(p.value)}`,
        tip: true,
      }),
      Plot.text(last, { x: 'period', y: 'value', text: 'series', dx: 10, textAnchor: 'start', fill: 'series', fontWeight: 'bold' }),
    ],
  });
}

/** Each activity's contribution to output growth, stacked (negative contributions below zero). */
export function contributionsChart(d: { periods: string[]; activities: string[]; points: ContributionPoint[] }, width: number) {
  const totals = d.periods
    .map((p) => ({ period: p, value: d.points.filter((x) => x.period === p).reduce((s, x) => s + x.value, 0), n: d.points.filter((x) => x.period === p).length }))
    .filter((t) => t.n > 0);
  const axis = periodAxis(d.periods);
  return Plot.plot({
    width,
    height: CONTRIBUTIONS_CHART_HEIGHT,
    marginLeft: 50,
    marginBottom: axis.marginBottom,
    style: STYLE,
    x: { type: 'band', domain: d.periods, label: null, padding: 0.3, tickRotate: axis.x.tickRotate },
    y: { label: 'Contribution to output growth (percentage points)', grid: true, nice: true },
    color: { domain: d.activities, range: CATEGORY_COLOURS.slice(3).concat(CATEGORY_COLOURS.slice(0, 3)), legend: true },
    marks: [
      Plot.barY(d.points, {
        x: 'period',
        y: 'value',
        fill: 'activity',
        stroke: 'white',
        title: (p: ContributionPoint) => `${p.activity}, ${p.period}: ${p.value.toFixed(2)} percentage points`,
        tip: true,
      }),
      Plot.ruleY([0], { stroke: '#0b0c0c' }),
      Plot.dot(totals, { x: 'period', y: 'value', symbol: 'diamond', r: 6, fill: '#0b0c0c', stroke: 'white' }),
    ],
  });
}

/** A survey question's share in the top levels over time with 95% intervals. */
export function surveyChart(d: SurveyChartData, width: number) {
  const axis = periodAxis(d.periods);
  const values = [...d.dots.map((x) => x.share), ...d.intervals.flatMap((i) => [i.low, i.high])];
  const lo = values.length ? Math.max(0, Math.min(...values) - 0.05) : 0;
  const hi = values.length ? Math.min(1, Math.max(...values) + 0.05) : 1;
  return Plot.plot({
    width,
    height: SURVEY_CHART_HEIGHT,
    marginLeft: 55,
    marginBottom: axis.marginBottom,
    style: STYLE,
    x: axis.x,
    y: { label: 'Share in top levels', domain: [lo, hi], grid: true, tickFormat: (v: number) => formatPercent(v, 0) },
    marks: [
      ...(d.single ? [] : [Plot.line(d.line, { x: 'period', y: 'share', stroke: MEASURE_COLOURS.body, strokeOpacity: 0.5, strokeWidth: 1.5 })]),
      Plot.ruleX(d.intervals, { x: 'period', y1: 'low', y2: 'high', stroke: '#0b0c0c', strokeWidth: 1.5 }),
      Plot.dot(d.intervals, { x: 'period', y: 'low', symbol: CAP_SYMBOL, r: 5, stroke: '#0b0c0c', strokeWidth: 1.5 }),
      Plot.dot(d.intervals, { x: 'period', y: 'high', symbol: CAP_SYMBOL, r: 5, stroke: '#0b0c0c', strokeWidth: 1.5 }),
      Plot.dot(d.dots, {
        x: 'period',
        y: 'share',
        r: 5.5,
        fill: MEASURE_COLOURS.body,
        stroke: 'white',
        title: (x: { period: string; share: number }) => `${x.period}: ${formatPercent(x.share)}`,
        tip: true,
      }),
    ],
  });
}
