// Independent reference values for the measurement tests: the demo's published and illustrative
// data read straight from data/demo/ (not through the server), and the statistics worked out
// here from their textbook definitions, so the API is checked against numbers it did not make.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './spec.mjs';

export const demoDir = path.join(repoRoot, 'data', 'demo');

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Returns rows of strings.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// CSV text -> array of objects keyed by the header row.
export function csvRecords(text) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

export const readDemo = (...parts) => readFileSync(path.join(demoDir, ...parts), 'utf8');
export const demoCsv = (...parts) => csvRecords(readDemo(...parts));

// Oflog's adult social care file as published: one record per council, measure and year.
export function oflog() {
  const text = readDemo('oflog', 'ASC_data.csv');
  const rows = csvRecords(text).map((r) => ({
    period: r['Financial year'],
    code: r['Local authority code'],
    name: r['Local authority name'],
    councilType: r.Entity_Name,
    region: r.Region,
    measure: r.Code,
    value: r.Value === '' ? null : Number(r.Value),
    median: r.MEDIAN === '' ? null : Number(r.MEDIAN),
    madsFromMedian: r.MADs_from_median === '' ? null : Number(r.MADs_from_median),
  }));
  const nn = JSON.parse(readDemo('oflog', 'NN.json'));
  return { text, rows, nn };
}

// ---- statistics, as the API documents them ----
const sorted = (values) => [...values].sort((a, b) => a - b);

export function median(values) {
  const v = sorted(values);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Excel QUARTILE.INC: linear interpolation at position (n - 1) p of the sorted values.
export function quartileInc(values, p) {
  const v = sorted(values);
  const h = (v.length - 1) * p;
  const k = Math.floor(h);
  return k + 1 >= v.length ? v[v.length - 1] : v[k] + (h - k) * (v[k + 1] - v[k]);
}

// Median absolute deviation from the median, unscaled (as Oflog publishes it).
export function mad(values) {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export function distribution(values) {
  return {
    count: values.length,
    min: Math.min(...values),
    q1: quartileInc(values, 0.25),
    median: median(values),
    q3: quartileInc(values, 0.75),
    max: Math.max(...values),
    mad: mad(values),
  };
}

// Standard competition ranking ("1, 2, 2, 4"): 1 = best by polarity; neutral ranks the highest first.
export function rankOf(value, values, polarity) {
  const better = polarity === 'lower' ? values.filter((v) => v < value) : values.filter((v) => v > value);
  return better.length + 1;
}

// Quarter of the group the value falls in, 1 = the best quarter.
export function quartileOf(value, d, polarity) {
  if (polarity === 'lower') return value <= d.q1 ? 1 : value <= d.median ? 2 : value <= d.q3 ? 3 : 4;
  return value >= d.q3 ? 1 : value >= d.median ? 2 : value >= d.q1 ? 3 : 4;
}

export const close = (a, b, tol = 1e-9) => a !== null && b !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

// A financial year "2018-19" as the year it starts in.
export const yearOf = (period) => Number(period.slice(0, 4));

// Ordinary least squares through (year, value) points: { slope, at(year) }.
export function leastSquares(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + yearOf(p.period), 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (yearOf(p.period) - mx) * (p.value - my);
    sxx += (yearOf(p.period) - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, at: (year) => my + slope * (year - mx) };
}

// A goal's status as the API documents it (higher or lower is better), from the body's
// observations (all periods; those before the baseline are not used).
export function goalProgress(goal, observations) {
  const used = observations.filter((o) => yearOf(o.period) >= yearOf(goal.baseline_period));
  const by = yearOf(goal.baseline_period);
  const ty = yearOf(goal.target_period);
  const planned = (year) => goal.baseline_value + ((goal.target_value - goal.baseline_value) * (year - by)) / (ty - by);
  const latest = used.at(-1) ?? null;
  const out = {
    latest_period: latest?.period ?? null,
    latest_value: latest?.value ?? null,
    planned_value_latest: latest ? planned(yearOf(latest.period)) : null,
    projected_value: null,
    trend_per_year: null,
    status: 'too_early',
  };
  if (used.length < 2) return out;
  const line = leastSquares(used);
  out.trend_per_year = line.slope;
  out.projected_value = line.at(ty);
  const dir = goal.polarity === 'lower' ? -1 : 1;
  const margin = dir * (out.projected_value - goal.target_value);
  const plannedChange = Math.abs(goal.target_value - goal.baseline_value);
  out.status = margin >= -1e-9 ? 'on_track' : -margin <= 0.2 * plannedChange + 1e-9 ? 'at_risk' : 'off_track';
  return out;
}

// ---- productivity (ONS method): chain-linked Laspeyres indices, 100 in the first period ----
// activity: [{period, activity, volume, unit_cost}], inputs: [{period, input, expenditure, deflator}]
export function productivity(activity, inputs) {
  const byPeriod = (rows, key) => {
    const m = new Map();
    for (const r of rows) {
      if (!m.has(r.period)) m.set(r.period, new Map());
      m.get(r.period).set(r[key], r);
    }
    return m;
  };
  const acts = byPeriod(activity, 'activity');
  const ins = byPeriod(inputs, 'input');
  const periods = [...acts.keys()].sort();
  const indices = [{ period: periods[0], output_index: 100, input_index: 100, productivity_index: 100 }];
  const contributions = [];
  for (let t = 1; t < periods.length; t++) {
    const prev = acts.get(periods[t - 1]);
    const cur = acts.get(periods[t]);
    const cost = [...prev.values()].reduce((s, a) => s + a.volume * a.unit_cost, 0);
    let outLink = 0;
    for (const [name, a] of prev) {
      const share = (a.volume * a.unit_cost) / cost;
      const growth = cur.get(name).volume / a.volume - 1;
      outLink += share * (1 + growth);
      contributions.push({ period: periods[t], activity: name, cost_share_previous: share, growth, contribution_points: 100 * share * growth });
    }
    const iPrev = ins.get(periods[t - 1]);
    const iCur = ins.get(periods[t]);
    const spend = [...iPrev.values()].reduce((s, i) => s + i.expenditure, 0);
    let inLink = 0;
    for (const [name, i] of iPrev) {
      const j = iCur.get(name);
      inLink += (i.expenditure / spend) * ((j.expenditure / j.deflator) / (i.expenditure / i.deflator));
    }
    const last = indices.at(-1);
    const output = last.output_index * outLink;
    const input = last.input_index * inLink;
    indices.push({ period: periods[t], output_index: output, input_index: input, productivity_index: (100 * output) / input });
  }
  return { indices, contributions };
}

// ---- surveys: 95% Wilson interval and Newcombe's interval for a difference ----
export const Z95 = 1.959963984540054;
export function wilson(p, n, z = Z95) {
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [centre - half, centre + half];
}
// Difference p2 - p1 (later minus earlier), Newcombe's hybrid score interval.
export function newcombe(p1, n1, p2, n2) {
  const [l1, u1] = wilson(p1, n1);
  const [l2, u2] = wilson(p2, n2);
  const d = p2 - p1;
  return [d - Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + Math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)];
}
