import { DateTime } from 'luxon';
import { learnersNamed, type LearnerName } from '../../../db/repositories/learner-lookup.js';
import { usersRepository } from '../../../db/repositories/users.js';
import type { Database } from '../../../db/client.js';
import { BSUID } from '../../channels/bsuid.js';
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

export const LEARNER_NAME_REASON =
  'must be a learner id (UUID), a phone number like +254712345678, a BSUID like KE.1502576394655843 or a username like @amina.k';

/**
 * A WhatsApp username, `@` allowed in front, read in lower case: 3–35 of `a-z 0-9 . _`, a letter
 * among them, no period first, last or twice in a row (Meta's rules, docs/whatsapp-identity.md).
 */
const USERNAME = /^@?((?=.*[a-z])(?!\.)(?!.*\.\.)[a-z0-9._]{3,35}(?<!\.))$/i;

/**
 * How an operator named a learner: a phone number in any spelling (read first, so a username of
 * digits only is read as a phone), a BSUID, or a username; undefined when it is none of them.
 */
export function learnerNameOf(raw: string): LearnerName | undefined {
  const text = raw.trim().replace(/^whatsapp:/i, '');
  const phone = tryNormalizePhone(text);
  if (phone) return { kind: 'phone', value: phone };
  if (BSUID.test(text)) return { kind: 'bsuid', value: text };
  const username = USERNAME.exec(text)?.[1];
  return username ? { kind: 'username', value: username.toLowerCase() } : undefined;
}

/**
 * A learner named by id, phone number, BSUID or username (docs/http-api.md); 400 naming `field`
 * when it is none of these, 404 when no learner has it.
 */
export async function learnerIdOf(db: Database, field: string, value: string): Promise<string> {
  if (UUID.test(value)) {
    if (!(await usersRepository(db).findById(value))) throw notFound('learner');
    return value;
  }
  const name = learnerNameOf(value);
  if (!name) throw validationFailed([{ field: `/${field}`, reason: LEARNER_NAME_REASON }]);
  const [id] = await learnersNamed(db, name);
  if (!id) throw notFound('learner');
  return id;
}

/** The page envelope every admin list answers with. */
export const paged = <T>(items: T[], total: number, page: number, pageSize: number) => ({
  items,
  page,
  pageSize,
  total,
  pages: Math.ceil(total / pageSize),
});
