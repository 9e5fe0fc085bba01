import { describe, expect, it } from 'vitest';
import { csvField, exportHref, toCsv, toJsonRows, type TableView } from './export.js';

interface Payment {
  phone: string;
  note: string;
  amount: number;
  refunded: number | null;
}

const view: TableView<Payment> = {
  name: 'payments',
  columns: [
    { key: 'phone', label: 'Phone', value: (r) => r.phone },
    { key: 'note', label: 'Note', value: (r) => r.note },
    { key: 'amount', label: 'KES', value: (r) => r.amount, show: (r) => `KES ${r.amount}` },
    { key: 'refunded', label: 'Refunded', value: (r) => r.refunded },
  ],
  rows: [
    { phone: '+254712345678', note: 'said "paid twice", then left', amount: 50, refunded: -20 },
    { phone: '0712', note: '=HYPERLINK("http://evil")', amount: 200, refunded: null },
    { phone: '@me', note: 'line one\nline two', amount: 0, refunded: 0 },
  ],
};

describe('table downloads', () => {
  it('writes CSV per RFC 4180: a header row of keys, CRLF lines, quoted fields with doubled quotes', () => {
    expect(toCsv(view)).toBe(
      [
        'phone,note,amount,refunded',
        `'+254712345678,"said ""paid twice"", then left",50,-20`,
        `0712,"'=HYPERLINK(""http://evil"")",200,`,
        `'@me,"line one\nline two",0,0`,
        '',
      ].join('\r\n'),
    );
  });

  it('guards every text cell a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
    expect([-5, 0, 1.5, true, null, 'plain'].map(csvField)).toEqual(['-5', '0', '1.5', 'true', '', 'plain']);
  });

  it('gives JSON rows keyed as the CSV header, with the values (not the page text)', () => {
    expect(toJsonRows(view)[0]).toEqual({
      phone: '+254712345678',
      note: 'said "paid twice", then left',
      amount: 50,
      refunded: -20,
    });
  });

  it('links keep the filters, drop the page and empty fields, and add the format', () => {
    expect(exportHref('/admin/payments', { status: 'paid', plan: '', page: '3' }, 'csv')).toBe(
      '/admin/payments?status=paid&format=csv',
    );
  });
});
