import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { TableModel } from '../tables';
import { CsvButton } from './CsvButton';
import { DataTable } from './DataTable';

/**
 * A chart with a "Show as table" toggle. The table is a real <table> built from the same data
 * as the chart, so people who cannot see the chart (or want the numbers) get the same figures.
 * With `csv` (a file name) a "Download CSV" button saves that table, built in the browser.
 */
export function ChartWithTable({
  title,
  description,
  table,
  children,
  headingLevel = 2,
  id,
  csv,
  csvTable,
  after,
}: {
  title: string;
  description?: ComponentChildren;
  table: TableModel;
  children: ComponentChildren;
  headingLevel?: 2 | 3;
  id?: string;
  /** File name for a client-side CSV download of `table`. */
  csv?: string;
  /** A fuller table for the CSV than the one shown (for example bounds in columns of their own). */
  csvTable?: TableModel;
  /** Shown below the chart or table in both views (for example a list of missing bodies). */
  after?: ComponentChildren;
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
        <div class="pvf-chart__actions">
          <button
            type="button"
            class="govuk-button govuk-button--secondary pvf-chart__toggle"
            aria-controls={`${regionId}-body`}
            data-module="pvf-chart-toggle"
            onClick={() => setAsTable((v) => !v)}
          >
            {asTable ? 'Show as chart' : 'Show as table'}
          </button>
          {csv ? <CsvButton model={csvTable ?? table} filename={csv} what={title} /> : null}
        </div>
      </div>
      {description ? <div class="govuk-body-s pvf-chart__description">{description}</div> : null}
      <div id={`${regionId}-body`}>
        {asTable ? (
          <DataTable model={table} caption={`${title} (table)`} captionClass="govuk-visually-hidden" sortable />
        ) : (
          <div class="pvf-chart__figure">{children}</div>
        )}
      </div>
      {after}
    </section>
  );
}

type Charts = typeof import('../charts');

// The chart builders (and @observablehq/plot + d3, most of the JS) live in a separate chunk that
// only pages with charts download. The promise is shared, so the module is fetched once.
let chartsPromise: Promise<Charts> | null = null;
let chartsLoaded: Charts | null = null;

/** Loads the chart builders module (once); later calls return the same promise. */
export function loadCharts(): Promise<Charts> {
  if (!chartsPromise) {
    chartsPromise = import('../charts').then(
      (m) => (chartsLoaded = m),
      (e: unknown) => {
        chartsPromise = null; // allow a retry on the next render
        throw e;
      },
    );
  }
  return chartsPromise;
}

/** Starts fetching the chart code early (e.g. while a page's data loads); errors surface in PlotFigure. */
export function preloadCharts(): void {
  loadCharts().catch(() => {});
}

/**
 * Mounts an Observable Plot figure; `make` gets the chart builders (loaded lazily, see
 * loadCharts) and the available width, and returns the element. `height` reserves the chart's
 * space while the chart code loads, so the page does not jump when it arrives.
 */
export function PlotFigure({
  make,
  deps,
  label,
  height,
}: {
  make: (charts: Charts, width: number) => Element;
  deps: unknown[];
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  const [charts, setCharts] = useState<Charts | null>(chartsLoaded);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (charts) return;
    let live = true;
    loadCharts().then(
      (m) => live && setCharts(m),
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [charts]);
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
    if (loadError) {
      el.textContent = `The chart could not be drawn: ${loadError}`;
      return;
    }
    if (!charts) return;
    let fig: Element;
    try {
      fig = make(charts, width);
    } catch (e) {
      el.textContent = `The chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    el.replaceChildren(fig);
    return () => fig.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [charts, loadError, width, ...deps]);
  const pending = !charts && !loadError;
  return (
    <div
      ref={ref}
      class="pvf-plot"
      role="img"
      aria-label={label}
      aria-busy={pending ? 'true' : undefined}
      style={pending && height ? { minHeight: `${height}px` } : undefined}
    />
  );
}
