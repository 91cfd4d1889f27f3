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

/**
 * The dot plot of every body in a group: dots pile up where values crowd, so more bodies on a
 * narrower chart need more height (a rough fit for 4px dots), within bounds.
 */
export function dotPlotHeight(bodies: number, width = 640): number {
  const piles = (bodies * 81) / (Math.max(320, width) * 0.3);
  return Math.round(Math.max(180, Math.min(480, 100 + piles)));
}
