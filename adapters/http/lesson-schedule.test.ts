import { describe, expect, it } from 'vitest';
import { lessonTimeOf, nextLessonAt } from './lesson-schedule.js';

const next = (zone: string, time: string, now: string) => {
  const at = nextLessonAt(zone, time, new Date(now));
  return { utc: at.toUTC().toISO(), local: at.toISO() };
};

describe('nextLessonAt', () => {
  it('Africa/Nairobi (UTC+3, no DST): later today, else tomorrow', () => {
    expect(next('Africa/Nairobi', '07:30', '2025-03-29T04:00:00Z').utc).toBe('2025-03-29T04:30:00.000Z');
    expect(next('Africa/Nairobi', '07:30', '2025-03-29T04:30:00Z').utc).toBe('2025-03-30T04:30:00.000Z');
    expect(next('Africa/Nairobi', '21:00', '2025-12-31T20:00:00Z').utc).toBe('2026-01-01T18:00:00.000Z');
  });

  it('Europe/London across the spring-forward Sunday keeps 07:30 local, one hour earlier in UTC', () => {
    // Clocks go forward at 01:00 UTC on Sunday 2025-03-30.
    expect(next('Europe/London', '07:30', '2025-03-29T12:00:00Z')).toEqual({
      utc: '2025-03-30T06:30:00.000Z',
      local: '2025-03-30T07:30:00.000+01:00',
    });
    expect(next('Europe/London', '07:30', '2025-03-29T06:00:00Z').utc).toBe('2025-03-29T07:30:00.000Z');
  });

  it('Europe/London: a lesson time skipped by the clock change moves forward by the jump', () => {
    expect(next('Europe/London', '01:30', '2025-03-29T12:00:00Z')).toEqual({
      utc: '2025-03-30T01:30:00.000Z',
      local: '2025-03-30T02:30:00.000+01:00',
    });
  });

  it('Europe/London: a lesson time that happens twice (autumn) is the first of the two', () => {
    expect(next('Europe/London', '01:30', '2025-10-25T12:00:00Z')).toEqual({
      utc: '2025-10-26T00:30:00.000Z',
      local: '2025-10-26T01:30:00.000+01:00',
    });
    expect(next('Europe/London', '07:30', '2025-10-26T12:00:00Z').local).toBe(
      '2025-10-27T07:30:00.000+00:00',
    );
  });

  it('rejects an unreadable time or zone', () => {
    expect(() => nextLessonAt('Africa/Nairobi', '7:30pm', new Date())).toThrow(RangeError);
    expect(() => nextLessonAt('Mars/Olympus', '07:30', new Date())).toThrow(RangeError);
  });
});

describe('lessonTimeOf', () => {
  it('uses the stored HH:MM, else 07:30', () => {
    expect(lessonTimeOf({ lessonTime: '18:05' })).toBe('18:05');
    expect(lessonTimeOf({})).toBe('07:30');
    expect(lessonTimeOf({ lessonTime: '25:00' })).toBe('07:30');
    expect(lessonTimeOf({ lessonTime: 730 })).toBe('07:30');
  });
});
