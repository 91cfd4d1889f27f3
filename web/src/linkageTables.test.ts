import { describe, expect, it } from 'vitest';
import { agreement, datasets, explanation, expiredAgreement, model, pairs, run, runSummary } from './fixtures/linkage';
import {
  agreementsTable,
  clusterRecordsTable,
  clustersTable,
  datasetsTable,
  formatBayesFactor,
  histogramData,
  histogramTable,
  levelsTable,
  linkageRunsTable,
  matchWeightData,
  matchWeightsTable,
  muData,
  muTable,
  pairsTable,
  recordColumns,
  recordPairTable,
  sessionsTable,
  waterfallData,
  waterfallTable,
} from './linkageTables';
import { toCsv, type TableModel } from './tables';

const texts = (t: TableModel) => t.rows.map((r) => r.map((c) => c.text));
const headers = (t: TableModel) => t.columns.map((c) => c.label);
const PRIOR_WEIGHT = -11.287135186086704;

describe('the waterfall of one pair', () => {
  const bars = waterfallData(explanation);

  it('starts at the prior, steps from where the last step ended, and ends at the match weight', () => {
    expect(bars.map((b) => b.key)).toEqual(['prior', 'step:given_name', 'step:date_of_birth', 'step:postcode', 'final']);
    expect(bars.map((b) => b.kind)).toEqual(['prior', 'up', 'up', 'down', 'final']);
    const [prior, given, dob, postcode, final] = bars;
    expect(prior.from).toBe(0);
    expect(prior.to).toBeCloseTo(PRIOR_WEIGHT, 10);
    expect(given.from).toBeCloseTo(PRIOR_WEIGHT, 10);
    expect(given.to).toBeCloseTo(-6.965207091199342, 10);
    expect(dob.from).toBeCloseTo(given.to, 10);
    expect(dob.to).toBeCloseTo(6.170502194905057, 10);
    expect(postcode.from).toBeCloseTo(dob.to, 10);
    expect(postcode.to).toBeCloseTo(3.1705021949050574, 10);
    expect(postcode.weight).toBe(-3);
    // The last step ends where the server's match weight is; the final bar runs from 0 to it.
    expect(postcode.to).toBeCloseTo(explanation.match_weight, 10);
    expect(final.from).toBe(0);
    expect(final.to).toBe(explanation.match_weight);
    expect(final.probability).toBe(0.90004);
    // Probabilities along the way follow the cumulative weight.
    expect(prior.probability).toBeCloseTo(0.0004, 10);
    expect(postcode.probability).toBeCloseTo(0.9000360014400576, 10);
  });

  it('marks a step of no weight as neither up nor down, and notes term frequency adjustments', () => {
    const b = waterfallData({
      ...explanation,
      steps: [{ ...explanation.steps[0], weight: 0, gamma: -1, label: 'null' }, { ...explanation.steps[1], term_frequency_adjusted: true }],
      match_weight: PRIOR_WEIGHT + explanation.steps[1].weight,
    });
    expect(b[1]).toMatchObject({ kind: 'none', from: b[1].to });
    expect(b[2].detail).toBe('exact (adjusted for how common the value is)');
    // The server labels a value missing in either record "null", with m and u of 0: in words, and no m or u.
    expect(b[1].detail).toBe('missing in either record');
    expect(texts(waterfallTable(b))[1].slice(0, 4)).toEqual(['given_name', 'missing in either record', '', '']);
  });

  it('is a table of steps, signed, with the running weight and probability, and a CSV of raw values', () => {
    const t = waterfallTable(bars);
    expect(headers(t)).toEqual(['Step', 'Comparison level', 'm', 'u', 'Weight', 'Match weight so far', 'Probability so far']);
    expect(texts(t)).toEqual([
      ['Prior', 'Starting match weight', '', '', '\u221211.29', '\u221211.29', '0.00040'],
      ['given_name', 'jaro_winkler >= 0.92', '0.0800', '0.0040', '+4.32', '\u22126.97', '0.0079'],
      ['date_of_birth', 'exact', '0.9000', '0.00010', '+13.14', '6.17', '0.9863'],
      ['postcode', 'else', '0.1000', '0.8000', '\u22123.00', '3.17', '0.9000'],
      ['Final match weight', '', '', '', '3.17', '3.17', '0.9000'],
    ]);
    const csv = toCsv(t).split('\r\n');
    expect(csv[0]).toBe('Step,Comparison level,m,u,Weight,Match weight so far,Probability so far');
    // Unrounded: the CSV carries the values themselves.
    expect(csv[4]).toMatch(/^postcode,else,0\.1,0\.8,-3,3\.170502194905\d*,0\.900036001440\d*$/);
    expect(csv[5]).toBe(`Final match weight,,,,${explanation.match_weight},${explanation.match_weight},0.90004`);
  });
});

describe('the match-weight distribution', () => {
  const d = histogramData(run);

  it('sorts the bins, opens the ends, and marks those at or above the threshold', () => {
    expect(d.bars.map((b) => [b.x1, b.x2, b.pairs, b.above])).toEqual([
      [-41, -40, 2, false],
      [-12, -11, 15000, false],
      [-6, -5, 7000, false],
      [-1, 0, 30, false],
      [3, 4, 210, true],
      [12, 13, 420, true],
      [40, 41, 1, true],
    ]);
    expect(d.bars[0].label).toBe('below \u221240');
    expect(d.bars[6].label).toBe('40 and above');
    expect(d.bars[1].label).toBe('\u221212 to \u221211');
    expect(d.threshold).toBe(0);
    expect(d.total).toBe(22663);
    expect(d.above).toBe(631);
  });

  it('reads the server’s end bins, into which it folds every weight beyond ±40, as open', () => {
    // As pvf serve answers: unit bins from −40 to 40, the ends closed in form but holding everything beyond.
    const served = histogramData({
      threshold_match_weight: 0,
      histogram: [
        { from: -40, to: -39, pairs: 1323 },
        { from: -39, to: -38, pairs: 2 },
        { from: 0, to: 1, pairs: 5 },
        { from: 39, to: 40, pairs: 3 },
      ],
    });
    expect(served.bars.map((b) => [b.label, b.x1, b.x2, b.pairs])).toEqual([
      ['below \u221239', -40, -39, 1323],
      ['\u221239 to \u221238', -39, -38, 2],
      ['0 to 1', 0, 1, 5],
      ['39 and above', 39, 40, 3],
    ]);
    expect(texts(histogramTable(served))[0]).toEqual(['below \u221239', '', '\u221239', '1,323', 'Below']);
    expect(served.total).toBe(1333);
    expect(served.above).toBe(8);
  });

  it('moves the line between above and below with the threshold', () => {
    const high = histogramData({ ...run, threshold_match_weight: 3.6 });
    expect(high.bars.filter((b) => b.above).map((b) => b.x1)).toEqual([12, 40]);
    expect(high.above).toBe(421);
    // A bin straddling the threshold counts by its middle.
    expect(histogramData({ ...run, threshold_match_weight: 3.5 }).bars.find((b) => b.x1 === 3)?.above).toBe(true);
  });

  it('is a table with the bins, the counts with separators, and the side of the threshold', () => {
    const t = histogramTable(d);
    expect(headers(t)).toEqual(['Match weight', 'From', 'To', 'Candidate pairs', 'Against the threshold']);
    expect(texts(t)[0]).toEqual(['below \u221240', '', '\u221240', '2', 'Below']);
    expect(texts(t)[1]).toEqual(['\u221212 to \u221211', '\u221212', '\u221211', '15,000', 'Below']);
    expect(texts(t)[6]).toEqual(['40 and above', '40', '', '1', 'At or above']);
    expect(toCsv(t).split('\r\n')[2]).toBe('−12 to −11,-12,-11,15000,Below');
  });
});

describe('the model', () => {
  it('gives each comparison’s levels as bars, the prior first, on one shared axis', () => {
    const d = matchWeightData(model);
    expect(d.prior).toMatchObject({ key: 'prior', gamma: null });
    expect(d.prior.weight).toBeCloseTo(PRIOR_WEIGHT, 10);
    expect(d.comparisons.map((c) => c.column)).toEqual(['given_name', 'date_of_birth']);
    expect(d.comparisons[0].bars.map((b) => [b.key, b.label, Number(b.weight.toFixed(4))])).toEqual([
      ['given_name:3', 'exact', 8.7313],
      ['given_name:2', 'jaro_winkler >= 0.92', 4.3219],
      ['given_name:1', 'jaro_winkler >= 0.8', 1],
      ['given_name:0', 'else', -5.0209],
    ]);
    expect(d.domain).toEqual([-12, 14]);
  });

  it('tables the match weights and Bayes factors, and m and u, for every level', () => {
    const w = matchWeightsTable(model);
    expect(headers(w)).toEqual(['Comparison', 'Level', 'Gamma', 'Match weight', 'Bayes factor']);
    expect(texts(w)[0]).toEqual(['Prior', 'Prior (starting) match weight', '', '\u221211.29', '0.0004']);
    expect(texts(w)[1]).toEqual(['given_name', 'exact', '3', '8.73', '425']);
    expect(texts(w)[4]).toEqual(['given_name', 'else', '0', '\u22125.02', '0.031']);
    expect(texts(w)[5]).toEqual(['date_of_birth', 'exact', '2', '13.14', '9,000']);
    expect(w.rows).toHaveLength(1 + 4 + 3);
    const csv = toCsv(w).split('\r\n');
    expect(csv[0]).toBe('Comparison,Level,Gamma,Match weight,Bayes factor');
    expect(csv[2]).toBe(`given_name,exact,3,${Math.log2(425)},425`);
    const mu = muTable(model);
    expect(texts(mu)[0]).toEqual(['given_name', 'exact', '0.8500', '0.0020']);
    expect(texts(mu)[4]).toEqual(['date_of_birth', 'exact', '0.9000', '0.00010']);
    expect(toCsv(mu).split('\r\n')[5]).toBe('date_of_birth,exact,0.9,0.0001');
  });

  it('gives m and u per level for the two panels', () => {
    const d = muData(model);
    expect(d[1].bars).toEqual([
      { label: 'exact', gamma: 2, kind: 'Among matches (m)', value: 0.9 },
      { label: 'exact', gamma: 2, kind: 'Among non-matches (u)', value: 0.0001 },
      { label: 'within 1 year', gamma: 1, kind: 'Among matches (m)', value: 0.07 },
      { label: 'within 1 year', gamma: 1, kind: 'Among non-matches (u)', value: 0.01 },
      { label: 'else', gamma: 0, kind: 'Among matches (m)', value: 0.03 },
      { label: 'else', gamma: 0, kind: 'Among non-matches (u)', value: 0.9899 },
    ]);
  });

  it('tables one comparison’s levels and the EM sessions', () => {
    const t = levelsTable(model.comparisons[0]);
    expect(headers(t)).toEqual(['Level', 'Gamma', 'm', 'u', 'Random pairs at this level', 'Match weight', 'Bayes factor']);
    expect(texts(t)[0]).toEqual(['exact', '3', '0.8500', '0.0020', '2,000', '8.73', '425']);
    expect(texts(t)[3]).toEqual(['else', '0', '0.0300', '0.9740', '974,000', '\u22125.02', '0.031']);
    expect(texts(sessionsTable(model))[0]).toEqual(['surname', '4,210', '9', 'Yes', '0.2100', 'given_name, date_of_birth', 'surname', '']);
    expect(texts(sessionsTable({ ...model, em_sessions: [{ ...model.em_sessions[0], ran: false }] }))[0][3]).toBe('Did not run');
  });

  it('writes Bayes factors readably', () => {
    expect(formatBayesFactor(9000)).toBe('9,000');
    expect(formatBayesFactor(20)).toBe('20.00');
    expect(formatBayesFactor(0.0308)).toBe('0.031');
  });
});

describe('lists', () => {
  it('tables agreements with the expired ones marked', () => {
    const t = agreementsTable([agreement, expiredAgreement]);
    expect(texts(t)).toEqual([
      ['Supporting Families, Manchester', 'Manchester City Council, Manchester schools', '31 March 2027', '2', '1', 'Yes'],
      ['Troubled Families pilot, 2021', 'Salford City Council', '31 March 2025 (expired)', '1', '0', 'No'],
    ]);
    expect(t.rows[0][0].href).toBe('/linkage/agreements/3');
  });

  it('tables datasets and runs', () => {
    expect(texts(datasetsTable(datasets))[0].slice(0, 5)).toEqual(['Council records', 'Manchester City Council', '1,200', 'unique_id, given_name, surname, date_of_birth, postcode', 'unique_id']);
    expect(headers(datasetsTable(datasets, { actions: true })).at(-1)).toBe('Actions');
    const runs = linkageRunsTable([runSummary]);
    expect(texts(runs)[0].slice(0, 6)).toEqual(['Council and schools, autumn 2026', 'Linking two datasets', '2,150', '640', '612', '12']);
    expect(runs.rows[0][0].href).toBe('/linkage/runs/31');
  });

  it('tables pairs with links to their explanation and cluster, and no values', () => {
    const t = pairsTable(pairs, 31, run.datasets);
    expect(texts(t)).toEqual([
      ['Council records, row 12 and School census, row 40', '15.43', '1.0000', 'Yes', '12', 'Match'],
      ['Council records, row 305 and School census, row 2', '\u22121.25', '0.2961', 'No', 'None', ''],
    ]);
    expect(t.rows[0][0].href).toBe('/linkage/runs/31/pairs/explain?left_dataset=7&left_row=12&right_dataset=8&right_row=40');
    expect(t.rows[0][4].href).toBe('/linkage/runs/31/clusters/12');
    expect(t.rows[1][4].href).toBeUndefined();
  });

  it('leaves the explanation links out for viewers (the API refuses them the explanation)', () => {
    const t = pairsTable(pairs, 31, run.datasets, { explain: false });
    expect(t.rows.map((r) => r[0].href)).toEqual([undefined, undefined]);
    expect(t.rows[0][4].href).toBe('/linkage/runs/31/clusters/12');
  });

  it('tables clusters with a count per dataset', () => {
    const t = clustersTable([{ cluster: 12, size: 3, sources: { '7': 2, '8': 1 } }, { cluster: 40, size: 2, sources: { '7': 2 } }], 31, run.datasets);
    expect(headers(t)).toEqual(['Cluster', 'Records', 'Council records', 'School census']);
    expect(texts(t)).toEqual([
      ['Cluster 12', '3', '2', '1'],
      ['Cluster 40', '2', '2', '0'],
    ]);
  });

  it('orders the records’ columns as the run compares them, not as the JSON object’s keys come', () => {
    // The server sends `values` with its keys sorted by name.
    const left = { ...explanation.left, values: { date_of_birth: '1990-01-02', given_name: 'Jon', postcode: 'M1 1AA', town: 'Salford' } };
    const right = { ...explanation.right, values: { date_of_birth: '1990-02-01', given_name: 'John', postcode: 'M1 1AB', town: 'Salford' } };
    const order = ['given_name', 'surname', 'date_of_birth', 'postcode'];
    expect(recordColumns([left, right], undefined, order)).toEqual(['given_name', 'surname', 'date_of_birth', 'postcode', 'town']);
    expect(texts(recordPairTable(left, right, { order })).map((r) => r[0])).toEqual(['Unique id', 'given_name', 'surname', 'date_of_birth', 'postcode', 'town']);
    expect(headers(clusterRecordsTable([left, right], order)).slice(2)).toEqual(['given_name', 'surname', 'date_of_birth', 'postcode', 'town']);
    // Without an order, the values' own order.
    expect(recordColumns([left])).toEqual(['date_of_birth', 'given_name', 'postcode', 'town']);
  });

  it('sets two records side by side with each column’s level and weight', () => {
    const t = recordPairTable(explanation.left, explanation.right, { steps: explanation.steps });
    expect(headers(t)).toEqual(['Field', 'Council records, row 12', 'School census, row 40', 'Comparison level', 'Weight']);
    expect(texts(t)).toEqual([
      ['Unique id', 'C-000812', 'S-4471', '', ''],
      ['given_name', 'Amara', 'Amarah', 'jaro_winkler >= 0.92', '+4.32'],
      ['date_of_birth', '2012-05-17', '2012-05-17', 'exact', '+13.14'],
      ['postcode', '', '', 'else', '\u22123.00'],
    ]);
  });
});
