/*
 * When a plan's renewal speaks (issue 12 item 7), as pure time arithmetic over the learner's grants.
 * Decisions: reminders 3 days and 1 day before the end; premium stays open for a grace of 3 days
 * after it (set when the grant is made, taken away when the learner declines); a failed renewal
 * prompt the learner agreed to is sent again after 1 h, 6 h and 24 h while the grace lasts, never
 * after a cancel (1032: the learner said no on the phone); at the grace's end, the downgrade.
 */
import { GRACE_MS } from '../../shared/renewal-grace.js';
import type { AccessGrant } from './state.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const REMIND_DAYS_BEFORE = [3, 1] as const;
export const RETRY_AFTER_MS = [1 * HOUR, 6 * HOUR, 24 * HOUR] as const;
/** M-PESA failures worth asking again later; a cancel is the learner's own no. */
export const RETRIED_FAILURES = new Set([
  'insufficientFunds',
  'wrongPin',
  'timedOut',
  'failed',
  'unavailable',
]);

/** The grace's end for a grant ending at `until` (ISO). */
export const graceAfter = (until: string): string => new Date(Date.parse(until) + GRACE_MS).toISOString();

/** The grant a renewal is about: the plan with an end that ends last (a renewal adds a later one). */
export function renewable(access: readonly AccessGrant[]): (AccessGrant & { until: string }) | undefined {
  return access
    .filter((g): g is AccessGrant & { until: string } => g.until !== undefined)
    .reduce<(AccessGrant & { until: string }) | undefined>(
      (latest, g) => (!latest || Date.parse(g.until) > Date.parse(latest.until) ? g : latest),
      undefined,
    );
}

export type RenewalStage =
  { kind: 'remind'; daysLeft: number } | { kind: 'grace'; graceUntil: string } | { kind: 'ended' };

/** What the renewal timer has to say at `now` about a grant (before its end: a reminder). */
export function renewalStage(grant: AccessGrant & { until: string }, now: Date): RenewalStage {
  const until = Date.parse(grant.until);
  const graceUntil = grant.graceUntil ?? grant.until;
  if (now.getTime() < until)
    return { kind: 'remind', daysLeft: Math.max(1, Math.ceil((until - now.getTime()) / DAY)) };
  if (now.getTime() < Date.parse(graceUntil)) return { kind: 'grace', graceUntil };
  return { kind: 'ended' };
}

/**
 * The renewal timer's next instant after `now`: each reminder, the end (the grace notice), then
 * the grace's end (the downgrade). A reminder already past is skipped, not sent late.
 */
export function nextRenewalAt(grant: AccessGrant & { until: string }, now: Date): Date | undefined {
  const until = Date.parse(grant.until);
  const points = [
    ...REMIND_DAYS_BEFORE.map((days) => until - days * DAY),
    until,
    Date.parse(grant.graceUntil ?? grant.until),
  ];
  const next = points.find((at) => at > now.getTime());
  return next === undefined ? undefined : new Date(next);
}

/** When a failed renewal prompt is tried again: the backoff's step, inside the grace only. */
export function retryAt(
  prompts: number,
  grant: AccessGrant & { until: string },
  now: Date,
): Date | undefined {
  const wait = RETRY_AFTER_MS[prompts - 1];
  if (wait === undefined) return undefined;
  const at = now.getTime() + wait;
  return at < Date.parse(grant.graceUntil ?? grant.until) ? new Date(at) : undefined;
}
