// Small GOV.UK Design System building blocks rendered by Preact.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api';
import { STATUS_TAG_CLASS, statusLabel } from '../format';
import type { AssessmentStatus } from '../types';
import { ErrorSummary, errorItems } from './ErrorSummary';

export interface Crumb {
  text: string;
  href?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol class="govuk-breadcrumbs__list">
        {items.map((c, i) => (
          <li class="govuk-breadcrumbs__list-item" key={i} aria-current={!c.href ? 'page' : undefined}>
            {c.href ? (
              <a class="govuk-breadcrumbs__link" href={c.href}>
                {c.text}
              </a>
            ) : (
              c.text
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function BackLink({ href, text = 'Back' }: { href: string; text?: string }) {
  return (
    <a href={href} class="govuk-back-link">
      {text}
    </a>
  );
}

export function StatusTag({ status }: { status: AssessmentStatus | null | undefined }) {
  if (!status) return <strong class="govuk-tag govuk-tag--grey">Not started</strong>;
  return <strong class={`govuk-tag ${STATUS_TAG_CLASS[status] ?? ''}`}>{statusLabel(status)}</strong>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="govuk-body pvf-loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** A page-level failure to load (not found, forbidden, server down). */
export function LoadError({ error }: { error: ApiError }) {
  if (error.status === 404) {
    return (
      <>
        <h1 class="govuk-heading-l">Page not found</h1>
        <p class="govuk-body">{error.message}</p>
        <p class="govuk-body">
          <a class="govuk-link" href="/">
            Go to the dashboard
          </a>
        </p>
      </>
    );
  }
  if (error.status === 403) {
    return (
      <>
        <h1 class="govuk-heading-l">You do not have access to this page</h1>
        <p class="govuk-body">{error.message}</p>
      </>
    );
  }
  return <ErrorSummary items={errorItems(error)} />;
}

export function SuccessBanner({ title = 'Success', children }: { title?: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="success-banner-title"
      data-module="govuk-notification-banner"
      tabIndex={-1}
      ref={ref}
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="success-banner-title">
          {title}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function InfoBanner({ title = 'Important', children }: { title?: string; children: ComponentChildren }) {
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="info-banner-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="info-banner-title">
          {title}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

// ---------- form fields ----------

interface FieldBase {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  labelClass?: string;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div id={`${id}-hint`} class="govuk-hint">
      {hint}
    </div>
  ) : null;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextInput(
  props: FieldBase & {
    name?: string;
    value: string;
    onInput: (v: string) => void;
    type?: string;
    width?: string;
    autocomplete?: string;
    spellcheck?: boolean;
    inputMode?: string;
  },
) {
  const { id, label, hint, error, value, onInput, type = 'text', width, autocomplete, labelClass } = props;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${labelClass ?? ''}`} for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <input
        class={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={props.name ?? id}
        type={type as never}
        value={value}
        autocomplete={autocomplete}
        spellcheck={props.spellcheck}
        inputMode={props.inputMode as never}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}

export function Textarea(
  props: FieldBase & { name?: string; value: string; onInput: (v: string) => void; rows?: number },
) {
  const { id, label, hint, error, value, onInput, rows = 5, labelClass } = props;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${labelClass ?? ''}`} for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <textarea
        class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={props.name ?? id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </div>
  );
}

export interface Option {
  value: string;
  text: string;
}

export function Select(
  props: FieldBase & { name?: string; value: string; onChange: (v: string) => void; options: Option[] },
) {
  const { id, label, hint, error, value, onChange, options, labelClass } = props;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${labelClass ?? ''}`} for={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <select
        class={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={props.name ?? id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {options.map((o) => (
          <option value={o.value} key={o.value} selected={o.value === value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface RadioOption {
  value: string;
  text: string;
  hint?: string;
}

export function Radios(
  props: {
    id: string;
    name: string;
    legend: string;
    legendClass?: string;
    isPageHeading?: boolean;
    hint?: string;
    error?: string;
    value: string;
    onChange: (v: string) => void;
    options: RadioOption[];
    inline?: boolean;
    small?: boolean;
  },
) {
  const { id, name, legend, legendClass = 'govuk-fieldset__legend--m', hint, error, value, onChange, options } = props;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        <div
          class={`govuk-radios${props.inline ? ' govuk-radios--inline' : ''}${props.small ? ' govuk-radios--small' : ''}`}
          data-module="govuk-radios"
        >
          {options.map((o, i) => {
            const optId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div class="govuk-radios__item" key={o.value}>
                <input
                  class="govuk-radios__input"
                  id={optId}
                  name={name}
                  type="radio"
                  value={o.value}
                  checked={value === o.value}
                  aria-describedby={o.hint ? `${optId}-item-hint` : undefined}
                  onChange={() => onChange(o.value)}
                />
                <label class="govuk-label govuk-radios__label" for={optId}>
                  {o.text}
                </label>
                {o.hint ? (
                  <div id={`${optId}-item-hint`} class="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** GOV.UK form group with a legend, hint and error, around checkboxes or rows of selects. */
export function Fieldset({
  id,
  legend,
  hint,
  error,
  children,
  legendClass = 'govuk-fieldset__legend--m',
}: {
  id: string;
  legend: string;
  hint?: ComponentChildren;
  error?: string;
  children: ComponentChildren;
  legendClass?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`} id={`${id}-group`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy}>
        <legend class={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        {hint ? (
          <div id={`${id}-hint`} class="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        {children}
      </fieldset>
    </div>
  );
}

export function SummaryList({ rows }: { rows: { key: string; value: ComponentChildren }[] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map((r) => (
        <div class="govuk-summary-list__row" key={r.key}>
          <dt class="govuk-summary-list__key">{r.key}</dt>
          <dd class="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export { ErrorSummary, errorItems };
