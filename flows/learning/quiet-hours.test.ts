import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowed } from './quiet-hours.js';

const local = (date: Date, zone: string) =>
  date.toLocaleString('sv-SE', { timeZone: zone, hour12: false }).slice(0, 16);
const NAIROBI = 'Africa/Nairobi';
const LONDON = 'Europe/London';

describe('quiet hours', () => {
  it('are 21:00–07:00 local by default, crossing midnight, with 07:00 itself allowed', () => {
    // Nairobi is UTC+3 all year.
    expect(isQuiet(new Date('2026-05-04T17:59:00Z'), NAIROBI)).toBe(false); // 20:59
    expect(isQuiet(new Date('2026-05-04T18:00:00Z'), NAIROBI)).toBe(true); // 21:00
    expect(isQuiet(new Date('2026-05-04T23:30:00Z'), NAIROBI)).toBe(true); // 02:30
    expect(isQuiet(new Date('2026-05-05T03:59:59Z'), NAIROBI)).toBe(true); // 06:59:59
    expect(isQuiet(new Date('2026-05-05T04:00:00Z'), NAIROBI)).toBe(false); // 07:00
    expect(isQuiet(new Date('2026-05-05T09:00:00Z'), NAIROBI)).toBe(false); // 12:00
  });

  it('follow the learner’s own zone: 22:00 in Nairobi is 20:00 in London', () => {
    const at = new Date('2026-05-04T19:00:00Z');
    expect(isQuiet(at, NAIROBI)).toBe(true);
    expect(isQuiet(at, LONDON)).toBe(false);
  });

  it('can be configured per learner, within a day or across midnight, or switched off', () => {
    const at = new Date('2026-05-04T10:30:00Z'); // 13:30 Nairobi
    expect(isQuiet(at, NAIROBI, { start: '13:00', end: '14:00' })).toBe(true);
    expect(isQuiet(at, NAIROBI, { start: '14:00', end: '13:00' })).toBe(false);
    expect(isQuiet(at, NAIROBI, { start: '23:00', end: '23:00' })).toBe(false);
    expect(nextAllowed(at, NAIROBI, { start: '13:00', end: '14:00' }).toISOString()).toBe(
      '2026-05-04T11:00:00.000Z',
    );
  });

  it('nextAllowed leaves an allowed instant alone and moves a quiet one to the end of the night', () => {
    const noon = new Date('2026-05-04T09:00:00Z');
    expect(nextAllowed(noon, NAIROBI)).toBe(noon);
    expect(local(nextAllowed(new Date('2026-05-04T19:00:00Z'), NAIROBI), NAIROBI)).toBe('2026-05-05 07:00');
    expect(local(nextAllowed(new Date('2026-05-04T23:00:00Z'), NAIROBI), NAIROBI)).toBe('2026-05-05 07:00');
  });

  it('ends at 07:00 local on the mornings the clocks change in London', () => {
    // Spring forward 2026-03-29 01:00 GMT → 02:00 BST; fall back 2026-10-25 02:00 BST → 01:00 GMT.
    const spring = nextAllowed(new Date('2026-03-28T22:00:00Z'), LONDON);
    expect(spring.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    const autumn = nextAllowed(new Date('2026-10-24T21:30:00Z'), LONDON);
    expect(autumn.toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(local(autumn, LONDON)).toBe('2026-10-25 07:00');
  });

  it('handles a window ending inside the spring gap or the autumn overlap', () => {
    const window = { start: '00:00', end: '01:30' };
    // 01:30 does not exist on 2026-03-29 in London: sending resumes when the clocks jump to 02:00.
    const gap = nextAllowed(new Date('2026-03-29T00:10:00Z'), LONDON, window);
    expect(isQuiet(gap, LONDON, window)).toBe(false);
    expect(gap.getTime()).toBeGreaterThan(new Date('2026-03-29T00:10:00Z').getTime());
    expect(gap.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(local(gap, LONDON)).toBe('2026-03-29 02:00');
    // 01:30 happens twice on 2026-10-25: the first time (BST) ends quiet hours…
    expect(nextAllowed(new Date('2026-10-24T23:30:00Z'), LONDON, window).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // …and an instant in the repeated hour, already past the first 01:30, waits for the second.
    expect(nextAllowed(new Date('2026-10-25T01:15:00Z'), LONDON, window).toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
  });

  it('gives the first allowed instant for every quarter hour of both DST weeks (never earlier, never later)', () => {
    for (const [zone, from] of [
      [LONDON, '2026-03-26T00:00:00Z'],
      [LONDON, '2026-10-22T00:00:00Z'],
      [NAIROBI, '2026-10-22T00:00:00Z'],
    ] as const) {
      for (let step = 0; step < 7 * 24 * 4; step++) {
        const at = new Date(Date.parse(from) + step * 15 * 60_000);
        const allowed = nextAllowed(at, zone);
        expect(isQuiet(allowed, zone)).toBe(false);
        expect(allowed.getTime()).toBeGreaterThanOrEqual(at.getTime());
        if (allowed.getTime() > at.getTime()) {
          expect(isQuiet(new Date(allowed.getTime() - 60_000), zone)).toBe(true);
          expect(local(allowed, zone).slice(11)).toBe(DEFAULT_QUIET_HOURS.end);
        }
      }
    }
  });

  it('rejects a malformed window or zone with a hint', () => {
    expect(() => isQuiet(new Date(), NAIROBI, { start: '9pm', end: '07:00' })).toThrow(/HH:MM/);
    expect(() => nextAllowed(new Date(), 'Nairobi', DEFAULT_QUIET_HOURS)).toThrow(/IANA name/);
  });
});
