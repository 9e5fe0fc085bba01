import { describe, expect, it } from 'vitest';
import { dueAt, parseDelay } from './time.js';

const local = (date: Date, zone: string) =>
  date.toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);

describe('when a timer is due', () => {
  it('reads delays like 30m, 2h, 1d and 1d12h, and rejects anything else with a hint', () => {
    expect(parseDelay('30m').as('minutes')).toBe(30);
    expect(parseDelay('1d12h').as('hours')).toBe(36);
    expect(() => parseDelay('soon')).toThrow(/like 30m, 2h, 1d/);
    expect(() => parseDelay('2 hours')).toThrow(/not a delay/);
  });

  it('"tomorrow 07:30" is 07:30 on the next local calendar day in the learner’s zone', () => {
    const now = new Date('2026-03-02T20:30:00Z'); // 23:30 in Nairobi
    const due = dueAt({ at: { time: '07:30', days: 1 } }, now, 'Africa/Nairobi');
    expect(due.toISOString()).toBe('2026-03-03T04:30:00.000Z');
  });

  it('keeps the local time across a DST change, and moves a skipped local time forward', () => {
    // Europe/London springs forward on 2026-03-29 at 01:00 → 02:00.
    const saturday = new Date('2026-03-28T12:00:00Z');
    expect(local(dueAt({ at: { time: '07:30', days: 1 } }, saturday, 'Europe/London'), 'Europe/London')).toBe(
      '2026-03-29 07:30',
    );
    expect(local(dueAt({ delay: '1d' }, saturday, 'Europe/London'), 'Europe/London')).toBe(
      '2026-03-29 12:00',
    );
    expect(local(dueAt({ at: { time: '01:30', days: 1 } }, saturday, 'Europe/London'), 'Europe/London')).toBe(
      '2026-03-29 02:30',
    );
  });

  it('without `days`, picks the next occurrence: later today, or tomorrow when it has passed', () => {
    const morning = new Date('2026-03-02T04:00:00Z'); // 07:00 Nairobi
    expect(dueAt({ at: { time: '07:30' } }, morning, 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-02T04:30:00.000Z',
    );
    expect(dueAt({ at: { time: '06:45' } }, morning, 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-03T03:45:00.000Z',
    );
  });

  it('names a bad time of day or zone', () => {
    expect(() => dueAt({ at: { time: '7.30' } }, new Date(), 'Africa/Nairobi')).toThrow(/HH:MM/);
    expect(() => dueAt({ delay: '1h' }, new Date(), 'Mars/Olympus')).toThrow(/IANA name/);
  });

  it('takes an exact instant a flow computed (say, moved out of quiet hours), and names a bad one', () => {
    const now = new Date('2026-03-02T04:00:00Z');
    expect(dueAt({ dueAt: '2026-03-03T04:30:00.000Z' }, now, 'Africa/Nairobi').toISOString()).toBe(
      '2026-03-03T04:30:00.000Z',
    );
    expect(() => dueAt({ dueAt: 'tomorrow' }, now, 'Africa/Nairobi')).toThrow(/not an ISO 8601 instant/);
  });
});
