/*
 * Which learner a WhatsApp webhook is about, when it names them by phone number, BSUID, parent
 * BSUID and username (docs/whatsapp-identity.md, docs/learners.md).
 * Decisions: users.phone stays the learner's address (their E.164 phone, or their BSUID when no
 * phone was ever seen), so the engine, outbox, rate limits and window never learn about BSUIDs.
 * A learner is found by BSUID first (always in Meta's webhooks, stable until a change event),
 * then by phone, but only a learner with no other BSUID: a known number arriving with a new BSUID
 * and no change event is a recycled number, so a new person (addressed by BSUID if the number is
 * still another learner's address). A learner whose address is a BSUID keeps it when a phone
 * shows up later: the phone is withheld or shown per business number and per 30 days, so
 * switching would flap, and sending to a BSUID works for everything this product sends. Only a
 * change event moves an address. Concurrent first contacts of one person meet on the unique users.phone and the
 * unique (kind, value) of phone and BSUID identities, so they resolve to one learner.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.js';
import { rowsOf } from '../rows.js';

/** What one webhook says about who wrote: phone in E.164 (`+2547…`), BSUID `KE.1502…`. */
export interface WhatsAppIdentity {
  phone?: string;
  bsuid?: string;
  parentBsuid?: string;
  username?: string;
}

/** A `system` message: the learner's BSUID changed (and, for user_changed_number, their phone). */
export interface IdentityChange {
  previousBsuid?: string;
  /** The phone the system message came from, when Meta included it: the old number. */
  previousPhone?: string;
  bsuid: string;
  parentBsuid?: string;
  /** The new phone (E.164), for user_changed_number. */
  phone?: string;
}

type Learner = { id: string; address: string };
type Found = Learner & { hasPhone: boolean; username: string | null; hasParent: boolean };

const one = async <T>(db: Database | Tx, query: ReturnType<typeof sql>) =>
  rowsOf<T>(await db.execute(query))[0];

const byBsuid = (db: Database | Tx, bsuid: string, phone: string | null, parent: string | null) =>
  one<Found>(
    db,
    sql`select u.id, u.phone as address,
          (${phone}::text is null or exists (select 1 from learner_identities p
             where p.user_id = u.id and p.kind = 'phone' and p.value = ${phone})) as "hasPhone",
          (${parent}::text is null or exists (select 1 from learner_identities p
             where p.user_id = u.id and p.kind = 'parent_bsuid' and p.value = ${parent})) as "hasParent",
          (select value from learner_identities n where n.user_id = u.id and n.kind = 'username' limit 1) as username
        from learner_identities i join users u on u.id = i.user_id
        where i.kind = 'bsuid' and i.value = ${bsuid}`,
  );

/** The learner with this phone, as address or identity, who has no other BSUID than `bsuid` yet. */
const byPhone = (db: Database | Tx, phone: string, bsuid: string | null) =>
  one<Learner>(
    db,
    sql`select u.id, u.phone as address from users u
        where (u.phone = ${phone} or exists (select 1 from learner_identities i
          where i.user_id = u.id and i.kind = 'phone' and i.value = ${phone}))
          and (${bsuid}::text is null or not exists (select 1 from learner_identities b
            where b.user_id = u.id and b.kind = 'bsuid' and b.value <> ${bsuid}))
        limit 1`,
  );

async function link(tx: Tx, userId: string, kind: string, value: string | undefined) {
  if (!value) return;
  if (kind === 'phone' || kind === 'bsuid') {
    await tx.execute(sql`insert into learner_identities (user_id, kind, value) values (${userId}, ${kind}, ${value})
      on conflict (kind, value) where kind in ('phone', 'bsuid') do nothing`);
    return;
  }
  // A parent BSUID or username: one current value per learner.
  await tx.execute(
    sql`delete from learner_identities where user_id = ${userId} and kind = ${kind} and value <> ${value}`,
  );
  await tx.execute(sql`insert into learner_identities (user_id, kind, value)
    select ${userId}, ${kind}, ${value} where not exists (select 1 from learner_identities
      where user_id = ${userId} and kind = ${kind} and value = ${value})`);
}

/** A learner for this address, created if none: the engine's ensureLearner finds the same row. */
async function learnerAt(tx: Tx, address: string): Promise<Learner> {
  await tx.execute(sql`insert into users (phone) values (${address}) on conflict (phone) do nothing`);
  return (await one<Learner>(tx, sql`select id, phone as address from users where phone = ${address}`))!;
}

/**
 * A new learner, addressed by their phone unless that address belongs to someone with another
 * BSUID (a recycled number): then by their BSUID, so two people are never merged.
 */
async function newLearner(tx: Tx, phone: string | undefined, bsuid: string): Promise<Learner> {
  if (phone) {
    const learner = await learnerAt(tx, phone);
    const other = await one<{ id: string }>(
      tx,
      sql`select user_id as id from learner_identities
          where user_id = ${learner.id} and kind = 'bsuid' and value <> ${bsuid} limit 1`,
    );
    if (!other) return learner;
  }
  return learnerAt(tx, bsuid);
}

export function learnerIdentities(db: Database) {
  return {
    /**
     * The address (users.phone) of the learner this identity names, linking what it carries to
     * them. A webhook without a BSUID costs no query: its phone is the address.
     */
    async resolveAddress(identity: WhatsAppIdentity): Promise<string> {
      const { phone, bsuid, parentBsuid, username } = identity;
      if (!bsuid) {
        if (!phone) throw new Error('A WhatsApp identity needs a phone number or a BSUID');
        return phone;
      }
      // The usual case, one read: a known BSUID with nothing new to link.
      const known = await byBsuid(db, bsuid, phone ?? null, parentBsuid ?? null);
      if (known?.hasPhone && known.hasParent && (!username || known.username === username))
        return known.address;
      return db.transaction(async (tx) => {
        const learner =
          (await byBsuid(tx, bsuid, null, null)) ??
          (phone ? await byPhone(tx, phone, bsuid) : undefined) ??
          (await newLearner(tx, phone, bsuid));
        await link(tx, learner.id, 'bsuid', bsuid);
        await link(tx, learner.id, 'phone', phone);
        await link(tx, learner.id, 'parent_bsuid', parentBsuid);
        await link(tx, learner.id, 'username', username);
        // Another webhook of the same person may have linked this BSUID first: theirs wins.
        return (await byBsuid(tx, bsuid, null, null))?.address ?? learner.address;
      });
    },

    /**
     * Links a changed BSUID (and new phone) to the learner the previous one named, and moves the
     * address when it was the old BSUID or the old phone. Progress stays: same users row.
     * Returns the learner, or null when no learner had the previous identity.
     */
    async changeIdentity(change: IdentityChange): Promise<Learner | null> {
      return db.transaction(async (tx) => {
        const learner =
          (change.previousBsuid ? await byBsuid(tx, change.previousBsuid, null, null) : undefined) ??
          (change.previousPhone ? await byPhone(tx, change.previousPhone, null) : undefined);
        if (!learner) return null;
        await link(tx, learner.id, 'bsuid', change.bsuid);
        await link(tx, learner.id, 'phone', change.phone);
        await link(tx, learner.id, 'parent_bsuid', change.parentBsuid);
        const wasOld =
          learner.address === change.previousBsuid ||
          (change.phone !== undefined && learner.address.startsWith('+') && learner.address !== change.phone);
        if (!wasOld) return learner;
        const address = change.phone ?? change.bsuid;
        // Kept when another learner already has that address (a recycled number): never merge two.
        const [moved] = rowsOf<Learner>(
          await tx.execute(sql`update users set phone = ${address}, updated_at = now()
            where id = ${learner.id} and not exists (select 1 from users where phone = ${address})
            returning id, phone as address`),
        );
        return moved ?? learner;
      });
    },

    /** Every identity of a learner, oldest first. */
    async of(userId: string): Promise<{ kind: string; value: string }[]> {
      return rowsOf<{ kind: string; value: string }>(
        await db.execute(sql`select kind, value from learner_identities where user_id = ${userId}
          order by created_at, kind`),
      );
    },
  };
}

export type LearnerIdentities = ReturnType<typeof learnerIdentities>;
