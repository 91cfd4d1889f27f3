// Chart heights, shared by the lazily loaded chart builders (charts.ts) and the pages, so a
// page can reserve the chart's space before @observablehq/plot has arrived (no layout jump).

/** Plot area height of the "Scores over time" line chart. */
export const HISTORY_CHART_HEIGHT = 340;
/** Height of the colour legend Plot draws above the line chart (one row of swatches at 16px, measured). */
export const HISTORY_LEGEND_HEIGHT = 46;

/** Height of the "Overall score by body" bar chart for `bars` bodies. */
export function overallBarChartHeight(bars: number): number {
  return Math.max(120, bars * 32 + 50);
}

/** The indicator explorer's "over time" chart (body against its group's median and band). */
export const SERIES_CHART_HEIGHT = 340;
/** Each goal's small chart (planned line, observations, projection). */
export const GOAL_CHART_HEIGHT = 240;
/** Output, input and productivity indices (plus Plot's colour legend above it). */
export const PRODUCTIVITY_CHART_HEIGHT = 320;
export const PRODUCTIVITY_LEGEND_HEIGHT = 46;
/** Contributions of activities to output growth (plus the colour legend). */
export const CONTRIBUTIONS_CHART_HEIGHT = 320;
/** A survey question's share over time with intervals. */
export const SURVEY_CHART_HEIGHT = 280;

/** The dot plot's dot radius and the gap between dots, in pixels (measureCharts.dotPlot). */
export const DOT_PLOT_RADIUS = 4;
export const DOT_PLOT_PADDING = 1;

/**
 * The dot plot of every body in a group: dots pile up where values crowd (published figures are
 * often rounded, so many bodies share a value), so the height follows the tallest pile: the most
 * values within one dot's width of each other on a chart of this width, within bounds.
 */
export function dotPlotHeight(values: number[], width = 640): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const step = 2 * DOT_PLOT_RADIUS + DOT_PLOT_PADDING;
  let pile = v.length ? 1 : 0;
  const span = v.length ? v[v.length - 1] - v[0] : 0;
  if (span > 0) {
    const plotWidth = Math.max(320, width) - 60; // left and right margins
    const window = (span * 1.1 * step) / plotWidth; // one dot's width in data units (the axis is "nice", a little wider than the data)
    for (let lo = 0, hi = 0; hi < v.length; hi++) {
      while (v[hi] - v[lo] >= window) lo++;
      pile = Math.max(pile, hi - lo + 1);
    }
  } else {
    pile = v.length;
  }
  // margins (54) + room for the chosen body's name above and the quartile labels below (40)
  return Math.round(Math.max(180, Math.min(900, 94 + pile * step)));
}

/** Benchmarking (issue 4): the ranking of a DEA run's bodies, one bar each. */
export function rankingChartHeight(bars: number): number {
  return Math.max(150, bars * rankingBarStep(bars) + 80);
}
/** Rows are tighter when there are many bodies (down to 16px, with 12px names). */
export function rankingBarStep(bars: number): number {
  return bars > 30 ? 16 : 24;
}
/** The frontier picture and the Malmquist scatter. */
export const FRONTIER_CHART_HEIGHT = 440;
export const MALMQUIST_CHART_HEIGHT = 460;
/** One body's targets as shares of its actual values, one bar per input and output. */
export function targetsChartHeight(bars: number): number {
  return Math.max(120, bars * 30 + 70);
}

/** Record linkage: one comparison's match weights, a bar per level. */
export function matchWeightChartHeight(bars: number): number {
  return Math.max(80, bars * 26 + 62);
}
/** One comparison's m and u, a row per level in two panels. */
export function muChartHeight(levels: number): number {
  return Math.max(90, levels * 28 + 60);
}
/** The match-weight distribution of a run's candidate pairs. */
export const HISTOGRAM_CHART_HEIGHT = 320;
/** One pair's waterfall: the prior, a bar per comparison, the final weight. */
export function waterfallChartHeight(bars: number): number {
  return Math.max(150, bars * 32 + 72);
}
/** The left margin that fits the longest level label, within bounds (shared so stacked charts line up). */
export function linkageLabelMargin(labels: string[], px = 7.6): number {
  const longest = labels.reduce((m, n) => Math.max(m, n.length), 0);
  return Math.round(Math.min(260, Math.max(70, longest * px + 16)));
}
