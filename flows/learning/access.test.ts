import { describe, expect, it } from 'vitest';
import { hasAccess, pendingPayment, withGrant } from './access.js';
import type { AccessGrant, PaymentAttempt } from './state.js';

const now = new Date('2026-03-02T10:00:00Z');
const business = { slug: 'small-business', premium: true };
const money = { slug: 'money-basics', premium: false };
const forGood: AccessGrant = { plan: 'business-once', courses: ['small-business'], orderId: 'o1' };
const month = (until: string): AccessGrant => ({
  plan: 'premium-month',
  courses: 'premium',
  until,
  orderId: until,
});

describe('course access', () => {
  it('opens a free course to everyone, and an unknown one too (nothing to sell)', () => {
    expect(hasAccess([], money, now)).toBe(true);
    expect(hasAccess([], undefined, now)).toBe(true);
  });

  it('closes a premium course until a grant covers it', () => {
    expect(hasAccess([], business, now)).toBe(false);
    expect(hasAccess([{ ...forGood, courses: ['other-course'] }], business, now)).toBe(false);
    expect(hasAccess([forGood], business, now)).toBe(true);
    expect(hasAccess([month('2026-04-01T00:00:00Z')], business, now)).toBe(true);
  });

  it('ends a subscription at its end instant', () => {
    expect(hasAccess([month('2026-03-02T10:00:01Z')], business, now)).toBe(true);
    expect(hasAccess([month('2026-03-02T10:00:00Z')], business, now)).toBe(false);
  });

  it('grants an order once, dropping expired grants', () => {
    const expired = month('2026-02-01T00:00:00Z');
    const once = withGrant([expired], forGood, now);
    expect(once).toEqual([forGood]);
    expect(withGrant(once, { ...forGood, plan: 'again' }, now)).toEqual([forGood]);
  });
});

describe('a purchase waiting for M-PESA', () => {
  const attempt: PaymentAttempt = {
    requestId: 'r1',
    plan: 'premium-month',
    phone: '+254712345678',
    at: '2026-03-02T09:50:00Z',
    status: 'prompted',
  };

  it('is pending until it settles, for 15 minutes at most', () => {
    expect(pendingPayment(attempt, now)).toEqual(attempt);
    expect(pendingPayment({ ...attempt, status: 'settled' }, now)).toBeUndefined();
    expect(pendingPayment(attempt, new Date('2026-03-02T10:05:00Z'))).toBeUndefined();
    expect(pendingPayment(undefined, now)).toBeUndefined();
  });
});
