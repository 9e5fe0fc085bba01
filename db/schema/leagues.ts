import { bigint, bigserial, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.js';
import { users } from './users.js';

/*
 * Weekly leagues (docs/leagues.md): the tables are the source of truth; Redis sorted sets, when
 * configured, only answer ranking reads. A week is named by its Monday (`YYYY-MM-DD`, local, the
 * 04:00 streak boundary), so a new week simply means new groups: nothing is ever reset.
 */

/** A learner who opted in, under a nickname (the only name other learners ever see). */
export const leagueMembers = pgTable('league_members', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  nickname: text('nickname').notNull(),
  /** Lower case: nicknames are unique whatever their case. */
  nicknameKey: text('nickname_key').notNull().unique(),
  /** 0 Bronze … 4 Diamond: a top-3 finish moves up one. */
  tier: integer('tier').notNull().default(0),
  joinedAt: at('joined_at').notNull().defaultNow(),
});

/** About 30 members of one course and UTC offset bucket, for one week. */
export const leagueGroups = pgTable(
  'league_groups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    week: text('week').notNull(),
    course: text('course').notNull(),
    /** The UTC offset in whole hours when the group formed. */
    zoneBucket: integer('zone_bucket').notNull(),
    size: integer('size').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('league_groups_open_idx').on(t.week, t.course, t.zoneBucket, t.size)],
);

/** A member's week: their group, points, and (once told) the rank they finished at. */
export const leagueEntries = pgTable(
  'league_entries',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => leagueMembers.userId, { onDelete: 'cascade' }),
    week: text('week').notNull(),
    groupId: bigint('group_id', { mode: 'number' })
      .notNull()
      .references(() => leagueGroups.id, { onDelete: 'cascade' }),
    points: integer('points').notNull().default(0),
    /** When the points last went up: of two members level on points, the earlier ranks higher. */
    reachedAt: at('reached_at').notNull(),
    rank: integer('rank'),
    toldAt: at('told_at'),
    nudgedAt: at('nudged_at'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.week] }),
    index('league_entries_group_idx').on(t.groupId, t.points, t.reachedAt),
  ],
);

/** One award per learning event (its key), so an event handled twice adds nothing. */
export const leagueAwards = pgTable(
  'league_awards',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    week: text('week').notNull(),
    points: integer('points').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export type LeagueMember = typeof leagueMembers.$inferSelect;
export type LeagueGroup = typeof leagueGroups.$inferSelect;
export type LeagueEntry = typeof leagueEntries.$inferSelect;
