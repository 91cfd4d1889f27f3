import { describe, expect, it } from 'vitest';
import {
  areaAbbreviations,
  areaOrder,
  comparisonOverallSeries,
  comparisonTable,
  csvField,
  csvFilename,
  historySeries,
  historyTable,
  pillarScoreTable,
  ratingProgress,
  scorecardAreaTable,
  sortRows,
  toCsv,
  type Cell,
} from './tables';
import type { Comparison, FrameworkDefinition, HistoryPoint, ScaleLevel, Scorecard } from './types';

const scale: ScaleLevel[] = [
  { level: 1, label: 'Developing' },
  { level: 2, label: 'Emerging' },
  { level: 3, label: 'Established' },
  { level: 4, label: 'Exemplary' },
];
const pillars = [
  { key: 'goals', title: 'Pursuing goals' },
  { key: 'inputs', title: 'Managing inputs' },
];

const scorecard: Scorecard = {
  complete: false,
  overall: 2.75,
  previous_overall: 2.25,
  change: 0.5,
  pillars: [
    {
      key: 'goals',
      title: 'Pursuing goals',
      score: 3,
      previous_score: 2,
      change: 1,
      rated: 2,
      areas: [
        { key: 'a1', title: 'Setting goals', level: 3, previous_level: 2, change: 1 },
        { key: 'a2', title: 'Ambition', level: 3, previous_level: 2, change: 1 },
      ],
    },
    {
      key: 'inputs',
      title: 'Managing inputs',
      score: 2.5,
      previous_score: 2.5,
      change: 0,
      rated: 2,
      areas: [
        { key: 'b1', title: 'Resources', level: 2, previous_level: 3, change: -1 },
        { key: 'b2', title: 'Data', level: 3, previous_level: 2, change: 1 },
        { key: 'b3', title: 'Benchmarking', level: null, previous_level: null, change: null },
      ],
    },
  ],
};

describe('history chart data', () => {
  const history: HistoryPoint[] = [
    { assessment_id: 1, period: '2023-24', status: 'agreed', overall: 2.25, pillars: { goals: 2, inputs: 2.5 } },
    { assessment_id: 2, period: '2024-25', status: 'draft', overall: null, pillars: { goals: 3, inputs: null } },
  ];

  it('makes long-form series points and leaves out nulls', () => {
    const pts = historySeries(history, pillars);
    expect(pts).toEqual([
      { period: '2023-24', series: 'Overall', score: 2.25 },
      { period: '2023-24', series: 'Pursuing goals', score: 2 },
      { period: '2023-24', series: 'Managing inputs', score: 2.5 },
      { period: '2024-25', series: 'Pursuing goals', score: 3 },
    ]);
  });

  it('makes a table with one row per period and the same numbers', () => {
    const t = historyTable(history, pillars);
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Status', 'Overall', 'Pursuing goals', 'Managing inputs']);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0].map((c) => c.text)).toEqual(['2023-24', 'Agreed', '2.25', '2.00', '2.50']);
    expect(t.rows[1].map((c) => c.text)).toEqual(['2024-25', 'Draft', '', '3.00', '']);
    expect(t.rows[1][2].sort).toBeNull();
  });
});

describe('scorecard tables', () => {
  it('has one row per area with level, label and change', () => {
    const t = scorecardAreaTable(scorecard, scale, '2023-24');
    expect(t.rows).toHaveLength(5);
    expect(t.columns[4].label).toBe('Level in 2023-24');
    expect(t.rows[2].map((c) => c.text)).toEqual(['Managing inputs', 'Resources', '2', 'Emerging', '3', '\u22121']);
    expect(t.rows[4].map((c) => c.text)).toEqual(['Managing inputs', 'Benchmarking', '', 'Not rated', '', '']);
  });

  it('lists pillar scores then the overall score', () => {
    const t = pillarScoreTable(scorecard, '2023-24');
    expect(t.rows).toHaveLength(3);
    expect(t.rows[0].map((c) => c.text)).toEqual(['Pursuing goals', '2 of 2', '3.00', '2.00', '+1.00']);
    expect(t.rows[1][1].text).toBe('2 of 3');
    expect(t.rows[2].map((c) => c.text)).toEqual(['Overall', '4 of 5', '2.75', '2.25', '+0.50']);
  });
});

const comparison: Comparison = {
  framework: { id: 1, key: 'pvf', version: '2017', title: 'PVF', scale },
  period: '2024-25',
  pillars,
  areas: [
    { key: 'a1', title: 'Setting goals', pillar: 'goals' },
    { key: 'b1', title: 'Resources', pillar: 'inputs' },
  ],
  rows: [
    {
      body_id: 1, body_name: 'Leeds', body_type: 'council', region: 'Yorkshire', assessment_id: 10, status: 'agreed',
      levels: { a1: 3, b1: 2 }, pillar_scores: { goals: 3, inputs: 2 }, overall: 2.5,
    },
    {
      body_id: 2, body_name: 'Bristol', body_type: 'council', region: null, assessment_id: null, status: null,
      levels: { a1: null, b1: null }, pillar_scores: { goals: null, inputs: null }, overall: null,
    },
  ],
};

describe('comparison table', () => {
  it('has body details, a column per area and pillar, and the overall score', () => {
    const t = comparisonTable(comparison);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Body', 'Type', 'Region', 'Status', 'Setting goals', 'Resources', 'Pursuing goals', 'Managing inputs', 'Overall',
    ]);
    expect(t.rows[0].map((c) => c.text)).toEqual(['Leeds', 'Council', 'Yorkshire', 'Agreed', '3', '2', '3.00', '2.00', '2.50']);
    expect(t.rows[1].map((c) => c.text)).toEqual(['Bristol', 'Council', '', 'No assessment', '', '', '', '', '']);
  });

  it('can leave the area columns out', () => {
    const t = comparisonTable(comparison, { areas: false });
    expect(t.columns).toHaveLength(7);
  });

  it('gives bar chart data only for bodies with a score', () => {
    expect(comparisonOverallSeries(comparison.rows)).toEqual([{ body: 'Leeds', overall: 2.5 }]);
  });

  it('abbreviates areas in order', () => {
    expect(areaAbbreviations(comparison.areas)).toEqual({ a1: 'A1', b1: 'A2' });
  });
});

describe('sortRows', () => {
  const c = (text: string, sort: string | number | null): Cell => ({ text, sort });
  const rows: Cell[][] = [
    [c('Leeds', 'Leeds'), c('2.5', 2.5)],
    [c('bristol', 'bristol'), c('', null)],
    [c('Area 10', 'Area 10'), c('3.0', 3)],
    [c('Area 9', 'Area 9'), c('2.5', 2.5)],
  ];

  it('sorts numbers both ways with nulls last', () => {
    expect(sortRows(rows, 1, 'ascending').map((r) => r[0].text)).toEqual(['Leeds', 'Area 9', 'Area 10', 'bristol']);
    expect(sortRows(rows, 1, 'descending').map((r) => r[0].text)).toEqual(['Area 10', 'Leeds', 'Area 9', 'bristol']);
  });

  it('sorts text case-insensitively with numeric awareness', () => {
    expect(sortRows(rows, 0, 'ascending').map((r) => r[0].text)).toEqual(['Area 9', 'Area 10', 'bristol', 'Leeds']);
  });

  it('does not change the input', () => {
    sortRows(rows, 0, 'descending');
    expect(rows[0][0].text).toBe('Leeds');
  });
});

describe('rating progress', () => {
  const def: FrameworkDefinition = {
    key: 'pvf', version: '2017', title: 'PVF', scale,
    pillars: [
      { key: 'goals', title: 'Pursuing goals', areas: [{ key: 'a1', title: 'A1', questions: [], descriptors: {} }, { key: 'a2', title: 'A2', questions: [], descriptors: {} }] },
      { key: 'inputs', title: 'Managing inputs', areas: [{ key: 'b1', title: 'B1', questions: [], descriptors: {} }] },
    ],
  };

  it('counts rated areas and lists the unrated in framework order', () => {
    const p = ratingProgress(def, [
      { area: 'b1', level: 2, rationale: '', confidence: 'low', evidence: [] },
      { area: 'a2', level: null, rationale: '', confidence: null, evidence: [] },
      { area: 'zz', level: 4, rationale: '', confidence: 'low', evidence: [] },
    ]);
    expect(p).toEqual({ rated: 1, total: 3, unrated: ['a1', 'a2'] });
  });

  it('orders areas for previous/next links', () => {
    expect(areaOrder(def).map((a) => `${a.pillar}/${a.key}`)).toEqual(['Pursuing goals/a1', 'Pursuing goals/a2', 'Managing inputs/b1']);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes numbers as they are and guards text a spreadsheet would run', () => {
    expect(csvField(0.1234567)).toBe('0.1234567');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('+0.50')).toBe('+0.50');
    expect(csvField('-x,y')).toBe(`"'-x,y"`);
  });

  it('builds CSV from a table: labels, then raw values where given, CRLF line ends', () => {
    const model = {
      columns: [
        { key: 'body', label: 'Body' },
        { key: 'value', label: 'Value, %', numeric: true },
      ],
      rows: [
        [{ text: 'Leeds', sort: 'Leeds' }, { text: '83.2%', sort: 83.2456, raw: 83.2456 }],
        [{ text: 'Bristol, City of', sort: 'B' }, { text: '', sort: null, raw: null }],
      ],
    };
    expect(toCsv(model)).toBe('Body,"Value, %"\r\nLeeds,83.2456\r\n"Bristol, City of",\r\n');
    expect(toCsv({ columns: [{ key: 'a', label: 'A' }], rows: [] })).toBe('A\r\n');
  });

  it('makes safe file names', () => {
    expect(csvFilename('Leeds', 'Goals', '2024-25')).toBe('leeds-goals-2024-25.csv');
    expect(csvFilename('Ynys Môn', null, '', 'survey')).toBe('ynys-mon-survey.csv');
    expect(csvFilename()).toBe('data.csv');
  });

  it('builds a CSV for the existing scorecard tables too', () => {
    const csv = toCsv(pillarScoreTable(scorecard, '2023-24')).split('\r\n');
    expect(csv[0]).toBe('Pillar,Areas rated,Score,Score in 2023-24,Change');
    expect(csv[1]).toBe('Pursuing goals,2 of 2,3.00,2.00,+1.00');
  });
});
