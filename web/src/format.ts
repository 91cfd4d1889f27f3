// Formatting of scores, changes, dates and the API's enum values for people.
import type { ActionStatus, AssessmentStatus, BodyType, Confidence, Role } from './types';

export const MINUS = '\u2212';

/** A score to 2 decimal places ("2.75"); "Not scored" when null/undefined/NaN. */
export function formatScore(score: number | null | undefined, empty = 'Not scored'): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return empty;
  return score.toFixed(2);
}

/** A signed change to 2 dp: "+0.50", "−0.25" (true minus sign), "0.00"; null -> "". */
export function formatSigned(change: number | null | undefined, digits = 2): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '';
  const rounded = Number(change.toFixed(digits));
  if (rounded === 0) return (0).toFixed(digits);
  const abs = Math.abs(rounded).toFixed(digits);
  return rounded > 0 ? `+${abs}` : `${MINUS}${abs}`;
}

/**
 * An efficiency score, Malmquist index or peer weight to 3 decimal places ("0.833", "1.000"),
 * with a true minus sign; `empty` (default "") when missing.
 */
export function formatEfficiency(v: number | null | undefined, empty = ''): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return empty;
  const s = v.toFixed(3);
  return /^-0\.000$/.test(s) ? s.slice(1) : s.replace('-', MINUS);
}

/**
 * A change against an earlier period for people: "+0.50 since 2023-24", "−0.25 since 2023-24",
 * "No change since 2023-24", or "No previous score" when either side is missing.
 */
export function formatChange(
  change: number | null | undefined,
  previousPeriod?: string | null,
  digits = 2,
): string {
  if (change === null || change === undefined || !Number.isFinite(change)) {
    return previousPeriod ? `No score to compare with ${previousPeriod}` : 'No previous score';
  }
  const since = previousPeriod ? ` since ${previousPeriod}` : '';
  const s = formatSigned(change, digits);
  if (Number(s.replace(MINUS, '-')) === 0) return `No change${since}`;
  return `${s}${since}`;
}

/** Direction of a change for styling: "up", "down", "same" or "none". */
export function changeDirection(change: number | null | undefined): 'up' | 'down' | 'same' | 'none' {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'none';
  const r = Number(change.toFixed(2));
  return r > 0 ? 'up' : r < 0 ? 'down' : 'same';
}

/** A level change between periods (integer): "+1", "−2", "0", or "" when unknown. */
export function formatLevelChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return '';
  if (change === 0) return '0';
  return change > 0 ? `+${change}` : `${MINUS}${Math.abs(change)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** ISO timestamp -> "3 March 2025 at 2:05pm" in UK style (local time); the input when unparseable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.includes('T') || iso.includes(' ') ? iso.replace(' ', 'T') : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = d.getHours();
  const m = d.getMinutes();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const ampm = h < 12 ? 'am' : 'pm';
  return `${d.getDate()} ${MONTHS_LONG[d.getMonth()]} ${d.getFullYear()} at ${h12}:${String(m).padStart(2, '0')}${ampm}`;
}

/** ISO date "2025-03-31" -> "31 March 2025"; "" for empty; the input when unparseable. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return iso;
  return `${Number(m[3])} ${MONTHS_LONG[month - 1]} ${m[1]}`;
}

/** Short date "31 Mar 2025". */
export function formatShortDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return iso ?? '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** True for a financial year such as "2024-25" whose second part follows the first. */
export function isFinancialYear(period: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(period.trim());
  if (!m) return false;
  return (Number(m[1]) + 1) % 100 === Number(m[2]);
}

/** The financial year containing a date (April to March): 2025-06-01 -> "2025-26". */
export function financialYearOf(d: Date): string {
  const y = d.getMonth() >= 3 ? d.getFullYear() : d.getFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned for changes',
  agreed: 'Agreed',
};

/** govuk-tag colour modifier per status. */
export const STATUS_TAG_CLASS: Record<AssessmentStatus, string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  returned: 'govuk-tag--orange',
  agreed: 'govuk-tag--green',
};

export const TRANSITION_LABELS: Record<AssessmentStatus, string> = {
  draft: 'Reopen as draft',
  submitted: 'Submit for agreement',
  returned: 'Return for changes',
  agreed: 'Agree assessment',
};

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Administrator',
  treasury_analyst: 'Treasury analyst',
  body_lead: 'Body lead',
  assessor: 'Assessor',
  caseworker: 'Caseworker',
  viewer: 'Viewer',
};

export function roleLabel(role: Role | string | null | undefined): string {
  if (!role) return '';
  return ROLE_LABELS[role] ?? role.replace(/_/g, ' ');
}

export const CONFIDENCE_LABELS: Record<Confidence, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const BODY_TYPE_LABELS: Record<BodyType, string> = {
  department: 'Department',
  council: 'Council',
  agency: 'Agency',
  programme: 'Programme',
  other: 'Other',
};

export function statusLabel(s: string | null | undefined): string {
  if (!s) return 'Not started';
  return (STATUS_LABELS as Record<string, string>)[s] ?? s;
}

export function pluralise(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A match weight (log2 of a Bayes factor, record linkage) to 2 decimal places with a true minus
 * sign: "3.20", "−1.50"; signed: "+3.20"; "" when missing.
 */
export function formatWeight(w: number | null | undefined, signed = false): string {
  if (w === null || w === undefined || !Number.isFinite(w)) return '';
  if (signed) return formatSigned(w, 2);
  const s = w.toFixed(2);
  return /^-0\.00$/.test(s) ? s.slice(1) : s.replace('-', MINUS);
}

/**
 * A probability to `digits` decimal places ("0.9987"); below 0.001 to two significant figures
 * ("0.000032"), so a small u is not shown as 0; "" when missing.
 */
export function formatProbability(p: number | null | undefined, digits = 4): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '';
  if (p > 0 && p < 0.001) return p.toFixed(Math.min(15, 1 - Math.floor(Math.log10(p))));
  return p.toFixed(digits);
}
