// Sub-navigation between a body's pages: overview, goals, productivity, surveys, benchmarking.
// Real links (each section has its own URL), the current one marked with aria-current="page".
import { BODY_TYPE_LABELS } from '../format';
import type { Body } from '../types';
import { Breadcrumbs } from './ui';

export type BodySection = 'overview' | 'goals' | 'productivity' | 'surveys' | 'benchmarks';

export const BODY_SECTIONS: { key: BodySection; text: string; path: string }[] = [
  { key: 'overview', text: 'Overview', path: '' },
  { key: 'goals', text: 'Goals', path: '/goals' },
  { key: 'productivity', text: 'Productivity', path: '/productivity' },
  { key: 'surveys', text: 'Surveys', path: '/surveys' },
  { key: 'benchmarks', text: 'Benchmarking', path: '/benchmarks' },
];

export function BodyNav({ id, current }: { id: number; current: BodySection }) {
  return (
    <nav class="pvf-subnav" aria-label="Sections for this body">
      <ul class="pvf-subnav__list">
        {BODY_SECTIONS.map((s) => (
          <li class={`pvf-subnav__item${s.key === current ? ' pvf-subnav__item--current' : ''}`} key={s.key}>
            <a class="govuk-link govuk-link--no-visited-state pvf-subnav__link" href={`/bodies/${id}${s.path}`} aria-current={s.key === current ? 'page' : undefined}>
              {s.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Breadcrumbs, caption, heading and sub-navigation of a body's section page. */
export function BodySectionHeader({ id, body, section, title }: { id: number; body: Body | undefined; section: BodySection; title: string }) {
  const name = body?.name ?? `Body ${id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { text: 'Home', href: '/' },
          { text: 'Public bodies', href: '/bodies' },
          { text: name, href: `/bodies/${id}` },
          { text: title },
        ]}
      />
      <span class="govuk-caption-l">
        {name}
        {body ? ` – ${BODY_TYPE_LABELS[body.type] ?? body.type}` : ''}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      <BodyNav id={id} current={section} />
    </>
  );
}
