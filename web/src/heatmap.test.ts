import { describe, expect, it } from 'vitest';
import {
  cellStyle,
  contrastRatio,
  DEFAULT_PALETTE_4,
  defaultPalette,
  levelColour,
  levelLabel,
  NOT_RATED_COLOUR,
  parseHex,
  scoreColour,
  textColourFor,
  TEXT_DARK,
  TEXT_LIGHT,
} from './heatmap';
import type { ScaleLevel } from './types';

const scale: ScaleLevel[] = [
  { level: 1, label: 'Developing', colour: '#d4351c' },
  { level: 2, label: 'Emerging', colour: '' },
  { level: 3, label: 'Established', colour: '#85994b' },
  { level: 4, label: 'Exemplary', colour: '#00703c' },
];

describe('colour maths', () => {
  it('parses short and long hex and rejects the rest', () => {
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('#1D70B8')).toEqual([29, 112, 184]);
    expect(parseHex('red')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
    expect(parseHex(undefined)).toBeNull();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // GOV.UK link blue on white is about 5.2:1
    expect(contrastRatio('#1d70b8', '#ffffff')).toBeGreaterThan(4.5);
  });

  it('chooses text colour with the better contrast (and at least 4.5:1 on the default palette)', () => {
    expect(textColourFor('#d4351c')).toBe(TEXT_LIGHT);
    expect(textColourFor('#00703c')).toBe(TEXT_LIGHT);
    expect(textColourFor('#f47738')).toBe(TEXT_DARK);
    expect(textColourFor('#ffdd00')).toBe(TEXT_DARK);
    expect(textColourFor('not-a-colour')).toBe(TEXT_DARK);
    for (const c of DEFAULT_PALETTE_4) expect(contrastRatio(c, textColourFor(c))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('level colours and labels', () => {
  it('uses the scale colour when given and the default palette by position otherwise', () => {
    expect(levelColour(scale, 1)).toBe('#d4351c');
    expect(levelColour(scale, 2)).toBe(DEFAULT_PALETTE_4[1]);
    expect(levelColour(scale, 4)).toBe('#00703c');
  });

  it('greys out missing and unknown levels', () => {
    expect(levelColour(scale, null)).toBe(NOT_RATED_COLOUR);
    expect(levelColour(scale, 9)).toBe(NOT_RATED_COLOUR);
  });

  it('copes with an unsorted scale with no colours', () => {
    const bare: ScaleLevel[] = [
      { level: 3, label: 'C' },
      { level: 1, label: 'A' },
      { level: 2, label: 'B' },
    ];
    const pal = defaultPalette(3);
    expect(levelColour(bare, 1)).toBe(pal[0]);
    expect(levelColour(bare, 3)).toBe(pal[2]);
  });

  it('labels levels', () => {
    expect(levelLabel(scale, 3)).toBe('Established');
    expect(levelLabel(scale, null)).toBe('Not rated');
    expect(levelLabel(scale, 7)).toBe('Level 7');
  });

  it('gives each cell its number and label so colour is not the only cue', () => {
    const c = cellStyle(scale, 3);
    expect(c).toMatchObject({ background: '#85994b', short: '3', text: '3 Established', label: 'Established' });
    expect(c.color).toBe(textColourFor('#85994b'));
    const none = cellStyle(scale, null);
    expect(none).toMatchObject({ background: NOT_RATED_COLOUR, short: '–', text: 'Not rated' });
  });
});

describe('default palette', () => {
  it('is the GOV.UK four for 4 levels and runs red to green otherwise', () => {
    expect(defaultPalette(4)).toEqual(DEFAULT_PALETTE_4);
    const five = defaultPalette(5);
    expect(five).toHaveLength(5);
    expect(five[0]).toBe(DEFAULT_PALETTE_4[0]);
    expect(five[4]).toBe(DEFAULT_PALETTE_4[3]);
    expect(defaultPalette(0)).toEqual([]);
    expect(defaultPalette(1)).toEqual([DEFAULT_PALETTE_4[3]]);
  });
});

describe('scoreColour', () => {
  it('colours a fractional score by the level at or below it', () => {
    expect(scoreColour(scale, 2.99)).toBe(levelColour(scale, 2));
    expect(scoreColour(scale, 3)).toBe(levelColour(scale, 3));
    expect(scoreColour(scale, 4)).toBe(levelColour(scale, 4));
    expect(scoreColour(scale, 0.5)).toBe(levelColour(scale, 1));
    expect(scoreColour(scale, null)).toBe(NOT_RATED_COLOUR);
  });
});
