import type { Context } from 'hono';
import { refusal } from './refusal.js';

/*
 * Every dashboard table is a TableView: the page prints it, and `?format=csv|json` on the same
 * address downloads it, so the three never disagree. Decisions: a download holds every row the
 * filters match (up to EXPORT_LIMIT), not only the page on screen; CSV follows RFC 4180 (CRLF,
 * header row, fields with a comma, quote or line break quoted, quotes doubled) and guards against
 * formula injection: a text cell starting with = + - @ (or tab / carriage return) gets a leading '
 * so a spreadsheet shows it instead of running it. Numbers stay numbers (a negative refund is not text).
 */

export type Cell = string | number | boolean | null;

export interface TableColumn<Row> {
  /** The JSON key and the CSV header. */
  key: string;
  /** The header people read on the page. */
  label: string;
  value: (row: Row) => Cell;
  /** How the page prints it when that differs from the download (a share as a percentage). */
  show?: (row: Row) => string;
}

export interface TableView<Row> {
  /** The download's file name, without extension. */
  name: string;
  columns: TableColumn<Row>[];
  rows: Row[];
}

export const EXPORT_LIMIT = 10_000;
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RISKY_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-guarded when it is text, quoted when it must be. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = RISKY_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(view: TableView<Row>): string {
  const lines = [
    view.columns.map((column) => csvField(column.key)).join(','),
    ...view.rows.map((row) => view.columns.map((column) => csvField(column.value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export const toJsonRows = <Row>(view: TableView<Row>): Record<string, Cell>[] =>
  view.rows.map((row) => Object.fromEntries(view.columns.map((column) => [column.key, column.value(row)])));

/** The format asked for (`?format=`): undefined for the page, 'bad' for anything else. */
export function exportFormatOf(c: Context): ExportFormat | 'bad' | undefined {
  const format = c.req.query('format');
  if (format === undefined || format === '' || format === 'html') return undefined;
  return (EXPORT_FORMATS as readonly string[]).includes(format) ? (format as ExportFormat) : 'bad';
}

/** The download of `view` in `format`, named `<name>.csv|json`, never cached. */
export function exportResponse<Row>(c: Context, view: TableView<Row>, format: ExportFormat): Response {
  const headers = {
    'Content-Disposition': `attachment; filename="${view.name}.${format}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (format === 'csv')
    return c.body(toCsv(view), 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
  return c.json({ rows: toJsonRows(view) }, 200, headers);
}

/** The current address with `format` set, for the page's download links. */
export function exportHref(path: string, query: Record<string, string>, format: ExportFormat): string {
  const params = new URLSearchParams(
    Object.entries(query).filter(([key, value]) => value !== '' && key !== 'page'),
  );
  params.set('format', format);
  return `${path}?${params}`;
}

/** The page, or the download `?format=` asks for, or a 400 page naming the formats there are. */
export async function pageOrDownload<Row>(
  c: Context,
  view: TableView<Row>,
  render: () => Response | Promise<Response>,
): Promise<Response> {
  const format = exportFormatOf(c);
  if (format === 'bad')
    return refusal(c, 400, 'The download format must be csv or json; leave format out to see the page.');
  return format ? exportResponse(c, view, format) : render();
}
