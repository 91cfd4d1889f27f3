// Client-side routing with the History API. Pure matching functions (tested) plus a tiny
// navigation layer: navigate() pushes a URL and notifies subscribers; links are intercepted.

export type Params = Record<string, string>;

/** Matches "/assessments/:id/scorecard" against a path; returns params or null. */
export function matchPath(pattern: string, pathname: string): Params | null {
  const clean = (s: string) => s.replace(/\/+$/, '') || '/';
  const p = clean(pattern).split('/').filter(Boolean);
  const s = clean(pathname).split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Params = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    if (seg.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
      const [name, constraint] = seg.slice(1).split('(');
      if (constraint === 'int)' && !/^\d+$/.test(value)) return null;
      params[name] = value;
    } else if (seg !== s[i]) {
      return null;
    }
  }
  return params;
}

export interface RouteDef<N extends string = string> {
  name: N;
  pattern: string;
}

export interface Match<N extends string = string> {
  name: N | 'not_found';
  params: Params;
}

/** The first route whose pattern matches, else not_found. */
export function resolve<N extends string>(routes: RouteDef<N>[], pathname: string): Match<N> {
  for (const r of routes) {
    const params = matchPath(r.pattern, pathname);
    if (params) return { name: r.name, params };
  }
  return { name: 'not_found', params: {} };
}

export const ROUTES = [
  { name: 'sign_in', pattern: '/sign-in' },
  { name: 'dashboard', pattern: '/' },
  { name: 'bodies', pattern: '/bodies' },
  { name: 'body_new', pattern: '/bodies/new' },
  { name: 'body_import', pattern: '/bodies/import' },
  { name: 'body', pattern: '/bodies/:id(int)' },
  { name: 'body_edit', pattern: '/bodies/:id(int)/edit' },
  { name: 'body_goals', pattern: '/bodies/:id(int)/goals' },
  { name: 'body_productivity', pattern: '/bodies/:id(int)/productivity' },
  { name: 'body_surveys', pattern: '/bodies/:id(int)/surveys' },
  { name: 'assessments', pattern: '/assessments' },
  { name: 'assessment_new', pattern: '/assessments/new' },
  { name: 'assessment', pattern: '/assessments/:id(int)' },
  { name: 'assessment_area', pattern: '/assessments/:id(int)/areas/:area' },
  { name: 'scorecard', pattern: '/assessments/:id(int)/scorecard' },
  { name: 'comparison', pattern: '/scorecards' },
  { name: 'indicators', pattern: '/indicators' },
  { name: 'indicator', pattern: '/indicators/:key' },
  { name: 'imports', pattern: '/imports' },
  { name: 'benchmarks', pattern: '/benchmarks' },
  { name: 'peer_group', pattern: '/benchmarks/peer-group' },
  { name: 'benchmark', pattern: '/benchmarks/:id(int)' },
  { name: 'body_benchmarks', pattern: '/bodies/:id(int)/benchmarks' },
  { name: 'linkage', pattern: '/linkage' },
  { name: 'linkage_agreement_new', pattern: '/linkage/agreements/new' },
  { name: 'linkage_agreement', pattern: '/linkage/agreements/:id(int)' },
  { name: 'linkage_run', pattern: '/linkage/runs/:id(int)' },
  { name: 'linkage_run_model', pattern: '/linkage/runs/:id(int)/model' },
  { name: 'linkage_run_pairs', pattern: '/linkage/runs/:id(int)/pairs' },
  { name: 'linkage_run_explain', pattern: '/linkage/runs/:id(int)/pairs/explain' },
  { name: 'linkage_run_clusters', pattern: '/linkage/runs/:id(int)/clusters' },
  { name: 'linkage_run_cluster', pattern: '/linkage/runs/:id(int)/clusters/:cluster(int)' },
  { name: 'linkage_run_review', pattern: '/linkage/runs/:id(int)/review' },
] as const satisfies readonly RouteDef[];

export type RouteName = (typeof ROUTES)[number]['name'];

export function resolveApp(pathname: string): Match<RouteName> {
  return resolve(ROUTES as unknown as RouteDef<RouteName>[], pathname);
}

/** Builds a path with query from non-empty values. */
export function href(path: string, query?: Record<string, string | number | null | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/** Whether a click on a link should be handled by the client router. */
export function isInternalNavigation(
  link: { href: string; target?: string; hasDownload?: boolean; rel?: string },
  event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean },
  origin: string,
): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (link.hasDownload || (link.target && link.target !== '_self') || link.rel?.includes('external')) return false;
  let url: URL;
  try {
    url = new URL(link.href, origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.pathname.startsWith('/api/')) return false;
  return true;
}

type Listener = () => void;
const listeners = new Set<Listener>();

export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) fn();
}

let focusAfterNavigation = true;

/** Whether the latest navigation should move focus to the main content (false for redirects). */
export function wantsFocus(): boolean {
  return focusAfterNavigation;
}

/**
 * Navigates within the app; `replace` swaps the current history entry; `focus: false` marks a
 * redirect that should leave focus where a fresh page load would (e.g. to the sign-in page).
 */
export function navigate(to: string, opts: { replace?: boolean; focus?: boolean } = {}): void {
  focusAfterNavigation = opts.focus ?? true;
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (to === current && !opts.replace) {
    notify();
    return;
  }
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/** Wires popstate and link clicks; call once at start-up. */
export function startRouter(): void {
  window.addEventListener('popstate', () => {
    focusAfterNavigation = true;
    notify();
  });
  document.addEventListener('click', (e) => {
    const target = e.target as Element | null;
    const a = target?.closest?.('a');
    if (!a || !a.getAttribute('href')) return;
    const raw = a.getAttribute('href') ?? '';
    if (raw.startsWith('#')) return; // in-page anchors (skip link, error summary)
    if (
      isInternalNavigation(
        { href: a.href, target: a.target, hasDownload: a.hasAttribute('download'), rel: a.rel },
        e,
        window.location.origin,
      )
    ) {
      e.preventDefault();
      const url = new URL(a.href);
      navigate(url.pathname + url.search + url.hash);
    }
  });
}
