import { describe, expect, it } from 'vitest';
import { nextLessonAt } from './lesson-time.js';
import { isQuiet, type QuietHours } from './quiet-hours.js';

const local = (date: Date, zone: string) =>
  date.toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);
const NAIROBI = 'Africa/Nairobi';
const LONDON = 'Europe/London';
const NO_QUIET = { start: '00:00', end: '00:00' };

/** Lesson after lesson, each computed the moment the previous one goes out (as the timer would). */
function walk(start: Date, zone: string, time: string, days: number, quiet?: QuietHours): Date[] {
  const lessons: Date[] = [];
  let now = start;
  for (let i = 0; i < days; i++) {
    now = nextLessonAt(now, zone, time, quiet);
    lessons.push(now);
  }
  return lessons;
}

describe('the next daily lesson', () => {
  it('is today when the chosen time is still ahead, otherwise tomorrow', () => {
    expect(local(nextLessonAt(new Date('2026-05-04T04:00:00Z'), NAIROBI, '07:30'), NAIROBI)).toBe(
      '2026-05-04 07:30',
    );
    expect(local(nextLessonAt(new Date('2026-05-04T05:00:00Z'), NAIROBI, '07:30'), NAIROBI)).toBe(
      '2026-05-05 07:30',
    );
  });

  it('is tomorrow when computed at the very moment today’s lesson goes out', () => {
    const sent = new Date('2026-05-04T04:30:00Z'); // 07:30 Nairobi
    expect(nextLessonAt(sent, NAIROBI, '07:30').toISOString()).toBe('2026-05-05T04:30:00.000Z');
  });

  it('30 simulated days in Nairobi at 07:30: every lesson at 07:30 local, one a day, never in quiet hours', () => {
    const lessons = walk(new Date('2026-10-10T10:00:00Z'), NAIROBI, '07:30', 30);
    expect(lessons.map((at) => local(at, NAIROBI).slice(11))).toEqual(Array(30).fill('07:30'));
    expect(new Set(lessons.map((at) => local(at, NAIROBI).slice(0, 10))).size).toBe(30);
    expect(lessons.some((at) => isQuiet(at, NAIROBI))).toBe(false);
    expect(local(lessons[0]!, NAIROBI)).toBe('2026-10-11 07:30');
    expect(local(lessons[29]!, NAIROBI)).toBe('2026-11-09 07:30');
  });

  it('30 simulated days in London across the October 2026 change: 07:30 local throughout', () => {
    const lessons = walk(new Date('2026-10-10T10:00:00Z'), LONDON, '07:30', 30);
    expect(lessons.map((at) => local(at, LONDON).slice(11))).toEqual(Array(30).fill('07:30'));
    expect(new Set(lessons.map((at) => local(at, LONDON).slice(0, 10))).size).toBe(30);
    expect(lessons.some((at) => isQuiet(at, LONDON))).toBe(false);
    // 06:30 UTC in summer time, 07:30 UTC after the clocks go back on Sunday 25 October.
    expect(lessons.map((at) => at.toISOString().slice(0, 16))).toContain('2026-10-25T07:30');
    expect(lessons.map((at) => at.toISOString().slice(0, 16))).toContain('2026-10-24T06:30');
  });

  it('across the March change too, including the day of it', () => {
    const lessons = walk(new Date('2026-03-20T12:00:00Z'), LONDON, '07:30', 15);
    expect(lessons.map((at) => local(at, LONDON).slice(11))).toEqual(Array(15).fill('07:30'));
    expect(lessons.map((at) => at.toISOString().slice(0, 16))).toContain('2026-03-29T06:30');
  });

  it('moves a time the spring gap skips forward, and picks the first of a time the autumn repeats', () => {
    expect(
      nextLessonAt(new Date('2026-03-28T12:00:00Z'), LONDON, '01:30', {
        start: '23:00',
        end: '00:00',
      }).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    const autumn = walk(new Date('2026-10-24T12:00:00Z'), LONDON, '01:30', 2, NO_QUIET).map((at) =>
      at.toISOString(),
    );
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']); // one lesson that day
  });

  it('moves a time inside quiet hours to their end, the same morning or the next', () => {
    const now = new Date('2026-05-04T02:00:00Z'); // 05:00 Nairobi
    expect(local(nextLessonAt(now, NAIROBI, '06:00'), NAIROBI)).toBe('2026-05-04 07:00');
    // Yesterday's 23:00 lesson, held back by quiet hours, goes at 07:00 this morning.
    expect(local(nextLessonAt(now, NAIROBI, '23:00'), NAIROBI)).toBe('2026-05-04 07:00');
    // Late-evening learners get one lesson a day at 07:00, none skipped, none doubled.
    const lessons = walk(now, NAIROBI, '23:00', 5).map((at) => local(at, NAIROBI));
    expect(lessons).toEqual([
      '2026-05-04 07:00',
      '2026-05-05 07:00',
      '2026-05-06 07:00',
      '2026-05-07 07:00',
      '2026-05-08 07:00',
    ]);
    expect(local(nextLessonAt(now, NAIROBI, '06:00', { start: '22:00', end: '05:30' }), NAIROBI)).toBe(
      '2026-05-04 06:00',
    );
  });

  it('when changed to a time inside quiet hours just before they end, still sends today', () => {
    // At 06:45 the learner picks 06:30: it is moved to 07:00, which is still ahead today.
    expect(local(nextLessonAt(new Date('2026-05-04T03:45:00Z'), NAIROBI, '06:30'), NAIROBI)).toBe(
      '2026-05-04 07:00',
    );
  });

  it('rejects a time that is not HH:MM', () => {
    expect(() => nextLessonAt(new Date(), NAIROBI, '7.30am')).toThrow(/HH:MM, like 07:30/);
  });
});
