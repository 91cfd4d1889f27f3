// Colours and labels for levels on a framework's scale. Every coloured cell also carries the
// level number and label, so the heatmaps never rely on colour alone.
import type { ScaleLevel } from './types';

/** GOV.UK palette, weakest to strongest, used when a scale gives no colour. */
export const DEFAULT_PALETTE_4 = ['#d4351c', '#f47738', '#85994b', '#00703c'];
export const NOT_RATED_COLOUR = '#f3f2f1';
export const TEXT_DARK = '#0b0c0c';
export const TEXT_LIGHT = '#ffffff';

type Rgb = [number, number, number];

/** "#abc" or "#aabbcc" -> [r,g,b] 0..255; null for anything else. */
export function parseHex(colour: string | null | undefined): Rgb | null {
  if (!colour) return null;
  const c = colour.trim();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c);
  if (m) return [parseInt(m[1] + m[1], 16), parseInt(m[2] + m[2], 16), parseInt(m[3] + m[3], 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  return null;
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(rgb: Rgb): number {
  const lin = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** WCAG contrast ratio between two hex colours (1..21); 1 when either cannot be read. */
export function contrastRatio(a: string, b: string): number {
  const ra = parseHex(a);
  const rb = parseHex(b);
  if (!ra || !rb) return 1;
  const la = luminance(ra);
  const lb = luminance(rb);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/** Dark or white text, whichever contrasts more with the background. */
export function textColourFor(background: string): string {
  if (!parseHex(background)) return TEXT_DARK;
  return contrastRatio(background, TEXT_DARK) >= contrastRatio(background, TEXT_LIGHT) ? TEXT_DARK : TEXT_LIGHT;
}

/** n colours from red to green: the GOV.UK four for n=4, interpolated otherwise. */
export function defaultPalette(n: number): string[] {
  if (n <= 0) return [];
  if (n === 4) return [...DEFAULT_PALETTE_4];
  if (n === 1) return [DEFAULT_PALETTE_4[3]];
  const stops = DEFAULT_PALETTE_4.map((c) => parseHex(c) as Rgb);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / (n - 1)) * (stops.length - 1);
    const k = Math.min(Math.floor(t), stops.length - 2);
    const f = t - k;
    const a = stops[k];
    const b = stops[k + 1];
    out.push(toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]));
  }
  return out;
}

/** The scale sorted ascending by level (the API promises this; be safe). */
export function sortedScale(scale: ScaleLevel[]): ScaleLevel[] {
  return [...scale].sort((a, b) => a.level - b.level);
}

/** Background colour of a level: the scale's own colour if it has one, else the default palette. */
export function levelColour(scale: ScaleLevel[], level: number | null | undefined): string {
  if (level === null || level === undefined) return NOT_RATED_COLOUR;
  const s = sortedScale(scale);
  const idx = s.findIndex((l) => l.level === level);
  if (idx < 0) return NOT_RATED_COLOUR;
  const own = s[idx].colour;
  if (own && own.trim()) return own.trim();
  return defaultPalette(s.length)[idx];
}

/** Label of a level ("Developing"); "Not rated" when null; "Level N" when outside the scale. */
export function levelLabel(scale: ScaleLevel[], level: number | null | undefined): string {
  if (level === null || level === undefined) return 'Not rated';
  const found = scale.find((l) => l.level === level);
  return found ? found.label : `Level ${level}`;
}

export interface CellStyle {
  background: string;
  color: string;
  /** Short text shown in the cell: "3" or "–". */
  short: string;
  /** Full text: "3 Developed" or "Not rated". */
  text: string;
  label: string;
}

/** Everything a heatmap cell needs for one level. */
export function cellStyle(scale: ScaleLevel[], level: number | null | undefined): CellStyle {
  const background = levelColour(scale, level);
  const label = levelLabel(scale, level);
  const rated = level !== null && level !== undefined;
  return {
    background,
    color: textColourFor(background),
    short: rated ? String(level) : '–',
    text: rated ? `${level} ${label}` : label,
    label,
  };
}

/** Colour for a fractional score (e.g. a pillar mean of 2.5): the nearest level at or below it. */
export function scoreColour(scale: ScaleLevel[], score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return NOT_RATED_COLOUR;
  const s = sortedScale(scale);
  if (s.length === 0) return NOT_RATED_COLOUR;
  let chosen = s[0];
  for (const l of s) if (l.level <= score + 1e-9) chosen = l;
  return levelColour(scale, chosen.level);
}
