import { describe, expect, it } from 'vitest';
import {
  bestRatio,
  frontier1x1,
  frontierInputAt,
  frontierOutputAt,
  inputIsoquant,
  outputFrontier,
  radialScale,
  risingUpperHull,
  type Pt,
} from './benchmarkGeometry';

// DEAP (Coelli 1996) example 2: five firms, one input x and one output y.
const eg2: Pt[] = [
  { x: 2, y: 1 },
  { x: 4, y: 2 },
  { x: 3, y: 3 },
  { x: 5, y: 4 },
  { x: 6, y: 5 },
];
const inputEfficiencies = (frontier: Pt[]) => eg2.map((p) => Number(((frontierInputAt(frontier, p.y) as number) / p.x).toFixed(3)));
const outputEfficiencies = (frontier: Pt[]) => eg2.map((p) => Number(((frontierOutputAt(frontier, p.x) as number) / p.y).toFixed(3)));

describe('one input, one output frontier', () => {
  it('draws the CRS frontier as the ray from the origin through the best output/input ratio', () => {
    expect(bestRatio(eg2)).toBe(1);
    expect(frontier1x1(eg2, 'crs', 8)).toEqual([
      { x: 0, y: 0 },
      { x: 8, y: 8 },
    ]);
  });

  it('gives the published CRS efficiencies of DEAP example 2 by distance to the frontier', () => {
    const f = frontier1x1(eg2, 'crs', 8);
    expect(inputEfficiencies(f)).toEqual([0.5, 0.5, 1, 0.8, 0.833]);
    // Under CRS the output-oriented φ is the reciprocal.
    expect(outputEfficiencies(f).map((phi) => Number((1 / phi).toFixed(3)))).toEqual([0.5, 0.5, 1, 0.8, 0.833]);
  });

  it('draws the VRS frontier up from the smallest unit along the concave hull, then level', () => {
    // (5,4) lies below the hull from (3,3) to (6,5), (4,2) below (2,1)-(3,3).
    expect(risingUpperHull(eg2)).toEqual([
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 6, y: 5 },
    ]);
    expect(frontier1x1(eg2, 'vrs', 8)).toEqual([
      { x: 2, y: 0 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 6, y: 5 },
      { x: 8, y: 5 },
    ]);
  });

  it('gives the published VRS input efficiencies of DEAP example 2, and hand-worked output ones', () => {
    const f = frontier1x1(eg2, 'vrs', 8);
    expect(inputEfficiencies(f)).toEqual([1, 0.625, 1, 0.9, 1]);
    // Output-oriented: B (4,2) could make 3 2/3, D (5,4) 4 1/3.
    expect(outputEfficiencies(f)).toEqual([1, 1.833, 1, 1.083, 1]);
  });

  it('draws NIRS as the ray up to the best ratio and then the hull, NDRS as the hull then the ray', () => {
    expect(frontier1x1(eg2, 'nirs', 8)).toEqual([
      { x: 0, y: 0 },
      { x: 3, y: 3 },
      { x: 6, y: 5 },
      { x: 8, y: 5 },
    ]);
    expect(frontier1x1(eg2, 'ndrs', 8)).toEqual([
      { x: 2, y: 0 },
      { x: 2, y: 1 },
      { x: 3, y: 3 },
      { x: 8, y: 8 },
    ]);
    // NIRS: the small firm A is measured against the ray (0.5), the large E against the hull (1).
    expect(inputEfficiencies(frontier1x1(eg2, 'nirs', 8))).toEqual([0.5, 0.5, 1, 0.9, 1]);
    // NDRS: A on the hull (1), E against the ray (0.833).
    expect(inputEfficiencies(frontier1x1(eg2, 'ndrs', 8))).toEqual([1, 0.625, 1, 0.8, 0.833]);
  });

  it('keeps only the highest unit at one input, ignores unusable points, and is empty without points', () => {
    expect(risingUpperHull([{ x: 2, y: 1 }, { x: 2, y: 3 }, { x: 4, y: 2 }])).toEqual([{ x: 2, y: 3 }]);
    expect(frontier1x1([{ x: 2, y: 3 }, { x: Number.NaN, y: 1 }, { x: -1, y: 5 }], 'vrs', 5)).toEqual([
      { x: 2, y: 0 },
      { x: 2, y: 3 },
      { x: 5, y: 3 },
    ]);
    expect(frontier1x1([], 'crs', 5)).toEqual([]);
    expect(frontier1x1([{ x: 1, y: 0 }], 'crs', 5)).toEqual([]);
    expect(frontierInputAt([], 1)).toBeNull();
    expect(frontierOutputAt(frontier1x1(eg2, 'vrs', 8), 1)).toBeNull();
  });
});

// DEAP example 1: five firms, one output y and two inputs; CRS input-oriented efficiencies
// A 0.5, B 1, C 0.833, D 0.714, E 1 (as published).
const eg1 = {
  y: [1, 2, 3, 1, 2],
  x1: [2, 2, 6, 3, 6],
  x2: [5, 4, 6, 2, 2],
};
const eg1Ratios: Pt[] = eg1.y.map((y, i) => ({ x: eg1.x1[i] / y, y: eg1.x2[i] / y }));

describe('two inputs, one output: the unit isoquant', () => {
  it('joins the units using least of both inputs per output, extended up and across', () => {
    expect(inputIsoquant(eg1Ratios, 4, 6)).toEqual([
      { x: 1, y: 6 },
      { x: 1, y: 2 },
      { x: 3, y: 1 },
      { x: 4, y: 1 },
    ]);
  });

  it('gives the published efficiencies of DEAP example 1 as radial distances', () => {
    const iso = inputIsoquant(eg1Ratios, 4, 6);
    expect(eg1Ratios.map((p) => Number((radialScale(iso, p) as number).toFixed(3)))).toEqual([0.5, 1, 0.833, 0.714, 1]);
  });

  it('leaves a point on a hull edge on the line and drops dominated points', () => {
    const pts = [{ x: 1, y: 4 }, { x: 2, y: 2 }, { x: 3, y: 1.5 }, { x: 4, y: 1 }, { x: 5, y: 5 }];
    // (3,1.5) lies on the edge (2,2)-(4,1), so it is not a vertex; (5,5) is dominated.
    expect(inputIsoquant(pts, 6, 6)).toEqual([
      { x: 1, y: 6 },
      { x: 1, y: 4 },
      { x: 2, y: 2 },
      { x: 4, y: 1 },
      { x: 6, y: 1 },
    ]);
    expect(radialScale(inputIsoquant(pts, 6, 6), { x: 3, y: 1.5 })).toBeCloseTo(1, 12);
    expect(inputIsoquant([], 1, 1)).toEqual([]);
  });
});

describe('one input, two outputs: the production possibility frontier', () => {
  // Five units with one unit of input each.
  const pts: Pt[] = [
    { x: 1, y: 4 },
    { x: 3, y: 3 },
    { x: 4, y: 1 },
    { x: 2, y: 2 },
    { x: 1, y: 1 },
  ];

  it('runs from the y axis along the upper-right hull down to the x axis', () => {
    expect(outputFrontier(pts)).toEqual([
      { x: 0, y: 4 },
      { x: 1, y: 4 },
      { x: 3, y: 3 },
      { x: 4, y: 1 },
      { x: 4, y: 0 },
    ]);
  });

  it('gives hand-worked output efficiencies φ as radial expansion to the frontier', () => {
    const f = outputFrontier(pts);
    // (2,2) reaches the vertex (3,3): φ = 1.5; (2,3) reaches the edge (1,4)-(3,3) at (2.25, 3.375): φ = 1.125.
    expect(radialScale(f, { x: 2, y: 2 })).toBeCloseTo(1.5, 12);
    expect(radialScale(f, { x: 2, y: 3 })).toBeCloseTo(1.125, 12);
    expect(radialScale(f, { x: 1, y: 1 })).toBeCloseTo(3, 12);
    expect(radialScale(f, { x: 3, y: 3 })).toBeCloseTo(1, 12);
    // A unit making only output 2 meets the level part from the axis.
    expect(radialScale(f, { x: 0, y: 2 })).toBeCloseTo(2, 12);
  });

  it('drops dominated points and copes with one point or none', () => {
    expect(outputFrontier([{ x: 2, y: 2 }, { x: 1, y: 1 }])).toEqual([
      { x: 0, y: 2 },
      { x: 2, y: 2 },
      { x: 2, y: 0 },
    ]);
    expect(outputFrontier([])).toEqual([]);
    expect(radialScale([], { x: 1, y: 1 })).toBeNull();
    expect(radialScale(outputFrontier(pts), { x: 0, y: 0 })).toBeNull();
  });
});
