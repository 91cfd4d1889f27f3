// Frontier geometry for the benchmarking charts (issue 4): the DEA frontier drawn through the
// efficient units, in the three pictures a person can read on paper:
//   - one input, one output: input (x) against output (y); the frontier by returns to scale
//     (CRS: the ray from the origin through the best output/input ratio; VRS: the piecewise-linear
//     concave hull of the units, rising from the smallest unit and flat after the largest output;
//     NIRS: the CRS ray up to the best ratio, then the VRS hull; NDRS: the VRS hull up to the best
//     ratio, then the ray);
//   - two inputs, one output: input 1 per unit of output against input 2 per unit of output, with
//     the unit isoquant (the lower-left convex hull, extended vertically and horizontally);
//   - one input, two outputs: output 1 per unit of input against output 2 per unit of input, with
//     the production possibility frontier (the upper-right convex hull, extended to the axes).
// Radial distances to these lines are the Farrell efficiencies under constant returns to scale
// (and, in the one-by-one picture, under the returns to scale drawn). Pure and tested.
import type { ReturnsToScale } from './types';

export interface Pt {
  x: number;
  y: number;
}

const EPS = 1e-12;

/** z of (a − o) × (b − o): > 0 for a counter-clockwise turn o → a → b. */
function cross(o: Pt, a: Pt, b: Pt): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

const finite = (p: Pt) => Number.isFinite(p.x) && Number.isFinite(p.y);

/** Drops repeated consecutive vertices (a zero-length segment). */
function dedupe(poly: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of poly) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last.x - p.x) > EPS || Math.abs(last.y - p.y) > EPS) out.push(p);
  }
  return out;
}

/**
 * The rising part of the upper concave hull: from the point with the smallest x (the highest of
 * those) to the first point with the largest y. Free disposal makes anything below or to the
 * right of this line reachable, so it is the VRS frontier's vertices.
 */
export function risingUpperHull(points: Pt[]): Pt[] {
  const pts = points.filter(finite).sort((a, b) => a.x - b.x || b.y - a.y);
  // At one x only the highest point can be on the frontier.
  const byX = pts.filter((p, i) => i === 0 || p.x !== pts[i - 1].x);
  const hull: Pt[] = [];
  for (const p of byX) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) >= 0) hull.pop();
    hull.push(p);
  }
  let peak = 0;
  for (let i = 1; i < hull.length; i++) if (hull[i].y > hull[peak].y) peak = i;
  return hull.slice(0, peak + 1);
}

/** The best output per unit of input among points with a positive input (0 when none). */
export function bestRatio(points: Pt[]): number {
  let s = 0;
  for (const p of points) if (finite(p) && p.x > 0 && p.y / p.x > s) s = p.y / p.x;
  return s;
}

/**
 * The one-input, one-output frontier as a polyline from the x axis to `xMax`, for the frontier's
 * generating points (the efficient units) and returns to scale. Empty without usable points.
 */
export function frontier1x1(points: Pt[], rts: ReturnsToScale, xMax: number): Pt[] {
  const pts = points.filter((p) => finite(p) && p.x >= 0 && p.y >= 0);
  if (!pts.length) return [];
  const s = bestRatio(pts);
  if (rts === 'crs') return s > 0 ? [{ x: 0, y: 0 }, { x: xMax, y: s * xMax }] : [];
  if (rts === 'nirs') {
    const hull = risingUpperHull([{ x: 0, y: 0 }, ...pts]);
    const last = hull[hull.length - 1];
    return dedupe([...hull, { x: Math.max(xMax, last.x), y: last.y }]);
  }
  const hull = risingUpperHull(pts);
  const start = { x: hull[0].x, y: 0 };
  if (rts === 'ndrs' && s > 0) {
    // Up the hull to the unit with the best ratio, then out along the ray through it.
    let k = hull.findIndex((p) => p.x > 0 && Math.abs(p.y / p.x - s) <= 1e-12 * Math.max(1, s));
    if (k < 0) k = hull.length - 1;
    const tip = hull[k];
    return dedupe([start, ...hull.slice(0, k + 1), { x: Math.max(xMax, tip.x), y: s * Math.max(xMax, tip.x) }]);
  }
  const last = hull[hull.length - 1];
  return dedupe([start, ...hull, { x: Math.max(xMax, last.x), y: last.y }]);
}

/** The smallest input on a one-by-one frontier that yields output `y` (null when none does). */
export function frontierInputAt(frontier: Pt[], y: number): number | null {
  for (let i = 1; i < frontier.length; i++) {
    const a = frontier[i - 1];
    const b = frontier[i];
    if (b.y + EPS < y) continue;
    if (a.y >= y - EPS) return a.x;
    return a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y);
  }
  return null;
}

/** The largest output on a one-by-one frontier at input `x` (null left of the frontier). */
export function frontierOutputAt(frontier: Pt[], x: number): number | null {
  let best: number | null = null;
  for (let i = 1; i < frontier.length; i++) {
    const a = frontier[i - 1];
    const b = frontier[i];
    const lo = Math.min(a.x, b.x);
    const hi = Math.max(a.x, b.x);
    if (x < lo - EPS || x > hi + EPS) continue;
    const y = Math.abs(b.x - a.x) <= EPS ? Math.max(a.y, b.y) : a.y + ((x - a.x) * (b.y - a.y)) / (b.x - a.x);
    if (best === null || y > best) best = y;
  }
  return best;
}

/**
 * The unit isoquant of two inputs per unit of output (x = input 1 / output, y = input 2 /
 * output): the lower-left convex hull of the points, from the top of the chart (`yMax`) down the
 * vertical through the unit using least input 1, along the hull, then out to `xMax` level with the
 * unit using least input 2.
 */
export function inputIsoquant(points: Pt[], xMax: number, yMax: number): Pt[] {
  const pts = points.filter((p) => finite(p) && p.x >= 0 && p.y >= 0).sort((a, b) => a.x - b.x || a.y - b.y);
  // Not dominated: nobody uses as little of both and less of one.
  const front: Pt[] = [];
  for (const p of pts) if (!front.length || p.y < front[front.length - 1].y) front.push(p);
  const hull: Pt[] = [];
  for (const p of front) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) <= 0) hull.pop();
    hull.push(p);
  }
  if (!hull.length) return [];
  const first = hull[0];
  const last = hull[hull.length - 1];
  return dedupe([{ x: first.x, y: Math.max(yMax, first.y) }, ...hull, { x: Math.max(xMax, last.x), y: last.y }]);
}

/**
 * The production possibility frontier of two outputs per unit of input (x = output 1 / input,
 * y = output 2 / input): level from the y axis with the unit making most of output 2, along the
 * upper-right convex hull, then down to the x axis below the unit making most of output 1.
 */
export function outputFrontier(points: Pt[]): Pt[] {
  const pts = points.filter((p) => finite(p) && p.x >= 0 && p.y >= 0).sort((a, b) => b.x - a.x || b.y - a.y);
  // From the right: not dominated when it makes more of output 2 than every point to its right.
  const front: Pt[] = [];
  for (const p of pts) if (!front.length || p.y > front[front.length - 1].y) front.push(p);
  front.reverse(); // by x ascending, y descending
  const hull: Pt[] = [];
  for (const p of front) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) >= 0) hull.pop();
    hull.push(p);
  }
  if (!hull.length) return [];
  const first = hull[0];
  const last = hull[hull.length - 1];
  return dedupe([{ x: 0, y: first.y }, ...hull, { x: last.x, y: 0 }]);
}

/**
 * Where the ray from the origin through `p` meets the polyline: the factor t with t·p on it (the
 * smallest, when it meets it more than once), or null when it misses. For an input isoquant t is
 * the input efficiency θ; for an output frontier it is φ (and 1/t the technical efficiency).
 */
export function radialScale(poly: Pt[], p: Pt): number | null {
  if (!finite(p) || (p.x === 0 && p.y === 0)) return null;
  let best: number | null = null;
  for (let i = 1; i < poly.length; i++) {
    const a = poly[i - 1];
    const d = { x: poly[i].x - a.x, y: poly[i].y - a.y };
    const den = p.x * d.y - p.y * d.x; // p × d
    if (Math.abs(den) <= EPS) continue; // parallel
    const t = (a.x * d.y - a.y * d.x) / den; // (a × d) / (p × d)
    const s = (a.x * p.y - a.y * p.x) / den; // (a × p) / (p × d)
    if (t > EPS && s >= -1e-9 && s <= 1 + 1e-9 && (best === null || t < best)) best = t;
  }
  return best;
}
