import { describe, expect, it } from 'vitest';
import { describeWhere, errorItems } from '../components/ErrorSummary';
import { ApiError } from '../api';
import { ratingFieldId, safeUrl } from '../ratings';
import { threadComments } from '../components/AreaComments';
import { countByStatus, needsAttention } from './Dashboard';
import { safeNext } from './SignIn';
import { assessedBodies, distinctPeriods } from './Assessments';
import type { Assessment, Comment, User } from '../types';

const user = (role: User['role'], body_id: number | null = null): User => ({ id: 1, username: 'u', display_name: 'U', role, body_id });
const asm = (id: number, body_id: number, status: Assessment['status'], period = '2025-26'): Assessment => ({
  id, body_id, body_name: `B${body_id}`, framework_id: 1, framework_key: 'pvf', framework_version: '2017', period, status,
});

describe('dashboard', () => {
  const items = [asm(1, 1, 'draft'), asm(2, 1, 'returned'), asm(3, 2, 'draft'), asm(4, 2, 'submitted'), asm(5, 1, 'agreed')];

  it('shows a body lead the drafts and returned assessments of their own body', () => {
    expect(needsAttention(user('body_lead', 1), items).items.map((a) => a.id)).toEqual([1, 2]);
  });

  it('shows a treasury analyst the submitted assessments', () => {
    expect(needsAttention(user('treasury_analyst'), items).items.map((a) => a.id)).toEqual([4]);
  });

  it('shows a viewer agreed assessments', () => {
    expect(needsAttention(user('viewer'), items).items.map((a) => a.id)).toEqual([5]);
  });

  it('counts by status', () => {
    expect(countByStatus(items)).toEqual({ draft: 2, submitted: 1, returned: 1, agreed: 1 });
  });

  it('lists distinct periods newest first', () => {
    expect(distinctPeriods([asm(1, 1, 'draft', '2023-24'), asm(2, 1, 'draft', '2025-26'), asm(3, 2, 'draft', '2023-24')])).toEqual([
      '2025-26',
      '2023-24',
    ]);
  });

  it('offers only the bodies with assessments in the filter, by name, and keeps the chosen one', () => {
    const items = [asm(1, 2, 'draft'), asm(2, 1, 'draft'), asm(3, 2, 'agreed', '2024-25')];
    expect(assessedBodies(items)).toEqual([
      { value: '1', text: 'B1' },
      { value: '2', text: 'B2' },
    ]);
    expect(assessedBodies(items, '9')).toContainEqual({ value: '9', text: 'Body 9' });
  });
});

describe('comments', () => {
  const c = (id: number, parent_id: number | null, at: string): Comment => ({
    id, parent_id, assessment_id: 1, area: 'x', user_id: 1, username: 'u', role: 'viewer', text: `c${id}`, created_at: at,
  });

  it('threads replies under their parents, oldest first', () => {
    const tree = threadComments([c(3, 1, '2025-01-03'), c(1, null, '2025-01-01'), c(2, null, '2025-01-02'), c(4, 3, '2025-01-04'), c(5, 99, '2025-01-05')]);
    expect(tree.map((n) => n.id)).toEqual([1, 2, 5]);
    expect(tree[0].replies.map((n) => n.id)).toEqual([3]);
    expect(tree[0].replies[0].replies.map((n) => n.id)).toEqual([4]);
  });
});

describe('rating errors', () => {
  it('maps API field paths to inputs', () => {
    expect(ratingFieldId('level')).toBe('level');
    expect(ratingFieldId('body.rationale')).toBe('rationale');
    expect(ratingFieldId('evidence[1].url')).toBe('evidence-1-url');
    expect(ratingFieldId('$.evidence[0].note')).toBe('evidence-0-note');
    expect(ratingFieldId('something_else')).toBeUndefined();
    expect(ratingFieldId(undefined)).toBeUndefined();
  });

  it('turns API errors into summary items that link to known fields', () => {
    const e = new ApiError(422, 'invalid_input', 'Not valid', [
      { where: 'code', message: 'Code is used' },
      { where: 'row 3, type', message: 'unknown type' },
      { message: 'general' },
    ]);
    expect(errorItems(e, { code: 'code' })).toEqual([
      { text: 'Not valid' },
      { text: 'Code is used', field: 'code' },
      { text: 'row 3, type: unknown type' },
      { text: 'general' },
    ]);
    expect(errorItems(null)).toEqual([]);
  });

  it('does not repeat the message when a detail says the same', () => {
    const e = new ApiError(422, 'invalid_input', 'a body needs a name', [{ where: 'name', message: 'a body needs a name' }]);
    expect(errorItems(e, { name: 'name' })).toEqual([{ text: 'a body needs a name', field: 'name' }]);
  });

  it('lets a resolver link details to pages, such as unrated areas', () => {
    const e = new ApiError(422, 'invalid_input', 'rate every area', [
      { where: 'workforce_capacity', message: 'not rated' },
      { where: 'other', message: 'x' },
    ]);
    const items = errorItems(e, {}, (w) => (w === 'workforce_capacity' ? { label: 'Workforce capacity', href: '/assessments/8/areas/workforce_capacity' } : undefined));
    expect(items).toEqual([
      { text: 'rate every area' },
      { text: 'Workforce capacity: not rated', field: undefined, href: '/assessments/8/areas/workforce_capacity' },
      { text: 'other: x' },
    ]);
  });

  it('describes CSV locations as lines', () => {
    expect(describeWhere('upload.csv:3:parent_code')).toBe('Line 3, parent_code');
    expect(describeWhere('bodies.csv:12')).toBe('Line 12');
    expect(describeWhere('level')).toBe('level');
    const e = new ApiError(422, 'invalid_input', 'upload.csv: the file has 1 problem(s)', [{ where: 'upload.csv:2:type', message: "type 'x' is not allowed" }]);
    expect(errorItems(e).map((i) => i.text)).toEqual(['upload.csv: the file has 1 problem(s)', "Line 2, type: type 'x' is not allowed"]);
  });

  it('only links http(s) evidence', () => {
    expect(safeUrl('https://example.org')).toBe(true);
    expect(safeUrl('javascript:alert(1)')).toBe(false);
    expect(safeUrl('ftp://x')).toBe(false);
  });
});

describe('sign-in redirect', () => {
  it('only returns to same-site paths', () => {
    expect(safeNext('/assessments/1')).toBe('/assessments/1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('/sign-in?next=/x')).toBe('/');
  });
});
