/* The payments pages' tables, each defined once for the page and its CSV / JSON downloads. */
import type { openAlerts, paymentsPage, supportPage } from '../../db/repositories/payments-admin.js';
import type { refundsPage, subscriptionsPage } from '../../db/repositories/payments-lists.js';
import type { TableView } from './export.js';

type ItemOf<F extends (...args: never[]) => Promise<{ items: unknown[] }>> = Awaited<
  ReturnType<F>
>['items'][number];
export type OrderRow = ItemOf<typeof paymentsPage>;
export type SubscriptionRow = ItemOf<typeof subscriptionsPage>;
export type RefundRow = ItemOf<typeof refundsPage>;
export type SupportRow = ItemOf<typeof supportPage>;
export type AlertRow = Awaited<ReturnType<typeof openAlerts>>[number];

/** A time as the dashboard prints it (UTC, to the minute) and downloads it (ISO 8601). */
const iso = (at: Date | string | null | undefined) => (at ? new Date(at).toISOString() : null);
const shown = (at: Date | string | null | undefined) =>
  at ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') : '–';

export const ordersTable = (rows: OrderRow[]): TableView<OrderRow> => ({
  name: 'payment-orders',
  rows,
  columns: [
    { key: 'created_at', label: 'Ordered (UTC)', value: (r) => r.createdAt, show: (r) => shown(r.createdAt) },
    { key: 'phone', label: 'Phone', value: (r) => r.phone },
    { key: 'plan', label: 'Plan', value: (r) => r.planId },
    { key: 'amount_kes', label: 'KES', value: (r) => r.amount },
    { key: 'order_status', label: 'Order', value: (r) => r.status },
    { key: 'attempt_status', label: 'Attempt', value: (r) => r.attempt?.status ?? null },
    { key: 'receipt', label: 'M-PESA receipt', value: (r) => r.attempt?.receipt ?? null },
    {
      key: 'result',
      label: 'Result',
      value: (r) =>
        r.attempt?.resultCode == null ? null : `${r.attempt.resultCode} ${r.attempt.resultDesc ?? ''}`.trim(),
    },
    {
      key: 'simulated',
      label: 'Simulated',
      value: (r) => r.attempt?.simulated ?? null,
      show: (r) => (r.attempt?.simulated ? 'yes' : 'no'),
    },
    { key: 'order_id', label: 'Order id', value: (r) => r.orderId },
  ],
});

export const subscriptionsTable = (rows: SubscriptionRow[]): TableView<SubscriptionRow> => ({
  name: 'subscriptions',
  rows,
  columns: [
    {
      key: 'period_start',
      label: 'From (UTC)',
      value: (r) => iso(r.periodStart),
      show: (r) => shown(r.periodStart),
    },
    {
      key: 'period_end',
      label: 'Until (UTC)',
      value: (r) => iso(r.periodEnd),
      show: (r) => (r.periodEnd ? shown(r.periodEnd) : 'for good'),
    },
    { key: 'phone', label: 'Phone', value: (r) => r.phone },
    { key: 'plan', label: 'Plan', value: (r) => r.planId },
    { key: 'status', label: 'Status', value: (r) => r.status },
    {
      key: 'grace_until',
      label: 'Grace until (UTC)',
      value: (r) => iso(r.graceUntil),
      show: (r) => shown(r.graceUntil),
    },
    { key: 'learner_id', label: 'Learner id', value: (r) => r.userId },
  ],
});

export const refundsTable = (rows: RefundRow[]): TableView<RefundRow> => ({
  name: 'refunds',
  rows,
  columns: [
    {
      key: 'asked_at',
      label: 'Asked (UTC)',
      value: (r) => iso(r.createdAt),
      show: (r) => shown(r.createdAt),
    },
    { key: 'phone', label: 'Phone', value: (r) => r.phone },
    { key: 'plan', label: 'Plan', value: (r) => r.planId },
    { key: 'amount_kes', label: 'KES', value: (r) => r.amount },
    { key: 'status', label: 'Status', value: (r) => r.status },
    { key: 'reason', label: 'Reason', value: (r) => r.reason },
    { key: 'asked_by', label: 'Asked by', value: (r) => r.requestedBy },
    { key: 'order_id', label: 'Order id', value: (r) => r.orderId },
  ],
});

const SUPPORT_LABELS: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  resolved: 'Resolved',
};
export const supportLabel = (status: string) => SUPPORT_LABELS[status] ?? status;

export const supportTable = (rows: SupportRow[]): TableView<SupportRow> => ({
  name: 'support-requests',
  rows,
  columns: [
    {
      key: 'opened_at',
      label: 'Opened (UTC)',
      value: (r) => iso(r.createdAt),
      show: (r) => shown(r.createdAt),
    },
    { key: 'status', label: 'Status', value: (r) => r.status, show: (r) => supportLabel(r.status) },
    { key: 'text', label: 'What the learner wrote', value: (r) => r.text },
    { key: 'learner_id', label: 'Learner id', value: (r) => r.userId },
    { key: 'order_id', label: 'Order id', value: (r) => r.orderId },
  ],
});

export const alertsTable = (rows: AlertRow[]): TableView<AlertRow> => ({
  name: 'payment-mismatches',
  rows,
  columns: [
    { key: 'at', label: 'When (UTC)', value: (r) => iso(r.at), show: (r) => shown(r.at) },
    { key: 'kind', label: 'Kind', value: (r) => r.kind },
    { key: 'detail', label: 'Detail', value: (r) => JSON.stringify(r.detail) },
    { key: 'order_id', label: 'Order id', value: (r) => r.orderId },
    { key: 'alert_id', label: 'Alert', value: (r) => r.id },
  ],
});
