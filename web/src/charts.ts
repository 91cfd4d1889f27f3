// Observable Plot chart builders. Each takes the same data as its "Show as table" view.
// This module (and with it @observablehq/plot and d3) is loaded lazily by PlotFigure via
// loadCharts() in components/Chart.tsx: import it only with `import type` elsewhere, or the
// chart code ends up back in the main bundle.
import * as Plot from '@observablehq/plot';
import { HISTORY_CHART_HEIGHT, overallBarChartHeight } from './chartSizes';
import { formatScore } from './format';
import { scoreColour, sortedScale } from './heatmap';
import type { SeriesPoint } from './tables';
import type { ScaleLevel } from './types';

/** Distinguishable series colours with good contrast on white (GOV.UK palette). */
export const SERIES_COLOURS = ['#0b0c0c', '#1d70b8', '#d53880', '#00703c', '#b58840', '#4c2c92', '#d4351c'];

export function historyChart(points: SeriesPoint[], periods: string[], seriesNames: string[], scale: ScaleLevel[], width: number) {
  const s = sortedScale(scale);
  const lo = s.length ? s[0].level : 1;
  const hi = s.length ? s[s.length - 1].level : 4;
  return Plot.plot({
    width,
    height: HISTORY_CHART_HEIGHT,
    marginLeft: 50,
    marginBottom: 40,
    style: { fontFamily: 'arial, sans-serif', fontSize: '14px', color: '#0b0c0c' },
    x: { type: 'point', domain: periods, label: 'Period', padding: 0.3 },
    y: { domain: [lo, hi], label: 'Score', grid: true, ticks: s.map((l) => l.level), tickFormat: (d: number) => String(d) },
    color: { domain: seriesNames, range: SERIES_COLOURS, legend: true },
    marks: [
      Plot.ruleY([lo]),
      Plot.line(points, {
        x: 'period',
        y: 'score',
        stroke: 'series',
        strokeWidth: (d: SeriesPoint) => (d.series === 'Overall' ? 4 : 2),
        marker: 'circle-stroke',
        z: 'series',
      }),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'period',
          y: 'score',
          title: (d: SeriesPoint) => `${d.series}, ${d.period}: ${formatScore(d.score)}`,
        }),
      ),
    ],
  });
}

export function overallBarChart(data: { body: string; overall: number }[], scale: ScaleLevel[], width: number) {
  const s = sortedScale(scale);
  const hi = s.length ? s[s.length - 1].level : 4;
  return Plot.plot({
    width,
    height: overallBarChartHeight(data.length),
    marginLeft: 200,
    marginRight: 50,
    style: { fontFamily: 'arial, sans-serif', fontSize: '14px', color: '#0b0c0c' },
    x: { domain: [0, hi], label: 'Overall score', grid: true },
    y: { label: null },
    marks: [
      Plot.barX(data, {
        x: 'overall',
        y: 'body',
        fill: (d: { overall: number }) => scoreColour(scale, d.overall),
        stroke: '#0b0c0c',
        strokeOpacity: 0.3,
        sort: { y: '-x' },
      }),
      Plot.text(data, {
        x: 'overall',
        y: 'body',
        text: (d: { overall: number }) => formatScore(d.overall),
        dx: 6,
        textAnchor: 'start',
        fill: '#0b0c0c',
      }),
      Plot.ruleX([0]),
    ],
  });
}

// The measurement charts (issue 3) live in their own file but load in this same lazy chunk.
export * from './measureCharts';
// So do the benchmarking charts (issue 4).
export * from './benchmarkCharts';
// And the record linkage charts (issue 5).
export * from './linkageCharts';
