import { describe, expect, it } from 'vitest';
import {
  changeDirection,
  financialYearOf,
  formatChange,
  formatDate,
  formatDateTime,
  formatLevelChange,
  formatEfficiency,
  formatScore,
  formatSigned,
  isFinancialYear,
  MINUS,
  pluralise,
  roleLabel,
  statusLabel,
} from './format';

describe('formatScore', () => {
  it('shows two decimal places', () => {
    expect(formatScore(2.5)).toBe('2.50');
    expect(formatScore(3)).toBe('3.00');
    expect(formatScore(2.756)).toBe('2.76');
  });
  it('says when there is no score', () => {
    expect(formatScore(null)).toBe('Not scored');
    expect(formatScore(undefined, '–')).toBe('–');
    expect(formatScore(Number.NaN)).toBe('Not scored');
  });
});

describe('formatEfficiency', () => {
  it('shows efficiency scores, indices and weights to 3 decimal places', () => {
    expect(formatEfficiency(0.8333333)).toBe('0.833');
    expect(formatEfficiency(1)).toBe('1.000');
    expect(formatEfficiency(1.0833333)).toBe('1.083');
    expect(formatEfficiency(-0.25)).toBe(`${MINUS}0.250`);
    expect(formatEfficiency(-0.0001)).toBe('0.000');
    expect(formatEfficiency(null)).toBe('');
    expect(formatEfficiency(Number.NaN, 'None')).toBe('None');
  });
});

describe('formatSigned and formatChange', () => {
  it('signs changes with plus and a true minus', () => {
    expect(formatSigned(0.5)).toBe('+0.50');
    expect(formatSigned(-0.25)).toBe(`${MINUS}0.25`);
    expect(formatSigned(0)).toBe('0.00');
    expect(formatSigned(-0.001)).toBe('0.00');
    expect(formatSigned(null)).toBe('');
  });

  it('describes change since the previous period', () => {
    expect(formatChange(0.5, '2023-24')).toBe('+0.50 since 2023-24');
    expect(formatChange(-0.333, '2023-24')).toBe(`${MINUS}0.33 since 2023-24`);
    expect(formatChange(0, '2023-24')).toBe('No change since 2023-24');
    expect(formatChange(0.004, '2023-24')).toBe('No change since 2023-24');
    expect(formatChange(null, null)).toBe('No previous score');
    expect(formatChange(null, '2023-24')).toBe('No score to compare with 2023-24');
    expect(formatChange(1.25)).toBe('+1.25');
  });

  it('gives the direction of a change', () => {
    expect(changeDirection(0.2)).toBe('up');
    expect(changeDirection(-0.2)).toBe('down');
    expect(changeDirection(0.001)).toBe('same');
    expect(changeDirection(null)).toBe('none');
  });

  it('formats level changes as integers', () => {
    expect(formatLevelChange(1)).toBe('+1');
    expect(formatLevelChange(-2)).toBe(`${MINUS}2`);
    expect(formatLevelChange(0)).toBe('0');
    expect(formatLevelChange(null)).toBe('');
  });
});

describe('dates and periods', () => {
  it('formats ISO dates the GOV.UK way', () => {
    expect(formatDate('2025-03-31')).toBe('31 March 2025');
    expect(formatDate('2025-13-01')).toBe('2025-13-01');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
  });

  it('formats timestamps with a 12-hour clock', () => {
    const s = formatDateTime('2025-06-03T14:05:00');
    expect(s).toBe('3 June 2025 at 2:05pm');
    expect(formatDateTime('2025-06-03 00:30:00')).toBe('3 June 2025 at 12:30am');
    expect(formatDateTime('garbage')).toBe('garbage');
  });

  it('recognises financial years', () => {
    expect(isFinancialYear('2024-25')).toBe(true);
    expect(isFinancialYear('2099-00')).toBe(true);
    expect(isFinancialYear('2024-26')).toBe(false);
    expect(isFinancialYear('2024')).toBe(false);
    expect(isFinancialYear(' 2025-26 ')).toBe(true);
  });

  it('finds the financial year of a date (April to March)', () => {
    expect(financialYearOf(new Date(2025, 3, 1))).toBe('2025-26');
    expect(financialYearOf(new Date(2026, 2, 31))).toBe('2025-26');
    expect(financialYearOf(new Date(2099, 11, 1))).toBe('2099-00');
  });
});

describe('labels', () => {
  it('names roles and statuses for people', () => {
    expect(roleLabel('treasury_analyst')).toBe('Treasury analyst');
    expect(roleLabel('some_new_role')).toBe('some new role');
    expect(statusLabel('returned')).toBe('Returned for changes');
    expect(statusLabel(null)).toBe('Not started');
    expect(pluralise(1, 'body', 'bodies')).toBe('1 body');
    expect(pluralise(3, 'area')).toBe('3 areas');
  });
});
