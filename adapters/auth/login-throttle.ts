import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Cache } from '../cache/cache.js';
import { createRateLimiter } from '../cache/rate-limit.js';
import { normalizeEmail } from '../../db/repositories/admins.js';

/**
 * Admin sign-in throttling, per client address and per email, in Redis when configured.
 *
 * Decisions:
 * - Every attempt counts before the password is checked (so a burst of parallel guesses cannot
 *   all slip past the check); a successful sign-in clears its email's count and lockouts.
 * - Over the limit, the key is locked out for 1 minute, then 2, 4 … up to an hour for each further
 *   lockout within 24 hours: after a lockout ends, one attempt goes through, the next locks again.
 * - Keys are the email as typed (lower-cased), whether or not an admin has it, so a throttled
 *   answer says nothing about which emails exist.
 * - The address limit is looser (several admins may share an office's address) and is never
 *   cleared by a success (one valid account must not reset an attacker's count).
 */
export interface LoginThrottleLimits {
  /** Attempts per email per window before a lockout. */
  perEmail: number;
  /** Attempts per client address per window before a lockout. */
  perAddress: number;
  windowSeconds: number;
  firstLockoutSeconds: number;
  longestLockoutSeconds: number;
}

export const LOGIN_LIMITS: LoginThrottleLimits = {
  perEmail: 5,
  perAddress: 20,
  windowSeconds: 15 * 60,
  firstLockoutSeconds: 60,
  longestLockoutSeconds: 60 * 60,
};

const STRIKES_REMEMBERED_SECONDS = 24 * 3600;

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Counter {
  attempts: RateLimiterAbstract;
  /** Lockouts so far within a day, for the backoff. */
  strikes: RateLimiterAbstract;
  points: number;
}

export interface LoginThrottle {
  /** Counts one sign-in attempt; refused while the email or the address is locked out. */
  attempt(address: string, email: string): Promise<LoginVerdict>;
  /** The right password: the email starts afresh. */
  succeeded(email: string): Promise<void>;
}

export function loginThrottle(
  cache: Cache,
  options: { limits?: LoginThrottleLimits; keyPrefix?: string } = {},
): LoginThrottle {
  const limits = options.limits ?? LOGIN_LIMITS;
  const prefix = options.keyPrefix ?? 'login';
  const counter = (name: string, points: number): Counter => ({
    attempts: createRateLimiter(cache, {
      points,
      windowSeconds: limits.windowSeconds,
      keyPrefix: `${prefix}-${name}`,
    }),
    strikes: createRateLimiter(cache, {
      points: 1000,
      windowSeconds: STRIKES_REMEMBERED_SECONDS,
      keyPrefix: `${prefix}-${name}-strikes`,
    }),
    points,
  });
  const byEmail = counter('email', limits.perEmail);
  const byAddress = counter('address', limits.perAddress);

  const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  /** Seconds the key is still locked out for, or 0. */
  async function lockedFor({ attempts, points }: Counter, key: string): Promise<number> {
    const seen = await attempts.get(key);
    return seen && seen.consumedPoints > points ? secondsOf(seen.msBeforeNext) : 0;
  }

  /** Counts the attempt; past the limit (or after an earlier lockout, at once) locks the key out. */
  async function count({ attempts, strikes, points }: Counter, key: string): Promise<number> {
    const counted = await attempts.penalty(key);
    const struck = (await strikes.get(key))?.consumedPoints ?? 0;
    if (counted.consumedPoints <= (struck > 0 ? 1 : points)) return 0;
    const strike = await strikes.penalty(key);
    const seconds = Math.min(
      limits.firstLockoutSeconds * 2 ** (strike.consumedPoints - 1),
      limits.longestLockoutSeconds,
    );
    await attempts.block(key, seconds);
    return seconds;
  }

  return {
    async attempt(address, email) {
      const keys: [Counter, string][] = [
        [byAddress, address],
        [byEmail, normalizeEmail(email)],
      ];
      for (const [counter, key] of keys) {
        const seconds = await lockedFor(counter, key);
        if (seconds > 0) return { allowed: false, retryAfterSeconds: seconds };
      }
      for (const [counter, key] of keys) {
        const seconds = await count(counter, key);
        if (seconds > 0) return { allowed: false, retryAfterSeconds: seconds };
      }
      return { allowed: true };
    },
    async succeeded(email) {
      const key = normalizeEmail(email);
      await Promise.all([byEmail.attempts.delete(key), byEmail.strikes.delete(key)]);
    },
  };
}
