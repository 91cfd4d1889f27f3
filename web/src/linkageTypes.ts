// Shapes of the pvf API v1 for record linkage (docs/api-outline.md "Record linkage (issue 5)"),
// re-exported by types.ts: import them from './types'. Keep in step with the server.
//
// Person records live under a data-sharing agreement; only its members reach its datasets, runs,
// pairs and clusters. Record values (RunRecord.values, unique ids) are personal data: they come
// only in POST answers or audited GETs and never go into a URL.

// ---------- data-sharing agreements ----------

/** The request of POST /sharing-agreements (admin). */
export interface AgreementInput {
  /** 1–200 characters. */
  title: string;
  purpose: string;
  lawful_basis: string;
  /** At least one. */
  parties: string[];
  /** Column names the parties may share; at least one. */
  fields: string[];
  /** ISO date after today. */
  retain_until: string;
  member_ids: number[];
}

export interface AgreementMember {
  user_id: number;
  username: string;
  display_name: string;
  role: string;
}

export interface Agreement {
  id: number;
  title: string;
  purpose: string;
  lawful_basis: string;
  parties: string[];
  fields: string[];
  retain_until: string;
  /** After retain_until the data are refused (409) and deleted when the server next starts. */
  expired: boolean;
  members: AgreementMember[];
  /** Whether the signed-in user is a member (only members reach the data). */
  is_member: boolean;
  datasets: number;
  runs: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
}

/** A dataset uploaded under an agreement (stored encrypted). */
export interface LinkageDataset {
  id: number;
  agreement_id: number;
  name: string;
  party: string;
  id_column: string;
  /** In file order, the id column included; each one of the agreement's fields. */
  columns: string[];
  rows: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
}

// ---------- methods ----------

/** GET /linkage-methods: the comparison methods and blocking key functions of the settings. */
export interface LinkageMethods {
  methods: {
    key: string;
    title: string;
    description: string;
    /** What the method's thresholds measure, if it has any. */
    thresholds: 'none' | 'similarity' | 'distance' | 'difference';
    default_thresholds: number[];
  }[];
  /** `syntax`: how a blocking rule writes it, such as "prefix(given_name,2)". */
  key_functions: { key: 'column' | 'prefix' | 'year' | 'soundex'; syntax: string; description: string }[];
}

// ---------- runs ----------

export type LinkType = 'dedupe_only' | 'link_only';

/**
 * `pvf link`'s S.json (src/linkage/settings.h). Only the keys the pages read are typed; the
 * server checks the whole object and names each problem by its JSON path.
 */
export interface LinkageSettings {
  link_type: LinkType;
  unique_id_column: string;
  blocking_rules?: string[][];
  comparisons: { column: string; method: string; thresholds?: number[]; term_frequency?: boolean; [key: string]: unknown }[];
  threshold_match_probability?: number;
  [key: string]: unknown;
}

/** The request of POST /linkage-runs: one dataset (dedupe) or two (link). */
export interface LinkageRunSpec {
  title: string;
  dataset_ids: number[];
  /** null: settings proposed from the data. */
  settings: LinkageSettings | Record<string, unknown> | null;
}

export interface LinkageRunSummary {
  id: number;
  agreement_id: number;
  title: string;
  link_type: LinkType;
  datasets: { id: number; name: string; party: string; rows: number }[];
  records: number;
  candidate_pairs: number;
  predicted_pairs: number;
  clusters: number;
  threshold_match_probability: number;
  threshold_match_weight: number;
  converged: boolean;
  reviews: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
  seconds: number;
}

export interface LinkageLevel {
  /** As Splink numbers it: −1 null, 0 else, up to the exact level. */
  gamma: number;
  label: string;
  m: number;
  u: number;
  u_pairs: number;
  /** log2(m/u). */
  match_weight: number;
  /** m/u. */
  bayes_factor: number;
}

export interface LinkageComparison {
  column: string;
  method: string;
  term_frequency: boolean;
  /** false: m kept its starting values (no EM session could estimate it). */
  m_estimated: boolean;
  /** m was given in the settings. */
  m_fixed: boolean;
  /** From exact down to else. */
  levels: LinkageLevel[];
}

export interface EmSession {
  /** "surname & prefix(given_name,2)". */
  blocking_rule: string;
  pairs: number;
  iterations: number;
  converged: boolean;
  ran: boolean;
  note: string;
  lambda: number;
  /** Columns whose m this session estimated. */
  estimated: string[];
  /** Columns in the rule: not estimated here. */
  fixed: string[];
}

/** `pvf link`'s model.json. */
export interface LinkageModel {
  /** λ, the prior. */
  probability_two_random_records_match: number;
  prior_match_weight: number;
  /** "em", "fixed", "deterministic_rules" (or "model" for a reused model). */
  prior_source: string;
  u_pairs_sampled: number;
  u_exhaustive: boolean;
  iterations: number;
  converged: boolean;
  em_sessions: EmSession[];
  comparisons: LinkageComparison[];
}

export interface LinkageQuality {
  /** Estimated from the labels; null when it cannot be estimated. */
  precision: number | null;
  recall: number | null;
  labels: number;
  predicted_pairs: number;
  expected_matches: number;
  bins_reviewed: number;
}

export interface HistogramBin {
  /** Unit bins; the ends are open below −40 and above 40 (null is read as open). */
  from: number | null;
  to: number | null;
  pairs: number;
}

export interface LinkageRun extends LinkageRunSummary {
  settings: LinkageSettings;
  settings_proposed: boolean;
  model: LinkageModel;
  summary: {
    total_pairs: number;
    blocking_rules: { rule: string; pairs: number; largest_block: number }[];
    /** Seconds by stage. */
    seconds: Record<string, number>;
    warnings: string[];
  };
  /** Match weights of every candidate pair in unit bins, empty bins left out. */
  histogram: HistogramBin[];
  quality: LinkageQuality | null;
}

// ---------- records, pairs, clusters, review ----------

/** A record by position: `row` 1 = the dataset's first data row. */
export interface RecordRef {
  dataset_id: number;
  row: number;
}

/** In POST …/explain only: a record by its unique id (personal data: never in a URL). */
export interface RecordIdRef {
  dataset_id: number;
  unique_id: string;
}

export type ReviewLabelValue = 'match' | 'non_match';

export interface LinkagePair {
  left: RecordRef;
  right: RecordRef;
  match_weight: number;
  match_probability: number;
  predicted: boolean;
  /** Comparison level of each compared column. */
  gammas: Record<string, number>;
  cluster: number | null;
  review: ReviewLabelValue | null;
}

export interface RunRecord {
  dataset_id: number;
  dataset_name: string;
  row: number;
  unique_id: string;
  /** The columns the settings compare. */
  values: Record<string, string>;
}

export interface ExplanationStep {
  column: string;
  label: string;
  gamma: number;
  m: number;
  u: number;
  weight: number;
  term_frequency_adjusted: boolean;
}

export interface PairExplanation {
  left: RunRecord;
  right: RunRecord;
  prior_weight: number;
  steps: ExplanationStep[];
  /** prior_weight + Σ steps' weights. */
  match_weight: number;
  match_probability: number;
  predicted: boolean;
  review: ReviewLabelValue | null;
}

export interface LinkageCluster {
  /** Names the cluster by its first record's position in the run. */
  cluster: number;
  size: number;
  /** Records by dataset id (as a string key). */
  sources: Record<string, number>;
}

export interface LinkageClusterDetail {
  cluster: number;
  size: number;
  records: RunRecord[];
  /** The predicted pairs joining its records. */
  pairs: LinkagePair[];
}

export interface ReviewItem extends LinkagePair {
  left_record: RunRecord;
  right_record: RunRecord;
}

export interface ReviewLabel {
  left: RecordRef;
  right: RecordRef;
  label: ReviewLabelValue;
  match_weight: number;
  /** The reviewer's user name ("bodylead"). */
  reviewer: string;
  reviewed_at: string;
}

/** The answer of POST …/reviews (201). */
export interface ReviewResult {
  label: ReviewLabel;
  quality: LinkageQuality;
}
