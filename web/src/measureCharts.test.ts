// @vitest-environment happy-dom
// The measurement charts draw (in a simulated DOM) for normal data, missing values and a single
// period, and show what they should: the chosen body named, a reference line at 100.
import { describe, expect, it } from 'vitest';
import { comparison, goals, productivity, series, singleSeries, surveys } from './fixtures/measure';
import { contributionsChart, dotPlot, goalChart, productivityChart, seriesChart, surveyChart } from './measureCharts';
import {
  contributionsData,
  dotPlotData,
  goalChartData,
  indicesSeries,
  seriesChartData,
  surveyChartData,
  surveyEstimates,
} from './measureTables';

const svgOf = (el: Element) => (el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg'));

describe('measurement charts', () => {
  it('draws a body over time with a gap, and a single period', () => {
    const el = seriesChart(seriesChartData(series), { unit: 'score', bodyName: 'Leeds' }, 640);
    expect(svgOf(el)).toBeTruthy();
    expect(el.querySelectorAll('circle').length).toBeGreaterThanOrEqual(3);
    const one = seriesChart(seriesChartData(singleSeries), { unit: 'score', bodyName: 'Leeds' }, 640);
    expect(svgOf(one)).toBeTruthy();
    const noBody = seriesChart(seriesChartData({ ...series, body: null }), { unit: 'score', bodyName: null }, 640);
    expect(svgOf(noBody)).toBeTruthy();
  });

  it('draws the dot plot with the chosen body named, and without a chosen body', () => {
    const el = dotPlot(dotPlotData(comparison, 1), { unit: 'score', polarity: 'higher' }, 640);
    expect(el.textContent).toContain('Leeds: 7.6');
    expect(el.textContent).toContain('higher is better');
    const plain = dotPlot(dotPlotData(comparison, null), { unit: '%', polarity: 'lower' }, 640);
    expect(plain.textContent).toContain('lower is better');
    const one = dotPlot(dotPlotData({ ...comparison, bodies: [comparison.bodies[0]] }, 4), { unit: '', polarity: 'neutral' }, 640);
    expect(one.textContent).toContain('Manchester');
  });

  it('draws goals with and without observations', () => {
    expect(svgOf(goalChart(goalChartData(goals[0])!, { unit: 'score' }, 640))).toBeTruthy();
    expect(svgOf(goalChart(goalChartData(goals[1])!, { unit: 'per 100,000 adults' }, 640))).toBeTruthy();
  });

  it('draws productivity indices with a missing value and a single period, and contributions', () => {
    const el = productivityChart(indicesSeries(productivity), 640);
    expect(el.textContent).toContain('Productivity');
    expect(el.textContent).toContain('100');
    expect(svgOf(productivityChart(indicesSeries({ ...productivity, indices: [productivity.indices[1]] }), 640))).toBeTruthy();
    const c = contributionsChart(contributionsData(productivity), 640);
    expect(c.textContent).toContain('Home care hours');
  });

  it('draws survey shares with intervals, and a lone period without a share', () => {
    expect(svgOf(surveyChart(surveyChartData(surveyEstimates(surveys, 'satisfaction')), 640))).toBeTruthy();
    const lone = surveyChartData([{ ...surveys.estimates[0], share: null, ci_low: null, ci_high: null }]);
    expect(svgOf(surveyChart(lone, 640))).toBeTruthy();
  });
});
