// @vitest-environment happy-dom
// The benchmarking charts draw (in a simulated DOM) for each kind of run and shape of picture, with
// missing scores, a long ranking and a single pair of periods, and show what they should.
import { describe, expect, it } from 'vitest';
import { frontierChart, malmquistChart, rankingChart, targetsChart } from './benchmarkCharts';
import { frontierData, malmquistPairs, malmquistPoints, rankingData, rowsForPair, targetChartData } from './benchmarkTables';
import { deaOutputRun, deaRun, malmquistRun, superRun } from './fixtures/benchmark';
import type { Benchmark, DeaResult } from './types';

const svgOf = (el: Element) => (el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg'));

describe('benchmarking charts', () => {
  it('draws the ranking with every scored body named and its score to 3 places', () => {
    const el = rankingChart(rankingData(deaRun, 4), { axisLabel: 'Efficiency (θ)' }, 640);
    expect(svgOf(el)).toBeTruthy();
    for (const name of ['Bristol', 'Hartlepool', 'Birmingham', 'Manchester', 'Leeds']) expect(el.textContent).toContain(name);
    expect(el.textContent).toContain('0.714');
    expect(el.textContent).toContain('Efficiency (θ)');
    // Bootstrap intervals and super-efficiency scores above 1 draw too; unscored bodies are left out.
    expect(rankingChart(rankingData(deaOutputRun, null), { axisLabel: '1/φ' }, 640).textContent).toContain('0.545');
    const sup = rankingChart(rankingData(superRun, null), { axisLabel: 'θ' }, 640);
    expect(sup.textContent).toContain('1.500');
    expect(sup.textContent).not.toContain('Hartlepool');
  });

  it('draws a long ranking', () => {
    const many: Benchmark = {
      ...deaRun,
      results: Array.from({ length: 152 }, (_, i): DeaResult => ({ ...deaRun.results[2], body_id: 100 + i, name: `Council ${i}`, rank: i + 1, efficiency: 1 - i / 200 })),
    };
    const el = rankingChart(rankingData(many, null, { all: true }), { axisLabel: 'θ' }, 640);
    expect(el.textContent).toContain('Council 151');
    // Only the ends, with a row for the bodies left out between them.
    const ends = rankingChart(rankingData(many, null), { axisLabel: 'θ' }, 640);
    expect(ends.textContent).toContain('⋯ 102 more ⋯');
    expect(ends.textContent).not.toContain('Council 80');
  });

  it('draws the frontier for each shape, naming efficient bodies and the chosen one', () => {
    const iso = frontierChart(frontierData(deaRun, 1)!, 640);
    expect(svgOf(iso)).toBeTruthy();
    expect(iso.textContent).toContain('Bristol');
    expect(iso.textContent).toContain('Leeds');
    expect(iso.textContent).toContain('Staff per home care hours');
    const one = frontierChart(frontierData(deaOutputRun, 2)!, 640);
    expect(one.textContent).toContain('Home care hours (hours)');
    expect(one.querySelectorAll('circle').length).toBeGreaterThanOrEqual(5);
    const crs = frontierChart(frontierData({ ...deaOutputRun, rts: 'crs' })!, 640);
    expect(svgOf(crs)).toBeTruthy();
  });

  it('draws a body’s targets as shares of actual values', () => {
    const el = targetsChart(targetChartData(deaRun, deaRun.results[4]), 640);
    expect(el.textContent).toContain('Purchased care (input)');
    expect(el.textContent).toContain('40.0%');
  });

  it('draws Malmquist changes with the quadrants named, for every pair and for one', () => {
    const pairs = malmquistPairs(malmquistRun.malmquist).map((p) => p.label);
    const all = malmquistChart(malmquistPoints(malmquistRun.malmquist, 1), { pairs }, 640);
    expect(all.textContent).toContain('Catching up, and the frontier moved out');
    expect(all.textContent).toContain('Falling behind, and the frontier moved in');
    expect(all.textContent).toContain('Leeds, 2021-22 to 2022-23');
    const one = malmquistChart(malmquistPoints(rowsForPair(malmquistRun.malmquist, '2022-23|2023-24'), null), { pairs: [pairs[1]] }, 640);
    expect(svgOf(one)).toBeTruthy();
    expect(one.textContent).toContain('Technical change');
  });
});
