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
