import { DateTime } from 'luxon';
import { usersRepository } from '../../../db/repositories/users.js';
import type { Database } from '../../../db/client.js';
import { notFound, validationFailed } from '../errors.js';
import { tryNormalizePhone } from '../phone.js';

/** Query-string pieces the admin list APIs share: a learner, a time range, a page. */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const PAGE_SIZE_MAX = 200;

export const pageProperties = {
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: PAGE_SIZE_MAX, default: 50 },
} as const;

const DATE_OR_INSTANT =
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

/** `from`/`to`: a day (`2026-03-02`, UTC) or an instant with its offset (`2026-03-02T07:30:00Z`). */
export const rangeProperties = {
  from: { type: 'string', nullable: true, pattern: DATE_OR_INSTANT },
  to: { type: 'string', nullable: true, pattern: DATE_OR_INSTANT },
} as const;

export const rangeMessages = {
  from: 'must be a date (2026-03-02) or an instant with its offset (2026-03-02T07:30:00Z)',
  to: 'must be a date (2026-03-02) or an instant with its offset (2026-03-02T07:30:00Z)',
};

/**
 * The range as [from, to): a bare `to` day includes that whole day, so `from=2026-03-02&to=2026-03-02`
 * is one day. 400 when a value is not a real date or `from` is after `to`.
 */
export function timeRange(query: { from?: string | null; to?: string | null }): { from?: Date; to?: Date } {
  const parse = (field: 'from' | 'to', value: string | null | undefined) => {
    if (!value) return undefined;
    const parsed = DateTime.fromISO(value, { zone: 'utc', setZone: true });
    if (!parsed.isValid) throw validationFailed([{ field: `/${field}`, reason: rangeMessages[field] }]);
    const dayOnly = value.length === 10;
    return (field === 'to' && dayOnly ? parsed.plus({ days: 1 }) : parsed).toJSDate();
  };
  const from = parse('from', query.from);
  const to = parse('to', query.to);
  if (from && to && from > to) throw validationFailed([{ field: '/from', reason: 'must not be after to' }]);
  return { from, to };
}

/** A learner named by id or by phone number (any spelling); 400 when it is neither, 404 when unknown. */
export async function learnerIdOf(db: Database, field: string, value: string): Promise<string> {
  const users = usersRepository(db);
  if (UUID.test(value)) {
    if (!(await users.findById(value))) throw notFound('learner');
    return value;
  }
  const phone = tryNormalizePhone(value);
  if (!phone)
    throw validationFailed([
      { field: `/${field}`, reason: 'must be a learner id (UUID) or a phone number like +254712345678' },
    ]);
  const user = await users.findByPhone(phone);
  if (!user) throw notFound('learner');
  return user.id;
}

/** The page envelope every admin list answers with. */
export const paged = <T>(items: T[], total: number, page: number, pageSize: number) => ({
  items,
  page,
  pageSize,
  total,
  pages: Math.ceil(total / pageSize),
});
