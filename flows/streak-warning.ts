/*
 * The evening "streak at risk" warning (issue 13 item 2): a root timer, `streak.warning`, which
 * each daily lesson turn schedules for that evening (flows/learning/streak-news.ts streakWarningAt),
 * as the weekly insight is. When it fires, a learner with a streak of 2 days or more who has done
 * nothing that streak day gets ONE warning; outside the 24-hour window it goes as the approved
 * `streak_nudge` template. Decisions: none while lessons are paused (no daily turn schedules it)
 * or before onboarding ends; none when the zone changed into quiet hours since it was scheduled.
 */
import type { Effect } from '../engine/effects.js';
import type { RootExtensions, RootInput } from '../engine/registry.js';
import { journeyOf, send } from './command-kit.js';
import { isQuiet } from './learning/quiet-hours.js';
import { streakAtRisk, streakWarningAt } from './learning/streak-news.js';
import { streakAsOf, streakDay } from './learning/streak.js';

export const STREAK_WARNING_TIMER = 'streak.warning';

/** This evening's warning timer, when there is an evening outside quiet hours to send it in. */
export function scheduleStreakWarning(input: RootInput): Effect[] {
  const { state, now, zone, onboarded } = journeyOf(input);
  if (!onboarded || state.paused) return [];
  const dueAt = streakWarningAt(now, zone, state.lessonTime!);
  return dueAt
    ? [{ type: 'schedule', params: { name: STREAK_WARNING_TIMER, dueAt: dueAt.toISOString() } }]
    : [];
}

export function createStreakWarningExtensions(): RootExtensions {
  const fire = (input: RootInput): Effect[] => {
    const { state, now, zone, onboarded } = journeyOf(input);
    if (!onboarded || state.paused || isQuiet(now, zone)) return [];
    if (!streakAtRisk(state.streak, state.streakWarnedDay, now, zone)) return [];
    return [
      { type: 'updateProfile', params: { learning: { streakWarnedDay: streakDay(now, zone) } } },
      // A quiz left open is today's way to keep the streak: OK brings its question back.
      input.activeFlow === 'lesson'
        ? send(
            'streak.atRiskQuiz',
            { streak: streakAsOf(state.streak, now, zone) },
            { template: 'streak_nudge' },
          )
        : send(
            'streak.atRisk',
            { streak: streakAsOf(state.streak, now, zone) },
            { template: 'streak_nudge', buttons: [{ id: 'NEXT', key: 'quiz.nextLesson' }] },
          ),
    ];
  };
  return { timers: { [STREAK_WARNING_TIMER]: fire } };
}

/** The daily lesson timer with this evening's streak warning scheduled beside it. */
export const withStreakWarning =
  (daily: (input: RootInput & { payload: Record<string, unknown> }) => Effect[]) =>
  (input: RootInput & { payload: Record<string, unknown> }): Effect[] => [
    ...daily(input),
    ...scheduleStreakWarning(input),
  ];
