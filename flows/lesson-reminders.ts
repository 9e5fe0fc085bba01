/*
 * Reminders while a quiz question waits: each one scheduled from when the question was sent
 * (flows/learning/reminders.ts decides when); after the last one goes unanswered the learner is paused.
 * Decision: a reminder does not carry the question itself. It often goes as the quiz_reminder
 * template outside the 24-hour window, where a free-text question would be held until the learner
 * writes and then arrive beside the one their reply brings back; "OK" (or any reply) re-shows it.
 * Decision: the daily lesson time and a reminder within an hour of it make one message, not two
 * in the same minute: the held-back note (which also asks for OK) stands for that reminder, unless
 * it is the last one, whose pause notice goes as usual.
 */
import { DateTime } from 'luxon';
import type { Effect } from '../engine/effects.js';
import type { ConversationEvent } from '../engine/events.js';
import { nextDailyLessonAt } from './learning/lesson-time.js';
import { LAST_REMINDER_KEY, MAX_REMINDERS, nextReminder, reminderKey } from './learning/reminders.js';
import { prefsOf, type LessonContext } from './lesson-context.js';

export const REMINDER_TIMER = 'lesson.reminder';

/** The timer for reminder number `count` + 1, if there is one left to send. */
export const scheduleReminder = (context: LessonContext, count: number): Effect[] => {
  const dueAt = nextReminder(new Date(context.askedAt), count, context.zone)?.toISOString();
  return dueAt ? [{ type: 'schedule', params: { name: REMINDER_TIMER, dueAt } }] : [];
};

const HOUR = 3_600_000;

/** The next reminder is due within an hour either side of `at`, and is not the last. */
const reminderNear = (context: LessonContext, at: Date, last: boolean): boolean => {
  const due = nextReminder(new Date(context.askedAt), context.reminders, context.zone);
  const isLast = context.reminders + 1 >= MAX_REMINDERS;
  return due !== null && isLast === last && Math.abs(due.getTime() - at.getTime()) <= HOUR;
};

/** At the daily lesson time with the quiz open: the reminder due about now goes with the held-back note. */
export const heldBackTakesReminder = (context: LessonContext, event: ConversationEvent): boolean =>
  context.heldBack !== true && reminderNear(context, new Date(event.at ?? context.askedAt), false);

/** At the daily lesson time: the last reminder is due about now, and its own notice says the quiz waits. */
export const lastReminderNear = (context: LessonContext, event: ConversationEvent): boolean =>
  context.heldBack !== true && reminderNear(context, new Date(event.at ?? context.askedAt), true);

/** A reminder (not the last) firing within the hour before the daily lesson time, whose held-back note will say it. */
export const lessonTimeComing = (context: LessonContext, event: ConversationEvent): boolean => {
  const state = prefsOf(event);
  if (context.heldBack === true || !state.lessonTime || state.paused) return false;
  if (context.reminders + 1 >= MAX_REMINDERS) return false;
  const now = new Date(event.at ?? context.askedAt);
  // From a minute back: a lesson time in this very minute still counts as coming.
  const lessonAt = nextDailyLessonAt(
    new Date(now.getTime() - 60_000),
    context.zone,
    state.lessonTime,
    state.lastLessonDay,
  );
  return lessonAt.getTime() - now.getTime() <= HOUR;
};

/** The reminder counted as said (by the held-back note) and the one after it scheduled. */
export const skipReminder = (context: LessonContext): Effect[] =>
  scheduleReminder(context, context.reminders + 1);

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
