import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import { leagueEntries, leagueGroups, leagueMembers } from '../schema/leagues.js';

/** A member in a group's ranking. */
export interface LeagueRow {
  userId: string;
  nickname: string;
  points: number;
  reachedAt: Date;
}

/** Ranking order: points, then who reached them first, then the id (a total order, so ranks are stable). */
const LEAGUE_ORDER = [desc(leagueEntries.points), asc(leagueEntries.reachedAt), asc(leagueEntries.userId)];

/** What the league tables say about a week, read only: an entry, a group's ranking, nicknames. */
export function leagueStandings(db: Database) {
  return {
    async entry(userId: string, week: string) {
      const [row] = await db
        .select({
          groupId: leagueEntries.groupId,
          points: leagueEntries.points,
          nudgedAt: leagueEntries.nudgedAt,
          groupStart: leagueGroups.createdAt,
        })
        .from(leagueEntries)
        .innerJoin(leagueGroups, eq(leagueGroups.id, leagueEntries.groupId))
        .where(and(eq(leagueEntries.userId, userId), eq(leagueEntries.week, week)));
      return row ? { ...row, groupId: String(row.groupId) } : undefined;
    },

    /** A group's members, best first (a group is about 30: read whole). */
    async group(groupId: string): Promise<LeagueRow[]> {
      return db
        .select({
          userId: leagueEntries.userId,
          nickname: leagueMembers.nickname,
          points: leagueEntries.points,
          reachedAt: leagueEntries.reachedAt,
        })
        .from(leagueEntries)
        .innerJoin(leagueMembers, eq(leagueMembers.userId, leagueEntries.userId))
        .where(eq(leagueEntries.groupId, Number(groupId)))
        .orderBy(...LEAGUE_ORDER);
    },

    async nicknames(userIds: string[]): Promise<Map<string, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: leagueMembers.userId, nickname: leagueMembers.nickname })
        .from(leagueMembers)
        .where(inArray(leagueMembers.userId, userIds));
      return new Map(rows.map((r) => [r.userId, r.nickname]));
    },
  };
}
