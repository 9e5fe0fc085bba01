/*
 * Learners found by any name WhatsApp gave them, for operators (docs/http-api.md): a phone number
 * (their address or a linked phone), a BSUID (address or linked), or a username.
 * Decisions: a username names the learner it was most recently linked to (a username another
 * learner gave up can linger on a learner who has not written since); a search lists them all.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';
import type { IdentityKind } from '../schema/identities.js';

/** How an operator named a learner: by a WhatsApp identity other than the parent BSUID. */
export type LearnerName = { kind: Exclude<IdentityKind, 'parent_bsuid'>; value: string };

export interface LearnerIdentityView {
  kind: IdentityKind;
  value: string;
  /** When LearnLoop first saw it. */
  since: Date;
  /** Whether replies go to it (users.phone). */
  address: boolean;
}

/** The ids of the learners with this name, the most recently linked first (two indexed lookups). */
export async function learnersNamed(db: Database, name: LearnerName): Promise<string[]> {
  const byAddress =
    name.kind === 'username'
      ? sql``
      : sql`union all select id as user_id, null::timestamptz as linked from users where phone = ${name.value}`;
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`select user_id as id from (
        select user_id, created_at as linked from learner_identities
          where kind = ${name.kind} and value = ${name.value}
        ${byAddress}) named
      group by user_id order by max(linked) desc nulls last, user_id`),
  );
  return rows.map((row) => row.id);
}

/**
 * Every name WhatsApp gave a learner, oldest first, their address (users.phone) among them even
 * when no webhook linked it (learners who only ever wrote with a phone have no identity rows).
 */
export async function identitiesOf(db: Database, userId: string): Promise<LearnerIdentityView[]> {
  const rows = rowsOf<{ kind: IdentityKind; value: string; since: Date | string; address: boolean }>(
    await db.execute(sql`select i.kind, i.value, i.created_at as since, i.value = u.phone as address
        from learner_identities i join users u on u.id = i.user_id where i.user_id = ${userId}
      union all
      select case when u.phone like '+%' then 'phone' else 'bsuid' end, u.phone, u.created_at, true
        from users u where u.id = ${userId} and not exists (select 1 from learner_identities i
          where i.user_id = u.id and i.value = u.phone and i.kind in ('phone', 'bsuid'))
      order by since, kind`),
  );
  return rows.map((row) => ({
    kind: row.kind,
    value: row.value,
    since: new Date(row.since),
    address: row.address,
  }));
}

/**
 * The learner's phone number as WhatsApp gave it: their address when it is one, else the phone
 * most recently linked; undefined for a learner known only by BSUID. Payments ask such a learner
 * for the number to charge and never assume one (docs/whatsapp-identity.md#how-learnloop-uses-this).
 */
export function knownPhoneOf(identities: readonly Omit<LearnerIdentityView, 'since'>[]): string | undefined {
  const phones = identities.filter((identity) => identity.kind === 'phone');
  return (phones.find((identity) => identity.address) ?? phones.at(-1))?.value;
}

/** knownPhoneOf for a learner by id. */
export async function knownPhone(db: Database, userId: string): Promise<string | undefined> {
  return knownPhoneOf(await identitiesOf(db, userId));
}
