import { describe, expect, it } from 'vitest';
import { isQuiet } from './quiet-hours.js';
import {
  MAX_REMINDERS,
  nextReminder,
  REMINDER_KEYS,
  reminderKey,
  reminderPlan,
  shouldPause,
} from './reminders.js';

const local = (date: Date, zone: string) =>
  date.toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);
const NAIROBI = 'Africa/Nairobi';
const LONDON = 'Europe/London';

describe('reminders for an unanswered quiz', () => {
  it('escalate: about 2 h, next day, 3 days, a week, two weeks after the quiz, then stop', () => {
    const quiz = new Date('2026-05-04T04:30:00Z'); // Monday 07:30 Nairobi
    expect(reminderPlan(quiz, NAIROBI).map((at) => local(at, NAIROBI))).toEqual([
      '2026-05-04 09:30',
      '2026-05-05 07:30',
      '2026-05-07 07:30',
      '2026-05-11 07:30',
      '2026-05-18 07:30',
    ]);
    expect(nextReminder(quiz, MAX_REMINDERS, NAIROBI)).toBeNull();
    expect(MAX_REMINDERS).toBe(5);
  });

  it('pauses the learner only after the fifth unanswered reminder', () => {
    expect([0, 1, 4, 5, 6].map(shouldPause)).toEqual([false, false, false, true, true]);
  });

  it('never falls in quiet hours: an evening quiz is first reminded at 07:00 the next morning', () => {
    const quiz = new Date('2026-05-04T16:30:00Z'); // 19:30 Nairobi: +2 h is 21:30
    expect(local(nextReminder(quiz, 0, NAIROBI)!, NAIROBI)).toBe('2026-05-05 07:00');
    expect(local(nextReminder(quiz, 1, NAIROBI)!, NAIROBI)).toBe('2026-05-05 19:30');
    expect(local(nextReminder(quiz, 0, NAIROBI, { start: '22:00', end: '06:00' })!, NAIROBI)).toBe(
      '2026-05-04 21:30',
    );
  });

  it('keeps the local time of day across the October change in London', () => {
    const quiz = new Date('2026-10-23T06:30:00Z'); // Friday 07:30 BST
    expect(reminderPlan(quiz, LONDON).map((at) => local(at, LONDON))).toEqual([
      '2026-10-23 09:30',
      '2026-10-24 07:30',
      '2026-10-26 07:30',
      '2026-10-30 07:30',
      '2026-11-06 07:30',
    ]);
  });

  it('for a quiz at any quarter hour of a week: five reminders, in order, none in quiet hours', () => {
    for (const zone of [NAIROBI, LONDON]) {
      for (let step = 0; step < 7 * 24 * 4; step++) {
        const quiz = new Date(Date.parse('2026-10-21T00:00:00Z') + step * 15 * 60_000);
        const plan = reminderPlan(quiz, zone);
        expect(plan).toHaveLength(5);
        expect(plan.some((at) => isQuiet(at, zone))).toBe(false);
        const times = [quiz, ...plan].map((at) => at.getTime());
        for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
      }
    }
  });

  it('treats a nonsense count as “no more reminders”', () => {
    const quiz = new Date('2026-05-04T04:30:00Z');
    expect(nextReminder(quiz, -1, NAIROBI)).toBeNull();
    expect(nextReminder(quiz, 1.5, NAIROBI)).toBeNull();
  });
});

describe('reminder wording', () => {
  it('is stable for a learner and day, and never the same twice in a row', () => {
    const keys = [1, 2, 3, 4].map((n) => reminderKey('+254700000001', '2026-05-04', n));
    expect(keys).toEqual([1, 2, 3, 4].map((n) => reminderKey('+254700000001', '2026-05-04', n)));
    keys.slice(1).forEach((key, i) => expect(key).not.toBe(keys[i]));
    expect(new Set(keys)).toEqual(new Set(REMINDER_KEYS));
  });

  it('starts from different variants for different learners or days', () => {
    const firsts = new Set(
      ['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07'].flatMap((day) =>
        ['+254700000001', '+254700000002', '+255700000003'].map((learner) => reminderKey(learner, day, 1)),
      ),
    );
    expect(firsts.size).toBeGreaterThan(1);
  });
});
