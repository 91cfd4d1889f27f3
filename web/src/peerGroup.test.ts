import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { bodies } from './fixtures/measure';
import { neighboursPreview, peerIndicators } from './fixtures/peerGroup';
import {
  buildNeighboursRequest,
  chosenIndicators,
  defaultGroupName,
  distanceChartData,
  distanceTable,
  EMPTY_PEER_FORM,
  effectivePeriod,
  indicatorFieldId,
  indicatorHint,
  indicatorsFieldsetError,
  neighbourErrors,
  neighbourFieldForWhere,
  neighboursTable,
  peerFieldOrder,
  peerPeriods,
  resultSentence,
  toggleIndicator,
  weightFieldId,
  type PeerGroupForm,
} from './peerGroup';

const [POP, IMD, OVER65] = peerIndicators;
const ctx = { bodies, indicators: peerIndicators };
const form = (patch: Partial<PeerGroupForm> = {}): PeerGroupForm => ({
  ...EMPTY_PEER_FORM,
  bodyText: 'Leeds (E08000035)',
  indicators: ['IMD', 'POP'],
  period: '2022-23',
  ...patch,
});

describe('choosing indicators and a period', () => {
  it('ticks and unticks an indicator, keeping the others and any weight typed', () => {
    const f = toggleIndicator(form({ weights: { IMD: '2' } }), 'OVER65', true);
    expect(f.indicators).toEqual(['IMD', 'POP', 'OVER65']);
    const g = toggleIndicator(f, 'IMD', false);
    expect(g.indicators).toEqual(['POP', 'OVER65']);
    expect(g.weights).toEqual({ IMD: '2' });
    expect(toggleIndicator(g, 'POP', true).indicators).toEqual(['OVER65', 'POP']);
  });

  it('lists the chosen indicators in the order of the list', () => {
    expect(chosenIndicators(peerIndicators, ['OVER65', 'POP']).map((i) => i.key)).toEqual(['POP', 'OVER65']);
    expect(chosenIndicators(peerIndicators, ['nope'])).toEqual([]);
  });

  it('offers the periods every chosen indicator has data for, in time order', () => {
    expect(peerPeriods([])).toEqual([]);
    expect(peerPeriods([POP])).toEqual(['2020-21', '2021-22', '2022-23', '2023-24']);
    expect(peerPeriods([IMD, POP])).toEqual(['2021-22', '2022-23']);
    expect(peerPeriods([POP, OVER65])).toEqual([]);
    expect(peerPeriods([{ periods: ['2022-23', '2019-20', '2021-22'] }])).toEqual(['2019-20', '2021-22', '2022-23']);
  });

  it('keeps the chosen period while it has data, else takes the latest', () => {
    expect(effectivePeriod(['2021-22', '2022-23'], '2021-22')).toBe('2021-22');
    expect(effectivePeriod(['2021-22', '2022-23'], '2023-24')).toBe('2022-23');
    expect(effectivePeriod(['2021-22', '2022-23'], '')).toBe('2022-23');
    expect(effectivePeriod([], '2022-23')).toBe('');
  });

  it('describes an indicator by key, unit and data', () => {
    expect(indicatorHint(POP)).toBe('Key: POP. Unit: people. Data for 2020-21 to 2023-24.');
    expect(indicatorHint({ key: 'X', unit: '', periods: ['2022-23'] })).toBe('Key: X. Data for 2022-23.');
    expect(indicatorHint({ key: 'X', unit: 'score', periods: [] })).toBe('Key: X. Unit: score. No data yet.');
  });

  it('names the default group after the body', () => {
    expect(defaultGroupName('Leeds')).toBe('Nearest neighbours of Leeds');
  });
});

describe('the request', () => {
  it('sends the indicators in list order, weights null when all are 1, the period, k and the group', () => {
    expect(buildNeighboursRequest(form({ weights: { POP: '1', IMD: ' ' } }), ctx, false)).toEqual({
      request: { body_id: 1, indicators: ['POP', 'IMD'], weights: null, period: '2022-23', k: 15, group: 'all', save: false, name: '' },
      errors: {},
    });
  });

  it('sends a weight per indicator when any differs from 1, a named group with its id, the name trimmed', () => {
    const built = buildNeighboursRequest(form({ weights: { IMD: '0.5' }, k: ' 10 ', group: 'group:7', name: '  Leeds peers ', bodyText: 'leeds' }), ctx, true);
    expect(built.request).toEqual({
      body_id: 1,
      indicators: ['POP', 'IMD'],
      weights: [1, 0.5],
      period: '2022-23',
      k: 10,
      group: 'group',
      group_id: 7,
      save: true,
      name: 'Leeds peers',
    });
  });

  it('compares with the chosen body’s type or region without a group id', () => {
    expect(buildNeighboursRequest(form({ group: 'region' }), ctx, false).request).toMatchObject({ group: 'region', body_id: 1 });
    expect(buildNeighboursRequest(form({ group: 'type' }), ctx, false).request).not.toHaveProperty('group_id');
  });

  it('asks for what is missing, in page order, before sending', () => {
    expect(buildNeighboursRequest(form({ bodyText: '', indicators: [], period: '' }), ctx, false)).toEqual({
      request: null,
      errors: { body: 'Choose the body to find neighbours for', indicators: 'Choose at least one indicator to compare on' },
    });
    expect(buildNeighboursRequest(form({ bodyText: 'Atlantis' }), ctx, false).errors).toEqual({ body: 'Select a body from the list' });
    expect(buildNeighboursRequest(form({ indicators: ['POP', 'OVER65'], period: '' }), ctx, false).errors.period).toContain('No period has data');
  });

  it('checks each weight and k', () => {
    const built = buildNeighboursRequest(form({ k: '0', weights: { IMD: 'heavy', POP: '-1' } }), ctx, false);
    expect(built.request).toBeNull();
    expect(Object.keys(built.errors)).toEqual([weightFieldId(0), weightFieldId(1), 'k']);
    expect(built.errors[weightFieldId(1)]).toBe('Enter the weight for Index of multiple deprivation as a number of 0 or more, for example 1 or 0.5');
    expect(built.errors.k).toBe('Enter a number of neighbours from 1 to 1000');
    expect(buildNeighboursRequest(form({ k: '2.5' }), ctx, false).errors.k).toBe('Enter the number of neighbours as a whole number, for example 15');
    expect(buildNeighboursRequest(form({ k: '1001' }), ctx, false).errors.k).toBe('Enter a number of neighbours from 1 to 1000');
    expect(buildNeighboursRequest(form({ weights: { POP: '0', IMD: '0.0' } }), ctx, false).errors).toEqual({ [weightFieldId(0)]: 'At least one weight must be more than 0' });
    expect(buildNeighboursRequest(form({ weights: { POP: '0', IMD: '.5' } }), ctx, false).request?.weights).toEqual([0, 0.5]);
  });
});

describe('field ids and errors', () => {
  it('names fields as the GOV.UK checkboxes do, in page order', () => {
    expect([0, 1, 2].map(indicatorFieldId)).toEqual(['indicators', 'indicators-2', 'indicators-3']);
    expect(peerFieldOrder(peerIndicators.slice(0, 2))).toEqual(['body', 'indicators', 'weight-1', 'indicators-2', 'weight-2', 'period', 'k', 'group', 'name']);
    expect(indicatorsFieldsetError({ 'indicators-3': 'x', 'indicators-2': 'y' }, 3)).toBe('y');
    expect(indicatorsFieldsetError({ indicators: 'z', 'indicators-2': 'y' }, 3)).toBe('z');
    expect(indicatorsFieldsetError({ k: 'z' }, 3)).toBeUndefined();
  });

  const request = { indicators: ['IMD', 'OVER65'], name: '' };
  it('maps each where to its field, counting indicators in the request', () => {
    const f = (w: string) => neighbourFieldForWhere(w, request, peerIndicators);
    expect(f('$.indicators[1]')).toEqual({ field: 'indicators-3', label: 'Share of adults aged 65 and over' });
    expect(f('$.indicators[0]')).toEqual({ field: 'indicators-2', label: 'Index of multiple deprivation' });
    expect(f('$.indicators')).toEqual({ field: 'indicators', label: 'Indicators' });
    expect(f('$.indicators[5]')).toEqual({ field: 'indicators', label: 'Indicators' });
    expect(f('$.weights[1]')).toEqual({ field: 'weight-3', label: 'Weight for Share of adults aged 65 and over' });
    expect(f('$.weights')).toEqual({ field: 'weight-2', label: 'Weights' });
    expect(f('$.k')).toEqual({ field: 'k', label: 'Number of neighbours' });
    expect(f('$.period')).toEqual({ field: 'period', label: 'Period' });
    expect(f('$.body_id')).toEqual({ field: 'body', label: 'Body' });
    expect(f('$.group_id')).toEqual({ field: 'group', label: 'Candidates' });
    expect(f('$.body')).toEqual({ field: 'group', label: 'Candidates' });
    expect(f('$.name')).toEqual({ field: 'name', label: 'Group name' });
    expect(f('indicators[1]')?.field).toBe('indicators-3');
    expect(f('/weights/0')?.field).toBe('weight-2');
    expect(f('$.save')).toBeUndefined();
    expect(f('$')).toBeUndefined();
  });

  it('turns a 422 into summary items linked to fields and one inline message per field', () => {
    const err = new ApiError(422, 'invalid_input', 'the neighbour settings have problems', [
      { where: '$.indicators[1]', message: "variable 'OVER65' is named twice (also variables[0])" },
      { where: '$.k', message: '3 other bodies of All bodies with data have every indicator in 2022-23: ask for at most 3 neighbours' },
      { where: '$.k', message: 'a second problem with k' },
      { where: '$.ids', message: 'something else' },
    ]);
    const { items, fields } = neighbourErrors(err, request, peerIndicators);
    expect(items).toEqual([
      { text: 'the neighbour settings have problems' },
      { text: "Share of adults aged 65 and over: variable 'OVER65' is named twice (also variables[0])", field: 'indicators-3' },
      { text: 'Number of neighbours: 3 other bodies of All bodies with data have every indicator in 2022-23: ask for at most 3 neighbours', field: 'k' },
      { text: 'Number of neighbours: a second problem with k', field: 'k' },
      { text: '$.ids: something else' },
    ]);
    expect(fields).toEqual({
      'indicators-3': "variable 'OVER65' is named twice (also variables[0])",
      k: '3 other bodies of All bodies with data have every indicator in 2022-23: ask for at most 3 neighbours',
    });
  });

  it('leaves out the message when a detail repeats it', () => {
    const err = new ApiError(422, 'invalid_input', 'Leeds has no IMD in 2022-23', [{ where: '$.period', message: 'Leeds has no IMD in 2022-23' }]);
    expect(neighbourErrors(err, request, peerIndicators).items).toEqual([{ text: 'Period: Leeds has no IMD in 2022-23', field: 'period' }]);
  });

  it('puts a 409 (the name is taken) on the name field, with the default name when none was given', () => {
    const err = new ApiError(409, 'conflict', "a comparison group named 'Nearest neighbours of Leeds' already exists (id 7)", [
      { where: '$.name', message: "a comparison group named 'Nearest neighbours of Leeds' already exists (id 7)" },
    ]);
    const text = 'A comparison group called “Nearest neighbours of Leeds” already exists: choose another name';
    expect(neighbourErrors(err, request, peerIndicators, 'Leeds')).toEqual({ items: [{ text, field: 'name' }], fields: { name: text } });
    expect(neighbourErrors(err, { ...request, name: 'Peers' }, peerIndicators, 'Leeds').fields.name).toBe('A comparison group called “Peers” already exists: choose another name');
  });
});

describe('the result', () => {
  it('tables the neighbours nearest first with links, codes and distances to 3 decimals', () => {
    const t = neighboursTable(neighboursPreview);
    expect(t.columns.map((c) => c.label)).toEqual(['Rank', 'Body', 'Code', 'Distance']);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['1', 'Manchester', 'E08000003', '0.412'],
      ['2', 'Birmingham', 'E08000025', '0.733'],
      ['3', 'Bristol', 'E06000023', '1.000'],
    ]);
    expect(t.rows[0][1].href).toBe('/bodies/4');
    expect(t.rows[0][3].raw).toBe(0.41172);
    expect(neighboursTable({ neighbours: [{ body_id: 9, name: 'X', code: null, rank: 1, distance: 0 }] }).rows[0][2].text).toBe('');
  });

  it('draws the same neighbours as bars, nearest first, with a table of body and distance', () => {
    const d = distanceChartData(neighboursPreview);
    expect(d.bars.map((b) => [b.name, b.score, b.rank])).toEqual([
      ['Manchester', 0.41172, 1],
      ['Birmingham', 0.73349, 2],
      ['Bristol', 1, 3],
    ]);
    expect(d.bars.every((b) => !b.efficient && !b.selected && b.lower === null)).toBe(true);
    expect(d.total).toBe(3);
    expect(distanceTable(neighboursPreview).rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Manchester', '0.412'],
      ['Birmingham', '0.733'],
      ['Bristol', '1.000'],
    ]);
  });

  it('says how many neighbours came from how many candidates', () => {
    expect(resultSentence(neighboursPreview, 'Leeds')).toBe('3 nearest neighbours of Leeds, from 3 other bodies with a value for every chosen indicator in 2022-23.');
    expect(resultSentence({ ...neighboursPreview, candidates: 2, neighbours: neighboursPreview.neighbours.slice(0, 1) }, 'Leeds')).toBe(
      '1 nearest neighbour of Leeds, from 1 other body with a value for every chosen indicator in 2022-23.',
    );
  });
});
