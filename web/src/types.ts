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
