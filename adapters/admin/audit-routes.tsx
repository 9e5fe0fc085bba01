import { Hono } from 'hono';
import { searchAdminAudit } from '../../db/repositories/admin-audit.js';
import type { AppDeps } from '../deps.js';
import type { DashboardEnv } from './env.js';
import { AuditPage, type AuditFilters } from './pages/audit.js';
import { page } from './refusal.js';
import { viewerOf } from './viewer.js';

const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD` form value as the start of that UTC day; undefined when it is no real day. */
function dayStart(text: string): Date | undefined {
  if (!DAY.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : date;
}

/** /admin/audit: the audit log, filtered by the form's fields (a GET form: links can be shared). */
export function auditRoutes(deps: AppDeps): Hono<DashboardEnv> {
  const routes = new Hono<DashboardEnv>();
  routes.get('/audit', async (c) => {
    const text = (name: string, max = 200) => (c.req.query(name) ?? '').trim().slice(0, max);
    const pageNo = Number(c.req.query('page') ?? '1');
    const filters: AuditFilters = {
      q: text('q'),
      admin: text('admin'),
      subject: text('subject', 300),
      from: text('from', 10),
      to: text('to', 10),
      page: Number.isInteger(pageNo) && pageNo >= 1 && pageNo <= 100_000 ? pageNo : 1,
    };
    const since = filters.from ? dayStart(filters.from) : undefined;
    const toDay = filters.to ? dayStart(filters.to) : undefined;
    const problem =
      filters.from && !since
        ? { field: 'from' as const, message: 'Enter a day as YYYY-MM-DD, for example 2026-03-02.' }
        : filters.to && !toDay
          ? { field: 'to' as const, message: 'Enter a day as YYYY-MM-DD, for example 2026-03-02.' }
          : since && toDay && since > toDay
            ? { field: 'from' as const, message: 'The first day must not be after the last day.' }
            : undefined;
    const viewer = viewerOf(c);
    if (problem)
      return page(c, <AuditPage {...{ viewer, filters, problem }} items={[]} total={0} pages={0} />, 400);
    const { items, total } = await searchAdminAudit(deps.database.db, {
      q: filters.q || undefined,
      admin: filters.admin || undefined,
      subject: filters.subject || undefined,
      since,
      until: toDay ? new Date(toDay.getTime() + DAY_MS) : undefined,
      page: filters.page,
      pageSize: PAGE_SIZE,
    });
    return page(c, <AuditPage {...{ viewer, filters, items, total }} pages={Math.ceil(total / PAGE_SIZE)} />);
  });
  return routes;
}
