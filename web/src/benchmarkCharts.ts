// Observable Plot charts for the benchmarking pages (issue 4). Re-exported by charts.ts and so
// loaded lazily with it: import this module only with `import type` elsewhere. Each chart draws
// the data shaped in benchmarkTables.ts (the same data as its table view). Colour is never the
// only cue: efficient bodies' scores read 1.000 or more and are bold, the chosen body is outlined
// and named, the frontier is a solid black line, and the pages carry a legend in words.
import * as Plot from '@observablehq/plot';
import { BENCHMARK_COLOURS } from './chartColours';
import { FRONTIER_CHART_HEIGHT, MALMQUIST_CHART_HEIGHT, rankingChartHeight, targetsChartHeight } from './chartSizes';
import type { FrontierData, FrontierPoint, MalmquistPoint, RankingBar, RankingData } from './benchmarkTables';
import { QUADRANT_LABELS } from './benchmarkTables';
import { formatEfficiency } from './format';
import { formatPercent, formatValueShort } from './measure';

const STYLE = { fontFamily: 'arial, sans-serif', fontSize: '14px', color: '#0b0c0c', overflow: 'visible' };

/** Room for the longest name on the left, within bounds (Plot does not size margins itself). */
function nameMargin(names: string[], px = 8.2): number {
  const longest = names.reduce((m, n) => Math.max(m, n.length), 0);
  return Math.round(Math.min(280, Math.max(80, longest * px + 18)));
}

/** Every scored body as a bar, best first; efficient bodies in green with bold scores, the chosen one outlined. */
export function rankingChart(d: RankingData, opts: { axisLabel: string }, width: number) {
  const many = d.bars.length > 30;
  const names = new Map(d.bars.map((b) => [String(b.body_id), b.name]));
  const key = (b: RankingBar) => String(b.body_id);
  // Where the middle of a long ranking is left out, a row says how many bodies are not drawn.
  const domain: string[] = [];
  for (const b of d.bars) {
    if (b.skippedBefore > 0) {
      domain.push(`gap-${b.body_id}`);
      names.set(`gap-${b.body_id}`, `⋯ ${b.skippedBefore} more ⋯`);
    }
    domain.push(key(b));
  }
  const hi = Math.max(1, ...d.bars.map((b) => Math.max(b.score, b.upper ?? 0)));
  const intervals = d.bars.filter((b) => b.lower !== null && b.upper !== null);
  const fontSize = many ? 12 : 14;
  return Plot.plot({
    width,
    height: rankingChartHeight(domain.length),
    marginLeft: nameMargin(d.bars.map((b) => b.name), many ? 7.2 : 8.2),
    marginRight: 56,
    marginTop: 50,
    style: { ...STYLE, fontSize: `${fontSize}px` },
    x: { domain: [0, hi * 1.02], label: opts.axisLabel, grid: true, axis: 'top', labelAnchor: 'left', tickFormat: (v: number) => formatEfficiency(v).replace(/0+$/, '').replace(/\.$/, '') },
    y: { domain, label: null, tickFormat: (k: string) => names.get(k) ?? k, tickSize: 0, padding: many ? 0.15 : 0.25 },
    marks: [
      Plot.barX(d.bars, {
        x: 'score',
        y: key,
        fill: (b: RankingBar) => (b.efficient ? BENCHMARK_COLOURS.efficient : BENCHMARK_COLOURS.other),
        stroke: (b: RankingBar) => (b.selected ? BENCHMARK_COLOURS.chosen : 'none'),
        strokeWidth: 3,
        title: (b: RankingBar) =>
          `${b.name}: ${formatEfficiency(b.score)}${b.efficient ? ' (efficient)' : ''}${b.lower !== null && b.upper !== null ? `\n95% interval ${formatEfficiency(b.lower)} to ${formatEfficiency(b.upper)}` : ''}`,
        tip: true,
      }),
      Plot.ruleY(intervals, { y: key, x1: 'lower', x2: 'upper', stroke: '#0b0c0c', strokeWidth: 1.5, dy: 0 }),
      ...[true, false].map((bold) =>
        Plot.text(
          d.bars.filter((b) => (b.efficient || b.selected) === bold),
          {
            x: (b: RankingBar) => Math.max(b.score, b.upper ?? 0),
            y: key,
            text: (b: RankingBar) => formatEfficiency(b.score),
            dx: 4,
            textAnchor: 'start',
            fontWeight: bold ? 'bold' : 'normal',
            fill: '#0b0c0c',
            fontSize,
          },
        ),
      ),
      Plot.ruleX([1], { stroke: BENCHMARK_COLOURS.reference, strokeWidth: 1.5, strokeDasharray: '5,4' }),
      Plot.ruleX([0]),
    ],
  });
}

/** The bodies and the frontier through the efficient ones, with the chosen body's way to it. */
export function frontierChart(d: FrontierData, width: number) {
  const ratio = d.shape !== '1x1';
  const fx = (v: number) => formatValueShort(v, ratio ? '' : d.xUnit);
  const fy = (v: number) => formatValueShort(v, ratio ? '' : d.yUnit);
  const label = (l: string, u: string) => (u && !['£', '%'].includes(u) ? `${l} (${u})` : l);
  const named = d.points.filter((p) => p.efficient || p.selected);
  const few = d.points.length <= 40;
  const marks: Plot.Markish[] = [
    Plot.ruleX([0]),
    Plot.ruleY([0]),
    Plot.line(d.frontier, { x: 'x', y: 'y', stroke: BENCHMARK_COLOURS.frontier, strokeWidth: 2.5, clip: true }),
  ];
  if (d.projection) {
    marks.push(
      Plot.arrow([d.projection], {
        x1: (p: { from: { x: number } }) => p.from.x,
        y1: (p: { from: { y: number } }) => p.from.y,
        x2: (p: { to: { x: number } }) => p.to.x,
        y2: (p: { to: { y: number } }) => p.to.y,
        stroke: BENCHMARK_COLOURS.projection,
        strokeWidth: 2,
        strokeDasharray: '5,4',
        headLength: 10,
        inset: 6,
      }),
    );
  }
  marks.push(
    Plot.dot(
      d.points.filter((p) => !p.efficient),
      { x: 'x', y: 'y', r: 5, stroke: BENCHMARK_COLOURS.other, strokeWidth: 2, fill: 'white' },
    ),
    Plot.dot(
      d.points.filter((p) => p.efficient),
      { x: 'x', y: 'y', r: 5.5, fill: BENCHMARK_COLOURS.efficient, stroke: 'white' },
    ),
    Plot.dot(
      d.points.filter((p) => p.selected),
      { x: 'x', y: 'y', r: 9, stroke: BENCHMARK_COLOURS.chosen, strokeWidth: 2.5, fill: 'none' },
    ),
    // Names above right of a point, or above left near the right edge; the chosen one in bold.
    ...[true, false].flatMap((bold) =>
      [false, true].map((left) =>
        Plot.text(
          (few ? named : named.filter((p) => p.selected)).filter((p) => p.selected === bold && p.x > d.xMax * 0.7 === left),
          {
            x: 'x',
            y: 'y',
            text: 'name',
            dx: left ? -9 : 9,
            dy: -9,
            textAnchor: left ? 'end' : 'start',
            fontWeight: bold ? 'bold' : 'normal',
            stroke: 'white',
            strokeWidth: 4,
            paintOrder: 'stroke',
            fill: '#0b0c0c',
            fontSize: 12,
          },
        ),
      ),
    ),
    Plot.tip(
      d.points,
      Plot.pointer({
        x: 'x',
        y: 'y',
        title: (p: FrontierPoint) => `${p.name}${p.efficient ? ' (on the frontier)' : ''}\n${d.xLabel}: ${fx(p.x)}\n${d.yLabel}: ${fy(p.y)}`,
      }),
    ),
  );
  return Plot.plot({
    width,
    height: FRONTIER_CHART_HEIGHT,
    marginLeft: 70,
    marginRight: 30,
    marginBottom: 46,
    style: STYLE,
    x: { domain: [0, d.xMax], label: label(d.xLabel, d.xUnit), labelAnchor: 'center', labelArrow: 'none', grid: true, tickFormat: fx },
    y: { domain: [0, d.yMax], label: label(d.yLabel, d.yUnit), labelArrow: 'none', grid: true, tickFormat: fy },
    marks,
  });
}

/** One body's targets as shares of its actual values: below 1 is less, above 1 more. */
export function targetsChart(data: { label: string; side: 'input' | 'output'; share: number }[], width: number) {
  const hi = Math.max(1.1, ...data.map((x) => x.share));
  return Plot.plot({
    width,
    height: targetsChartHeight(data.length),
    marginLeft: nameMargin(data.map((x) => x.label)),
    marginRight: 60,
    marginBottom: 44,
    style: STYLE,
    x: { domain: [0, hi * 1.05], label: 'Target as a share of actual (100% = no change)', labelAnchor: 'center', labelArrow: 'none', grid: true, tickFormat: (v: number) => formatPercent(v, 0) },
    y: { domain: data.map((x) => x.label), label: null, tickSize: 0, padding: 0.3 },
    marks: [
      Plot.barX(data, {
        x: 'share',
        y: 'label',
        fill: (x: { side: string }) => (x.side === 'input' ? BENCHMARK_COLOURS.other : BENCHMARK_COLOURS.efficient),
      }),
      Plot.text(data, { x: 'share', y: 'label', text: (x: { share: number }) => formatPercent(x.share, 1), dx: 4, textAnchor: 'start', fill: '#0b0c0c' }),
      Plot.ruleX([1], { stroke: '#0b0c0c', strokeWidth: 2 }),
      Plot.ruleX([0]),
    ],
  });
}

/** Efficiency change (x) against technical change (y), with lines at 1 and the quadrants named. */
export function malmquistChart(points: MalmquistPoint[], opts: { pairs: string[] }, width: number) {
  const values = points.flatMap((p) => [p.ec, p.tc]);
  const lo = Math.min(0.95, ...values);
  const hi = Math.max(1.05, ...values);
  const pad = (hi - lo) * 0.08;
  const domain: [number, number] = [Math.max(0, lo - pad), hi + pad];
  // Productivity unchanged (Malmquist = efficiency change × technical change = 1): a hyperbola.
  const curve: { x: number; y: number }[] = [];
  for (let i = 0; i <= 60; i++) {
    const x = domain[0] + ((domain[1] - domain[0]) * i) / 60;
    if (x > 0) curve.push({ x, y: 1 / x });
  }
  const quadrants = [
    { frameAnchor: 'top-right', text: QUADRANT_LABELS['catching-up-frontier-out'] },
    { frameAnchor: 'top-left', text: QUADRANT_LABELS['falling-behind-frontier-out'] },
    { frameAnchor: 'bottom-right', text: QUADRANT_LABELS['catching-up-frontier-in'] },
    { frameAnchor: 'bottom-left', text: QUADRANT_LABELS['falling-behind-frontier-in'] },
  ] as const;
  const several = opts.pairs.length > 1;
  const symbols = ['circle', 'square', 'triangle', 'diamond', 'star', 'cross', 'wye', 'times'];
  return Plot.plot({
    width,
    height: MALMQUIST_CHART_HEIGHT,
    marginLeft: 60,
    marginRight: 20,
    marginBottom: 46,
    marginTop: several ? 30 : 20,
    style: STYLE,
    x: { domain, label: 'Efficiency change (catching up) →', labelAnchor: 'center', labelArrow: 'none', grid: true },
    y: { domain, label: '↑ Technical change (the frontier moving)', labelArrow: 'none', grid: true },
    symbol: several ? { domain: opts.pairs, range: symbols, legend: true } : undefined,
    marks: [
      ...quadrants.map((q) =>
        Plot.text([q.text], { frameAnchor: q.frameAnchor, text: (t: string) => t, dx: q.frameAnchor.endsWith('left') ? 6 : -6, dy: q.frameAnchor.startsWith('top') ? 6 : -6, fill: '#505a5f', fontSize: 12, fontStyle: 'italic' }),
      ),
      Plot.line(curve, { x: 'x', y: 'y', stroke: BENCHMARK_COLOURS.reference, strokeDasharray: '5,4', strokeWidth: 1.5, clip: true }),
      Plot.ruleX([1], { stroke: '#0b0c0c', strokeWidth: 1.5 }),
      Plot.ruleY([1], { stroke: '#0b0c0c', strokeWidth: 1.5 }),
      Plot.dot(points, {
        x: 'ec',
        y: 'tc',
        r: 5,
        symbol: several ? 'pair' : undefined,
        fill: (p: MalmquistPoint) => (p.m > 1 ? BENCHMARK_COLOURS.efficient : BENCHMARK_COLOURS.other),
        fillOpacity: 0.85,
        stroke: 'white',
      }),
      Plot.dot(
        points.filter((p) => p.selected),
        { x: 'ec', y: 'tc', r: 9, stroke: BENCHMARK_COLOURS.chosen, strokeWidth: 2.5, fill: 'none' },
      ),
      // Names to the right of a point, or to its left near the right edge.
      ...[false, true].map((left) =>
        Plot.text(
          points.filter((p) => p.selected && p.ec > (domain[0] + domain[1]) / 2 === left),
          {
            x: 'ec',
            y: 'tc',
            text: (p: MalmquistPoint) => (several ? `${p.name}, ${p.pair}` : p.name),
            dx: left ? -13 : 13,
            textAnchor: left ? 'end' : 'start',
            fontWeight: 'bold',
            stroke: 'white',
            strokeWidth: 4,
            paintOrder: 'stroke',
            fill: '#0b0c0c',
          },
        ),
      ),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'ec',
          y: 'tc',
          title: (p: MalmquistPoint) =>
            `${p.name}, ${p.pair}\nMalmquist ${formatEfficiency(p.m)}${p.m > 1 ? ' (improved)' : p.m < 1 ? ' (fell)' : ''}\nEfficiency change ${formatEfficiency(p.ec)}\nTechnical change ${formatEfficiency(p.tc)}`,
        }),
      ),
    ],
  });
}
