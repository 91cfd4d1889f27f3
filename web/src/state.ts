// Small shared state: cached framework definitions and one-shot "flash" messages shown on the
// next page (for example "Body created" after a redirect).
import { api } from './api';
import type { FrameworkDetail, Role, User } from './types';

const frameworkCache = new Map<number, Promise<FrameworkDetail>>();

export function getFramework(id: number): Promise<FrameworkDetail> {
  let p = frameworkCache.get(id);
  if (!p) {
    p = api.getFramework(id);
    frameworkCache.set(id, p);
    p.catch(() => frameworkCache.delete(id));
  }
  return p;
}

let flash: string | null = null;

export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string | null {
  const f = flash;
  flash = null;
  return f;
}

// ---------- what a role may do (the server is the authority; this only hides controls) ----------

export function can(user: User | null, what: Permission): boolean {
  if (!user) return false;
  return (PERMISSIONS[what] as readonly Role[]).includes(user.role);
}

const PERMISSIONS = {
  editBodies: ['admin', 'treasury_analyst'],
  createAssessment: ['admin', 'treasury_analyst', 'body_lead'],
  rate: ['admin', 'body_lead', 'assessor'],
  transition: ['admin', 'treasury_analyst', 'body_lead'],
  comment: ['admin', 'treasury_analyst', 'body_lead', 'assessor'],
  manageActions: ['admin', 'treasury_analyst', 'body_lead'],
  importData: ['admin', 'treasury_analyst', 'body_lead'],
  runBenchmarks: ['admin', 'treasury_analyst'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Body leads and assessors act only for their own body. */
export function actsForBody(user: User | null, bodyId: number): boolean {
  if (!user) return false;
  if (user.role === 'body_lead' || user.role === 'assessor') return user.body_id === bodyId;
  return true;
}
