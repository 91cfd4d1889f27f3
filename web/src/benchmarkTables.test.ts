import { describe, expect, it } from 'vitest';
import { radialScale } from './benchmarkGeometry';
import {
  benchmarksTable,
  deaFindings,
  deaResultsTable,
  frontierData,
  frontierTable,
  geometricMean,
  leftOutTable,
  listVariables,
  malmquistMeansTable,
  malmquistPairs,
  malmquistPoints,
  malmquistSummary,
  malmquistTable,
  peersTable,
  quadrantOf,
  rankingData,
  rankingTable,
  rowsForPair,
  runTitle,
  runVariables,
  targetChange,
  targetChartData,
  targetsFor,
  targetsTable,
} from './benchmarkTables';
import { deaOutputRun, deaRun, malmquistRun, models, summaries, superRun } from './fixtures/benchmark';
import { MINUS } from './format';
import { toCsv } from './tables';
import type { Benchmark, DeaResult } from './types';

const texts = (row: { text: string }[]) => row.map((c) => c.text);

describe('the list of runs', () => {
  it('has a row per run with its kind, periods, group, model and counts, linking to the run', () => {
    const t = benchmarksTable(summaries, models);
    expect(t.columns.map((c) => c.label)).toEqual(['Run', 'Kind', 'Period', 'Compared with', 'Model', 'Units', 'Efficient', 'Run by', 'Run on']);
    const [malm, , output, dea] = t.rows;
    expect(texts(malm).slice(0, 7)).toEqual([
      'Care productivity 2021-22 to 2023-24',
      'Malmquist productivity change',
      '2021-22 to 2023-24 (3 periods)',
      'All bodies',
      'Variable returns to scale, input-oriented',
      '3',
      'Not applicable',
    ]);
    expect(malm[0].href).toBe('/benchmarks/20');
    expect(texts(dea).slice(5, 8)).toEqual(['5', '2', 'Priya Shah, HM Treasury']);
    // A run without a title gets one from its kind and period.
    expect(output[0].text).toBe('DEA efficiency, 2022-23');
    // From a body's page, the links choose the body.
    expect(benchmarksTable(summaries, models, 4).rows[0][0].href).toBe('/benchmarks/20?body=4');
  });

  it('names a run and lists its variables', () => {
    expect(runTitle({ ...deaRun, title: '  ' })).toBe('DEA efficiency, 2023-24');
    const { inputs, outputs } = runVariables(deaRun);
    expect(listVariables(inputs)).toBe('Staff (£) and Purchased care (£)');
    expect(listVariables(outputs)).toBe('Home care hours (hours)');
    expect(listVariables([])).toBe('');
  });
});

describe('a DEA run: ranking', () => {
  it('tabulates every body best first, with joint ranks, efficiency to 3 places and the data', () => {
    const t = deaResultsTable(deaRun, 4);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Body',
      'Rank',
      'Efficiency (θ)',
      'Status',
      'Staff (£) (input)',
      'Purchased care (£) (input)',
      'Home care hours (hours) (output)',
    ]);
    expect(t.rows.map((r) => texts(r).slice(0, 4))).toEqual([
      ['Bristol', 'joint 1st of 5', '1.000', 'Efficient'],
      ['Hartlepool', 'joint 1st of 5', '1.000', 'Efficient'],
      ['Birmingham', '3rd of 5', '0.833', 'Optimal'],
      ['Manchester', '4th of 5', '0.714', 'Optimal'],
      ['Leeds', '5th of 5', '0.500', 'Optimal'],
    ]);
    expect(t.rows[3][0]).toMatchObject({ href: '/benchmarks/12?body=4', highlight: true });
    expect(texts(t.rows[0]).slice(4)).toEqual(['£2', '£4', '2 hours']);
    // The CSV carries unrounded values.
    expect(toCsv(t).split('\r\n')[3]).toBe('Birmingham,3,0.8333333333,Optimal,6,6,3');
  });

  it('adds 1/φ for output orientation and the bootstrap interval when there is one', () => {
    const t = deaResultsTable(deaOutputRun);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Body',
      'Rank',
      'Efficiency (φ)',
      'Technical efficiency (1/φ)',
      'Status',
      'Spending, all lines (£) (input)',
      'Home care hours (hours) (output)',
      'Bias-corrected',
      '95% interval from',
      '95% interval to',
    ]);
    expect(texts(t.rows[4])).toEqual(['Bristol', '5th of 5', '1.833', '0.545', 'Optimal', '£4', '2 hours', '1.893', '1.843', '2.033']);
  });

  it('shows a body without a score as its status, last and unranked', () => {
    const t = deaResultsTable(superRun);
    expect(texts(t.rows[4]).slice(0, 4)).toEqual(['Hartlepool', '', '', 'Infeasible']);
    expect(deaFindings(superRun)).toEqual([
      { body_id: 5, name: 'Hartlepool', status: 'infeasible', text: expect.stringContaining('efficient but has no super-efficiency score') },
    ]);
    expect(deaFindings(deaRun)).toEqual([]);
  });

  it('draws bars highest first, efficient ones marked, 1/φ for output orientation with the interval turned round', () => {
    const d = rankingData(deaOutputRun, 2);
    expect(d.bars.map((b) => [b.name, Number(b.score.toFixed(3)), b.efficient, b.selected])).toEqual([
      ['Birmingham', 1, true, false],
      ['Hartlepool', 1, true, false],
      ['Leeds', 1, true, false],
      ['Manchester', 0.923, false, false],
      ['Bristol', 0.545, false, true],
    ]);
    // φ from 1.843 to 2.033 is 1/φ from 0.492 to 0.542.
    expect(d.bars[4].lower).toBeCloseTo(1 / 2.0333333333, 9);
    expect(d.bars[4].upper).toBeCloseTo(1 / 1.8433333333, 9);
    expect(d).toMatchObject({ omitted: 0, total: 5, unscored: 0 });
    expect(rankingData(superRun, null)).toMatchObject({ total: 4, unscored: 1 });
    expect(rankingData(superRun, null).bars[0]).toMatchObject({ name: 'Leeds', score: 1.5 });
  });

  it('shows only the best and worst of a long ranking, and the chosen body wherever it is', () => {
    const many: Benchmark = {
      ...deaRun,
      results: Array.from({ length: 152 }, (_, i): DeaResult => ({ ...deaRun.results[2], body_id: 100 + i, name: `Body ${i}`, rank: i + 1, efficiency: 1 - i / 200 })),
    };
    const d = rankingData(many, 180);
    expect(d.total).toBe(152);
    expect(d.bars).toHaveLength(51);
    expect(d.omitted).toBe(101);
    expect(d.bars[0].name).toBe('Body 0');
    expect(d.bars[24].name).toBe('Body 24');
    expect(d.bars[25]).toMatchObject({ name: 'Body 80', selected: true, skippedBefore: 55 });
    expect(d.bars[26]).toMatchObject({ name: 'Body 127', skippedBefore: 46 });
    expect(d.bars[50].name).toBe('Body 151');
    expect(d.bars.filter((b) => b.skippedBefore > 0)).toHaveLength(2);
    expect(rankingData(many, null, { all: true }).bars).toHaveLength(152);
    expect(rankingData(many, null, { limit: 200 }).omitted).toBe(0);
  });

  it('tabulates the bars as drawn', () => {
    const t = rankingTable(rankingData(deaOutputRun, 2), 'output');
    expect(t.columns.map((c) => c.label)).toEqual(['Body', 'Technical efficiency (1/φ)', 'On the frontier', '95% interval']);
    expect(texts(t.rows[4])).toEqual(['Bristol', '0.545', 'No', '0.492 to 0.542']);
    expect(t.rows[4][0].highlight).toBe(true);
  });
});

describe('a DEA run: one body', () => {
  const leeds = deaRun.results[4];
  const manchester = deaRun.results[3];

  it('uses the run’s targets (slacks included) when it has them', () => {
    const { rows, radial } = targetsFor(deaRun, leeds);
    expect(radial).toBe(false);
    expect(rows).toEqual([
      { side: 'input', label: 'Staff', unit: '£', actual: 2, target: 1, slack: 0 },
      { side: 'input', label: 'Purchased care', unit: '£', actual: 5, target: 2, slack: 0.5 },
      { side: 'output', label: 'Home care hours', unit: 'hours', actual: 1, target: 1, slack: 0 },
    ]);
    const t = targetsTable(deaRun, leeds);
    expect(t.columns.map((c) => c.label)).toEqual(['Variable', 'Input or output', 'Actual', 'Target', 'Change', 'Slack']);
    expect(texts(t.rows[1])).toEqual(['Purchased care', 'Input', '£5', '£2', `${MINUS}60.0%`, '£0.5']);
    expect(texts(t.rows[2])).toEqual(['Home care hours', 'Output', '1 hours', '1 hours', '0.0%', '0 hours']);
  });

  it('makes radial targets without them: outputs × φ for output orientation', () => {
    const bristol = deaOutputRun.results.find((r) => r.name === 'Bristol') as DeaResult;
    const { rows, radial } = targetsFor(deaOutputRun, bristol);
    expect(radial).toBe(true);
    expect(rows.map((r) => [r.label, r.actual, Number((r.target as number).toFixed(4))])).toEqual([
      ['Spending, all lines', 4, 4],
      ['Home care hours', 2, 3.6667],
    ]);
    expect(targetsTable(deaOutputRun, bristol).columns.map((c) => c.label)).toEqual(['Variable', 'Input or output', 'Actual', 'Radial target', 'Change']);
    expect(targetChartData(deaOutputRun, bristol).map((x) => [x.label, Number(x.share.toFixed(3))])).toEqual([
      ['Spending, all lines (input)', 1],
      ['Home care hours (output)', 1.833],
    ]);
    // Input orientation: inputs × θ.
    const input = { ...deaRun, results: deaRun.results.map((r) => ({ ...r, input_targets: null, output_targets: null })) };
    expect(targetsFor(input, input.results[3]).rows.map((r) => Number((r.target as number).toFixed(4)))).toEqual([2.1429, 1.4286, 1]);
  });

  it('has no targets without a score', () => {
    const hartlepool = superRun.results[4];
    expect(targetsFor(superRun, hartlepool).rows.every((r) => r.target === null)).toBe(true);
    expect(targetChartData(superRun, hartlepool)).toEqual([]);
    expect(targetChange({ actual: 0, target: 1 })).toBeNull();
  });

  it('lists peers by weight, linking to each within the run', () => {
    const t = peersTable(deaRun, manchester);
    expect(t.rows.map(texts)).toEqual([
      ['Hartlepool', '0.286', '1.000'],
      ['Bristol', '0.214', '1.000'],
    ]);
    expect(t.rows[0][0].href).toBe('/benchmarks/12?body=5');
  });

  it('lists the bodies left out with the reason', () => {
    const t = leftOutTable(deaRun);
    expect(t.rows.map(texts)).toEqual([['York', 'E06000014', 'No value for home_care_hours in 2023-24']]);
    expect(t.rows[0][0].href).toBe('/bodies/6');
  });
});

describe('a DEA run: the frontier picture', () => {
  it('draws two inputs and one output as inputs per output with the isoquant, whose distances are the published efficiencies', () => {
    const d = frontierData(deaRun, 1) as NonNullable<ReturnType<typeof frontierData>>;
    expect(d.shape).toBe('2x1');
    expect(d.exact).toBe(true);
    expect(d.xLabel).toBe('Staff per home care hours');
    expect(d.points.map((p) => [p.name, p.x, p.y, p.efficient])).toEqual([
      ['Bristol', 1, 2, true],
      ['Hartlepool', 3, 1, true],
      ['Birmingham', 2, 2, false],
      ['Manchester', 3, 2, false],
      ['Leeds', 2, 5, false],
    ]);
    expect(d.frontier.slice(1, 3)).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 1 },
    ]);
    for (const p of d.points) {
      const r = deaRun.results.find((x) => x.body_id === p.body_id) as DeaResult;
      expect(radialScale(d.frontier, p)).toBeCloseTo(r.efficiency as number, 6);
    }
    // Leeds's way to the frontier: halfway to the origin, onto the vertical through Bristol.
    expect(d.projection).toEqual({ from: { x: 2, y: 5 }, to: { x: 1, y: 2.5 } });
  });

  it('draws one input and one output with the VRS frontier and the chosen body’s output target straight up', () => {
    const d = frontierData(deaOutputRun, 2) as NonNullable<ReturnType<typeof frontierData>>;
    expect(d.shape).toBe('1x1');
    expect(d.frontier.slice(0, 4)).toEqual([
      { x: 2, y: 0 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 6, y: 5 },
    ]);
    expect(d.projection?.from).toEqual({ x: 4, y: 2 });
    expect(d.projection?.to.x).toBe(4);
    expect(d.projection?.to.y).toBeCloseTo(11 / 3, 9);
    expect(frontierData(deaOutputRun, 1)?.projection).toBeNull(); // efficient: nowhere to go
    expect(frontierTable(d).rows.map(texts)[4]).toEqual(['Bristol', '£4', '2', 'No']);
    expect(frontierTable(d).rows[4][0].highlight).toBe(true);
  });

  it('draws one input and two outputs as outputs per input, and says when distances are not efficiencies', () => {
    const twoOutputs: Benchmark = {
      ...deaRun,
      rts: 'vrs',
      variables: [deaRun.variables[0], { ...deaRun.variables[2] }, { ...deaRun.variables[2], key: 'assessments', name: 'assessments', label: 'Assessments', unit: 'assessments' }],
      results: [
        { ...deaRun.results[0], inputs: [1], outputs: [1, 4] },
        { ...deaRun.results[1], inputs: [1], outputs: [3, 3] },
        { ...deaRun.results[2], inputs: [1], outputs: [4, 1], efficiency: 1 },
        { ...deaRun.results[3], inputs: [2], outputs: [4, 6] },
      ],
    };
    const d = frontierData(twoOutputs) as NonNullable<ReturnType<typeof frontierData>>;
    expect(d.shape).toBe('1x2');
    expect(d.exact).toBe(false);
    expect(d.frontier).toEqual([
      { x: 0, y: 4 },
      { x: 1, y: 4 },
      { x: 3, y: 3 },
      { x: 4, y: 1 },
      { x: 4, y: 0 },
    ]);
    expect(d.xLabel).toBe('Home care hours per staff');
  });

  it('has no picture for other shapes or Malmquist runs, and leaves out bodies with a zero denominator', () => {
    expect(frontierData({ ...deaRun, variables: [...deaRun.variables, { ...deaRun.variables[2], key: 'x' }] })).toBeNull();
    expect(frontierData(malmquistRun)).toBeNull();
    const zero = { ...deaRun, results: [...deaRun.results, { ...deaRun.results[0], body_id: 99, outputs: [0] }] };
    expect(frontierData(zero)?.dropped).toBe(1);
  });
});

describe('a Malmquist run', () => {
  it('lists the pairs of periods in time order and picks the rows of one', () => {
    expect(malmquistPairs(malmquistRun.malmquist).map((p) => [p.value, p.label])).toEqual([
      ['2021-22|2022-23', '2021-22 to 2022-23'],
      ['2022-23|2023-24', '2022-23 to 2023-24'],
    ]);
    expect(rowsForPair(malmquistRun.malmquist, '2022-23|2023-24')).toHaveLength(3);
    expect(rowsForPair(malmquistRun.malmquist, '')).toHaveLength(6);
    expect(rowsForPair(malmquistRun.malmquist, 'nonsense')).toHaveLength(6);
  });

  it('places each body in a quadrant by efficiency change and technical change', () => {
    expect(quadrantOf(1.1, 1.05)).toBe('catching-up-frontier-out');
    expect(quadrantOf(0.9, 1.02)).toBe('falling-behind-frontier-out');
    expect(quadrantOf(1.05, 0.9)).toBe('catching-up-frontier-in');
    expect(quadrantOf(0.95, 0.97)).toBe('falling-behind-frontier-in');
    expect(quadrantOf(1, 1)).toBe('catching-up-frontier-out');
  });

  it('plots one point per body and pair that has both changes', () => {
    const pts = malmquistPoints(malmquistRun.malmquist, 1);
    expect(pts).toHaveLength(5);
    expect(pts[1]).toMatchObject({ name: 'Leeds', pair: '2021-22 to 2022-23', ec: 0.9, tc: 1.02, selected: true });
    expect(pts[1].m).toBeCloseTo(0.918, 9);
  });

  it('tabulates the changes with the decomposition and the status where an index is missing', () => {
    const t = malmquistTable(malmquistRun, malmquistRun.malmquist, 1);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Body',
      'From',
      'To',
      'Malmquist',
      'Efficiency change',
      'Technical change',
      'Pure efficiency change',
      'Scale efficiency change',
      'Status',
    ]);
    expect(texts(t.rows[0])).toEqual(['Birmingham', '2021-22', '2022-23', '1.155', '1.100', '1.050', '1.000', '1.100', 'Optimal']);
    expect(t.rows[1][0].highlight).toBe(true);
    expect(texts(t.rows[5])).toEqual(['Manchester', '2022-23', '2023-24', '', '', '', '', '', 'Infeasible: the model has no solution for this body']);
    // CRS: no decomposition columns.
    const crs = { ...malmquistRun, rts: 'crs' as const, malmquist: malmquistRun.malmquist.slice(0, 3).map((r) => ({ ...r, pure_efficiency_change: null, scale_efficiency_change: null })) };
    expect(malmquistTable(crs, crs.malmquist).columns.map((c) => c.key)).toEqual(['body', 'from', 'to', 'malmquist', 'ec', 'tc']);
  });

  it('averages each pair by geometric means, as DEAP does', () => {
    expect(geometricMean([1.1, 0.9])).toBeCloseTo(Math.sqrt(0.99), 12);
    expect(geometricMean([null, 2, undefined, -1, 8])).toBeCloseTo(4, 12);
    expect(geometricMean([])).toBeNull();
    const t = malmquistMeansTable(malmquistRun);
    expect(t.rows.map((r) => texts(r).slice(0, 3))).toEqual([
      ['2021-22 to 2022-23', '3', '1'],
      ['2022-23 to 2023-24', '2', '1'],
    ]);
    expect(t.rows[0][3].raw).toBeCloseTo(Math.cbrt(1.155 * 0.918 * 0.945), 12);
  });

  it('says how many improved', () => {
    expect(malmquistSummary(rowsForPair(malmquistRun.malmquist, '2021-22|2022-23'))).toBe(
      '1 of 3 bodies improved its productivity from 2021-22 to 2022-23 (Malmquist above 1).',
    );
    expect(malmquistSummary(malmquistRun.malmquist)).toBe('Productivity improved (Malmquist above 1) for 2 of 5 bodies and pairs of periods.');
    expect(malmquistSummary([])).toBe('No body has a Malmquist index for these periods.');
  });
});
