import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Tx } from '../client.js';
import { rowsOf } from '../rows.js';
import { leagueAwards, leagueEntries, leagueGroups, leagueMembers } from '../schema/leagues.js';
import { users } from '../schema/users.js';
import { leagueStandings } from './leagues-standings.js';

/** A learning event worth points, keyed so that the same event handled twice adds nothing. */
export interface LeagueAward {
  userId: string;
  key: string;
  points: number;
  at: Date;
  week: string;
  /** Where a group is formed when this is the member's first points of the week. */
  course: string;
  zoneBucket: number;
  groupSize: number;
  /** Counts only above what earlier awards whose key starts with this already gave (a quiz retried). */
  above?: string;
}

/** A group as rankings name it: its id and when it formed. */
export interface LeagueGroupRef {
  groupId: string;
  groupStart: Date;
}

/** A member's week after an award: what a ranking needs. */
export interface LeagueEntryPoints {
  groupId: string;
  points: number;
  reachedAt: Date;
  groupStart: Date;
  /** This award formed the member's entry for the week (their first points of it). */
  firstOfWeek: boolean;
}

export interface LeagueResult {
  week: string;
  rank: number;
  size: number;
  points: number;
  /** The member's tier after the week (moved up once when `nextTier` said so). */
  tier: number;
}

export type JoinOutcome = { status: 'joined' | 'already'; nickname: string } | { status: 'taken' };

/** The member and what a group is matched by: one primary-key lookup per learning event. */
export interface LeagueLearner {
  nickname: string;
  tier: number;
  timezone: string;
  name: string | null;
  course: string | null;
}

async function formEntry(tx: Tx, award: LeagueAward, points: number): Promise<LeagueEntryPoints> {
  // The fullest open group of the member's course, zone bucket and week, else a new one.
  const open = rowsOf<{ id: string | number; created_at: Date | string }>(
    await tx.execute(sql`
      update league_groups set size = size + 1
      where id = (
        select id from league_groups
        where week = ${award.week} and course = ${award.course} and zone_bucket = ${award.zoneBucket}
          and size < ${award.groupSize}
        order by size desc, id limit 1
        for update skip locked)
      returning id, created_at`),
  )[0];
  const group = open
    ? { id: Number(open.id), createdAt: new Date(open.created_at) }
    : (
        await tx
          .insert(leagueGroups)
          .values({
            week: award.week,
            course: award.course,
            zoneBucket: award.zoneBucket,
            size: 1,
            createdAt: award.at,
          })
          .returning({ id: leagueGroups.id, createdAt: leagueGroups.createdAt })
      )[0]!;
  const [entry] = await tx
    .insert(leagueEntries)
    .values({ userId: award.userId, week: award.week, groupId: group.id, points, reachedAt: award.at })
    .returning();
  return {
    groupId: String(entry!.groupId),
    points: entry!.points,
    reachedAt: entry!.reachedAt,
    groupStart: group.createdAt,
    firstOfWeek: true,
  };
}

export type { LeagueRow } from './leagues-standings.js';

/**
 * Weekly leagues: members, groups formed as points arrive, each award stored once, a finished
 * week's result fixed once; the read-only standings come from leagues-standings.ts.
 */
export function leaguesRepository(db: Database) {
  return {
    ...leagueStandings(db),
    async learner(userId: string): Promise<LeagueLearner | undefined> {
      const [row] = await db
        .select({
          nickname: leagueMembers.nickname,
          tier: leagueMembers.tier,
          timezone: users.timezone,
          name: users.name,
          course: sql<string | null>`${users.learningState}->>'course'`,
        })
        .from(leagueMembers)
        .innerJoin(users, eq(users.id, leagueMembers.userId))
        .where(eq(leagueMembers.userId, userId));
      return row;
    },

    async nameOf(userId: string): Promise<string | null> {
      const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
      return row?.name ?? null;
    },

    async nicknameTaken(nickname: string): Promise<boolean> {
      const [row] = await db
        .select({ userId: leagueMembers.userId })
        .from(leagueMembers)
        .where(eq(leagueMembers.nicknameKey, nickname.toLowerCase()));
      return row !== undefined;
    },

    /** Joins under `nickname`; a member keeps the nickname they have. */
    async join(userId: string, nickname: string, at: Date): Promise<JoinOutcome> {
      const [joined] = await db
        .insert(leagueMembers)
        .values({ userId, nickname, nicknameKey: nickname.toLowerCase(), joinedAt: at })
        .onConflictDoNothing()
        .returning({ nickname: leagueMembers.nickname });
      if (joined) return { status: 'joined', nickname: joined.nickname };
      const [member] = await db
        .select({ nickname: leagueMembers.nickname })
        .from(leagueMembers)
        .where(eq(leagueMembers.userId, userId));
      return member ? { status: 'already', nickname: member.nickname } : { status: 'taken' };
    },

    /** Leaves: the member's weeks go with them; the groups whose rankings should drop them are returned. */
    async leave(userId: string): Promise<{ left: boolean; groups: LeagueGroupRef[] }> {
      const groups = await db
        .select({ groupId: leagueEntries.groupId, groupStart: leagueGroups.createdAt })
        .from(leagueEntries)
        .innerJoin(leagueGroups, eq(leagueGroups.id, leagueEntries.groupId))
        .where(eq(leagueEntries.userId, userId));
      const left = await db
        .delete(leagueMembers)
        .where(eq(leagueMembers.userId, userId))
        .returning({ userId: leagueMembers.userId });
      return {
        left: left.length > 0,
        groups: groups.map((g) => ({ groupId: String(g.groupId), groupStart: g.groupStart })),
      };
    },

    /** Adds an award's points once (null when already counted, worth nothing, or not a member). */
    async award(award: LeagueAward): Promise<LeagueEntryPoints | null> {
      return db.transaction(async (tx) => {
        const [member] = await tx
          .select({ userId: leagueMembers.userId })
          .from(leagueMembers)
          .where(eq(leagueMembers.userId, award.userId));
        if (!member) return null;
        let points = award.points;
        if (award.above !== undefined) {
          const [earlier] = await tx
            .select({ sum: sql<string | number | null>`sum(${leagueAwards.points})` })
            .from(leagueAwards)
            .where(
              and(
                eq(leagueAwards.userId, award.userId),
                sql`starts_with(${leagueAwards.key}, ${award.above})`,
              ),
            );
          points = Math.max(0, points - Number(earlier?.sum ?? 0));
        }
        const stored = await tx
          .insert(leagueAwards)
          .values({ userId: award.userId, key: award.key, week: award.week, points, createdAt: award.at })
          .onConflictDoNothing()
          .returning({ key: leagueAwards.key });
        if (stored.length === 0 || points === 0) return null;
        const [entry] = await tx
          .update(leagueEntries)
          .set({ points: sql`${leagueEntries.points} + ${points}`, reachedAt: award.at })
          .where(and(eq(leagueEntries.userId, award.userId), eq(leagueEntries.week, award.week)))
          .returning();
        if (!entry) return formEntry(tx, award, points);
        const [group] = await tx
          .select({ createdAt: leagueGroups.createdAt })
          .from(leagueGroups)
          .where(eq(leagueGroups.id, entry.groupId));
        return {
          groupId: String(entry.groupId),
          points: entry.points,
          reachedAt: entry.reachedAt,
          groupStart: group!.createdAt,
          firstOfWeek: false,
        };
      });
    },

    /**
     * The member's last finished week not yet told: its rank is fixed the first time it is asked
     * for (and a top-3 finish moves the member up a tier, once); older untold weeks are dropped.
     */
    async finishedWeek(
      userId: string,
      week: string,
      nextTier: (tier: number, rank: number, points: number) => number,
    ): Promise<LeagueResult | null> {
      return db.transaction(async (tx) => {
        const [last] = await tx
          .select()
          .from(leagueEntries)
          .where(
            and(eq(leagueEntries.userId, userId), lt(leagueEntries.week, week), isNull(leagueEntries.toldAt)),
          )
          .orderBy(desc(leagueEntries.week))
          .limit(1);
        if (!last) return null;
        const placing = rowsOf<{ rank: string | number; size: string | number }>(
          await tx.execute(sql`
            select 1 + count(*) filter (where points > ${last.points}
                     or (points = ${last.points} and reached_at < ${last.reachedAt.toISOString()}::timestamptz)
                     or (points = ${last.points} and reached_at = ${last.reachedAt.toISOString()}::timestamptz
                         and user_id < ${userId})) as rank,
                   count(*) as size
            from league_entries where group_id = ${last.groupId}`),
        )[0]!;
        const rank = last.rank ?? Number(placing.rank);
        const [member] = await tx.select().from(leagueMembers).where(eq(leagueMembers.userId, userId));
        let tier = member?.tier ?? 0;
        if (last.rank === null) {
          await tx
            .update(leagueEntries)
            .set({ rank })
            .where(and(eq(leagueEntries.userId, userId), eq(leagueEntries.week, last.week)));
          const next = nextTier(tier, rank, last.points);
          if (next !== tier) {
            tier = next;
            await tx.update(leagueMembers).set({ tier }).where(eq(leagueMembers.userId, userId));
          }
        }
        return { week: last.week, rank, size: Number(placing.size), points: last.points, tier };
      });
    },

    /** The finished weeks before `week` have been told (their result reached the learner's turn). */
    async told(userId: string, week: string, at: Date): Promise<void> {
      await db
        .update(leagueEntries)
        .set({ toldAt: at })
        .where(
          and(eq(leagueEntries.userId, userId), lt(leagueEntries.week, week), isNull(leagueEntries.toldAt)),
        );
    },

    /** Marks the week's nudge as sent; false when it already was (one a week). */
    async nudged(userId: string, week: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(leagueEntries)
        .set({ nudgedAt: at })
        .where(
          and(eq(leagueEntries.userId, userId), eq(leagueEntries.week, week), isNull(leagueEntries.nudgedAt)),
        )
        .returning({ week: leagueEntries.week });
      return rows.length > 0;
    },
  };
}

export type LeaguesRepository = ReturnType<typeof leaguesRepository>;
