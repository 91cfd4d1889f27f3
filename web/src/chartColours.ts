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

/**
 * Record linkage: weights for a match (green) and against (red), the prior and the final weight,
 * m and u, histogram bins at or above the threshold and below it. Never the only cue: every bar's
 * weight is written beside it with its sign, and the legends say it in words.
 */
export const LINKAGE_COLOURS = {
  positive: '#00703c',
  negative: '#d4351c',
  prior: '#505a5f',
  final: '#1d70b8',
  m: '#1d70b8',
  u: '#f47738',
  above: '#00703c',
  below: '#b1b4b6',
  threshold: '#0b0c0c',
};
