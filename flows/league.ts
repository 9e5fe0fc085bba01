/*
 * Weekly leagues (issue 13 item 4, docs/leagues.md). LEAGUE (LIGI) shows the learner's group top 5
 * and their place, or explains leagues to a learner not in one; LEAGUE JOIN <nickname> (LIGI
 * JIUNGE) joins, LEAGUE LEAVE (LIGI TOKA) leaves. The `league.request` service answers after the
 * turn with a `system.league*` event worded here. Joining schedules the root timer `league.nudge`
 * for Sunday 18:00 local; when it fires the `league.nudge` service says (once a week) whether the
 * learner is a few points from the top 3, and the timer is set for the next Sunday.
 * Decisions: the nudge goes as the league_nudge template outside the 24-hour window; it is never
 * sent in quiet hours (a zone changed since: that week is skipped); last week's result comes with
 * the first LEAGUE of the new week or the first points of it (usually the Monday lesson);
 * leaving drops the learner's weeks and frees the nickname.
 */
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { nextNudgeAt } from './learning/league.js';
import { isQuiet } from './learning/quiet-hours.js';

export const LEAGUE_NUDGE_TIMER = 'league.nudge';
export const LEAGUE_SERVICE = 'league.request';

const JOIN_WORDS = new Set(['JOIN', 'JIUNGE', 'INGIA']);
const LEAVE_WORDS = new Set(['LEAVE', 'TOKA', 'ONDOKA']);
const PROBLEMS = new Set(['missing', 'length', 'characters', 'phone', 'realName', 'taken']);

type EventInput = RootInput & { data: Record<string, unknown> };

const request = (input: RootInput, action: string, nickname?: string): Effect => ({
  type: 'callService',
  params: {
    service: LEAGUE_SERVICE,
    // The turn's time (and what was asked) names the request: a rerun after a crash answers nothing new.
    input: {
      requestId: [input.at, action, nickname].filter(Boolean).join(':').slice(0, 100),
      action,
      ...(nickname !== undefined ? { nickname } : {}),
    },
  },
});

// In a flow, its pending question follows the answer (a quiz goes on where it was).
const resume = (input: RootInput): Effect[] =>
  input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } }] : [];

const joinButton = (suggestion: string) => ({
  buttons: [{ id: `LEAGUE JOIN ${suggestion}`, key: 'league.joinButton' }],
});

interface Place {
  rank: number;
  size: number;
  points: number;
  top: { rank: number; nickname: string; points: number; me: boolean }[];
}

interface Result {
  rank: number;
  size: number;
  points: number;
  tier: number;
  promoted: boolean;
}

/** Tiers shown as a badge that reads the same in every language: Bronze, Silver, Gold, Sapphire, Diamond. */
export const TIER_BADGES = ['🥉', '🥈', '🥇', '🔷', '💎'] as const;
const badgeOf = (tier: unknown) => TIER_BADGES[Math.max(0, Math.min(4, Number(tier) || 0))]!;

const MEDALS = ['🥇', '🥈', '🥉'];

/** The top 5 as lines (nicknames and figures only, so the same in every language). */
export const topLines = (top: Place['top']): string =>
  top
    .map(
      (row) =>
        `${MEDALS[row.rank - 1] ?? `${row.rank}.`} ${row.nickname} · ${row.points}${row.me ? ' 👈' : ''}`,
    )
    .join('\n');

export function createLeagueExtensions(): RootExtensions {
  const league: RootCommand = {
    ...command(
      'league',
      onboardedOnly((input) => {
        const [word = '', ...rest] = input.argument.trim().split(/\s+/);
        const verb = word.toUpperCase();
        if (!verb) return [request(input, 'show')];
        if (JOIN_WORDS.has(verb)) return [request(input, 'join', rest.join(' '))];
        if (LEAVE_WORDS.has(verb)) return [request(input, 'leave')];
        return [send('league.usage')];
      }),
    ),
    answersLater: true,
  };

  /** Last week's result: promoted (top 3 with points) or staying, with the badge now. */
  const result = (told: Result): Effect =>
    send(told.promoted ? 'league.promoted' : 'league.stay', {
      rank: told.rank,
      size: told.size,
      points: told.points,
      badge: badgeOf(told.tier),
    });

  const standing = (input: EventInput): Effect[] => {
    const data = input.data;
    const told = data.result as Result | null | undefined;
    const place = data.place as Place | null | undefined;
    const vars = { nickname: String(data.nickname ?? ''), badge: badgeOf(data.tier) };
    return [
      ...(told ? [result(told)] : []),
      place
        ? send('league.standing', {
            ...vars,
            rank: place.rank,
            size: place.size,
            points: place.points,
            top: topLines(place.top),
          })
        : send('league.noPointsYet', vars),
      ...resume(input),
    ];
  };

  return {
    commands: [league],
    timers: {
      [LEAGUE_NUDGE_TIMER]: (input) => {
        const { onboarded, now, zone } = journeyOf(input);
        if (!onboarded) return [];
        const next: Effect = {
          type: 'schedule',
          params: { name: LEAGUE_NUDGE_TIMER, dueAt: nextNudgeAt(now, zone).toISOString() },
        };
        if (isQuiet(now, zone)) return [next];
        return [
          { type: 'callService', params: { service: 'league.nudge', input: { requestId: input.at } } },
          next,
        ];
      },
    },
    events: {
      leagueIntro: (input) => [
        send('league.intro', { suggestion: String(input.data.suggestion ?? '') }),
        ...resume(input),
      ],
      leagueStanding: standing,
      leagueJoined: (input) => {
        const { now, zone } = journeyOf(input);
        const nickname = String(input.data.nickname ?? '');
        return [
          send(input.data.already ? 'league.alreadyMember' : 'league.joined', { nickname }),
          {
            type: 'schedule',
            params: { name: LEAGUE_NUDGE_TIMER, dueAt: nextNudgeAt(now, zone).toISOString() },
          },
          ...resume(input),
        ];
      },
      leagueJoinRefused: (input) => {
        const problem = String(input.data.problem ?? '');
        const suggestion = String(input.data.suggestion ?? '');
        const key = `league.refused.${PROBLEMS.has(problem) ? problem : 'missing'}`;
        return [
          send(key, { suggestion, nickname: String(input.data.nickname ?? '') }, joinButton(suggestion)),
          ...resume(input),
        ];
      },
      leagueLeft: (input) => [
        send(input.data.left ? 'league.left' : 'league.notMember'),
        { type: 'cancelTimer', params: { name: LEAGUE_NUDGE_TIMER } },
        ...resume(input),
      ],
      leagueResult: (input) => [result(input.data.result as Result)],
      leagueNudge: (input) => [
        send('league.nudge', { gap: Number(input.data.gap ?? 0) }, { template: 'league_nudge' }),
      ],
    },
  };
}
