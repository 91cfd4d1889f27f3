// A running job's progress: listens to /jobs/{id}/events (Server-Sent Events, same origin, so the
// session cookie goes with it) and falls back to polling /jobs/{id} every second if the stream
// fails. Shows a progress bar with done/total and the job's message, a Cancel button, and when
// the job ends calls onSucceeded or shows why it did not succeed. State: benchmark.ts jobReducer.
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import {
  initialJobView,
  jobFraction,
  jobProgressText,
  jobReducer,
  parseEventData,
  streamError,
  type JobView,
} from '../benchmark';
import { toApiError } from '../hooks';
import type { Job, JobProgress as JobProgressEvent } from '../types';
import { ErrorSummary, errorItems } from './ErrorSummary';

/** The parts of EventSource the component uses (a stub in tests). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (e: MessageEvent | Event) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

/** The browser's EventSource, or null where there is none (the component then polls). */
export function defaultEventSource(): EventSourceFactory | null {
  return typeof EventSource === 'undefined' ? null : (url) => new EventSource(url);
}

export const POLL_INTERVAL_MS = 1000;

export function JobProgress({
  job,
  onSucceeded,
  eventSource = defaultEventSource(),
  pollMs = POLL_INTERVAL_MS,
  what = 'run',
}: {
  job: Job | { id: string };
  onSucceeded: (view: JobView) => void;
  eventSource?: EventSourceFactory | null;
  pollMs?: number;
  /** "run": the thing the job makes, in the words shown. */
  what?: string;
}) {
  const [view, dispatch] = useReducer(jobReducer, job, initialJobView);
  const [cancelError, setCancelError] = useState<ApiError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const succeeded = useRef(false);

  // The event stream, while it works.
  useEffect(() => {
    if (view.transport !== 'stream' || view.finished) return;
    if (!eventSource) {
      dispatch({ type: 'stream-failed' });
      return;
    }
    let es: EventSourceLike;
    try {
      es = eventSource(api.jobEventsUrl(view.id));
    } catch {
      dispatch({ type: 'stream-failed' });
      return;
    }
    let open = true;
    const close = () => {
      if (open) es.close();
      open = false;
    };
    es.addEventListener('progress', (e) => {
      const p = parseEventData<JobProgressEvent>((e as MessageEvent).data);
      if (p) dispatch({ type: 'progress', progress: p });
    });
    es.addEventListener('done', (e) => {
      const j = parseEventData<Job>((e as MessageEvent).data);
      close();
      if (j) dispatch({ type: 'done', job: j });
      else dispatch({ type: 'stream-failed' }); // unreadable: ask for the job instead
    });
    es.addEventListener('error', (e) => {
      // The server's own `event: error` carries an API error (the job is gone); a connection
      // failure carries nothing: then poll instead.
      const gone = streamError((e as MessageEvent).data);
      close();
      dispatch(gone ? { type: 'gone', error: gone } : { type: 'stream-failed' });
    });
    return close;
  }, [view.id, view.transport, view.finished === true]);

  // Polling, after the stream failed.
  useEffect(() => {
    if (view.transport !== 'poll' || view.finished) return;
    let live = true;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const j = await api.getJob(view.id);
        if (!live) return;
        dispatch({ type: 'polled', job: j });
      } catch (e) {
        if (!live) return;
        const err = toApiError(e);
        if (err.status === 404) {
          dispatch({ type: 'gone', error: { code: err.code, message: `The ${what} is no longer available: it may have finished more than an hour ago` } });
          return;
        }
        // A passing failure (network): try again on the next tick.
      }
      if (live) timer = window.setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      live = false;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [view.id, view.transport, view.finished === true]);

  useEffect(() => {
    if (view.finished && view.status === 'succeeded' && !succeeded.current) {
      succeeded.current = true;
      onSucceeded(view);
    }
  }, [view.finished, view.status]);

  const cancel = async () => {
    setCancelError(null);
    setCancelling(true);
    try {
      const j = await api.cancelJob(view.id);
      dispatch({ type: 'cancel-requested', job: j });
    } catch (e) {
      const err = toApiError(e);
      if (err.status === 409) {
        // It finished meanwhile: show how.
        try {
          dispatch({ type: 'polled', job: await api.getJob(view.id) });
        } catch {
          setCancelError(err);
        }
      } else setCancelError(err);
    } finally {
      setCancelling(false);
    }
  };

  const f = jobFraction(view);
  const pct = f === null ? null : Math.round(f * 100);
  const failed = view.finished && view.status !== 'succeeded';
  return (
    <section class="pvf-job" aria-labelledby="job-title" data-testid="job-progress" data-status={view.status}>
      <h2 class="govuk-heading-m" id="job-title">
        {view.finished
          ? view.status === 'succeeded'
            ? `The ${what} has finished`
            : view.status === 'cancelled'
              ? `The ${what} was cancelled`
              : `The ${what} did not finish`
          : `${what.charAt(0).toUpperCase()}${what.slice(1)} in progress`}
      </h2>
      <div
        class={`pvf-progress${f === null && !view.finished ? ' pvf-progress--indeterminate' : ''}`}
        role="progressbar"
        aria-labelledby="job-title"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={jobProgressText(view)}
      >
        <div class="pvf-progress__bar" style={{ width: `${pct ?? (view.finished ? 100 : 0)}%` }} />
      </div>
      <p class="govuk-body pvf-progress__text" aria-live="polite" data-testid="job-status">
        <strong>{jobProgressText(view)}</strong>
        {view.message && !failed ? <span class="pvf-progress__message">{view.message}</span> : null}
      </p>
      {view.transport === 'poll' && !view.finished ? (
        <p class="govuk-body-s pvf-progress__note" data-testid="job-polling">
          Checking progress every second.
        </p>
      ) : null}
      {failed && view.error ? (
        view.status === 'cancelled' ? (
          <div class="govuk-inset-text" data-testid="job-cancelled">
            The {what} was cancelled. Nothing was stored.
          </div>
        ) : (
          <ErrorSummary
            title={`The ${what} failed`}
            items={errorItems(new ApiError(0, view.error.code, view.error.message, view.error.details ?? []))}
          />
        )
      ) : null}
      {cancelError ? <ErrorSummary title="The run could not be cancelled" items={errorItems(cancelError)} /> : null}
      {!view.finished ? (
        <button type="button" class="govuk-button govuk-button--warning" onClick={cancel} disabled={cancelling || view.cancelRequested} data-testid="job-cancel">
          {view.cancelRequested ? 'Cancelling…' : `Cancel ${what}`}
        </button>
      ) : null}
    </section>
  );
}
