// Observable Plot charts for the record linkage pages (issue 5), after Splink's: the match
// weights of each comparison's levels, m and u, the match-weight distribution of the candidate
// pairs with the threshold, and one pair's waterfall. Re-exported by charts.ts and so loaded
// lazily with it: import this module only with `import type` elsewhere. Each chart draws the
// data shaped in linkageTables.ts (the same data as its table view). Colour is never the only
// cue: every weight is written beside its bar with its sign, and the pages carry legends in words.
import * as Plot from '@observablehq/plot';
import { LINKAGE_COLOURS } from './chartColours';
import { HISTOGRAM_CHART_HEIGHT, linkageLabelMargin, matchWeightChartHeight, muChartHeight, waterfallChartHeight } from './chartSizes';
import { formatProbability, formatWeight, MINUS } from './format';
import type { HistogramBar, HistogramData, MuBar, WaterfallBar, WeightBar } from './linkageTables';
import { formatNumber } from './measure';

const STYLE = { fontFamily: 'arial, sans-serif', fontSize: '14px', color: '#0b0c0c', overflow: 'visible' };

const labelMargin = linkageLabelMargin;

/** A bar's colour: green for a match, red against, grey for the prior, blue for the final weight. */
function weightFill(kind: 'prior' | 'final' | 'up' | 'down' | 'none'): string {
  if (kind === 'prior') return LINKAGE_COLOURS.prior;
  if (kind === 'final') return LINKAGE_COLOURS.final;
  return kind === 'down' ? LINKAGE_COLOURS.negative : LINKAGE_COLOURS.positive;
}

/**
 * One comparison's levels (or the prior) as horizontal bars of match weight from 0: positive
 * (evidence for a match) in green to the right, negative in red to the left, each labelled
 * with its signed weight. `domain` is shared by all comparisons so their bars compare.
 */
export function matchWeightChart(bars: WeightBar[], domain: [number, number], width: number, opts: { margin?: number } = {}) {
  const kind = (b: WeightBar) => (b.gamma === null ? 'prior' : b.weight < 0 ? 'down' : 'up');
  const pad = Math.max(1, (domain[1] - domain[0]) * 0.08);
  return Plot.plot({
    width,
    height: matchWeightChartHeight(bars.length),
    marginLeft: opts.margin ?? labelMargin(bars.map((b) => b.label)),
    marginRight: 50,
    marginTop: 46,
    style: STYLE,
    x: { domain: [domain[0] - pad, domain[1] + pad], label: '← against a match · match weight · for a match →', labelAnchor: 'center', labelArrow: 'none', axis: 'top', grid: true, tickFormat: (v: number) => String(v).replace('-', MINUS) },
    y: { domain: bars.map((b) => b.key), label: null, tickFormat: (k: string) => bars.find((b) => b.key === k)?.label ?? k, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(bars, {
        x1: 0,
        x2: 'weight',
        y: 'key',
        fill: (b: WeightBar) => weightFill(kind(b)),
        title: (b: WeightBar) => `${b.comparison}, ${b.label}: match weight ${formatWeight(b.weight, true)} (Bayes factor ${formatNumber(2 ** b.weight)})`,
        tip: true,
      }),
      ...[false, true].map((negative) =>
        Plot.text(
          bars.filter((b) => b.weight < 0 === negative),
          {
            x: 'weight',
            y: 'key',
            text: (b: WeightBar) => formatWeight(b.weight, b.gamma !== null),
            dx: negative ? -4 : 4,
            textAnchor: negative ? 'end' : 'start',
            fill: '#0b0c0c',
          },
        ),
      ),
      Plot.ruleX([0], { stroke: '#0b0c0c', strokeWidth: 1.5 }),
    ],
  });
}

/**
 * Splink's "m u parameters chart" for one comparison: two panels, the share of true matches (m)
 * and of non-matches (u) at each level, from 0 to 1.
 */
export function muChart(bars: MuBar[], width: number, opts: { margin?: number } = {}) {
  const labels = [...new Set(bars.map((b) => b.label))];
  return Plot.plot({
    width,
    height: muChartHeight(labels.length),
    marginLeft: opts.margin ?? labelMargin(labels),
    marginRight: 50,
    marginTop: 34,
    marginBottom: 40,
    style: STYLE,
    fx: { label: null, domain: ['Among matches (m)', 'Among non-matches (u)'], padding: 0.15 },
    x: { domain: [0, 1], label: 'Share of pairs', labelAnchor: 'center', labelArrow: 'none', grid: true, ticks: 4 },
    y: { domain: labels, label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(bars, {
        x: 'value',
        y: 'label',
        fx: 'kind',
        fill: (b: MuBar) => (b.kind === 'Among matches (m)' ? LINKAGE_COLOURS.m : LINKAGE_COLOURS.u),
        title: (b: MuBar) => `${b.label}, ${b.kind}: ${formatProbability(b.value)}`,
        tip: true,
      }),
      Plot.text(bars, { x: 'value', y: 'label', fx: 'kind', text: (b: MuBar) => formatProbability(b.value, 3), dx: 4, textAnchor: 'start', fill: '#0b0c0c', fontSize: 12 }),
      Plot.ruleX([0]),
    ],
  });
}

/** 1, 10, 100, … up to `max`. */
function powersOfTen(max: number): number[] {
  const out: number[] = [];
  for (let v = 1; v <= max; v *= 10) out.push(v);
  return out;
}

/**
 * The candidate pairs' match weights in unit bins, those at or above the threshold in green, the
 * rest in grey, with the threshold weight as a dashed rule. `log` draws counts on a log scale
 * (most candidate pairs are non-matches: on a linear scale the matches hardly show).
 */
export function histogramChart(d: HistogramData, opts: { log?: boolean }, width: number) {
  const log = !!opts.log;
  const maxPairs = Math.max(1, ...d.bars.map((b) => b.pairs));
  const lo = Math.min(d.threshold - 1, ...d.bars.map((b) => b.x1));
  const hi = Math.max(d.threshold + 1, ...d.bars.map((b) => b.x2));
  return Plot.plot({
    width,
    height: HISTOGRAM_CHART_HEIGHT,
    marginLeft: 70,
    marginRight: 20,
    marginTop: 30,
    marginBottom: 44,
    style: STYLE,
    x: { domain: [lo, hi], label: 'Match weight', labelAnchor: 'center', labelArrow: 'none', tickFormat: (v: number) => String(v).replace('-', MINUS) },
    y: log
      ? { type: 'log', domain: [0.8, maxPairs * 1.5], label: 'Candidate pairs (log scale)', labelArrow: 'none', grid: true, ticks: powersOfTen(maxPairs * 1.5), tickFormat: (v: number) => formatNumber(v, 0) }
      : { domain: [0, maxPairs * 1.08], label: 'Candidate pairs', labelArrow: 'none', grid: true, tickFormat: (v: number) => formatNumber(v, 0) },
    marks: [
      Plot.rectY(d.bars, {
        x1: 'x1',
        x2: 'x2',
        y1: log ? 0.8 : 0,
        y2: 'pairs',
        inset: 0.5,
        fill: (b: HistogramBar) => (b.above ? LINKAGE_COLOURS.above : LINKAGE_COLOURS.below),
        title: (b: HistogramBar) => `Match weight ${b.label}: ${formatNumber(b.pairs, 0)} ${b.pairs === 1 ? 'pair' : 'pairs'}`,
        tip: true,
      }),
      Plot.ruleX([d.threshold], { stroke: LINKAGE_COLOURS.threshold, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.text([d.threshold], {
        x: (t: number) => t,
        frameAnchor: 'top',
        text: (t: number) => `Threshold ${formatWeight(t)}`,
        dy: -18,
        textAnchor: 'middle',
        fontWeight: 'bold',
        fill: '#0b0c0c',
      }),
      Plot.ruleY([log ? 0.8 : 0]),
    ],
  });
}

/**
 * One pair's waterfall (Splink's): the prior from 0, each comparison's step up (green) or down
 * (red) from where the previous one ended, joined by thin lines, and the final match weight from
 * 0 in blue. Each bar is labelled with its signed weight; the final one with the probability too.
 */
export function waterfallChart(bars: WaterfallBar[], width: number) {
  const keys = bars.map((b) => b.key);
  const names = new Map(bars.map((b) => [b.key, b.label]));
  const values = bars.flatMap((b) => [b.from, b.to]);
  const lo = Math.floor(Math.min(0, ...values)) - 1;
  const hi = Math.ceil(Math.max(0, ...values)) + 1;
  const links = bars.slice(0, -2).map((b, i) => ({ x: b.to, y1: b.key, y2: bars[i + 1].key }));
  const label = (b: WaterfallBar) =>
    b.kind === 'final' ? `${formatWeight(b.weight)} (probability ${formatProbability(b.probability)})` : formatWeight(b.weight, b.kind !== 'prior');
  const right = (b: WaterfallBar) => b.to >= b.from;
  return Plot.plot({
    width,
    height: waterfallChartHeight(bars.length),
    marginLeft: labelMargin(bars.map((b) => b.label)),
    marginRight: 40,
    marginTop: 46,
    style: STYLE,
    x: { domain: [lo, hi], label: '← against a match · match weight · for a match →', labelAnchor: 'center', labelArrow: 'none', axis: 'top', grid: true, tickFormat: (v: number) => String(v).replace('-', MINUS) },
    y: { domain: keys, label: null, tickFormat: (k: string) => names.get(k) ?? k, tickSize: 0, padding: 0.2 },
    marks: [
      Plot.barX(bars, {
        x1: 'from',
        x2: 'to',
        y: 'key',
        fill: (b: WaterfallBar) => weightFill(b.kind),
        stroke: (b: WaterfallBar) => (b.kind === 'none' ? '#0b0c0c' : 'none'),
        title: (b: WaterfallBar) =>
          `${b.label}${b.detail ? `: ${b.detail}` : ''}\nWeight ${formatWeight(b.weight, b.kind !== 'prior' && b.kind !== 'final')}\nMatch weight so far ${formatWeight(b.to)}, probability ${formatProbability(b.probability)}`,
        tip: true,
      }),
      Plot.link(links, { x1: 'x', x2: 'x', y1: 'y1', y2: 'y2', stroke: '#505a5f', strokeDasharray: '2,2' }),
      ...[true, false].flatMap((toRight) =>
        [true, false].map((bold) =>
          Plot.text(
            bars.filter((b) => right(b) === toRight && (b.kind === 'final') === bold),
            {
              x: (b: WaterfallBar) => (toRight ? Math.max(b.from, b.to) : Math.min(b.from, b.to)),
              y: 'key',
              text: label,
              dx: toRight ? 4 : -4,
              textAnchor: toRight ? 'start' : 'end',
              fontWeight: bold ? 'bold' : 'normal',
              fill: '#0b0c0c',
            },
          ),
        ),
      ),
      Plot.ruleX([0], { stroke: '#0b0c0c', strokeWidth: 1.5 }),
    ],
  });
}
