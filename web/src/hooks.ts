import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import type { User } from './types';

export const SERVICE_NAME = 'Public Value Framework';

export interface SessionState {
  user: User | null;
  setUser: (u: User | null) => void;
}

export const SessionContext = createContext<SessionState>({ user: null, setUser: () => {} });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Sets document.title to "<title> – Public Value Framework", prefixed "Error: " when errors show. */
export function usePageTitle(title: string, hasError = false): void {
  useEffect(() => {
    const base = title ? `${title} – ${SERVICE_NAME}` : SERVICE_NAME;
    document.title = hasError ? `Error: ${base}` : base;
  }, [title, hasError]);
}

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'client', e instanceof Error ? e.message : String(e));
}

/** Loads data with `fn` whenever deps change; keeps the latest answer only. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    fn().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

export { toApiError };

/** Current URL search params, re-read on each render (the router re-renders on navigation). */
export function useQuery(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}
