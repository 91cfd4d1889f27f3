// Shapes of the pvf API v1 for benchmarking (docs/api-outline.md), re-exported by types.ts: import
// them from './types'. Keep in step with the server.
import type { ComparisonGroup, ErrorDetail, GroupScope, Polarity } from './types';

// ---------- benchmarking (issue 4): DEA efficiency, Malmquist productivity change, jobs ----------

export type BenchmarkKind = 'dea' | 'malmquist';
export type ReturnsToScale = 'crs' | 'vrs' | 'nirs' | 'ndrs';
export type Orientation = 'input' | 'output';
export type VariableSource = 'spending' | 'activity' | 'indicator';
export type DeaStatus = 'optimal' | 'infeasible' | 'unbounded' | 'failed';

export interface BenchmarkModels {
  returns_to_scale: { key: ReturnsToScale; title: string; description: string }[];
  orientations: { key: Orientation; title: string; description: string }[];
  sources: { key: VariableSource; title: string; description: string }[];
  max_bootstrap: number;
}

export interface BenchmarkVariable {
  source: VariableSource;
  /** An input line, activity or indicator key; null for all spending lines summed. */
  key: string | null;
  /** The column name: "spending", "spending_<line>", the activity, or the indicator key. */
  name: string;
  label: string;
  unit: string;
  polarity: Polarity | null;
  periods: { period: string; bodies: number }[];
}

export interface VariableRef {
  source: VariableSource;
  key: string | null;
}

/** The request of POST /benchmarks; `period` for dea, `periods` for malmquist. */
export interface BenchmarkSpec {
  kind: BenchmarkKind;
  title?: string;
  period?: string;
  periods?: string[];
  group?: GroupScope;
  group_id?: number | null;
  body?: number | null;
  inputs: VariableRef[];
  outputs: VariableRef[];
  rts?: ReturnsToScale;
  orientation?: Orientation;
  slacks?: boolean;
  super_efficiency?: boolean;
  bootstrap?: number;
  seed?: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A succeeded job's `result`: `{benchmark_id}` for dea and malmquist, `{linkage_run_id}` for a linkage run. */
export interface JobResult {
  benchmark_id?: number;
  linkage_run_id?: number;
}

export interface Job {
  /** Random and URL-safe (the server's job ids are strings). */
  id: string;
  kind: string;
  owner_user_id: number;
  status: JobStatus;
  done: number;
  total: number;
  fraction: number | null;
  message: string;
  cancel_requested: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** What a succeeded job made: a benchmarking run, or a linkage run (issue 5). */
  result?: JobResult;
  error?: { code: string; message: string; details?: ErrorDetail[] };
}

/** The data of an `event: progress` on /jobs/{id}/events. */
export interface JobProgress {
  status: JobStatus;
  done: number;
  total: number;
  fraction: number | null;
  message: string;
}

export interface BenchmarkSummary {
  id: number;
  kind: BenchmarkKind;
  title: string;
  period: string;
  periods: string[];
  group: { scope: GroupScope; group_id: number | null; label: string };
  rts: ReturnsToScale;
  orientation: Orientation;
  units: number;
  efficient: number | null;
  created_by: number;
  created_by_name: string;
  created_at: string;
  seconds: number;
}

export interface BenchmarkVariableUsed {
  side: 'input' | 'output';
  source: VariableSource;
  key: string | null;
  name: string;
  label: string;
  unit: string;
}

export interface BootstrapResult {
  bias_corrected: number;
  bias: number;
  lower: number;
  upper: number;
  replicates_used: number;
}

export interface DeaResult {
  body_id: number;
  name: string;
  /** The outline gives a string; null is tolerated for a body without a code. */
  code: string | null;
  /** 1 = most efficient; ties share a rank; null when not optimal. */
  rank: number | null;
  status: DeaStatus;
  /** Farrell: θ ≤ 1 input-oriented, φ ≥ 1 output-oriented (beyond 1 with super-efficiency). */
  efficiency: number | null;
  /** 1/φ for output orientation. */
  te: number | null;
  inputs: number[];
  outputs: number[];
  input_slacks: number[] | null;
  output_slacks: number[] | null;
  peers: { body_id: number; name: string; lambda: number }[];
  input_targets: number[] | null;
  output_targets: number[] | null;
  bootstrap: BootstrapResult | null;
}

export interface MalmquistRow {
  body_id: number;
  name: string;
  code: string | null;
  period_from: string;
  period_to: string;
  status: DeaStatus;
  /** The outline gives numbers; null is tolerated for a row whose status is not optimal. */
  malmquist: number | null;
  efficiency_change: number | null;
  technical_change: number | null;
  pure_efficiency_change: number | null;
  scale_efficiency_change: number | null;
}

export interface Benchmark extends BenchmarkSummary {
  spec: BenchmarkSpec;
  variables: BenchmarkVariableUsed[];
  left_out: { body_id: number; name: string; code: string | null; reason: string }[];
  warnings: string[];
  results: DeaResult[];
  malmquist: MalmquistRow[];
}

/** The request of POST /comparison-groups/nearest-neighbours (CIPFA's nearest-neighbour method). */
export interface NeighboursRequest {
  body_id: number;
  /** Indicator keys, at least one, none twice. */
  indicators: string[];
  /** One weight per indicator, in order; null = 1 each. */
  weights: number[] | null;
  period: string;
  k: number;
  group: GroupScope;
  group_id?: number | null;
  /** false = preview only (200); true = store the group (201). */
  save: boolean;
  /** "" = "Nearest neighbours of <body>"; must be free. */
  name: string;
}

export interface NeighboursResult {
  body_id: number;
  period: string;
  /** The indicator keys, in the request's order. */
  variables: string[];
  /** Bodies with a value for every indicator in the period, the chosen body included. */
  candidates: number;
  left_out: { body_id: number; name: string; code: string | null; reason: string }[];
  /** Nearest first; distance rebased so the body's farthest candidate is 1. */
  neighbours: { body_id: number; name: string; code: string | null; rank: number; distance: number }[];
  /** The stored group when saved (the body first, then its neighbours nearest first). */
  group: ComparisonGroup | null;
}
