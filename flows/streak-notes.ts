/*
 * The lines a lesson's end adds about the streak (issue 13 item 2): a streak lost and started
 * afresh, freezes spent on missed days, a freeze earned. They come before the quiz result, whose
 * "days in a row" they explain.
 */
import type { Effect } from '../engine/effects.js';
import type { StreakNews } from './learning/streak-news.js';
import type { StreakState } from './learning/streak.js';

export function streakNotes(news: StreakNews, after: StreakState): Effect[] {
  const notes: Effect[] = [];
  if (news.lost > 0)
    notes.push({ type: 'send', params: { key: 'streak.freshStart', vars: { count: news.lost } } });
  if (news.freezesUsed > 0)
    notes.push({ type: 'send', params: { key: 'streak.freezeUsed', vars: { count: news.freezesUsed } } });
  if (news.freezeEarned)
    notes.push({ type: 'send', params: { key: 'streak.freezeEarned', vars: { count: after.freezes } } });
  return notes;
}
