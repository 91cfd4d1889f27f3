// The record linkage part of the API client (issue 5), on the app's one client (`api`: same-origin
// cookies, the CSRF token on writes, ApiError with details). Record values and unique ids never
// go into a URL: the pair explanation is a POST; GETs carry dataset ids and row numbers only.
import { api } from './api';
import type {
  Agreement,
  AgreementInput,
  Job,
  LinkageCluster,
  LinkageClusterDetail,
  LinkageDataset,
  LinkageMethods,
  LinkagePair,
  LinkageRun,
  LinkageRunSpec,
  LinkageRunSummary,
  ListResponse,
  PairExplanation,
  RecordIdRef,
  RecordRef,
  ReviewItem,
  ReviewLabelValue,
  ReviewResult,
  User,
} from './types';

export interface PairsQuery {
  min_weight?: number | null;
  max_weight?: number | null;
  limit?: number;
  cursor?: string | null;
}

export const linkageApi = {
  /** Every user (admins only): the members to choose from. */
  listUsers(): Promise<ListResponse<User>> {
    return api.get('/users');
  },
  getMethods(): Promise<LinkageMethods> {
    return api.get('/linkage-methods');
  },

  // --- data-sharing agreements ---
  /** Admins: every agreement; others: those they are a member of; newest first. */
  listAgreements(): Promise<ListResponse<Agreement>> {
    return api.get('/sharing-agreements');
  },
  getAgreement(id: number): Promise<Agreement> {
    return api.get(`/sharing-agreements/${id}`);
  },
  /** 201; a 422 ApiError names each problem (`title`, `parties`, `retain_until`…). */
  createAgreement(input: AgreementInput): Promise<Agreement> {
    return api.request('POST', '/sharing-agreements', { json: input });
  },
  setMembers(id: number, userIds: number[]): Promise<Agreement> {
    return api.request('PUT', `/sharing-agreements/${id}/members`, { json: { user_ids: userIds } });
  },
  deleteAgreement(id: number): Promise<void> {
    return api.request('DELETE', `/sharing-agreements/${id}`);
  },

  // --- datasets ---
  listDatasets(agreementId: number): Promise<ListResponse<LinkageDataset>> {
    return api.get(`/sharing-agreements/${agreementId}/datasets`);
  },
  /** Uploads a CSV file (header row); a 422 ApiError lists every problem (`name.csv:12:date_of_birth`). */
  uploadDataset(agreementId: number, q: { name: string; party: string; id_column: string }, csv: string): Promise<LinkageDataset> {
    return api.request('POST', `/sharing-agreements/${agreementId}/datasets`, {
      query: { name: q.name, party: q.party, id_column: q.id_column },
      text: csv,
      contentType: 'text/csv',
    });
  },
  deleteDataset(id: number): Promise<void> {
    return api.request('DELETE', `/linkage-datasets/${id}`);
  },

  // --- runs ---
  /** 202 with the job (its `result` is `{linkage_run_id}`); a 422 names the JSON path. */
  startRun(spec: LinkageRunSpec): Promise<Job> {
    return api.request('POST', '/linkage-runs', { json: spec });
  },
  /** Newest first. */
  listRuns(q: { agreement?: number | null; limit?: number; cursor?: string | null } = {}): Promise<ListResponse<LinkageRunSummary>> {
    return api.get('/linkage-runs', q);
  },
  getRun(id: number): Promise<LinkageRun> {
    return api.get(`/linkage-runs/${id}`);
  },
  deleteRun(id: number): Promise<void> {
    return api.request('DELETE', `/linkage-runs/${id}`);
  },
  /** Predicted and near-miss pairs, highest weight first; references only, no values. */
  listPairs(id: number, q: PairsQuery = {}): Promise<ListResponse<LinkagePair>> {
    return api.get(`/linkage-runs/${id}/pairs`, { ...q });
  },
  /** The server's CSV of the pairs (references only), with the same filter. */
  pairsCsvUrl(id: number, q: Pick<PairsQuery, 'min_weight' | 'max_weight'> = {}): string {
    return api.url(`/linkage-runs/${id}/pairs`, { min_weight: q.min_weight, max_weight: q.max_weight, format: 'csv' });
  },
  /** Any two records of the run's datasets, scored by its model (audited; a POST so values stay out of URLs). */
  explain(id: number, left: RecordRef | RecordIdRef, right: RecordRef | RecordIdRef): Promise<PairExplanation> {
    return api.request('POST', `/linkage-runs/${id}/explain`, { json: { left, right } });
  },
  /** Largest first; `min_size` defaults to 2 on the server. */
  listClusters(id: number, q: { min_size?: number | null; limit?: number; cursor?: string | null } = {}): Promise<ListResponse<LinkageCluster>> {
    return api.get(`/linkage-runs/${id}/clusters`, q);
  },
  /** A cluster's records and the pairs joining them (audited). */
  getCluster(id: number, cluster: number): Promise<LinkageClusterDetail> {
    return api.get(`/linkage-runs/${id}/clusters/${cluster}`);
  },
  /** Unlabelled stored pairs closest to the threshold first (audited). */
  reviewQueue(id: number, limit = 20): Promise<ListResponse<ReviewItem>> {
    return api.get(`/linkage-runs/${id}/review`, { limit });
  },
  /** 201 with the label and the run's quality estimated from every label so far. */
  label(id: number, left: RecordRef, right: RecordRef, label: ReviewLabelValue): Promise<ReviewResult> {
    return api.request('POST', `/linkage-runs/${id}/reviews`, {
      json: { left: { dataset_id: left.dataset_id, row: left.row }, right: { dataset_id: right.dataset_id, row: right.row }, label },
    });
  },
};
