// "Download CSV" for a chart or table, built in the browser from the same TableModel as the
// table view (raw, unrounded values where the model has them), so no server round trip.
import type { ComponentProps } from 'preact';
import { toCsv, type TableModel } from '../tables';
import { DataTable } from './DataTable';

/** Saves text as a file through a temporary object URL (with a BOM so Excel reads UTF-8). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob(['\uFEFF', text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CsvButton({
  model,
  filename,
  what,
  class: className = 'govuk-button govuk-button--secondary',
}: {
  model: TableModel;
  filename: string;
  /** Read by screen readers after "Download CSV", e.g. "of Goals". */
  what?: string;
  class?: string;
}) {
  return (
    <button
      type="button"
      class={`${className} pvf-csv-button`}
      data-filename={filename}
      onClick={() => downloadText(filename, toCsv(model))}
    >
      Download CSV{what ? <span class="govuk-visually-hidden"> of {what}</span> : null}
    </button>
  );
}

/** A table with its "Download CSV" button below it (the CSV from `csv` when given, else the table). */
export function TableWithCsv({
  filename,
  what,
  csv,
  ...table
}: ComponentProps<typeof DataTable> & { filename: string; what: string; csv?: TableModel }) {
  return (
    <>
      <DataTable {...table} />
      <div class="govuk-button-group">
        <CsvButton model={csv ?? table.model} filename={filename} what={what} />
      </div>
    </>
  );
}
