/*
 * Who may take which course (issue 12): a free course is open to everyone; a premium one to a
 * learner holding a grant for it that has not expired. Grants come only from confirmed M-PESA
 * payments (flows/payment-events.ts). Decisions: a grant without `until` is for good (a `once`
 * plan); `until` is exclusive (access ends at that instant); a purchase waiting for M-PESA counts as
 * pending for 15 minutes at most, so a settlement that never came never blocks a new PAY (the
 * payment service still answers `alreadyPending` while its order is open).
 */
import type { AccessGrant, PaymentAttempt } from './state.js';

export const PENDING_FOR_MS = 15 * 60_000;

/** A grant still in force at `now` (its grace period included: flows/renewal.ts). */
export const grantValid = (grant: AccessGrant, now: Date): boolean =>
  grant.until === undefined || Date.parse(grant.graceUntil ?? grant.until) > now.getTime();

/** Whether a grant unlocks a course (`premium` unlocks every premium course). */
export const grantCovers = (grant: AccessGrant, course: string): boolean =>
  grant.courses === 'premium' || grant.courses.includes(course);

/** Whether the learner may take the course's lessons at `now`. */
export function hasAccess(
  access: readonly AccessGrant[],
  course: { slug: string; premium: boolean } | undefined,
  now: Date,
): boolean {
  if (!course?.premium) return true;
  return access.some((grant) => grantValid(grant, now) && grantCovers(grant, course.slug));
}

/**
 * The grants with this one added and the expired ones dropped; the same order twice grants once
 * (its settlement may be delivered again).
 */
export function withGrant(access: readonly AccessGrant[], grant: AccessGrant, now: Date): AccessGrant[] {
  if (access.some((held) => held.orderId === grant.orderId)) return [...access];
  return [...access.filter((held) => grantValid(held, now)), grant];
}

/** The purchase still waiting for M-PESA at `now`, if any. */
export function pendingPayment(payment: PaymentAttempt | undefined, now: Date): PaymentAttempt | undefined {
  if (!payment || payment.status === 'settled') return undefined;
  return now.getTime() - Date.parse(payment.at) < PENDING_FOR_MS ? payment : undefined;
}
