import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { sortRows, type SortDirection, type TableModel } from '../tables';

/** A GOV.UK table from a TableModel; sortable columns get header buttons and aria-sort. */
export function DataTable({
  model,
  caption,
  captionClass = 'govuk-table__caption--m',
  sortable = false,
  id,
  renderCell,
  small = false,
}: {
  model: TableModel;
  caption?: ComponentChildren;
  captionClass?: string;
  sortable?: boolean;
  id?: string;
  small?: boolean;
  /** Optional custom renderer for a cell (row index after sorting, column key); undefined = the default. */
  renderCell?: (rowIndex: number, columnKey: string, text: string, row: TableModel['rows'][number]) => ComponentChildren;
}) {
  const [sort, setSort] = useState<{ col: number; dir: SortDirection } | null>(null);
  const rows = useMemo(
    () => (sort ? sortRows(model.rows, sort.col, sort.dir) : model.rows),
    [model, sort?.col, sort?.dir],
  );
  const toggle = (col: number) => {
    setSort((s) =>
      s && s.col === col
        ? { col, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { col, dir: model.columns[col].numeric ? 'descending' : 'ascending' },
    );
  };
  return (
    <div class="pvf-table-wrap" tabIndex={0} role="region" aria-label={typeof caption === 'string' ? caption : 'Table'}>
      <table class={`govuk-table${small ? ' pvf-table--small' : ''}`} id={id}>
        {caption ? <caption class={`govuk-table__caption ${captionClass}`}>{caption}</caption> : null}
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {model.columns.map((c, i) => {
              const ariaSort = sortable ? (sort?.col === i ? sort.dir : 'none') : undefined;
              return (
                <th
                  scope="col"
                  class={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
                  aria-sort={ariaSort as never}
                  key={c.key}
                >
                  {sortable ? (
                    <button type="button" class="pvf-sort-button" data-column={c.key} onClick={() => toggle(i)}>
                      {c.label}
                      <span aria-hidden="true" class="pvf-sort-indicator">
                        {sort?.col === i ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows.map((r, ri) => (
            <tr class={`govuk-table__row${r.some((c) => c.highlight) ? ' pvf-row--highlight' : ''}`} key={ri}>
              {r.map((cell, ci) => {
                const col = model.columns[ci];
                const custom = renderCell ? renderCell(ri, col.key, cell.text, r) : undefined;
                const content =
                  custom !== undefined
                    ? custom
                    : cell.href
                      ? <a class="govuk-link" href={cell.href}>{cell.text}</a>
                      : cell.text;
                return ci === 0 ? (
                  <th scope="row" class="govuk-table__header" key={ci}>
                    {content}
                  </th>
                ) : (
                  <td class={`govuk-table__cell${col.numeric ? ' govuk-table__cell--numeric' : ''}`} key={ci}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
