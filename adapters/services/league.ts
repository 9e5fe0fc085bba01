import { leagueRules } from '../../flows/learning/index.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import type { LeagueDesk } from '../leagues/desk.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

interface LeagueRequest {
  requestId: string;
  action: 'show' | 'join' | 'leave';
  nickname?: string | null;
}

const leagueRequest = inputChecker<LeagueRequest>('league.request', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 100 },
    action: { type: 'string', enum: ['show', 'join', 'leave'] },
    nickname: { type: 'string', nullable: true, maxLength: 200 },
  },
  required: ['requestId', 'action'],
});

interface NudgeRequest {
  requestId: string;
}

const nudgeRequest = inputChecker<NudgeRequest>('league.nudge', {
  type: 'object',
  properties: { requestId: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['requestId'],
});

/**
 * LEAGUE, LEAGUE JOIN <nickname>, LEAGUE LEAVE and the Sunday nudge: each answers the learner's
 * turn with a `system.league*` event the flows word (flows/league.ts). The turn's time names each
 * answer, so a call run again after a crash tells nothing twice.
 */
export function leagueServices(desk: LeagueDesk): Record<string, ServiceHandler> {
  const { leagues, ranking, clock, system, receive } = desk;

  async function answer(userId: string, providerId: string, name: string, data: Record<string, unknown>) {
    if (await systemEventStored(desk.db, providerId)) return;
    await receive(system(userId, providerId, name, data));
  }

  /** A free nickname suggested to this learner (a few tries; the seed keeps it stable across reruns). */
  async function suggestion(userId: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const nickname = leagueRules.suggestNickname(userId, attempt);
      if (!(await leagues.nicknameTaken(nickname))) return nickname;
    }
    return leagueRules.suggestNickname(`${userId}:${clock.now().toISOString()}`);
  }

  async function standing(userId: string) {
    const learner = await leagues.learner(userId);
    if (!learner) return null;
    const now = clock.now();
    const week = leagueRules.leagueWeek(now, learner.timezone);
    const result = await desk.finishedWeek(userId, week);
    const entry = await leagues.entry(userId, week);
    const place = entry ? await ranking.standing(userId, entry.groupId, entry.groupStart) : null;
    return { learner, week, result, place };
  }

  return {
    'league.request': async (userId, raw) => {
      const input = leagueRequest(raw);
      const providerId = `league:${userId}:${input.requestId}`;
      if (input.action === 'leave') {
        const { left, groups } = await leagues.leave(userId);
        await ranking.remove(userId, groups);
        return answer(userId, providerId, 'leagueLeft', { left });
      }
      if (input.action === 'join') {
        const wanted = input.nickname?.trim() ?? '';
        const member = await leagues.learner(userId);
        if (member)
          return answer(userId, providerId, 'leagueJoined', { nickname: member.nickname, already: true });
        if (!wanted)
          return answer(userId, providerId, 'leagueJoinRefused', {
            problem: 'missing',
            suggestion: await suggestion(userId),
          });
        const check = leagueRules.checkNickname(wanted, await leagues.nameOf(userId));
        if (!check.ok)
          return answer(userId, providerId, 'leagueJoinRefused', {
            problem: check.problem,
            suggestion: await suggestion(userId),
          });
        const joined = await leagues.join(userId, check.nickname, clock.now());
        if (joined.status === 'taken')
          return answer(userId, providerId, 'leagueJoinRefused', {
            problem: 'taken',
            nickname: check.nickname,
            suggestion: await suggestion(userId),
          });
        return answer(userId, providerId, 'leagueJoined', {
          nickname: joined.nickname,
          already: joined.status === 'already',
        });
      }
      const shown = await standing(userId);
      if (!shown) return answer(userId, providerId, 'leagueIntro', { suggestion: await suggestion(userId) });
      const { learner, week, result, place } = shown;
      await answer(userId, providerId, 'leagueStanding', {
        nickname: learner.nickname,
        tier: result?.tier ?? learner.tier,
        result,
        place,
      });
      if (result) await leagues.told(userId, week, clock.now());
    },

    'league.nudge': async (userId, raw) => {
      const input = nudgeRequest(raw);
      const learner = await leagues.learner(userId);
      if (!learner) return;
      const week = leagueRules.leagueWeek(clock.now(), learner.timezone);
      const entry = await leagues.entry(userId, week);
      if (!entry || entry.nudgedAt) return;
      const place = await ranking.standing(userId, entry.groupId, entry.groupStart);
      const gap = place && leagueRules.pointsToTop(place.rank, place.points, place.thirdPoints);
      if (!place || !gap) return;
      const providerId = `league-nudge:${userId}:${input.requestId}`;
      if (!(await leagues.nudged(userId, week, clock.now()))) return;
      await answer(userId, providerId, 'leagueNudge', { gap, rank: place.rank });
    },
  };
}
