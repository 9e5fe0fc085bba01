import { Hono, type Context } from 'hono';
import { openAlerts, paymentsPage, supportPage } from '../../db/repositories/payments-admin.js';
import {
  REFUND_STATUSES,
  refundsPage,
  SUBSCRIPTION_STATUSES,
  subscriptionsPage,
} from '../../db/repositories/payments-lists.js';
import { ORDER_STATUSES, SUPPORT_STATUSES } from '../../db/schema/index.js';
import type { AppDeps } from '../deps.js';
import { tryNormalizePhone } from '../http/phone.js';
import type { DashboardEnv } from './env.js';
import { paymentActionRoutes } from './payments-actions.js';
import { EXPORT_LIMIT, exportFormatOf, pageOrDownload } from './export.js';
import { PaymentFilters, PaymentsPage, RowAction } from './pages/payments.js';
import { TableCard } from './pages/table-view.js';
import {
  alertsTable,
  ordersTable,
  refundsTable,
  subscriptionsTable,
  supportLabel,
  supportTable,
} from './payments-tables.js';
import { page, refusal } from './refusal.js';
import { viewerOf } from './viewer.js';

const PAGE_SIZE = 20;
const any = (values: readonly string[], label = (v: string) => v): [string, string][] => [
  ['', 'Any'],
  ...values.map((v): [string, string] => [v, label(v)]),
];
const DONE: Record<string, string> = {
  refunded: 'Refund sent to M-PESA. It shows here as completed once M-PESA confirms it.',
  moved: 'Support request moved.',
  resolved: 'Mismatch marked as handled; it has left the list.',
};

/** The page number (`?page=`), or undefined when it is not a whole number from 1. */
const pageNumber = (c: Context) => {
  const n = Number(c.req.query('page') ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : undefined;
};

/** A status filter: '' (any), one of `allowed`, or undefined when it is neither. */
const statusOf = <T extends string>(c: Context, allowed: readonly T[]) => {
  const status = c.req.query('status') ?? '';
  return status === '' || (allowed as readonly string[]).includes(status) ? (status as T | '') : undefined;
};

/** Page 1 of everything the filters match when downloading, else the page asked for. */
const paging = (c: Context, pageNo: number) =>
  exportFormatOf(c) ? { page: 1, pageSize: EXPORT_LIMIT } : { page: pageNo, pageSize: PAGE_SIZE };

/**
 * /admin/payments: orders with their M-PESA attempt, subscriptions, refunds, support requests
 * (moved open → in progress → resolved here) and mismatches (marked handled here); filters, pages,
 * CSV / JSON downloads. The actions are in payments-actions.tsx.
 */
export function paymentsRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<DashboardEnv> {
  const db = deps.database.db;
  const routes = new Hono<DashboardEnv>();
  const badStatus = (c: Context, allowed: readonly string[]) =>
    refusal(c, 400, `Status must be one of ${allowed.join(', ')} (or Any).`);
  const badPage = (c: Context) => refusal(c, 400, 'The page must be a whole number from 1.');

  routes.get('/payments', async (c) => {
    const pageNo = pageNumber(c);
    const status = statusOf(c, ORDER_STATUSES);
    const plan = (c.req.query('plan') ?? '').trim().slice(0, 100);
    const phoneText = (c.req.query('phone') ?? '').trim().slice(0, 32);
    if (!pageNo) return badPage(c);
    if (status === undefined) return badStatus(c, ORDER_STATUSES);
    const phone = phoneText ? tryNormalizePhone(phoneText) : undefined;
    if (phoneText && !phone)
      return refusal(
        c,
        400,
        `"${phoneText}" is not a phone number: write it like +254712345678 or 0712345678.`,
      );
    const { items, total } = await paymentsPage(db, {
      status: status || undefined,
      planId: plan || undefined,
      phone,
      ...paging(c, pageNo),
    });
    const query = { status, plan, phone: phoneText };
    const view = ordersTable(items);
    const owner = c.get('admin').role === 'owner';
    return pageOrDownload(c, view, () =>
      page(
        c,
        <PaymentsPage
          viewer={viewerOf(c)}
          current="orders"
          intro="Every order a learner made, newest first, with its M-PESA prompt (attempt): its status, receipt and M-PESA's result."
          filters={
            <PaymentFilters
              action="/admin/payments"
              fields={[
                { name: 'status', label: 'Order status', value: status, options: any(ORDER_STATUSES) },
                { name: 'plan', label: 'Plan', value: plan, placeholder: 'premium-week' },
                { name: 'phone', label: 'Phone', value: phoneText, placeholder: '0712 345 678' },
              ]}
            />
          }
          pager={{
            page: pageNo,
            pages: Math.ceil(total / PAGE_SIZE),
            href: (n) => `/admin/payments?${new URLSearchParams({ ...query, page: String(n) })}`,
          }}
        >
          <TableCard
            view={view}
            id="orders-title"
            title={total === 1 ? '1 order' : `${total} orders`}
            path="/admin/payments"
            query={query}
            empty="No order matches."
            numeric={['amount_kes']}
            actions={
              owner
                ? {
                    label: 'Action',
                    cell: (row) =>
                      row.attempt?.status === 'confirmed' ? (
                        <a href={`/admin/payments/orders/${row.orderId}/refund`}>Refund…</a>
                      ) : (
                        ''
                      ),
                  }
                : undefined
            }
          />
        </PaymentsPage>,
      ),
    );
  });

  const simpleList = <Row,>(spec: {
    path: string;
    current: 'subscriptions' | 'refunds' | 'support';
    statuses: readonly string[];
    label?: (status: string) => string;
    intro: string;
    noun: string;
    load: (
      status: string,
      paging: { page: number; pageSize: number },
    ) => Promise<{ items: Row[]; total: number }>;
    table: (rows: Row[]) => import('./export.js').TableView<Row>;
    actions?: (c: Context<DashboardEnv>) => {
      label: string;
      cell: (row: Row) => ReturnType<typeof RowAction> | string;
    };
  }) =>
    routes.get(spec.path, async (c) => {
      const pageNo = pageNumber(c);
      const status = statusOf(c, spec.statuses);
      if (!pageNo) return badPage(c);
      if (status === undefined) return badStatus(c, spec.statuses);
      const { items, total } = await spec.load(status, paging(c, pageNo));
      const view = spec.table(items);
      return pageOrDownload(c, view, () =>
        page(
          c,
          <PaymentsPage
            viewer={viewerOf(c)}
            current={spec.current}
            intro={spec.intro}
            done={DONE[c.req.query('done') ?? '']}
            filters={
              <PaymentFilters
                action={`/admin${spec.path}`}
                fields={[
                  { name: 'status', label: 'Status', value: status, options: any(spec.statuses, spec.label) },
                ]}
              />
            }
            pager={{
              page: pageNo,
              pages: Math.ceil(total / PAGE_SIZE),
              href: (n) => `/admin${spec.path}?${new URLSearchParams({ status, page: String(n) })}`,
            }}
          >
            <TableCard
              view={view}
              id={`${spec.current}-title`}
              title={`${total} ${spec.noun}${total === 1 ? '' : 's'}`}
              path={`/admin${spec.path}`}
              query={{ status }}
              empty={`No ${spec.noun} matches.`}
              numeric={['amount_kes']}
              actions={spec.actions?.(c)}
            />
          </PaymentsPage>,
        ),
      );
    });

  simpleList({
    path: '/payments/subscriptions',
    current: 'subscriptions',
    statuses: SUBSCRIPTION_STATUSES,
    intro: 'The access each paid order gives, newest first: active, in its grace days, expired or refunded.',
    noun: 'subscription',
    load: (status, p) =>
      subscriptionsPage(db, { status: (status || undefined) as 'active' | undefined, ...p }),
    table: subscriptionsTable,
  });

  simpleList({
    path: '/payments/refunds',
    current: 'refunds',
    statuses: REFUND_STATUSES,
    intro: 'Refunds owners asked for, newest first: requested (waiting for M-PESA), completed or failed.',
    noun: 'refund',
    load: (status, p) => refundsPage(db, { status: (status || undefined) as 'requested' | undefined, ...p }),
    table: refundsTable,
  });

  simpleList({
    path: '/payments/support',
    current: 'support',
    statuses: SUPPORT_STATUSES,
    label: supportLabel,
    intro:
      'What learners asked for help with after BILLING, newest first. Move a request on as you handle it.',
    noun: 'support request',
    load: (status, p) => supportPage(db, status || undefined, p.page, p.pageSize),
    table: supportTable,
    actions: (c) => ({
      label: 'Move to',
      cell: (row) =>
        row.status === 'resolved' ? (
          ''
        ) : (
          <>
            {row.status === 'open' && (
              <RowAction
                action={`/admin/payments/support/${row.id}/move`}
                csrf={c.get('csrfToken')}
                label="In progress"
                field={['status', 'in_progress']}
              />
            )}
            <RowAction
              action={`/admin/payments/support/${row.id}/move`}
              csrf={c.get('csrfToken')}
              label="Resolved"
              field={['status', 'resolved']}
            />
          </>
        ),
    }),
  });

  routes.get('/payments/alerts', async (c) => {
    const items = await openAlerts(db, exportFormatOf(c) ? EXPORT_LIMIT : 100);
    const view = alertsTable(items);
    return pageOrDownload(c, view, () =>
      page(
        c,
        <PaymentsPage
          viewer={viewerOf(c)}
          current="alerts"
          intro="What reconciliation found wrong and money that may have moved (amount or phone mismatches, unknown or late callbacks, ledger differences), newest first, until someone marks it handled."
          done={DONE[c.req.query('done') ?? '']}
        >
          <TableCard
            view={view}
            id="alerts-title"
            title={`${items.length} open`}
            path="/admin/payments/alerts"
            empty="Nothing to look at: every payment matches."
            actions={{
              label: 'Action',
              cell: (row) => (
                <RowAction
                  action={`/admin/payments/alerts/${row.id}/resolve`}
                  csrf={c.get('csrfToken')}
                  label="Mark handled"
                />
              ),
            }}
          />
        </PaymentsPage>,
      ),
    );
  });

  routes.route('/', paymentActionRoutes(deps, options));
  return routes;
}
