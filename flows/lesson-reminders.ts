/*
 * Reminders while a quiz question waits: each one scheduled from when the question was sent
 * (flows/learning/reminders.ts decides when); after the last one goes unanswered the learner is paused.
 * Decision: a reminder does not carry the question itself. It often goes as the quiz_reminder
 * template outside the 24-hour window, where a free-text question would be held until the learner
 * writes and then arrive beside the one their reply brings back; "OK" (or any reply) re-shows it.
 */
import { DateTime } from 'luxon';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { LAST_REMINDER_KEY, nextReminder, reminderKey } from './learning/reminders.js';
import type { LessonContext } from './lesson-context.js';

export const REMINDER_TIMER = 'lesson.reminder';

/** The timer for reminder number `count` + 1, if there is one left to send. */
export const scheduleReminder = (context: LessonContext, count: number): Effect[] => {
  const dueAt = nextReminder(new Date(context.askedAt), count, context.zone)?.toISOString();
  return dueAt ? [{ type: 'schedule', params: { name: REMINDER_TIMER, dueAt } }] : [];
};

/** The reminder itself and the next one scheduled, or, after the last, the learner paused. */
export const reminderEffects = (
  context: LessonContext,
  event: ConversationEvent,
  lessonTitle: string,
): Effect[] => {
  const sent = context.reminders + 1;
  const next = scheduleReminder(context, sent);
  // The day the question was asked: one quiz's reminders take the variants in turn, never one twice in a row.
  const day = DateTime.fromISO(context.askedAt, { zone: context.zone }).toISODate() ?? '';
  // The last one says lessons pause until the learner writes; the others vary their wording.
  const key =
    next.length > 0 ? reminderKey(event.learner?.phone ?? context.course, day, sent) : LAST_REMINDER_KEY;
  const reminder: Effect = {
    type: 'send',
    params: { key, vars: { lesson: lessonTitle }, template: 'quiz_reminder' },
  };
  if (next.length > 0) return [reminder, ...next];
  // The last reminder went unanswered: pause the learner until they write.
  return [
    reminder,
    { type: 'updateProfile', params: { learning: { paused: 'reminders' } } },
    {
      type: 'callService',
      params: { service: 'learner.paused', input: { reason: 'quiz-reminders-unanswered' } },
    },
  ];
};
