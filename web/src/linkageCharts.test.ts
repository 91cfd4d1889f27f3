// @vitest-environment happy-dom
// The record linkage charts draw (in a simulated DOM) from the shaped data, with every bar's
// weight written beside it, the threshold named, and the waterfall's final probability.
import { describe, expect, it } from 'vitest';
import { explanation, model, run } from './fixtures/linkage';
import { histogramChart, matchWeightChart, muChart, waterfallChart } from './linkageCharts';
import { histogramData, matchWeightData, muData, waterfallData } from './linkageTables';

const svgOf = (el: Element) => (el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg'));

describe('record linkage charts', () => {
  it('draws a comparison’s match weights with their signed values and the prior on its own', () => {
    const d = matchWeightData(model);
    const el = matchWeightChart(d.comparisons[0].bars, d.domain, 640);
    expect(svgOf(el)).toBeTruthy();
    for (const s of ['exact', 'jaro_winkler >= 0.92', 'else', '+8.73', '+4.32', '\u22125.02']) expect(el.textContent).toContain(s);
    expect(el.querySelectorAll('rect').length).toBeGreaterThanOrEqual(4);
    const prior = matchWeightChart([d.prior], d.domain, 640);
    expect(prior.textContent).toContain('\u221211.29');
    expect(prior.textContent).not.toContain('+');
  });

  it('draws m and u in two panels', () => {
    const el = muChart(muData(model)[1].bars, 640);
    for (const s of ['Among matches (m)', 'Among non-matches (u)', 'within 1 year', '0.900', '0.990']) expect(el.textContent).toContain(s);
  });

  it('draws the distribution with the threshold, on a linear or log scale', () => {
    const d = histogramData(run);
    const lin = histogramChart(d, { log: false }, 640);
    expect(lin.textContent).toContain('Threshold 0.00');
    expect(lin.textContent).toContain('Candidate pairs');
    expect(lin.querySelectorAll('rect').length).toBeGreaterThanOrEqual(7);
    expect(histogramChart(d, { log: true }, 640).textContent).toContain('Candidate pairs (log scale)');
  });

  it('draws the waterfall from the prior to the final weight with its probability', () => {
    const el = waterfallChart(waterfallData(explanation), 640);
    for (const s of ['Prior', 'given_name', 'date_of_birth', 'postcode', 'Final match weight', '\u221211.29', '+4.32', '+13.14', '\u22123.00', '3.17 (probability 0.9000)'])
      expect(el.textContent).toContain(s);
  });
});
