import type { Child } from 'hono/jsx';
import { exportHref, type TableView } from '../export.js';

interface TableProps<Row> {
  view: TableView<Row>;
  /** The heading's id, for the table's accessible name. */
  id: string;
  title: string;
  /** The page's address and filters: the download links repeat them with `format`. */
  path: string;
  query?: Record<string, string>;
  /** Shown instead of the table when there are no rows. */
  empty: string;
  /** Extra cells at the end of each row (actions), with their header. */
  actions?: { label: string; cell: (row: Row) => Child };
  /** Columns whose cells are numbers (aligned right). */
  numeric?: string[];
}

/** A titled table with its CSV and JSON download links: the same TableView the downloads are made of. */
export function TableCard<Row>({
  view,
  id,
  title,
  path,
  query = {},
  empty,
  actions,
  numeric = [],
}: TableProps<Row>) {
  return (
    <section aria-labelledby={id} class="report">
      <div class="report-head">
        <h2 id={id}>{title}</h2>
        <p class="downloads" hx-boost="false">
          Download:{' '}
          <a href={exportHref(path, query, 'csv')} download>
            CSV
          </a>{' '}
          <a href={exportHref(path, query, 'json')} download>
            JSON
          </a>
        </p>
      </div>
      {view.rows.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby={id}>
            <thead>
              <tr>
                {view.columns.map((column) => (
                  <th scope="col" class={numeric.includes(column.key) ? 'num' : undefined}>
                    {column.label}
                  </th>
                ))}
                {actions && <th scope="col">{actions.label}</th>}
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr>
                  {view.columns.map((column, i) => {
                    const value = column.value(row);
                    const text = column.show?.(row) ?? (value === null || value === '' ? '–' : String(value));
                    const cls = numeric.includes(column.key) ? 'num' : undefined;
                    return i === 0 ? (
                      <th scope="row" class={cls}>
                        {text}
                      </th>
                    ) : (
                      <td class={cls}>{text}</td>
                    );
                  })}
                  {actions && <td>{actions.cell(row)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
