import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary, errorItems, type ErrorItem } from './ErrorSummary';
import { LoadError, Loading, Select, TextInput } from './ui';
import { ACTION_STATUS_LABELS, formatDate } from '../format';
import { toApiError, useAsync, useSession } from '../hooks';
import { actsForBody, can } from '../state';
import type { Action, ActionStatus, AssessmentDetail } from '../types';
import { ACTION_STATUSES } from '../types';

/** The actions agreed for one area of an assessment: a table, status updates and a form to add one. */
export function AreaActions({ assessment, area }: { assessment: AssessmentDetail; area: string }) {
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
