import { describe, expect, it } from 'vitest';
import { dotPlotHeight } from './chartSizes';

describe('dotPlotHeight', () => {
  it('is at least 180px for a few spread-out bodies', () => {
    expect(dotPlotHeight([])).toBe(180);
    expect(dotPlotHeight([1, 2, 3, 4, 5])).toBe(180);
  });

  it('grows with the tallest pile of equal or near-equal values', () => {
    // 150 bodies over 6.0..8.4 in steps of 0.1, 30 of them sharing the median
    const values = [...Array.from({ length: 120 }, (_, i) => 6 + (i % 25) / 10), ...Array.from({ length: 30 }, () => 7.2)];
    const h = dotPlotHeight(values);
    expect(h).toBeGreaterThanOrEqual(94 + 35 * 9);
    expect(dotPlotHeight(values, 1200)).toBeLessThanOrEqual(h);
  });

  it('stacks every dot when all values are equal, within a cap', () => {
    expect(dotPlotHeight(Array.from({ length: 20 }, () => 5))).toBe(94 + 20 * 9);
    expect(dotPlotHeight(Array.from({ length: 500 }, () => 5))).toBe(900);
  });
});
