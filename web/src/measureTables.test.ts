import { describe, expect, it } from 'vitest';
import { comparison, goals, indicator, lowerIndicator, productivity, scorecardView, series, signals, singleSeries, surveys } from './fixtures/measure';
import { MINUS } from './format';
import {
  comparisonBodiesTable,
  contributionsData,
  contributionsTable,
  dotPlotData,
  goalChartData,
  goalChartTable,
  goalsCsvTable,
  goalsTable,
  indicatorsTable,
  indicesSeries,
  indicesTable,
  isTied,
  periodRange,
  seriesChartData,
  seriesTable,
  signalsTable,
  sortPeriods,
  surveyChartData,
  surveyEstimates,
  surveyTable,
  unitCostsTable,
  unitCostTrendsTable,
} from './measureTables';
import { toCsv } from './tables';
import type { IndicatorSeries } from './types';

const texts = (row: { text: string }[]) => row.map((c) => c.text);

describe('periods', () => {
  it('sorts periods in time order and describes a range', () => {
    expect(sortPeriods(['2022-23', '2019-20', '2022-23', '2020-21 Q2', '2020-21'])).toEqual(['2019-20', '2020-21', '2020-21 Q2', '2022-23']);
    expect(periodRange(['2022-23', '2015-16', '2019-20'])).toBe('2015-16 to 2022-23');
    expect(periodRange(['2022-23'])).toBe('2022-23');
    expect(periodRange([])).toBe('No data');
  });
});

describe('indicators list', () => {
  it('has a row per indicator linking to the explorer, with the body kept', () => {
    const t = indicatorsTable([indicator, lowerIndicator], (k) => (k ? 'Progress made towards goals' : 'Not linked'), 4);
    expect(t.columns.map((c) => c.label)).toEqual(['Indicator', 'Key', 'Unit', 'Better direction', 'Framework area', 'Bodies', 'Periods', 'Source']);
    expect(texts(t.rows[0])).toEqual(['Carer quality of life', 'ASC1', 'score', 'Higher is better', 'Progress made towards goals', '152', '2019-20 to 2022-23 (4)', 'Oflog']);
    expect(t.rows[0][0].href).toBe('/indicators/ASC1?body=4');
    expect(texts(t.rows[1])[3]).toBe('Lower is better');
    expect(texts(t.rows[1])[6]).toBe('2022-23');
    expect(toCsv(t).split('\r\n')[1]).toBe('Carer quality of life,ASC1,score,Higher is better,Progress made towards goals,152,2019-20 to 2022-23,Oflog');
  });
});

describe('series chart data', () => {
  it('orders periods and keeps a missing value as a gap', () => {
    const d = seriesChartData(series);
    expect(d.periods).toEqual(['2019-20', '2020-21', '2021-22', '2022-23']);
    expect(d.body.map((b) => b.value)).toEqual([7.4, null, 7.5, 7.6]);
    expect(d.bodyDots.map((b) => b.period)).toEqual(['2019-20', '2021-22', '2022-23']);
    expect(d.band[1]).toEqual({ period: '2020-21', q1: 7.0, median: 7.3, q3: 7.6 });
    expect(d.single).toBe(false);
    expect(d.hasBody).toBe(true);
  });

  it('flags a single period, and a series without a body', () => {
    expect(seriesChartData(singleSeries).single).toBe(true);
    const noBody: IndicatorSeries = { ...series, body: null, points: series.points.map((p) => ({ ...p, value: null, rank: null })) };
    const d = seriesChartData(noBody);
    expect(d.hasBody).toBe(false);
    expect(d.bodyDots).toEqual([]);
  });

  it('makes the same numbers into a table and CSV (raw values, blanks for gaps)', () => {
    const t = seriesTable(series);
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Leeds', 'Rank', 'Bodies with a value', 'Lower quartile', 'Median', 'Upper quartile']);
    expect(texts(t.rows[0])).toEqual(['2019-20', '7.4', '2nd of 4', '4', '7.1', '7.35', '7.7']);
    expect(texts(t.rows[1])).toEqual(['2020-21', 'No value', '', '4', '7', '7.3', '7.6']);
    const csv = toCsv(t).split('\r\n');
    expect(csv[0]).toBe('Period,Leeds,Rank,Bodies with a value,Lower quartile,Median,Upper quartile');
    expect(csv[2]).toBe('2020-21,,,4,7,7.3,7.6');
    const noBody = seriesTable({ ...series, body: null });
    expect(noBody.columns.map((c) => c.key)).toEqual(['period', 'count', 'q1', 'median', 'q3']);
  });
});

describe('dot plot and comparison table', () => {
  it('highlights the chosen body and marks the quartiles', () => {
    const d = dotPlotData(comparison, 1);
    expect(d.points).toHaveLength(4);
    expect(d.chosen?.name).toBe('Leeds');
    expect(d.marks).toEqual([
      { label: 'Lower quartile', value: 7.2 },
      { label: 'Median', value: 7.55 },
      { label: 'Upper quartile', value: 7.85 },
    ]);
    expect(dotPlotData(comparison, null).chosen).toBeNull();
    expect(dotPlotData({ ...comparison, distribution: null, bodies: [] }, 1)).toEqual({ points: [], chosen: null, marks: [] });
  });

  it('knows shared ranks', () => {
    expect(isTied(comparison, 2)).toBe(true);
    expect(isTied(comparison, 1)).toBe(false);
    expect(isTied(comparison, null)).toBe(false);
  });

  it('lists every body with rank, quarter in words, MADs and a link to the body', () => {
    const t = comparisonBodiesTable(comparison, 1);
    expect(t.columns.map((c) => c.label)).toEqual(['Rank', 'Body', 'Code', 'Type', 'Region', 'Value', 'Quarter', 'MADs from median']);
    expect(texts(t.rows[0])).toEqual(['1', 'Manchester', 'E08000003', 'Metropolitan District', 'North West', '8.1', 'top quarter', '+1.8']);
    expect(texts(t.rows[2])[3]).toBe('Council');
    expect(texts(t.rows[3])[7]).toBe(`${MINUS}2.2`);
    expect(t.rows[1][1].href).toBe('/bodies/1');
    expect(t.rows[1][0].highlight).toBe(true);
    expect(t.rows[0][0].highlight).toBe(false);
    // CSV: the quarter as its number, MADs unrounded
    expect(toCsv(t).split('\r\n')[1]).toBe('1,Manchester,E08000003,Metropolitan District,North West,8.1,1,1.8333');
  });
});

describe('goals', () => {
  it('makes the goals table with values at their periods and the status in words', () => {
    const t = goalsTable(goals, 1);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Goal', 'Indicator', 'Baseline', 'Target', 'Latest', 'Planned at latest', 'Projected at target', 'Status', 'Explanation',
    ]);
    expect(texts(t.rows[0]).slice(0, 8)).toEqual([
      'Improve carer quality of life', 'Carer quality of life', '7.4 (2019-20)', '8.4 (2024-25)', '7.6 (2022-23)', '8', '8 (2024-25)', 'At risk',
    ]);
    expect(t.rows[0][1].href).toBe('/indicators/ASC1?body=1');
    expect(texts(t.rows[1]).slice(1, 8)).toEqual([
      'Permanent admissions to care homes (per 100,000 adults)', '600 (2022-23)', '500 (2025-26)', '', '', '', 'Too early to say',
    ]);
  });

  it('writes every goal figure to its own CSV column', () => {
    const csv = toCsv(goalsCsvTable(goals)).split('\r\n');
    expect(csv[0].split(',').slice(0, 8)).toEqual(['goal', 'title', 'indicator', 'indicator_name', 'unit', 'polarity', 'baseline_period', 'baseline_value']);
    expect(csv[1]).toContain('carers-qol,Improve carer quality of life,ASC1,Carer quality of life,score,higher,2019-20,7.4,2024-25,8.4,2022-23,7.6,8,8,0.12,at_risk');
    expect(csv[2]).toContain('admissions,Fewer care home admissions,ASC5');
  });

  it('shapes a goal chart: planned line, observations and the projection to the target', () => {
    const d = goalChartData(goals[0])!;
    expect(d.financial).toBe(true);
    expect(d.planned).toEqual([{ year: 2019, value: 7.4 }, { year: 2024, value: 8.4 }]);
    expect(d.observed.map((o) => o.year)).toEqual([2019, 2021, 2022]);
    expect(d.projection[0].year).toBe(2019);
    expect(d.projection[0].value).toBeCloseTo(8.0 - 0.12 * 5);
    expect(d.projection[1]).toEqual({ year: 2024, value: 8.0 });
    expect(d.domain).toEqual([2019, 2024]);
    expect(d.ticks).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
  });

  it('draws a goal without observations or projection', () => {
    const d = goalChartData(goals[1])!;
    expect(d.observed).toEqual([]);
    expect(d.projection).toEqual([]);
    expect(d.planned).toHaveLength(2);
    expect(goalChartData({ ...goals[1], baseline: { period: 'someday', value: 1 } })).toBeNull();
  });

  it('tables the goal chart by period', () => {
    const t = goalChartTable(goals[0]);
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Milestone', 'Planned', 'Observed', 'Projected']);
    expect(t.rows.map((r) => r[0].text)).toEqual(['2019-20', '2021-22', '2022-23', '2024-25']);
    expect(texts(t.rows[0])).toEqual(['2019-20', 'Baseline', '7.4', '7.4', '7.4']);
    expect(texts(t.rows[2])).toEqual(['2022-23', '', '8', '7.6', '7.76']);
    expect(texts(t.rows[3])).toEqual(['2024-25', 'Target', '8.4', '', '8']);
    expect(goalChartTable(goals[1]).rows.map((r) => r[4].text)).toEqual(['', '']);
  });
});

describe('productivity', () => {
  it('makes long-form index points in period order with gaps kept', () => {
    const d = indicesSeries(productivity);
    expect(d.periods).toEqual(['2020-21', '2021-22', '2022-23']);
    expect(d.points.filter((p) => p.series === 'Output').map((p) => p.value)).toEqual([100, 103, null]);
    expect(d.points.filter((p) => p.series === 'Inputs').map((p) => p.value)).toEqual([100, 101, 104]);
    expect(d.single).toBe(false);
    expect(indicesSeries({ ...productivity, indices: [productivity.indices[1]] }).single).toBe(true);
  });

  it('tables the indices', () => {
    const t = indicesTable(productivity);
    expect(texts(t.rows[1])).toEqual(['2021-22', '103.0', '101.0', '102.0']);
    expect(texts(t.rows[2])).toEqual(['2022-23', '', '104.0', '']);
    expect(toCsv(t).split('\r\n')[2]).toBe('2021-22,103,101,101.98');
  });

  it('shapes contributions (nulls left out) and tables them', () => {
    const d = contributionsData(productivity);
    expect(d.periods).toEqual(['2021-22', '2022-23']);
    expect(d.activities).toEqual(['Home care hours', 'Care home weeks']);
    expect(d.points).toEqual([
      { period: '2021-22', activity: 'Home care hours', value: 4.8 },
      { period: '2021-22', activity: 'Care home weeks', value: -1.8 },
    ]);
    const t = contributionsTable(productivity);
    expect(texts(t.rows[0])).toEqual(['2021-22', 'Home care hours', '60.0%', '+8.0%', '+4.80']);
    expect(texts(t.rows[1])).toEqual(['2021-22', 'Care home weeks', '40.0%', `${MINUS}4.5%`, `${MINUS}1.80`]);
    expect(texts(t.rows[2])).toEqual(['2022-23', 'Care home weeks', '', '', '']);
  });

  it('labels unit costs with their money basis', () => {
    const t = unitCostsTable(productivity);
    expect(t.columns[2].label).toBe('Unit cost (£, nominal)');
    expect(texts(t.rows[1])).toEqual(['Home care hours', '2021-22', '£22.57', '+5.0%']);
    expect(unitCostsTable({ ...productivity, money: 'real_2023' }).columns[2].label).toBe('Unit cost (£, real, 2023 prices)');
    const tr = unitCostTrendsTable(productivity);
    expect(texts(tr.rows[0])).toEqual(['Home care hours', '2020-21', '2021-22', '£21.50', '£22.57', '+5.0%']);
  });
});

describe('surveys', () => {
  it('orders a question’s estimates and shapes the chart', () => {
    const est = surveyEstimates(surveys, 'satisfaction');
    expect(est.map((e) => e.period)).toEqual(['2021-22', '2022-23']);
    const d = surveyChartData(est);
    expect(d.dots).toEqual([{ period: '2021-22', share: 0.56 }, { period: '2022-23', share: 0.61 }]);
    expect(d.intervals[1]).toEqual({ period: '2022-23', low: 0.558, high: 0.659 });
    expect(d.single).toBe(false);
  });

  it('copes with a missing share and a single period', () => {
    const d = surveyChartData([{ ...surveys.estimates[0], share: null, ci_low: null, ci_high: null }]);
    expect(d.single).toBe(true);
    expect(d.dots).toEqual([]);
    expect(d.intervals).toEqual([]);
    expect(d.line).toEqual([{ period: '2022-23', share: null }]);
  });

  it('tables respondents, effective n, interval, change and significance', () => {
    const t = surveyTable(surveyEstimates(surveys, 'satisfaction'));
    expect(t.columns.map((c) => c.label)).toEqual([
      'Period', 'Respondents', 'Effective sample size', 'Share in top levels', '95% interval', 'Change since previous period', 'Change significant?',
    ]);
    expect(texts(t.rows[0])).toEqual(['2021-22', '395', '340', '56.0%', '50.7% to 61.2%', '', 'No earlier period']);
    expect(texts(t.rows[1])).toEqual(['2022-23', '410', '352', '61.0%', '55.8% to 65.9%', '+5.0 points since 2021-22', 'Significant']);
    expect(surveyTable([{ ...surveys.estimates[0], significant: false }]).rows[0][6].text).toBe('Not significant');
  });

  it('gives every bound its own CSV column', () => {
    const csv = toCsv(surveyTable(surveyEstimates(surveys, 'satisfaction'), { csv: true })).split('\r\n');
    expect(csv[0]).toBe('question,period,respondents,effective_n,share,ci_low,ci_high,previous_period,change,change_ci_low,change_ci_high,significant');
    expect(csv[2]).toBe('satisfaction,2022-23,410,352.4,0.61,0.558,0.659,2021-22,0.05,0.012,0.088,yes');
    expect(csv[1]).toBe('satisfaction,2021-22,395,340.1,0.56,0.507,0.612,,,,,');
  });
});

describe('signals table', () => {
  it('has a row per signal, and one for an area without any', () => {
    const t = signalsTable(signals.areas, scorecardView.scorecard, scorecardView.framework.scale);
    expect(t.rows).toHaveLength(4);
    expect(texts(t.rows[0])).toEqual([
      'Pursuing goals', 'Progress made towards goals', '4', 'Exemplary', 'Negative', 'Yes',
      'Rated at the top level while 1 of 2 goals is at risk and none is on track', 'Goals', 'Negative', '0 of 2 goals on track', '1 at risk, 1 too early to say',
    ]);
    expect(texts(t.rows[3]).slice(0, 8)).toEqual(['Engaging users and citizens', 'User experience and participation', '2', 'Emerging', 'No data', 'No', '', '']);
  });
});
