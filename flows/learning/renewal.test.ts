import { describe, expect, it } from 'vitest';
import { grantValid } from './access.js';
import { graceAfter, nextRenewalAt, renewable, renewalStage, retryAt } from './renewal.js';

const week = {
  plan: 'premium-week',
  courses: 'premium' as const,
  orderId: 'o-1',
  until: '2026-03-09T10:00:00.000Z',
  graceUntil: graceAfter('2026-03-09T10:00:00.000Z'),
};
const at = (iso: string) => new Date(iso);

describe('renewal timing', () => {
  it('the grace is 3 days after the end, and premium stays open through it', () => {
    expect(week.graceUntil).toBe('2026-03-12T10:00:00.000Z');
    expect(grantValid(week, at('2026-03-11T09:59:00Z'))).toBe(true);
    expect(grantValid(week, at('2026-03-12T10:00:00Z'))).toBe(false);
    // Declined: the grace is the end itself.
    expect(grantValid({ ...week, graceUntil: week.until }, at('2026-03-09T10:00:00Z'))).toBe(false);
  });

  it('reminds 3 days and 1 day before, then the grace notice at the end, then the downgrade', () => {
    expect(nextRenewalAt(week, at('2026-03-02T10:00:00Z'))).toEqual(at('2026-03-06T10:00:00Z'));
    expect(nextRenewalAt(week, at('2026-03-06T10:00:00Z'))).toEqual(at('2026-03-08T10:00:00Z'));
    expect(nextRenewalAt(week, at('2026-03-08T10:00:00Z'))).toEqual(at('2026-03-09T10:00:00Z'));
    expect(nextRenewalAt(week, at('2026-03-09T10:00:00Z'))).toEqual(at('2026-03-12T10:00:00Z'));
    expect(nextRenewalAt(week, at('2026-03-12T10:00:00Z'))).toBeUndefined();
    // Bought two days before its end (a short plan): the 3-day reminder is skipped, not sent late.
    expect(nextRenewalAt(week, at('2026-03-07T10:00:00Z'))).toEqual(at('2026-03-08T10:00:00Z'));
  });

  it('names the stage and the days left, counted up', () => {
    expect(renewalStage(week, at('2026-03-06T10:00:00Z'))).toEqual({ kind: 'remind', daysLeft: 3 });
    expect(renewalStage(week, at('2026-03-08T12:00:00Z'))).toEqual({ kind: 'remind', daysLeft: 1 });
    expect(renewalStage(week, at('2026-03-09T10:00:00Z'))).toEqual({
      kind: 'grace',
      graceUntil: week.graceUntil,
    });
    expect(renewalStage(week, at('2026-03-12T10:00:00Z'))).toEqual({ kind: 'ended' });
  });

  it('retries after 1 h, 6 h and 24 h, never past the grace', () => {
    const now = at('2026-03-09T10:00:00Z');
    expect(retryAt(1, week, now)).toEqual(at('2026-03-09T11:00:00Z'));
    expect(retryAt(2, week, now)).toEqual(at('2026-03-09T16:00:00Z'));
    expect(retryAt(3, week, now)).toEqual(at('2026-03-10T10:00:00Z'));
    expect(retryAt(4, week, now)).toBeUndefined();
    expect(retryAt(3, week, at('2026-03-11T12:00:00Z'))).toBeUndefined();
  });

  it('renews the plan that ends last; a plan for good is not renewed', () => {
    const later = { ...week, orderId: 'o-2', until: '2026-03-16T10:00:00.000Z' };
    const once = { plan: 'business-once', courses: ['small-business'], orderId: 'o-3' };
    expect(renewable([week, later, once])?.orderId).toBe('o-2');
    expect(renewable([once])).toBeUndefined();
  });
});
