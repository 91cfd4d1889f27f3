// Shapes of the pvf API v1 (docs/api-outline.md). Keep in step with the server.

export type Role = 'admin' | 'treasury_analyst' | 'body_lead' | 'assessor' | 'viewer' | 'caseworker';

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  body_id: number | null;
  active?: boolean;
  created_at?: string;
}

export interface SessionResponse {
  user: User;
  csrf_token: string;
}

export type BodyType = 'department' | 'council' | 'agency' | 'programme' | 'other';

export interface Body {
  id: number;
  code: string;
  name: string;
  type: BodyType;
  /** Not in the outline's Body shape, but `group=type` compares by subtype when there is one. */
  subtype?: string | null;
  region: string | null;
  parent_id: number | null;
  created_at?: string;
  updated_at?: string;
}

export interface BodyInput {
  code: string;
  name: string;
  type: BodyType;
  region: string | null;
  parent_id: number | null;
}

export interface FrameworkSummary {
  id: number;
  key: string;
  version: string;
  title: string;
  in_use?: boolean;
  loaded_at?: string;
  area_count?: number;
}

export interface ScaleLevel {
  level: number;
  label: string;
  colour?: string | null;
}

export interface Area {
  key: string;
  title: string;
  questions: string[];
  descriptors: Record<string, string>;
}

export interface Pillar {
  key: string;
  title: string;
  areas: Area[];
}

export interface FrameworkDefinition {
  key: string;
  version: string;
  title: string;
  description?: string;
  scale: ScaleLevel[];
  scoring?: { area_to_pillar: string; pillar_to_overall: string };
  pillars: Pillar[];
}

export interface FrameworkDetail extends FrameworkSummary {
  definition: FrameworkDefinition;
}

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'agreed';
export const ASSESSMENT_STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'returned', 'agreed'];

export interface Assessment {
  id: number;
  body_id: number;
  body_name: string;
  framework_id: number;
  framework_key: string;
  framework_version: string;
  period: string;
  status: AssessmentStatus;
  created_by?: number | string | null;
  created_at?: string;
  updated_at?: string;
}

export type Confidence = 'low' | 'medium' | 'high';

export interface Evidence {
  url: string;
  note: string;
}

export interface Rating {
  area: string;
  level: number | null;
  rationale: string;
  confidence: Confidence | null;
  evidence: Evidence[];
  updated_by?: number | null;
  updated_by_name?: string | null;
  updated_at?: string | null;
}

export interface RatingInput {
  level: number;
  rationale: string;
  confidence: Confidence;
  evidence: Evidence[];
}

export interface HistoryEntry {
  from: AssessmentStatus | null;
  to: AssessmentStatus;
  user_id: number | null;
  username: string | null;
  note: string | null;
  at: string;
}

export interface AssessmentDetail extends Assessment {
  ratings: Rating[];
  history: HistoryEntry[];
  editable: boolean;
  allowed_transitions: AssessmentStatus[];
}

export interface Comment {
  id: number;
  assessment_id: number;
  area: string;
  parent_id: number | null;
  user_id: number;
  username: string;
  role: Role;
  text: string;
  created_at: string;
}

export type ActionStatus = 'open' | 'in_progress' | 'done' | 'dropped';
export const ACTION_STATUSES: ActionStatus[] = ['open', 'in_progress', 'done', 'dropped'];

export interface Action {
  id: number;
  assessment_id: number;
  area: string;
  title: string;
  owner: string;
  due_date: string | null;
  status: ActionStatus;
  created_by?: number | string | null;
  created_at?: string;
  updated_at?: string;
}

export interface ScorecardArea {
  key: string;
  title: string;
  level: number | null;
  previous_level: number | null;
  change: number | null;
}

export interface ScorecardPillar {
  key: string;
  title: string;
  score: number | null;
  previous_score: number | null;
  change: number | null;
  rated: number;
  areas: ScorecardArea[];
}

export interface Scorecard {
  complete: boolean;
  overall: number | null;
  previous_overall: number | null;
  change: number | null;
  pillars: ScorecardPillar[];
}

export interface FrameworkRef {
  id: number;
  key: string;
  version: string;
  title: string;
  scale: ScaleLevel[];
}

export interface HistoryPoint {
  assessment_id: number;
  period: string;
  status: AssessmentStatus;
  overall: number | null;
  pillars: Record<string, number | null>;
}

export interface ScorecardView {
  assessment: Assessment;
  framework: FrameworkRef;
  previous: null | { id: number; period: string; status: AssessmentStatus };
  scorecard: Scorecard;
  history: HistoryPoint[];
}

export interface ComparisonRow {
  body_id: number;
  body_name: string;
  body_type: BodyType;
  region: string | null;
  assessment_id: number | null;
  status: AssessmentStatus | null;
  levels: Record<string, number | null>;
  pillar_scores: Record<string, number | null>;
  overall: number | null;
}

export interface Comparison {
  framework: FrameworkRef;
  period: string;
  pillars: { key: string; title: string }[];
  areas: { key: string; title: string; pillar: string }[];
  rows: ComparisonRow[];
}

export interface ErrorDetail {
  where?: string;
  message: string;
}

export interface ListResponse<T> {
  items: T[];
  next_cursor?: string | null;
}

// ---------- measurement (issue 3): indicators, comparison, goals, productivity, surveys, signals ----------

export type Polarity = 'higher' | 'lower' | 'neutral';
export type Frequency = 'annual' | 'quarterly';

export interface Indicator {
  key: string;
  name: string;
  unit: string;
  polarity: Polarity;
  frequency: Frequency;
  area_key: string | null;
  source: string;
  observations: number;
  bodies: number;
  /** Periods with data, oldest first. */
  periods: string[];
}

export type IndicatorInput = Pick<Indicator, 'name' | 'unit' | 'polarity' | 'frequency' | 'area_key' | 'source'>;

/** Which bodies a figure is compared with. */
export type GroupScope = 'all' | 'type' | 'region' | 'group';
export const GROUP_SCOPES: GroupScope[] = ['all', 'type', 'region', 'group'];

export interface Group {
  scope: GroupScope;
  group_id: number | null;
  label: string;
  body_count: number;
}

export interface Distribution {
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Median absolute deviation from the median (unscaled, as Oflog). */
  mad: number;
}

export type Quartile = 1 | 2 | 3 | 4;

export interface ComparedBody {
  body_id: number;
  code: string | null;
  name: string;
  type: BodyType;
  subtype?: string | null;
  region: string | null;
  value: number;
  /** 1 = best by polarity. */
  rank: number;
  /** 1 = best quarter. */
  quartile: Quartile;
  /** Signed: positive = above the median, whatever the polarity; null when MAD is 0. */
  mads_from_median: number | null;
}

export interface BodyPlace {
  body_id: number;
  value: number;
  rank: number;
  quartile: Quartile;
  mads_from_median: number | null;
}

export interface IndicatorComparison {
  indicator: Indicator;
  period: string;
  periods: string[];
  group: Group;
  distribution: Distribution | null;
  bodies: ComparedBody[];
  missing: { body_id: number; name: string }[];
  body: BodyPlace | null;
}

export interface SeriesPointApi {
  period: string;
  value: number | null;
  rank: number | null;
  count: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

export interface IndicatorSeries {
  indicator: Indicator;
  body: { id: number; name: string; code: string | null } | null;
  group: Group;
  points: SeriesPointApi[];
}

export const IMPORT_KINDS = [
  'indicators',
  'observations',
  'groups',
  'goals',
  'activity',
  'inputs',
  'survey-questions',
  'survey-responses',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportResult {
  kind: ImportKind | string;
  format: string;
  filename: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped_blank: number;
  bodies_created: number;
  indicators_created: number;
  seconds: number;
}

export interface ComparisonGroup {
  id: number;
  name: string;
  description: string;
  method: 'manual' | 'published' | 'nearest_neighbours';
  body_id: number | null;
  members: { body_id: number; name: string; code: string }[];
  created_at?: string;
  updated_at?: string;
}

export interface ComparisonGroupInput {
  name: string;
  description: string;
  body_id: number | null;
  members: number[];
}

export type GoalStatus = 'on_track' | 'at_risk' | 'off_track' | 'too_early';

export interface GoalInput {
  key: string;
  body_id: number;
  indicator: string;
  title: string;
  baseline_period: string;
  baseline_value: number;
  target_period: string;
  target_value: number;
}

export interface Ambition {
  planned_change_per_year: number;
  own_trend_per_year: number | null;
  ratio_to_own_trend: number | null;
  group_best_quartile_per_year: number | null;
  ratio_to_group_best: number | null;
  summary: string;
}

export interface GoalView {
  id: number;
  key: string;
  title: string;
  body_id: number;
  indicator: { key: string; name: string; unit: string; polarity: Polarity };
  baseline: { period: string; value: number };
  target: { period: string; value: number };
  status: GoalStatus;
  projected_value: number | null;
  planned_value_latest: number | null;
  latest_period: string | null;
  latest_value: number | null;
  trend_per_year: number | null;
  explanation: string;
  observations: { period: string; value: number }[];
  ambition: Ambition | null;
}

export interface ProductivityIndexPoint {
  period: string;
  output_index: number | null;
  input_index: number | null;
  productivity_index: number | null;
}

export interface ProductivityContribution {
  period: string;
  activity: string;
  cost_share_previous: number | null;
  growth: number | null;
  contribution_points: number | null;
}

export interface UnitCost {
  activity: string;
  period: string;
  unit_cost: number | null;
  change_from_previous: number | null;
}

export interface UnitCostTrend {
  activity: string;
  first_period: string;
  last_period: string;
  first_cost: number | null;
  last_cost: number | null;
  annual_change: number | null;
}

export interface ProductivityView {
  body_id: number;
  /** "nominal" or "real_<year>". */
  money: string;
  indices: ProductivityIndexPoint[];
  contributions: ProductivityContribution[];
  unit_costs: UnitCost[];
  unit_cost_trends: UnitCostTrend[];
  warnings: { period: string | null; message: string }[];
}

export interface SurveyQuestion {
  key: string;
  text: string;
  levels: string[];
  /** The outline does not say whether this is a count of top levels or their names; both are handled. */
  top_levels: number | string[];
  area_key: string | null;
}

export interface SurveyEstimate {
  question: string;
  period: string;
  respondents: number;
  effective_n: number | null;
  share: number | null;
  ci_low: number | null;
  ci_high: number | null;
  previous_period: string | null;
  change: number | null;
  change_ci_low: number | null;
  change_ci_high: number | null;
  significant: boolean | null;
}

export interface SurveyView {
  body_id: number;
  questions: SurveyQuestion[];
  estimates: SurveyEstimate[];
}

export type Direction = 'positive' | 'negative' | 'mixed' | 'neutral';
export type SignalKind = 'goals' | 'ambition' | 'comparison' | 'trend' | 'productivity' | 'survey' | 'efficiency' | 'malmquist';

export interface Signal {
  kind: SignalKind;
  direction: Direction;
  headline: string;
  detail: string;
  subject: string;
}

export interface AreaSignals {
  area_key: string;
  level: number | null;
  data_view: Direction;
  disagreement: boolean;
  disagreement_reason: string | null;
  signals: Signal[];
}

export interface SignalsView {
  assessment_id: number;
  body_id: number;
  period: string;
  group: Group;
  areas: AreaSignals[];
}

// ---------- benchmarking (issue 4) and peer groups: benchmarkTypes.ts ----------

export * from './benchmarkTypes';

// ---------- record linkage (issue 5): linkageTypes.ts ----------

export * from './linkageTypes';
