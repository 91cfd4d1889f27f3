import { useState } from 'preact/hooks';
import { api } from '../api';
import { AreaTaskList } from '../components/AreaTaskList';
import { ErrorSummary, errorItems, type ErrorItem } from '../components/ErrorSummary';
import { Breadcrumbs, LoadError, Loading, Radios, Select, StatusTag, SuccessBanner, SummaryList, Textarea, TextInput } from '../components/ui';
import {
  ACTION_STATUS_LABELS,
  CONFIDENCE_LABELS,
  formatDate,
  formatDateTime,
  roleLabel,
} from '../format';
import { levelLabel, sortedScale } from '../heatmap';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { navigate } from '../router';
import { actsForBody, can, getFramework } from '../state';
import { areaOrder, isRated, ratingProgress } from '../tables';
import type {
  Action,
  ActionStatus,
  Area,
  AssessmentDetail,
  Comment,
  Confidence,
  Evidence,
  FrameworkDefinition,
  Rating,
} from '../types';
import { ACTION_STATUSES } from '../types';

/** Maps an API `where` for a rating ("level", "evidence[1].url") to the input id. */
export function ratingFieldId(where: string | undefined): string | undefined {
  if (!where) return undefined;
  const w = where.replace(/^\$?\.?/, '').replace(/^body\./, '');
  const m = /evidence\[(\d+)\]\.(url|note)$/.exec(w) ?? /evidence\.(\d+)\.(url|note)$/.exec(w);
  if (m) return `evidence-${m[1]}-${m[2]}`;
  for (const f of ['level', 'rationale', 'confidence']) if (w === f || w.endsWith(`.${f}`)) return f;
  return undefined;
}

export function AreaPage({ id, area }: { id: number; area: string }) {
  const { user } = useSession();
  const detail = useAsync(() => api.getAssessment(id), [id]);
  const fw = useAsync(
    () => (detail.data ? getFramework(detail.data.framework_id) : new Promise<never>(() => {})),
    [detail.data?.framework_id],
  );
  const a = detail.data;
  const def = fw.data?.definition;
  const areaDef = def?.pillars.flatMap((p) => p.areas).find((x) => x.key === area);
  const pillar = def?.pillars.find((p) => p.areas.some((x) => x.key === area));
  usePageTitle(areaDef && a ? `${areaDef.title} – ${a.body_name} ${a.period}` : 'Area');

  if (detail.error) return <LoadError error={detail.error} />;
  if (fw.error) return <LoadError error={fw.error} />;
  if (!a || !def) return <Loading what="Loading assessment" />;
  if (!areaDef || !pillar) {
    return (
      <>
        <h1 class="govuk-heading-l">Area not found</h1>
        <p class="govuk-body">
          This framework has no area called “{area}”.{' '}
          <a class="govuk-link" href={`/assessments/${id}`}>
            Back to the assessment
          </a>
        </p>
      </>
    );
  }
  const rating = a.ratings.find((r) => r.area === area);
  const canEdit = a.editable && can(user, 'rate') && actsForBody(user, a.body_id);
  const order = areaOrder(def);
  const idx = order.findIndex((o) => o.key === area);
  const prev = idx > 0 ? order[idx - 1] : null;
  const next = idx < order.length - 1 ? order[idx + 1] : null;
  const progress = ratingProgress(def, a.ratings);

  const onSaved = (r: Rating) => {
    const ratings = a.ratings.filter((x) => x.area !== r.area).concat([r]);
    detail.setData({ ...a, ratings });
  };

  return (
    <>
      <Breadcrumbs
        items={[
          { text: 'Home', href: '/' },
          { text: 'Assessments', href: '/assessments' },
          { text: `${a.body_name} ${a.period}`, href: `/assessments/${a.id}` },
          { text: areaDef.title },
        ]}
      />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">
            {a.body_name} {a.period} · {pillar.title}
          </span>
          <h1 class="govuk-heading-l">{areaDef.title}</h1>
          <p class="govuk-body">
            <StatusTag status={a.status} />
            <span class="govuk-!-margin-left-3">
              {progress.rated} of {progress.total} areas rated
            </span>
          </p>
          <h2 class="govuk-heading-m">Guiding questions</h2>
          <ul class="govuk-list govuk-list--bullet" data-testid="questions">
            {areaDef.questions.map((q, i) => (
              <li key={i}>{q}</li>
            ))}
          </ul>
          {canEdit ? (
            <RatingForm
              key={`${a.id}-${area}`}
              assessment={a}
              def={def}
              area={areaDef}
              rating={rating}
              onSaved={onSaved}
              nextHref={next ? `/assessments/${a.id}/areas/${next.key}` : `/assessments/${a.id}`}
            />
          ) : (
            <RatingView def={def} area={areaDef} rating={rating} />
          )}
          <nav class="govuk-pagination govuk-pagination--block" aria-label="Areas">
            {prev ? (
              <div class="govuk-pagination__prev">
                <a class="govuk-link govuk-pagination__link" href={`/assessments/${a.id}/areas/${prev.key}`} rel="prev">
                  <span class="govuk-pagination__link-title">
                    Previous<span class="govuk-visually-hidden"> area</span>
                  </span>
                  <span class="govuk-visually-hidden">:</span>
                  <span class="govuk-pagination__link-label">{prev.title}</span>
                </a>
              </div>
            ) : null}
            {next ? (
              <div class="govuk-pagination__next">
                <a class="govuk-link govuk-pagination__link" href={`/assessments/${a.id}/areas/${next.key}`} rel="next">
                  <span class="govuk-pagination__link-title">
                    Next<span class="govuk-visually-hidden"> area</span>
                  </span>
                  <span class="govuk-visually-hidden">:</span>
                  <span class="govuk-pagination__link-label">{next.title}</span>
                </a>
              </div>
            ) : null}
          </nav>
          <Comments assessment={a} area={area} />
          <Actions assessment={a} area={area} />
        </div>
        <div class="govuk-grid-column-one-third">
          <nav aria-label="Areas of the framework">
            <h2 class="govuk-heading-m">All areas</h2>
            <p class="govuk-body-s">
              {progress.rated} of {progress.total} rated.{' '}
              <a class="govuk-link" href={`/assessments/${a.id}`}>
                Assessment overview
              </a>
            </p>
            <AreaTaskList def={def} ratings={a.ratings} assessmentId={a.id} current={area} compact />
          </nav>
        </div>
      </div>
    </>
  );
}

function RatingView({ def, area, rating }: { def: FrameworkDefinition; area: Area; rating: Rating | undefined }) {
  if (!isRated(rating)) {
    return (
      <>
        <h2 class="govuk-heading-m">Rating</h2>
        <p class="govuk-body" data-testid="rating-view">
          This area has not been rated.
        </p>
        <LevelDescriptors def={def} area={area} />
      </>
    );
  }
  const r = rating as Rating;
  return (
    <>
      <h2 class="govuk-heading-m">Rating</h2>
      <div data-testid="rating-view">
        <SummaryList
          rows={[
            {
              key: 'Level',
              value: (
                <>
                  <strong>
                    {r.level} {levelLabel(def.scale, r.level)}
                  </strong>
                  <p class="govuk-body-s govuk-!-margin-bottom-0">{area.descriptors[String(r.level)]}</p>
                </>
              ),
            },
            { key: 'Rationale', value: <span class="pvf-pre-wrap">{r.rationale || 'None given'}</span> },
            { key: 'Confidence', value: r.confidence ? CONFIDENCE_LABELS[r.confidence] : 'Not given' },
            {
              key: 'Evidence',
              value: r.evidence?.length ? (
                <ul class="govuk-list">
                  {r.evidence.map((e, i) => (
                    <li key={i}>
                      {safeUrl(e.url) ? (
                        <a class="govuk-link" href={e.url} rel="noreferrer noopener external" target="_blank">
                          {e.note || e.url} (opens in new tab)
                        </a>
                      ) : (
                        <span>{e.note || e.url}</span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                'None'
              ),
            },
            {
              key: 'Last updated',
              value: `${r.updated_by_name ?? ''}${r.updated_at ? `, ${formatDateTime(r.updated_at)}` : ''}`,
            },
          ]}
        />
      </div>
      <LevelDescriptors def={def} area={area} />
    </>
  );
}

function LevelDescriptors({ def, area }: { def: FrameworkDefinition; area: Area }) {
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">What each level means for this area</span>
      </summary>
      <div class="govuk-details__text">
        <dl class="govuk-summary-list govuk-summary-list--no-border">
          {sortedScale(def.scale).map((l) => (
            <div class="govuk-summary-list__row" key={l.level}>
              <dt class="govuk-summary-list__key">
                {l.level} {l.label}
              </dt>
              <dd class="govuk-summary-list__value">{area.descriptors[String(l.level)]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}

/** Only http(s) links are made clickable. */
export function safeUrl(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}

function RatingForm({
  assessment,
  def,
  area,
  rating,
  onSaved,
  nextHref,
}: {
  assessment: AssessmentDetail;
  def: FrameworkDefinition;
  area: Area;
  rating: Rating | undefined;
  onSaved: (r: Rating) => void;
  nextHref: string;
}) {
  const [level, setLevel] = useState(rating?.level != null ? String(rating.level) : '');
  const [rationale, setRationale] = useState(rating?.rationale ?? '');
  const [confidence, setConfidence] = useState<string>(rating?.confidence ?? '');
  const [evidence, setEvidence] = useState<Evidence[]>(rating?.evidence?.length ? rating.evidence : []);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(`${area.title} – ${assessment.body_name} ${assessment.period}`, errors.length > 0);

  const save = async (goNext: boolean) => {
    setSaved(null);
    const fe: Record<string, string> = {};
    if (!level) fe.level = 'Select a level for this area';
    if (!confidence) fe.confidence = 'Select how confident you are in this rating';
    const ev = evidence.filter((e) => e.url.trim() || e.note.trim());
    ev.forEach((e, i) => {
      if (e.url.trim() && !safeUrl(e.url)) fe[`evidence-${i}-url`] = `Evidence ${i + 1}: enter a web address starting with http:// or https://`;
    });
    setFieldErrors(fe);
    if (Object.keys(fe).length) {
      setErrors(Object.entries(fe).map(([k, v]) => ({ text: v, field: k })));
      return;
    }
    setBusy(true);
    try {
      const r = await api.saveRating(assessment.id, area.key, {
        level: Number(level),
        rationale: rationale.trim(),
        confidence: confidence as Confidence,
        evidence: ev.map((e) => ({ url: e.url.trim(), note: e.note.trim() })),
      });
      setEvidence(ev);
      setErrors([]);
      onSaved({ ...r, area: r.area ?? area.key });
      if (goNext) navigate(nextHref);
      else setSaved(`Rating saved for ${area.title}`);
    } catch (err) {
      const ae = toApiError(err);
      const fe2: Record<string, string> = {};
      for (const d of ae.details) {
        const f = ratingFieldId(d.where);
        if (f) fe2[f] = d.message;
      }
      setErrors(errorItems(ae, {}, (where) => {
        const f = ratingFieldId(where);
        return f ? { field: f } : undefined;
      }));
      setFieldErrors(fe2);
    } finally {
      setBusy(false);
    }
  };

  const setEv = (i: number, k: keyof Evidence, v: string) =>
    setEvidence(evidence.map((e, j) => (j === i ? { ...e, [k]: v } : e)));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save(false);
      }}
      noValidate
      data-testid="rating-form"
    >
      <ErrorSummary items={errors} />
      {saved ? <SuccessBanner>{saved}</SuccessBanner> : null}
      <Radios
        id="level"
        name="level"
        legend="Which level best describes this area?"
        legendClass="govuk-fieldset__legend--m"
        hint="Choose the descriptor that best matches the evidence."
        value={level}
        onChange={setLevel}
        error={fieldErrors.level}
        options={sortedScale(def.scale).map((l) => ({
          value: String(l.level),
          text: `${l.level} – ${l.label}`,
          hint: area.descriptors[String(l.level)],
        }))}
      />
      <Textarea
        id="rationale"
        label="Rationale"
        labelClass="govuk-label--m"
        hint="Explain why this level was chosen, referring to the evidence."
        value={rationale}
        onInput={setRationale}
        rows={6}
        error={fieldErrors.rationale}
      />
      <Radios
        id="confidence"
        name="confidence"
        legend="How confident are you in this rating?"
        legendClass="govuk-fieldset__legend--m"
        value={confidence}
        onChange={setConfidence}
        error={fieldErrors.confidence}
        inline
        options={(['low', 'medium', 'high'] as Confidence[]).map((c) => ({ value: c, text: CONFIDENCE_LABELS[c] }))}
      />
      <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby="evidence-hint">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Evidence</legend>
        <div id="evidence-hint" class="govuk-hint">
          Link to documents, data or reports that support the rating.
        </div>
        {evidence.length === 0 ? <p class="govuk-body">No evidence added.</p> : null}
        {evidence.map((e, i) => (
          <div class="pvf-evidence-item" key={i} data-testid="evidence-item">
            <h3 class="govuk-heading-s">Evidence {i + 1}</h3>
            <TextInput
              id={`evidence-${i}-url`}
              label={`Web address (evidence ${i + 1})`}
              type="url"
              value={e.url}
              onInput={(v) => setEv(i, 'url', v)}
              spellcheck={false}
              error={fieldErrors[`evidence-${i}-url`]}
            />
            <TextInput
              id={`evidence-${i}-note`}
              label={`Note (evidence ${i + 1})`}
              value={e.note}
              onInput={(v) => setEv(i, 'note', v)}
              error={fieldErrors[`evidence-${i}-note`]}
            />
            <button
              type="button"
              class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => setEvidence(evidence.filter((_, j) => j !== i))}
            >
              Remove<span class="govuk-visually-hidden"> evidence {i + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          class="govuk-button govuk-button--secondary"
          onClick={() => {
            setEvidence([...evidence, { url: '', note: '' }]);
            window.setTimeout(() => document.getElementById(`evidence-${evidence.length}-url`)?.focus(), 0);
          }}
        >
          Add evidence
        </button>
      </fieldset>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" disabled={busy} data-testid="save-rating">
          Save rating
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" disabled={busy} onClick={() => save(true)}>
          Save and go to next area
        </button>
      </div>
    </form>
  );
}

// ---------- comments ----------

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

function Comments({ assessment, area }: { assessment: AssessmentDetail; area: string }) {
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

// ---------- actions ----------

function Actions({ assessment, area }: { assessment: AssessmentDetail; area: string }) {
  const { user } = useSession();
  const list = useAsync(() => api.listActions(assessment.id), [assessment.id]);
  const [form, setForm] = useState({ title: '', owner: '', due_date: '', status: 'open' });
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [statusEdits, setStatusEdits] = useState<Record<number, ActionStatus>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayManage = can(user, 'manageActions') && actsForBody(user, assessment.body_id);
  const items = (list.data?.items ?? []).filter((x) => x.area === area);

  const replace = (a: Action) =>
    list.setData({ items: (list.data?.items ?? []).filter((x) => x.id !== a.id).concat([a]).sort((x, y) => x.id - y.id) });

  const add = async (e: Event) => {
    e.preventDefault();
    setMessage(null);
    const fe: Record<string, string> = {};
    if (!form.title.trim()) fe['action-title'] = 'Enter what needs to be done';
    if (!form.owner.trim()) fe['action-owner'] = 'Enter who owns the action';
    if (form.due_date && !/^\d{4}-\d{2}-\d{2}$/.test(form.due_date)) fe['action-due'] = 'Enter the due date as a real date';
    setFieldErrors(fe);
    if (Object.keys(fe).length) {
      setErrors(Object.entries(fe).map(([k, v]) => ({ text: v, field: k })));
      return;
    }
    setBusy(true);
    try {
      const created = await api.addAction(assessment.id, {
        area,
        title: form.title.trim(),
        owner: form.owner.trim(),
        due_date: form.due_date || null,
        status: form.status as ActionStatus,
      });
      replace(created);
      setForm({ title: '', owner: '', due_date: '', status: 'open' });
      setErrors([]);
      setMessage(`Action added: ${created.title}`);
    } catch (err) {
      setErrors(
        errorItems(toApiError(err), { title: 'action-title', owner: 'action-owner', due_date: 'action-due', status: 'action-status' }),
      );
    } finally {
      setBusy(false);
    }
  };

  const updateStatus = async (a: Action) => {
    const status = statusEdits[a.id];
    if (!status || status === a.status) return;
    setMessage(null);
    setBusy(true);
    try {
      const updated = await api.updateAction(a.id, { status });
      replace(updated);
      setErrors([]);
      setMessage(`Action “${updated.title}” is now ${ACTION_STATUS_LABELS[updated.status].toLowerCase()}`);
    } catch (err) {
      setErrors(errorItems(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="actions-title" class="govuk-!-margin-top-8">
      <h2 class="govuk-heading-m" id="actions-title">
        Actions
      </h2>
      <ErrorSummary items={errors} />
      {message ? (
        <p class="govuk-body govuk-!-font-weight-bold" role="status">
          {message}
        </p>
      ) : null}
      {list.loading ? <Loading what="Loading actions" /> : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && items.length === 0 ? <p class="govuk-body">No actions for this area.</p> : null}
      {items.length ? (
        <table class="govuk-table pvf-table--small" data-testid="actions-table">
          <caption class="govuk-table__caption govuk-visually-hidden">Actions for this area</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Action</th>
              <th scope="col" class="govuk-table__header">Owner</th>
              <th scope="col" class="govuk-table__header">Due</th>
              <th scope="col" class="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {items.map((x) => (
              <tr class="govuk-table__row" key={x.id}>
                <td class="govuk-table__cell">{x.title}</td>
                <td class="govuk-table__cell">{x.owner}</td>
                <td class="govuk-table__cell">{formatDate(x.due_date)}</td>
                <td class="govuk-table__cell">
                  {mayManage ? (
                    <div class="pvf-inline-form">
                      <div class="govuk-form-group">
                        <label class="govuk-label govuk-visually-hidden" for={`action-${x.id}-status`}>
                          Status of {x.title}
                        </label>
                        <select
                          class="govuk-select"
                          id={`action-${x.id}-status`}
                          value={statusEdits[x.id] ?? x.status}
                          onChange={(e) =>
                            setStatusEdits({ ...statusEdits, [x.id]: (e.currentTarget as HTMLSelectElement).value as ActionStatus })
                          }
                        >
                          {ACTION_STATUSES.map((s) => (
                            <option value={s} key={s} selected={(statusEdits[x.id] ?? x.status) === s}>
                              {ACTION_STATUS_LABELS[s]}
                            </option>
                          ))}
                        </select>
                      </div>
                      <button
                        type="button"
                        class="govuk-button govuk-button--secondary"
                        disabled={busy || (statusEdits[x.id] ?? x.status) === x.status}
                        onClick={() => updateStatus(x)}
                      >
                        Update<span class="govuk-visually-hidden"> status of {x.title}</span>
                      </button>
                    </div>
                  ) : (
                    ACTION_STATUS_LABELS[x.status] ?? x.status
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {mayManage && assessment.status !== 'agreed' ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Add an action</span>
          </summary>
          <div class="govuk-details__text">
            <form onSubmit={add} noValidate>
              <TextInput
                id="action-title"
                label="What needs to be done"
                value={form.title}
                onInput={(v) => setForm({ ...form, title: v })}
                error={fieldErrors['action-title']}
              />
              <TextInput
                id="action-owner"
                label="Owner"
                width="20"
                value={form.owner}
                onInput={(v) => setForm({ ...form, owner: v })}
                error={fieldErrors['action-owner']}
              />
              <TextInput
                id="action-due"
                label="Due date (optional)"
                type="date"
                width="10"
                value={form.due_date}
                onInput={(v) => setForm({ ...form, due_date: v })}
                error={fieldErrors['action-due']}
              />
              <Select
                id="action-status"
                label="Status"
                value={form.status}
                onChange={(v) => setForm({ ...form, status: v })}
                options={ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] }))}
              />
              <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy}>
                Add action
              </button>
            </form>
          </div>
        </details>
      ) : null}
    </section>
  );
}
