// Colours of the measurement charts, shared by the lazily loaded chart builders
// (measureCharts.ts) and the pages' legends in words, so both always agree. GOV.UK palette.

/** The chosen body (blue), the group (greys and black), planned and projected lines of a goal. */
export const MEASURE_COLOURS = {
  body: '#1d70b8',
  median: '#0b0c0c',
  band: '#b1b4b6',
  others: '#6f777b',
  planned: '#505a5f',
  projection: '#d53880',
};

/** Output, inputs, productivity; then activities (distinguishable, good contrast on white). */
export const CATEGORY_COLOURS = ['#1d70b8', '#d4351c', '#0b0c0c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#d53880', '#28a197', '#5694ca'];

/** Benchmarking: efficient bodies (on the frontier), the others, the chosen body's outline and the frontier. */
export const BENCHMARK_COLOURS = {
  efficient: '#00703c',
  other: '#5694ca',
  chosen: '#0b0c0c',
  frontier: '#0b0c0c',
  projection: '#d4351c',
  reference: '#505a5f',
};
