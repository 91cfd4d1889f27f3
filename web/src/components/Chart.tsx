import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { TableModel } from '../tables';
import { DataTable } from './DataTable';

/**
 * A chart with a "Show as table" toggle. The table is a real <table> built from the same data
 * as the chart, so people who cannot see the chart (or want the numbers) get the same figures.
 */
export function ChartWithTable({
  title,
  description,
  table,
  children,
  headingLevel = 2,
  id,
}: {
  title: string;
  description?: ComponentChildren;
  table: TableModel;
  children: ComponentChildren;
  headingLevel?: 2 | 3;
  id?: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const uid = useId();
  const regionId = id ?? `chart-${uid}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="pvf-chart" aria-labelledby={`${regionId}-title`} id={regionId}>
      <div class="pvf-chart__header">
        <Heading class={headingLevel === 2 ? 'govuk-heading-m' : 'govuk-heading-s'} id={`${regionId}-title`}>
          {title}
        </Heading>
        <button
          type="button"
          class="govuk-button govuk-button--secondary pvf-chart__toggle"
          aria-controls={`${regionId}-body`}
          data-module="pvf-chart-toggle"
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      {description ? <div class="govuk-body-s pvf-chart__description">{description}</div> : null}
      <div id={`${regionId}-body`}>
        {asTable ? (
          <DataTable model={table} caption={`${title} (table)`} captionClass="govuk-visually-hidden" sortable />
        ) : (
          <div class="pvf-chart__figure">{children}</div>
        )}
      </div>
    </section>
  );
}

/** Mounts an Observable Plot figure; `make` gets the available width and returns the element. */
export function PlotFigure({ make, deps, label }: { make: (width: number) => Element; deps: unknown[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth || 640)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let fig: Element;
    try {
      fig = make(width);
    } catch (e) {
      el.textContent = `The chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    el.replaceChildren(fig);
    return () => fig.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [width, ...deps]);
  return <div ref={ref} class="pvf-plot" role="img" aria-label={label} />;
}
