import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary, errorItems, type ErrorItem } from './ErrorSummary';
import { LoadError, Loading, Textarea } from './ui';
import { formatDateTime, roleLabel } from '../format';
import { toApiError, useAsync, useSession } from '../hooks';
import { actsForBody, can } from '../state';
import type { AssessmentDetail, Comment } from '../types';

export interface CommentNode extends Comment {
  replies: CommentNode[];
}

/** Builds the comment thread tree (oldest first); replies to unknown parents become top level. */
export function threadComments(items: Comment[]): CommentNode[] {
  const nodes = new Map<number, CommentNode>();
  const sorted = [...items].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id));
  for (const c of sorted) nodes.set(c.id, { ...c, replies: [] });
  const roots: CommentNode[] = [];
  for (const c of sorted) {
    const n = nodes.get(c.id) as CommentNode;
    const parent = c.parent_id != null ? nodes.get(c.parent_id) : undefined;
    if (parent) parent.replies.push(n);
    else roots.push(n);
  }
  return roots;
}

/** The comment thread on one area of an assessment, with forms to comment and reply. */
export function AreaComments({ assessment, area }: { assessment: AssessmentDetail; area: string }) {
  const { user } = useSession();
  const list = useAsync(() => api.listComments(assessment.id, area), [assessment.id, area]);
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<number | null>(null);
  const [replyText, setReplyText] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Comments close once an assessment is agreed (the server refuses them then).
  const agreed = assessment.status === 'agreed';
  const mayComment = can(user, 'comment') && actsForBody(user, assessment.body_id) && !agreed;

  const post = async (body: string, parent: number | null) => {
    if (!body.trim()) {
      const msg = 'Enter a comment';
      setFieldError(msg);
      setErrors([{ text: msg, field: parent ? `reply-${parent}` : 'comment-text' }]);
      return;
    }
    setBusy(true);
    try {
      const c = await api.addComment(assessment.id, { area, text: body.trim(), parent_id: parent });
      list.setData({ items: [...(list.data?.items ?? []), c] });
      setErrors([]);
      setFieldError(undefined);
      if (parent) {
        setReplyTo(null);
        setReplyText('');
      } else setText('');
    } catch (err) {
      setErrors(errorItems(toApiError(err), { text: parent ? `reply-${parent}` : 'comment-text' }));
    } finally {
      setBusy(false);
    }
  };

  const renderThread = (nodes: CommentNode[]) => (
    <ul class="pvf-comments">
      {nodes.map((c) => (
        <li class="pvf-comment" key={c.id} data-testid="comment">
          <p class="pvf-comment__meta">
            <strong>{c.username}</strong> ({roleLabel(c.role)}) · <time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time>
          </p>
          <p class="govuk-body pvf-comment__text">{c.text}</p>
          {mayComment ? (
            replyTo === c.id ? (
              <div class="govuk-!-margin-top-2">
                <Textarea
                  id={`reply-${c.id}`}
                  label={`Reply to ${c.username}`}
                  labelClass="govuk-label--s"
                  rows={3}
                  value={replyText}
                  onInput={setReplyText}
                  error={fieldError}
                />
                <div class="govuk-button-group">
                  <button type="button" class="govuk-button govuk-button--secondary" disabled={busy} onClick={() => post(replyText, c.id)}>
                    Post reply
                  </button>
                  <button type="button" class="pvf-link-button" onClick={() => setReplyTo(null)}>
                    Cancel
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                class="pvf-link-button"
                onClick={() => {
                  setReplyTo(c.id);
                  setReplyText('');
                  window.setTimeout(() => document.getElementById(`reply-${c.id}`)?.focus(), 0);
                }}
              >
                Reply<span class="govuk-visually-hidden"> to {c.username}</span>
              </button>
            )
          ) : null}
          {c.replies.length ? renderThread(c.replies) : null}
        </li>
      ))}
    </ul>
  );

  const tree = threadComments(list.data?.items ?? []);
  return (
    <section aria-labelledby="comments-title" class="govuk-!-margin-top-8">
      <h2 class="govuk-heading-m" id="comments-title">
        Comments
      </h2>
      <ErrorSummary items={errors} />
      {list.loading ? <Loading what="Loading comments" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && tree.length === 0 ? <p class="govuk-body">No comments on this area yet.</p> : null}
      {tree.length ? renderThread(tree) : null}
      {agreed && list.data ? (
        <p class="govuk-body govuk-hint">The assessment is agreed, so no more comments can be added.</p>
      ) : null}
      {mayComment ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            post(text, null);
          }}
          noValidate
        >
          <Textarea
            id="comment-text"
            label="Add a comment"
            labelClass="govuk-label--s"
            rows={3}
            value={text}
            onInput={setText}
            error={replyTo ? undefined : fieldError}
          />
          <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy}>
            Post comment
          </button>
        </form>
      ) : null}
    </section>
  );
}
