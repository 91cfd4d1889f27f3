// Small parts shared by the record linkage pages (issue 5): the personal-data note, GOV.UK warning
// text, a list read a page at a time by cursor ("Show more"), a delete button that asks first,
// and the estimated precision and recall from clerical review.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { toApiError } from '../hooks';
import { qualitySentence } from '../linkage';
import { formatNumber, formatPercent } from '../measure';
import type { LinkageQuality, ListResponse } from '../types';
import { ErrorSummary, errorItems } from './ErrorSummary';

/** Shown wherever record values are: they are personal data, and reading them is audited. */
export function PersonalDataNote() {
  return (
    <div class="govuk-warning-text" data-testid="personal-data-note">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        The record values shown here are personal data. Use them only for the agreement’s purpose. Each view is recorded in the
        audit log.
      </strong>
    </div>
  );
}

export function WarningText({ children, testId }: { children: ComponentChildren; testId?: string }) {
  return (
    <div class="govuk-warning-text" data-testid={testId}>
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export interface CursorList<T> {
  items: T[];
  /** The first page is loading. */
  loading: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  more: () => void;
  reload: () => void;
}

/**
 * A list the server pages by cursor (`{items, next_cursor}`): the first page whenever `deps`
 * change, then the next on `more()`, appended. Only the latest answer counts.
 */
export function useCursorList<T>(load: (cursor: string | null) => Promise<ListResponse<T>>, deps: unknown[]): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    load(null).then(
      (page) => {
        if (mine !== seq.current) return;
        setItems(page.items);
        setCursor(page.next_cursor ?? null);
        setLoading(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setItems([]);
        setCursor(null);
        setError(toApiError(e));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const more = async () => {
    if (!cursor || loadingMore) return;
    const mine = seq.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await load(cursor);
      if (mine !== seq.current) return;
      setItems((xs) => [...xs, ...page.items]);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      if (mine === seq.current) setMoreError(toApiError(e).message);
    } finally {
      setLoadingMore(false);
    }
  };
  return { items, loading, error, hasMore: !!cursor, loadingMore, moreError, more, reload: () => setTick((t) => t + 1) };
}

/** "Show more …" under a cursor list, with the error of the last attempt. */
export function ShowMore<T>({ list, what }: { list: CursorList<T>; what: string }) {
  return (
    <>
      {list.moreError ? <p class="govuk-error-message">{list.moreError}</p> : null}
      {list.hasMore ? (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={list.more} disabled={list.loadingMore} data-testid="show-more">
          {list.loadingMore ? 'Loading…' : `Show more ${what}`}
        </button>
      ) : null}
    </>
  );
}

/** A warning button that asks before `action` runs, and shows why it failed. */
export function DeleteButton({
  label,
  question,
  consequence,
  yes,
  action,
  testId = 'confirm-delete',
  startAsking = false,
  onCancel,
}: {
  /** The button: "Delete this run". */
  label: ComponentChildren;
  question: string;
  consequence: string;
  yes: string;
  action: () => Promise<void>;
  testId?: string;
  /** Ask at once (the button that opened it is elsewhere, such as in a table row). */
  startAsking?: boolean;
  onCancel?: () => void;
}) {
  const [asking, setAsking] = useState(startAsking);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) ref.current?.focus();
  }, [asking]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  if (!asking)
    return (
      <button type="button" class="govuk-button govuk-button--warning" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <div class="pvf-confirm" role="group" aria-labelledby={`${testId}-title`} tabIndex={-1} ref={ref} data-testid={testId}>
      <h2 class="govuk-heading-s" id={`${testId}-title`}>
        {question}
      </h2>
      <p class="govuk-body">{consequence}</p>
      {error ? <ErrorSummary title="It could not be deleted" items={errorItems(error)} /> : null}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--warning" onClick={run} disabled={busy}>
          {yes}
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => {
            setAsking(false);
            onCancel?.();
          }}
          disabled={busy}
        >
          No, keep it
        </button>
      </div>
    </div>
  );
}

/**
 * A part of a page that could not be read, inside a page that already has its h1 (LoadError
 * would add a second): not found or not allowed in words, anything else in the error summary.
 */
export function SectionError({ error, what }: { error: ApiError; what: string }) {
  if (error.status === 404 || error.status === 403)
    return (
      <div class="govuk-inset-text" data-testid="section-error">
        <p class="govuk-body govuk-!-font-weight-bold">{error.status === 404 ? `${what} was not found` : `You cannot see ${what.toLowerCase()}`}</p>
        <p class="govuk-body">{error.message}</p>
      </div>
    );
  return <ErrorSummary items={errorItems(error)} />;
}

/** The run's quality as estimated from the clerical review's labels. */
export function QualityPanel({ quality, title = 'Estimated quality' }: { quality: LinkageQuality | null | undefined; title?: string }) {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'Not known yet' : formatPercent(v, 1));
  return (
    <section class="pvf-quality" aria-labelledby="quality-title" data-testid="quality">
      <h2 class="govuk-heading-m" id="quality-title">
        {title}
      </h2>
      <div aria-live="polite">
        <p class="govuk-body" data-testid="quality-sentence">
          {qualitySentence(quality)}
        </p>
        {quality ? (
          <dl class="govuk-summary-list govuk-summary-list--no-border pvf-facts">
            {[
              ['Estimated precision', pct(quality.precision), 'Of the predicted matches, the share that are true matches.'],
              ['Estimated recall', pct(quality.recall), 'Of the true matches, the share that are predicted.'],
              ['Labels', formatNumber(quality.labels, 0), ''],
              ['Match-weight bins reviewed', formatNumber(quality.bins_reviewed, 0), ''],
              ['Predicted pairs', formatNumber(quality.predicted_pairs, 0), ''],
              ['Expected true matches', formatNumber(quality.expected_matches, 0), ''],
            ].map(([k, v, hint]) => (
              <div class="govuk-summary-list__row" key={k}>
                <dt class="govuk-summary-list__key">{k}</dt>
                <dd class="govuk-summary-list__value" data-testid={`quality-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
                  {v}
                  {hint ? <div class="govuk-hint govuk-!-margin-bottom-0 govuk-!-font-size-16">{hint}</div> : null}
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    </section>
  );
}
