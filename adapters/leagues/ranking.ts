import { leagueRules } from '../../flows/learning/index.js';
import type { Redis } from 'ioredis';
import type { LeagueEntryPoints, LeagueGroupRef, LeaguesRepository } from '../../db/repositories/leagues.js';

/** A member's place in their group this week, as LEAGUE shows it. */
export interface LeagueStanding {
  groupId: string;
  rank: number;
  size: number;
  points: number;
  /** The top 5, best first. */
  top: { rank: number; nickname: string; points: number; me: boolean }[];
  /** Third place's points (for the nudge); undefined in a group of fewer than 3. */
  thirdPoints?: number;
}

export interface LeagueRanking {
  readonly kind: 'redis' | 'table';
  /** The member's points went up (after the table committed them). */
  record(userId: string, entry: LeagueEntryPoints): Promise<void>;
  /** The member left these groups. */
  remove(userId: string, groups: LeagueGroupRef[]): Promise<void>;
  standing(userId: string, groupId: string, groupStart: Date): Promise<LeagueStanding | null>;
}

const SHOWN = 5;

/** The table path: a group is about 30 rows, read whole on its index. */
export function tableRanking(leagues: LeaguesRepository): LeagueRanking {
  return {
    kind: 'table',
    async record() {},
    async remove() {},
    async standing(userId, groupId) {
      const rows = await leagues.group(groupId);
      const at = rows.findIndex((row) => row.userId === userId);
      if (at < 0) return null;
      return {
        groupId,
        rank: at + 1,
        size: rows.length,
        points: rows[at]!.points,
        top: rows.slice(0, SHOWN).map((row, i) => ({
          rank: i + 1,
          nickname: row.nickname,
          points: row.points,
          me: row.userId === userId,
        })),
        thirdPoints: rows[leagueRules.TOP - 1]?.points,
      };
    },
  };
}

/** Kept a fortnight: long enough to tell last week's result, then Redis forgets it by itself. */
const KEY_TTL_SECONDS = 15 * 24 * 3600;
/** The group's id and start name its set: ids alone could meet another database's on a shared Redis. */
const keyOf = (groupId: string, groupStart: Date) => `league:group:${groupId}:${groupStart.getTime()}`;

/**
 * Rankings read from Redis sorted sets (score: points, then who got there first). The table stays
 * the truth: each write sets the member's score from the committed points (ZADD GT, so a late
 * write never lowers it), and a set missing its member is rebuilt from the table. Any Redis error
 * falls back to the table path.
 */
export function redisRanking(
  redis: Redis,
  leagues: LeaguesRepository,
  warn?: (m: string) => void,
): LeagueRanking {
  const table = tableRanking(leagues);
  const failed = (what: string, error: unknown) =>
    warn?.(`league ranking: Redis ${what} failed, the table answers (${String(error)})`);

  async function rebuild(groupId: string, groupStart: Date): Promise<void> {
    const rows = await leagues.group(groupId);
    if (rows.length === 0) return;
    const key = keyOf(groupId, groupStart);
    const args = rows.flatMap((r) => [leagueRules.rankScore(r.points, r.reachedAt, groupStart), r.userId]);
    await redis
      .multi()
      .zadd(key, ...args)
      .expire(key, KEY_TTL_SECONDS)
      .exec();
  }

  return {
    kind: 'redis',
    async record(userId, entry) {
      const key = keyOf(entry.groupId, entry.groupStart);
      try {
        await redis
          .multi()
          .zadd(key, 'GT', leagueRules.rankScore(entry.points, entry.reachedAt, entry.groupStart), userId)
          .expire(key, KEY_TTL_SECONDS)
          .exec();
      } catch (error) {
        failed('write', error);
      }
    },
    async remove(userId, groups) {
      try {
        for (const group of groups) await redis.zrem(keyOf(group.groupId, group.groupStart), userId);
      } catch (error) {
        failed('remove', error);
      }
    },
    async standing(userId, groupId, groupStart) {
      try {
        const key = keyOf(groupId, groupStart);
        let rank = await redis.zrevrank(key, userId);
        if (rank === null) {
          await rebuild(groupId, groupStart);
          rank = await redis.zrevrank(key, userId);
          if (rank === null) return null;
        }
        const [[, size], [, top], [, score]] = (await redis
          .multi()
          .zcard(key)
          .zrevrange(key, 0, Math.max(SHOWN, leagueRules.TOP) - 1, 'WITHSCORES')
          .zscore(key, userId)
          .exec()) as [[unknown, number], [unknown, string[]], [unknown, string]];
        const pairs: { userId: string; points: number }[] = [];
        for (let i = 0; i < top.length; i += 2)
          pairs.push({ userId: top[i]!, points: leagueRules.pointsOf(Number(top[i + 1])) });
        const names = await leagues.nicknames(pairs.slice(0, SHOWN).map((p) => p.userId));
        return {
          groupId,
          rank: rank + 1,
          size,
          points: leagueRules.pointsOf(Number(score)),
          top: pairs.slice(0, SHOWN).map((p, i) => ({
            rank: i + 1,
            nickname: names.get(p.userId) ?? '?',
            points: p.points,
            me: p.userId === userId,
          })),
          thirdPoints: pairs[leagueRules.TOP - 1]?.points,
        };
      } catch (error) {
        failed('read', error);
        return table.standing(userId, groupId, groupStart);
      }
    },
  };
}
