import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api';

export interface ErrorItem {
  text: string;
  /** id of the field to link to (without "#") */
  field?: string;
  /** a page to link to instead (for example the area that is not rated) */
  href?: string;
}

export interface WhereTarget {
  field?: string;
  href?: string;
  /** replaces the raw `where` in front of the message */
  label?: string;
}

/** "upload.csv:3:type" -> "Line 3, type"; other `where` strings unchanged. */
export function describeWhere(where: string): string {
  const m = /^(.*?):(\d+):(.+)$/.exec(where);
  if (m) return `Line ${m[2]}, ${m[3]}`;
  const m2 = /^(.*?):(\d+)$/.exec(where);
  if (m2 && /\.(csv|xlsx|json|ya?ml)$/i.test(m2[1])) return `Line ${m2[2]}`;
  return where;
}

/**
 * Turns an API error into error-summary items: the message, then each detail. A detail whose
 * `where` names a known field (fieldMap: where -> input id, or `resolve`) links to it. The
 * message is left out when a detail repeats it.
 */
export function errorItems(
  err: ApiError | null | undefined,
  fieldMap: Record<string, string> = {},
  resolve?: (where: string) => WhereTarget | undefined,
): ErrorItem[] {
  if (!err) return [];
  const details = err.details ?? [];
  const items: ErrorItem[] = [];
  if (!details.some((d) => d.message === err.message)) items.push({ text: err.message });
  for (const d of details) {
    const where = d.where ?? '';
    const target = where ? resolve?.(where) : undefined;
    if (target) {
      items.push({
        text: target.label ? `${target.label}: ${d.message}` : d.message,
        field: target.field,
        href: target.href,
      });
      continue;
    }
    const key = Object.keys(fieldMap).find((k) => where === k || where.endsWith(`.${k}`) || where.endsWith(`/${k}`));
    if (key) items.push({ text: d.message, field: fieldMap[key] });
    else items.push({ text: where ? `${describeWhere(where)}: ${d.message}` : d.message });
  }
  return items;
}

export function ErrorSummary({ items, title = 'There is a problem' }: { items: ErrorItem[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = items.map((i) => i.text).join('|');
  useEffect(() => {
    if (items.length) {
      ref.current?.focus();
      ref.current?.scrollIntoView?.({ block: 'start' });
    }
  }, [signature]);
  if (!items.length) return null;
  const focusField = (e: Event, id: string) => {
    const el = document.getElementById(id);
    if (!el) return;
    e.preventDefault();
    const fieldset = el.closest('fieldset');
    const legendOrLabel = fieldset?.querySelector('legend') ?? document.querySelector(`label[for="${id}"]`) ?? el;
    legendOrLabel.scrollIntoView({ block: 'start' });
    (el as HTMLElement).focus({ preventScroll: true });
  };
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {items.map((i, n) => (
              <li key={n}>
                {i.field ? (
                  <a href={`#${i.field}`} onClick={(e) => focusField(e, i.field as string)}>
                    {i.text}
                  </a>
                ) : i.href ? (
                  <a href={i.href}>{i.text}</a>
                ) : (
                  i.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
