import { describe, expect, it } from 'vitest';
import { MINUS } from './format';
import {
  bodyOptionLabel,
  countDisagreements,
  dataViewText,
  directionMarker,
  disagreementSummary,
  explorerHref,
  explorerQuery,
  findBody,
  firstProblems,
  formatGrowth,
  formatMads,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPoints,
  formatSeconds,
  formatValue,
  formatValueShort,
  goalStatusLabel,
  goalStatusSummary,
  goalStatusTagClass,
  groupNeedsBody,
  groupOptions,
  groupOptionValue,
  humaniseKey,
  importKindsFor,
  madsText,
  moneyBasisText,
  moneyShortText,
  ordinal,
  parseExplorerQuery,
  parseGroupOption,
  periodToYear,
  polarityText,
  quartileWords,
  rankText,
  significanceText,
  topLevelNames,
  unitSuffix,
  yearLabel,
} from './measure';
import type { AreaSignals } from './types';

describe('explorer URL state', () => {
  it('reads body, period, group and group_id', () => {
    expect(parseExplorerQuery('?body=12&period=2022-23&group=group&group_id=4')).toEqual({
      body: 12,
      period: '2022-23',
      group: 'group',
      groupId: 4,
    });
    expect(parseExplorerQuery('?body=3&group=region')).toEqual({ body: 3, period: null, group: 'region', groupId: null });
    expect(parseExplorerQuery('')).toEqual({ body: null, period: null, group: 'all', groupId: null });
    expect(parseExplorerQuery(new URLSearchParams('group=type'))).toEqual({ body: null, period: null, group: 'type', groupId: null });
  });

  it('falls back to the defaults for anything unusable', () => {
    expect(parseExplorerQuery('?body=abc&group=nonsense&period=%20')).toEqual({ body: null, period: null, group: 'all', groupId: null });
    expect(parseExplorerQuery('?body=0').body).toBeNull();
    expect(parseExplorerQuery('?body=-3').body).toBeNull();
    // A named group needs its id; a group_id without group=group is ignored.
    expect(parseExplorerQuery('?group=group')).toMatchObject({ group: 'all', groupId: null });
    expect(parseExplorerQuery('?group=group&group_id=x')).toMatchObject({ group: 'all', groupId: null });
    expect(parseExplorerQuery('?group=type&group_id=4')).toMatchObject({ group: 'type', groupId: null });
  });

  it('writes shareable links with the defaults left out, and round-trips', () => {
    expect(explorerHref('ASC1')).toBe('/indicators/ASC1');
    expect(explorerHref('ASC1', { body: 7 })).toBe('/indicators/ASC1?body=7');
    expect(explorerHref('a b', { body: 7, period: '2021-22', group: 'group', groupId: 3 })).toBe(
      '/indicators/a%20b?body=7&period=2021-22&group=group&group_id=3',
    );
    expect(explorerHref('k', { group: 'all', groupId: 9 })).toBe('/indicators/k');
    const state = { body: 5, period: '2019-20', group: 'region' as const, groupId: null };
    expect(parseExplorerQuery(explorerQuery(state))).toEqual(state);
  });

  it('knows that same type and same region need a body', () => {
    expect(groupNeedsBody({ group: 'type', body: null })).toBe(true);
    expect(groupNeedsBody({ group: 'region', body: null })).toBe(true);
    expect(groupNeedsBody({ group: 'region', body: 2 })).toBe(false);
    expect(groupNeedsBody({ group: 'all', body: null })).toBe(false);
    expect(groupNeedsBody({ group: 'group', body: null })).toBe(false);
  });

  it('puts the group in one select value and back', () => {
    expect(groupOptionValue('group', 4)).toBe('group:4');
    expect(groupOptionValue('type', null)).toBe('type');
    expect(groupOptionValue('group', null)).toBe('all');
    expect(parseGroupOption('group:4')).toEqual({ group: 'group', groupId: 4 });
    expect(parseGroupOption('region')).toEqual({ group: 'region', groupId: null });
    expect(parseGroupOption('junk')).toEqual({ group: 'all', groupId: null });
  });

  it('offers the built-in groups, then named groups with the body’s own first', () => {
    const opts = groupOptions(
      [
        { id: 1, name: 'Core cities', body_id: null },
        { id: 2, name: 'Nearest neighbours of Leeds', body_id: 9 },
      ],
      9,
    );
    expect(opts.map((o) => o.value)).toEqual(['all', 'type', 'region', 'group:2', 'group:1']);
    expect(opts[3].text).toBe('Nearest neighbours of Leeds');
  });
});

describe('finding a typed body', () => {
  const bodies = [
    { id: 1, name: 'Leeds', code: 'E08000035' },
    { id: 2, name: 'Leeds North', code: 'X1' },
    { id: 3, name: 'Bristol', code: 'E06000023' },
  ];
  it('accepts the option label, a name, a code or a unique part of a name', () => {
    expect(bodyOptionLabel(bodies[0])).toBe('Leeds (E08000035)');
    expect(findBody('Leeds (E08000035)', bodies)?.id).toBe(1);
    expect(findBody('leeds', bodies)?.id).toBe(1);
    expect(findBody('e06000023', bodies)?.id).toBe(3);
    expect(findBody('brist', bodies)?.id).toBe(3);
    expect(findBody('  North ', bodies)?.id).toBe(2);
  });
  it('refuses empty, unknown and ambiguous text', () => {
    expect(findBody('', bodies)).toBeNull();
    expect(findBody('Leed', bodies)).toBeNull();
    expect(findBody('Cardiff', bodies)).toBeNull();
  });
});

describe('ranks, quarters and MADs in words', () => {
  it.each([
    [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'],
    [21, '21st'], [22, '22nd'], [23, '23rd'], [101, '101st'], [111, '111th'], [112, '112th'], [151, '151st'],
  ])('%i -> %s', (n, s) => {
    expect(ordinal(n)).toBe(s);
  });

  it('says the rank out of how many, and when it is shared', () => {
    expect(rankText(12, 151)).toBe('12th of 151');
    expect(rankText(3, 151, true)).toBe('joint 3rd of 151');
    expect(rankText(2, null)).toBe('2nd');
    expect(rankText(null, 151)).toBe('');
  });

  it('names quarters by polarity', () => {
    expect(quartileWords(1)).toBe('top quarter');
    expect(quartileWords(2, 'lower')).toBe('second quarter');
    expect(quartileWords(3, 'higher')).toBe('third quarter');
    expect(quartileWords(4, 'higher')).toBe('bottom quarter');
    expect(quartileWords(1, 'neutral')).toBe('highest quarter');
    expect(quartileWords(4, 'neutral')).toBe('lowest quarter');
    expect(quartileWords(null)).toBe('');
  });

  it('states the better direction', () => {
    expect(polarityText('higher')).toBe('Higher is better');
    expect(polarityText('lower')).toBe('Lower is better');
    expect(polarityText('neutral')).toBe('Neither higher nor lower is better');
  });

  it('describes MADs from the median', () => {
    expect(madsText(1.26)).toBe('1.3 MADs above the median');
    expect(madsText(-0.44)).toBe('0.4 MADs below the median');
    expect(madsText(1.02)).toBe('1.0 MAD above the median');
    expect(madsText(0.02)).toBe('At the median');
    expect(madsText(null)).toMatch(/^Not defined/);
    expect(formatMads(1.26)).toBe('+1.3');
    expect(formatMads(-0.44)).toBe(`${MINUS}0.4`);
    expect(formatMads(0)).toBe('0.0');
    expect(formatMads(null)).toBe('');
  });
});

describe('numbers', () => {
  it('rounds by size and keeps missing values empty', () => {
    expect(formatNumber(1234.56)).toBe('1,235');
    expect(formatNumber(123.456)).toBe('123.5');
    expect(formatNumber(7.6)).toBe('7.6');
    expect(formatNumber(0.5349)).toBe('0.53');
    expect(formatNumber(-0.0026315)).toBe(`${MINUS}0.0026`);
    expect(formatNumber(0.0113)).toBe('0.011');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0.0004, 2)).toBe('0.00');
    expect(formatNumber(-2.5)).toBe(`${MINUS}2.5`);
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(Number.NaN)).toBe('');
    expect(formatNumber(3.14159, 3)).toBe('3.142');
  });

  it('shows units', () => {
    expect(formatValue(83.24, '%')).toBe('83.24%');
    expect(formatValue(1500, '£')).toBe('£1,500');
    expect(formatValue(-20, '£')).toBe(`${MINUS}£20`);
    expect(formatValue(7.6, 'score')).toBe('7.6');
    expect(formatValue(7.6, '')).toBe('7.6');
    expect(formatValue(12.5, 'per 1,000 adults')).toBe('12.5 per 1,000 adults');
    expect(formatValue(null, '%')).toBe('');
  });

  it('keeps only inline units for axes and crowded tables', () => {
    expect(formatValueShort(600, 'per 100,000 adults')).toBe('600');
    expect(formatValueShort(83.2, '%')).toBe('83.2%');
    expect(formatValueShort(1500, '£')).toBe('£1,500');
    expect(unitSuffix('per 100,000 adults')).toBe('per 100,000 adults');
    expect(unitSuffix('%')).toBe('');
    expect(unitSuffix('score')).toBe('');
  });

  it('formats shares, growth and changes in points', () => {
    expect(formatPercent(0.5634)).toBe('56.3%');
    expect(formatPercent(null)).toBe('');
    expect(formatGrowth(0.05)).toBe('+5.0%');
    expect(formatGrowth(-0.021)).toBe(`${MINUS}2.1%`);
    expect(formatGrowth(0.00001)).toBe('0.0%');
    expect(formatPoints(0.032)).toBe('+3.2 points');
    expect(formatPoints(-0.01)).toBe(`${MINUS}1.0 point`);
    expect(formatPoints(0)).toBe('0.0 points');
    expect(formatPoints(undefined)).toBe('');
  });

  it('formats money and says what prices it is in', () => {
    expect(formatMoney(1234.5)).toBe('£1,234.50');
    expect(formatMoney(-3)).toBe(`${MINUS}£3.00`);
    expect(formatMoney(null)).toBe('');
    expect(moneyBasisText('nominal')).toMatch(/^nominal/);
    expect(moneyBasisText('real_2023')).toBe('real terms, 2023 prices');
    expect(moneyShortText('nominal')).toBe('nominal');
    expect(moneyShortText('real_2023-24')).toBe('real, 2023-24 prices');
  });

  it('formats durations', () => {
    expect(formatSeconds(0.4234)).toBe('0.42 seconds');
    expect(formatSeconds(1)).toBe('1 second');
    expect(formatSeconds(12.34)).toBe('12.3 seconds');
    expect(formatSeconds(null)).toBe('');
  });
});

describe('goal statuses', () => {
  it('labels and colours each status', () => {
    expect(goalStatusLabel('on_track')).toBe('On track');
    expect(goalStatusLabel('too_early')).toBe('Too early to say');
    expect(goalStatusLabel('something_new')).toBe('something new');
    expect(goalStatusTagClass('on_track')).toBe('govuk-tag--green');
    expect(goalStatusTagClass('at_risk')).toBe('govuk-tag--yellow');
    expect(goalStatusTagClass('off_track')).toBe('govuk-tag--red');
    expect(goalStatusTagClass('too_early')).toBe('govuk-tag--grey');
    expect(goalStatusTagClass('unknown')).toBe('govuk-tag--grey');
  });

  it('summarises the statuses', () => {
    expect(goalStatusSummary(['off_track', 'on_track', 'off_track'])).toBe('3 goals: 1 on track, 2 off track');
    expect(goalStatusSummary(['too_early'])).toBe('1 goal: 1 too early to say');
    expect(goalStatusSummary([])).toBe('No goals');
  });
});

describe('periods as years', () => {
  it('maps financial years, calendar years and quarters', () => {
    expect(periodToYear('2024-25')).toBe(2024);
    expect(periodToYear('2024')).toBe(2024);
    expect(periodToYear('2024-25 Q3')).toBe(2024.5);
    expect(periodToYear('2024 Q2')).toBe(2024.25);
    expect(periodToYear('next year')).toBeNull();
    expect(periodToYear(null)).toBeNull();
  });

  it('labels years like the periods', () => {
    expect(yearLabel(2024, true)).toBe('2024-25');
    expect(yearLabel(2099, true)).toBe('2099-00');
    expect(yearLabel(2024, false)).toBe('2024');
    expect(yearLabel(2024.5, true)).toBe('2024-25 Q3');
  });
});

describe('surveys', () => {
  it('names the top levels from a count or a list', () => {
    const levels = ['Very dissatisfied', 'Dissatisfied', 'Neither', 'Satisfied', 'Very satisfied'];
    expect(topLevelNames({ levels, top_levels: 2 })).toEqual(['Satisfied', 'Very satisfied']);
    expect(topLevelNames({ levels, top_levels: ['Very satisfied'] })).toEqual(['Very satisfied']);
    expect(topLevelNames({ levels, top_levels: 0 })).toEqual([]);
  });

  it('words significance', () => {
    expect(significanceText(true)).toBe('Significant');
    expect(significanceText(false)).toBe('Not significant');
    expect(significanceText(null)).toBe('');
  });
});

describe('signals', () => {
  const area = (key: string, level: number | null, disagreement: boolean, signals = 1): AreaSignals => ({
    area_key: key,
    level,
    data_view: disagreement ? 'negative' : 'positive',
    disagreement,
    disagreement_reason: disagreement ? 'most goals are off track' : null,
    signals: Array.from({ length: signals }, () => ({ kind: 'goals', direction: 'negative', headline: 'h', detail: '', subject: 's' })),
  });

  it('counts disagreements among rated areas only', () => {
    const c = countDisagreements([area('a', 4, true), area('b', 3, false), area('c', null, true), area('d', 2, true, 0)]);
    expect(c).toEqual({ disagree: 2, rated: 3, withData: 3, total: 4 });
    expect(disagreementSummary(c)).toBe('The data disagrees with 2 of 3 ratings');
  });

  it('says so when the data disagrees with nothing, or nothing is rated', () => {
    expect(disagreementSummary({ disagree: 0, rated: 16, withData: 5, total: 16 })).toBe('The data does not disagree with any of the 16 ratings');
    expect(disagreementSummary({ disagree: 1, rated: 1, withData: 1, total: 16 })).toBe('The data disagrees with 1 of 1 rating');
    expect(disagreementSummary({ disagree: 0, rated: 0, withData: 0, total: 16 })).toMatch(/^No area is rated/);
  });

  it('marks directions with a symbol and a word', () => {
    expect(directionMarker('positive')).toEqual({ marker: '▲', word: 'Positive' });
    expect(directionMarker('negative')).toEqual({ marker: '▼', word: 'Negative' });
    expect(directionMarker('mixed').word).toBe('Mixed');
    expect(directionMarker(null).word).toBe('No data');
    expect(dataViewText({ data_view: 'neutral', signals: [] })).toBe('No data');
    expect(dataViewText({ data_view: 'negative', signals: area('x', 1, true).signals })).toBe('The data shows weaknesses');
  });
});

describe('imports', () => {
  it('offers body leads only their own kinds', () => {
    expect(importKindsFor('admin').map((k) => k.kind)).toHaveLength(8);
    expect(importKindsFor('treasury_analyst').map((k) => k.kind)).toContain('observations');
    expect(importKindsFor('body_lead').map((k) => k.kind)).toEqual(['goals', 'activity', 'inputs', 'survey-responses']);
    expect(importKindsFor('viewer')).toEqual([]);
    expect(importKindsFor(null)).toEqual([]);
  });

  it('keeps the first problems and counts the rest', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(firstProblems(items, 50).shown).toHaveLength(50);
    expect(firstProblems(items, 50).more).toBe(70);
    expect(firstProblems([1, 2], 50)).toEqual({ shown: [1, 2], more: 0 });
  });

  it('humanises keys', () => {
    expect(humaniseKey('progress_towards_goals')).toBe('Progress towards goals');
    expect(humaniseKey(null)).toBe('');
  });
});
