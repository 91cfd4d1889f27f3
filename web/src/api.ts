// The API client: same-origin fetch with the session cookie, the CSRF token on every write,
// and errors turned into ApiError (status, code, message, details) for the error summaries.
import type {
  Action,
  ActionStatus,
  Assessment,
  AssessmentDetail,
  AssessmentStatus,
  Benchmark,
  BenchmarkKind,
  BenchmarkModels,
  BenchmarkSpec,
  BenchmarkSummary,
  BenchmarkVariable,
  Body,
  BodyInput,
  Comment,
  Comparison,
  ComparisonGroup,
  ComparisonGroupInput,
  ErrorDetail,
  FrameworkDetail,
  FrameworkSummary,
  GoalInput,
  GoalView,
  GroupScope,
  ImportKind,
  ImportResult,
  Indicator,
  IndicatorComparison,
  IndicatorInput,
  IndicatorSeries,
  Job,
  ListResponse,
  NeighboursRequest,
  NeighboursResult,
  ProductivityView,
  Rating,
  RatingInput,
  ScorecardView,
  SessionResponse,
  SignalsView,
  SurveyView,
} from './types';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not valid',
  401: 'You need to sign in',
  403: 'You do not have permission to do that',
  404: 'Not found',
  409: 'That could not be done because the record has changed or is read-only',
  413: 'The upload is too large',
  422: 'Some of the information is not valid',
  500: 'Sorry, there is a problem with the service',
  502: 'Sorry, the service is unavailable',
  503: 'Sorry, the service is unavailable',
};

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
    case 422:
      return 'invalid_input';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    default:
      return status >= 500 ? 'internal' : 'error';
  }
}

function normaliseDetails(raw: unknown): ErrorDetail[] {
  if (!Array.isArray(raw)) return [];
  const out: ErrorDetail[] = [];
  for (const d of raw) {
    if (typeof d === 'string') {
      out.push({ message: d });
    } else if (d && typeof d === 'object') {
      const o = d as Record<string, unknown>;
      const message = typeof o.message === 'string' ? o.message : JSON.stringify(o);
      const where = typeof o.where === 'string' && o.where !== '' ? o.where : undefined;
      out.push(where ? { where, message } : { message });
    }
  }
  return out;
}

/** Builds an ApiError from a failed response; tolerates bodies that are not the API's JSON. */
export async function parseError(res: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  const fallback = FALLBACK_MESSAGES[res.status] ?? `The server answered ${res.status}`;
  if (text) {
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
      const e = body?.error;
      if (e && typeof e === 'object') {
        return new ApiError(
          res.status,
          typeof e.code === 'string' && e.code ? e.code : codeForStatus(res.status),
          typeof e.message === 'string' && e.message ? e.message : fallback,
          normaliseDetails(e.details),
        );
      }
    } catch {
      // not JSON: fall through
    }
  }
  return new ApiError(res.status, codeForStatus(res.status), fallback);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Query string from the non-empty values, in insertion order ("" when none). */
export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  text?: string;
  contentType?: string;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  base?: string;
  /** Called when a request other than sign-in answers 401 (session expired). */
  onUnauthenticated?: (err: ApiError) => void;
}

export class ApiClient {
  csrfToken: string | null = null;
  private readonly fetchFn: typeof fetch;
  private readonly base: string;
  onUnauthenticated?: (err: ApiError) => void;

  constructor(opts: ApiClientOptions = {}) {
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.base = opts.base ?? API_BASE;
    this.onUnauthenticated = opts.onUnauthenticated;
  }

  url(path: string, query?: Query): string {
    return `${this.base}${path}${buildQuery(query)}`;
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.text !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'text/plain';
      body = opts.text;
    }
    const m = method.toUpperCase();
    if (WRITE_METHODS.has(m) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;

    let res: Response;
    try {
      res = await this.fetchFn(this.url(path, opts.query), {
        method: m,
        headers,
        body,
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
    }
    if (!res.ok) {
      const err = await parseError(res);
      if (err.status === 401 && !(m === 'POST' && path === '/session')) this.onUnauthenticated?.(err);
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_response', 'The server sent a response that could not be read');
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  // --- session ---
  async signIn(username: string, password: string): Promise<SessionResponse> {
    const s = await this.request<SessionResponse>('POST', '/session', { json: { username, password } });
    this.csrfToken = s.csrf_token;
    return s;
  }

  async restoreSession(): Promise<SessionResponse | null> {
    try {
      const s = await this.request<SessionResponse>('GET', '/session');
      this.csrfToken = s.csrf_token;
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.request<void>('DELETE', '/session');
    } finally {
      this.csrfToken = null;
    }
  }

  // --- frameworks ---
  listFrameworks(): Promise<ListResponse<FrameworkSummary>> {
    return this.get('/frameworks');
  }
  getFramework(id: number): Promise<FrameworkDetail> {
    return this.get(`/frameworks/${id}`);
  }

  // --- bodies ---
  listBodies(q?: { type?: string; q?: string }): Promise<ListResponse<Body>> {
    return this.get('/bodies', q);
  }
  getBody(id: number): Promise<Body> {
    return this.get(`/bodies/${id}`);
  }
  createBody(input: BodyInput): Promise<Body> {
    return this.request('POST', '/bodies', { json: input });
  }
  updateBody(id: number, input: BodyInput): Promise<Body> {
    return this.request('PUT', `/bodies/${id}`, { json: input });
  }
  importBodies(csv: string): Promise<{ created: number; updated: number }> {
    return this.request('POST', '/bodies/import', { text: csv, contentType: 'text/csv' });
  }

  // --- assessments ---
  listAssessments(q: {
    body_id?: number | string;
    framework_id?: number | string;
    period?: string;
    status?: string;
    limit?: number;
    cursor?: string | null;
  } = {}): Promise<ListResponse<Assessment>> {
    return this.get('/assessments', q);
  }

  /** Follows next_cursor until the list ends or `max` items have been read. */
  async listAllAssessments(
    q: { body_id?: number | string; framework_id?: number | string; period?: string; status?: string } = {},
    max = 2000,
  ): Promise<Assessment[]> {
    const out: Assessment[] = [];
    let cursor: string | null | undefined = undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page: ListResponse<Assessment> = await this.listAssessments({ ...q, limit: 200, cursor });
      out.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor || out.length >= max) break;
    }
    return out;
  }

  getAssessment(id: number): Promise<AssessmentDetail> {
    return this.get(`/assessments/${id}`);
  }
  createAssessment(input: { body_id: number; framework_id: number; period: string }): Promise<AssessmentDetail> {
    return this.request('POST', '/assessments', { json: input });
  }
  saveRating(id: number, area: string, input: RatingInput): Promise<Rating> {
    return this.request('PUT', `/assessments/${id}/ratings/${encodeURIComponent(area)}`, { json: input });
  }
  transition(id: number, to: AssessmentStatus, note: string): Promise<AssessmentDetail> {
    return this.request('POST', `/assessments/${id}/transitions`, { json: { to, note } });
  }

  // --- dialogue ---
  listComments(id: number, area?: string): Promise<ListResponse<Comment>> {
    return this.get(`/assessments/${id}/comments`, { area });
  }
  addComment(id: number, input: { area: string; text: string; parent_id: number | null }): Promise<Comment> {
    return this.request('POST', `/assessments/${id}/comments`, { json: input });
  }
  listActions(id: number): Promise<ListResponse<Action>> {
    return this.get(`/assessments/${id}/actions`);
  }
  addAction(
    id: number,
    input: { area: string; title: string; owner: string; due_date: string | null; status: ActionStatus },
  ): Promise<Action> {
    return this.request('POST', `/assessments/${id}/actions`, { json: input });
  }
  updateAction(
    actionId: number,
    patch: Partial<{ title: string; owner: string; due_date: string | null; status: ActionStatus }>,
  ): Promise<Action> {
    return this.request('PATCH', `/actions/${actionId}`, { json: patch });
  }

  // --- scorecards ---
  getScorecard(id: number): Promise<ScorecardView> {
    return this.get(`/assessments/${id}/scorecard`);
  }
  scorecardDownloadUrl(id: number, format: 'csv' | 'xlsx'): string {
    return this.url(`/assessments/${id}/scorecard`, { format });
  }
  getComparison(framework: number, period: string): Promise<Comparison> {
    return this.get('/scorecards', { framework, period });
  }
  comparisonDownloadUrl(framework: number, period: string, format: 'csv' | 'xlsx'): string {
    return this.url('/scorecards', { framework, period, format });
  }

  // --- measurement: indicators and comparison ---
  listIndicators(): Promise<ListResponse<Indicator>> {
    return this.get('/indicators');
  }
  getIndicator(key: string): Promise<Indicator> {
    return this.get(`/indicators/${encodeURIComponent(key)}`);
  }
  updateIndicator(key: string, input: IndicatorInput): Promise<Indicator> {
    return this.request('PUT', `/indicators/${encodeURIComponent(key)}`, { json: input });
  }
  /** One period's comparison (the latest with data when `period` is empty). */
  getIndicatorComparison(key: string, q: GroupQuery & { period?: string | null } = {}): Promise<IndicatorComparison> {
    return this.get(`/indicators/${encodeURIComponent(key)}/comparison`, {
      period: q.period,
      ...groupQuery(q),
    });
  }
  getIndicatorSeries(key: string, q: GroupQuery = {}): Promise<IndicatorSeries> {
    return this.get(`/indicators/${encodeURIComponent(key)}/series`, groupQuery(q));
  }
  observationsDownloadUrl(q: { indicator?: string; body?: number | null }, format: 'csv' | 'xlsx'): string {
    return this.url('/observations/export', { indicator: q.indicator, body: q.body, format });
  }

  // --- measurement: imports ---
  /** Uploads a CSV file; a 422 ApiError lists every problem in `details` ("file.csv:12:value"). */
  importData(kind: ImportKind, filename: string, csv: string): Promise<ImportResult> {
    return this.request('POST', `/imports/${encodeURIComponent(kind)}`, {
      query: { filename },
      text: csv,
      contentType: 'text/csv',
    });
  }

  // --- measurement: comparison groups ---
  listComparisonGroups(): Promise<ListResponse<ComparisonGroup>> {
    return this.get('/comparison-groups');
  }
  getComparisonGroup(id: number): Promise<ComparisonGroup> {
    return this.get(`/comparison-groups/${id}`);
  }
  createComparisonGroup(input: ComparisonGroupInput): Promise<ComparisonGroup> {
    return this.request('POST', '/comparison-groups', { json: input });
  }
  updateComparisonGroup(id: number, input: ComparisonGroupInput): Promise<ComparisonGroup> {
    return this.request('PUT', `/comparison-groups/${id}`, { json: input });
  }
  deleteComparisonGroup(id: number): Promise<void> {
    return this.request('DELETE', `/comparison-groups/${id}`);
  }
  /**
   * A body's nearest neighbours on chosen indicators (CIPFA's method): 200 with the result when
   * `save` is false, 201 with the stored group too when true; a 422 ApiError names each problem
   * by JSON path (`$.indicators[0]`, `$.k`), a 409 a name already taken.
   */
  nearestNeighbours(request: NeighboursRequest): Promise<NeighboursResult> {
    return this.request('POST', '/comparison-groups/nearest-neighbours', { json: request });
  }

  // --- measurement: goals, productivity, surveys, signals ---
  listGoals(bodyId: number): Promise<ListResponse<GoalView>> {
    return this.get(`/bodies/${bodyId}/goals`);
  }
  createGoal(input: GoalInput): Promise<GoalView> {
    return this.request('POST', '/goals', { json: input });
  }
  updateGoal(id: number, input: GoalInput): Promise<GoalView> {
    return this.request('PUT', `/goals/${id}`, { json: input });
  }
  deleteGoal(id: number): Promise<void> {
    return this.request('DELETE', `/goals/${id}`);
  }
  getProductivity(bodyId: number): Promise<ProductivityView> {
    return this.get(`/bodies/${bodyId}/productivity`);
  }
  getSurveys(bodyId: number): Promise<SurveyView> {
    return this.get(`/bodies/${bodyId}/surveys`);
  }
  /**
   * The data signals beside an assessment's ratings. The server's default group here is bodies
   * of the same type, so a chosen group is always sent, "all" included; none = the default.
   */
  getSignals(assessmentId: number, q: GroupQuery = {}): Promise<SignalsView> {
    return this.get(`/assessments/${assessmentId}/signals`, { ...groupQuery(q), group: q.group ?? undefined });
  }

  // --- benchmarking (issue 4): DEA and Malmquist runs, started as jobs ---
  getBenchmarkModels(): Promise<BenchmarkModels> {
    return this.get('/benchmark-models');
  }
  listBenchmarkVariables(): Promise<ListResponse<BenchmarkVariable>> {
    return this.get('/benchmark-variables');
  }
  /** Stored runs, newest first; `body` = runs that include that body as a unit. */
  listBenchmarks(q: { kind?: BenchmarkKind | null; body?: number | null; limit?: number; cursor?: string | null } = {}): Promise<
    ListResponse<BenchmarkSummary>
  > {
    return this.get('/benchmarks', q);
  }
  getBenchmark(id: number): Promise<Benchmark> {
    return this.get(`/benchmarks/${id}`);
  }
  /** The run's results as the server's CSV file. */
  benchmarkCsvUrl(id: number): string {
    return this.url(`/benchmarks/${id}`, { format: 'csv' });
  }
  /** Starts a run: 202 with the job; a 422 ApiError names each problem by JSON path (`inputs[1].key`). */
  startBenchmark(spec: BenchmarkSpec): Promise<Job> {
    return this.request('POST', '/benchmarks', { json: spec });
  }
  deleteBenchmark(id: number): Promise<void> {
    return this.request('DELETE', `/benchmarks/${id}`);
  }
  getJob(id: string): Promise<Job> {
    return this.get(`/jobs/${encodeURIComponent(id)}`);
  }
  /** Asks a job to stop (409 conflict when it has already finished). */
  cancelJob(id: string): Promise<Job> {
    return this.request('DELETE', `/jobs/${encodeURIComponent(id)}`);
  }
  /** The job's Server-Sent Events stream (same origin: the session cookie goes with it). */
  jobEventsUrl(id: string): string {
    return this.url(`/jobs/${encodeURIComponent(id)}/events`);
  }
}

/** The comparison group of a measurement request: `group`, `group_id` and the chosen `body`. */
export interface GroupQuery {
  body?: number | null;
  group?: GroupScope | null;
  group_id?: number | null;
}

/** Query values for a comparison group; the default group ("all") and an unused group_id are left out. */
export function groupQuery(q: GroupQuery): Query {
  const group = q.group && q.group !== 'all' ? q.group : undefined;
  return {
    body: q.body ?? undefined,
    group,
    group_id: group === 'group' ? (q.group_id ?? undefined) : undefined,
  };
}

/** The app's single client. */
export const api = new ApiClient();
