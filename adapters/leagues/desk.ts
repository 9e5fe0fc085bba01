import { leagueRules } from '../../flows/learning/index.js';
import type { Database } from '../../db/client.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import { leaguesRepository, type LeaguesRepository } from '../../db/repositories/leagues.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import { redisRanking, tableRanking, type LeagueRanking } from './ranking.js';
import type { Redis } from 'ioredis';

export interface LeagueDeskDeps {
  db: Database;
  clock: Clock;
  /** Hands the learner's turn what the league has to say (the engine's `receive`). */
  receive: (event: Inbound) => Promise<unknown>;
  /** Rankings from Redis sorted sets when set; the table alone otherwise. */
  redis?: Redis | null;
  groupSize?: number;
  warn?: (message: string, detail?: Record<string, unknown>) => void;
}

/**
 * The league's I/O in one place, shared by the points hooks and the LEAGUE services: the table
 * (truth), the ranking (Redis or table) and the learner's turn for what they are told.
 */
export function leagueDesk(deps: LeagueDeskDeps) {
  const { db, clock, receive } = deps;
  const leagues: LeaguesRepository = leaguesRepository(db);
  const warn = (message: string) => deps.warn?.(message);
  const ranking: LeagueRanking = deps.redis ? redisRanking(deps.redis, leagues, warn) : tableRanking(leagues);

  const system = (
    userId: string,
    providerId: string,
    name: string,
    data: Record<string, unknown>,
  ): Inbound => ({
    type: 'system',
    channel: 'system',
    providerId,
    userId,
    at: clock.now().toISOString(),
    name,
    data,
  });

  /** Last week's result, fixed and told once (null when there is none to tell). */
  async function finishedWeek(userId: string, week: string) {
    const result = await leagues.finishedWeek(userId, week, leagueRules.tierAfter);
    if (!result) return null;
    return { ...result, promoted: result.rank <= leagueRules.TOP && result.points > 0 };
  }

  return {
    db,
    leagues,
    ranking,
    clock,
    system,
    finishedWeek,
    receive,

    /** Adds an award to a member's week; on their first points of a week, last week's result is told. */
    async award(userId: string, award: leagueRules.LeaguePointsAward): Promise<void> {
      const learner = await leagues.learner(userId);
      if (!learner) return;
      const at = clock.now();
      const week = leagueRules.leagueWeek(at, learner.timezone);
      const entry = await leagues.award({
        userId,
        key: award.key,
        points: award.points,
        at,
        week,
        course: learner.course ?? award.course ?? 'any',
        zoneBucket: leagueRules.zoneBucket(at, learner.timezone),
        groupSize: deps.groupSize ?? leagueRules.LEAGUE_GROUP_SIZE,
        ...(award.above !== undefined ? { above: award.above } : {}),
      });
      if (!entry) return;
      await ranking.record(userId, entry);
      if (!entry.firstOfWeek) return;
      const result = await finishedWeek(userId, week);
      if (!result) return;
      const providerId = `league-result:${userId}:${result.week}`;
      if (!(await systemEventStored(db, providerId)))
        await receive(system(userId, providerId, 'leagueResult', { result }));
      await leagues.told(userId, week, at);
    },
  };
}

export type LeagueDesk = ReturnType<typeof leagueDesk>;
