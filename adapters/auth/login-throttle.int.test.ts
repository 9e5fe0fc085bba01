import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_REDIS_URL, withoutRedis } from '../../tests/harness/db.js';
import { redisKeysUnder } from '../../tests/harness/redis-time.js';
import { MemoryCache } from '../cache/memory.js';
import { RedisCache } from '../cache/redis.js';
import { loginThrottle, type LoginThrottle } from './login-throttle.js';

const LIMITS = {
  perEmail: 2,
  perAddress: 5,
  windowSeconds: 900,
  firstLockoutSeconds: 60,
  longestLockoutSeconds: 240,
};

interface ThrottleUnderTest {
  throttle: LoginThrottle;
  /** Lets `ms` pass as far as the store's expiry is concerned. */
  elapse(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** What sign-in throttling does, whichever store counts. */
function throttleContract(name: string, factory: () => Promise<ThrottleUnderTest>): void {
  describe(`login throttle on ${name}`, () => {
    let t: ThrottleUnderTest;
    beforeEach(async () => {
      t = await factory();
    });
    afterEach(async () => t.cleanup());

    let addresses = 0;
    /** `n` attempts for `email`, each from a new address unless one is given. */
    const tries = async (n: number, email: string, address?: string) => {
      const verdicts = [];
      for (let i = 0; i < n; i++)
        verdicts.push(await t.throttle.attempt(address ?? `198.51.100.${++addresses}`, email));
      return verdicts.map((v) => (v.allowed ? 'allowed' : v.retryAfterSeconds));
    };

    it('locks an email out after its attempts, 1, 2, 4 minutes … up to the longest, and a success clears it', async () => {
      expect(await tries(3, 'owner@example.com')).toEqual(['allowed', 'allowed', 60]);
      expect(await tries(1, 'OWNER@example.com ')).toEqual([60]);
      expect(await tries(1, 'someone-else@example.com')).toEqual(['allowed']);
      await t.elapse(60_000);
      expect(await tries(2, 'owner@example.com')).toEqual(['allowed', 120]);
      await t.elapse(120_000);
      expect(await tries(2, 'owner@example.com')).toEqual(['allowed', 240]);
      await t.elapse(240_000);
      expect(await tries(2, 'owner@example.com')).toEqual(['allowed', 240]);
      await t.elapse(240_000);
      await t.throttle.succeeded('Owner@Example.com');
      expect(await tries(3, 'owner@example.com')).toEqual(['allowed', 'allowed', 60]);
    });

    it('counts an email that no admin has exactly like one that exists', async () => {
      expect(await tries(3, 'nobody@example.com')).toEqual(['allowed', 'allowed', 60]);
    });

    it('locks an address out across emails, and only that address', async () => {
      const emails = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `${n}@example.com`);
      const verdicts = [];
      for (const email of emails) verdicts.push(...(await tries(1, email, '203.0.113.7')));
      expect(verdicts).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 60]);
      expect(await tries(1, 'g@example.com', '203.0.113.8')).toEqual(['allowed']);
    });
  });
}

throttleContract('the in-process store', async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  return {
    throttle: loginThrottle(new MemoryCache(), { limits: LIMITS }),
    elapse: async (ms) => void vi.advanceTimersByTime(ms),
    cleanup: async () => void vi.useRealTimers(),
  };
});

describe.skipIf(withoutRedis())('on Redis', () => {
  throttleContract('Redis', async () => {
    const keyPrefix = `test:login:${randomUUID()}`;
    const cache = new RedisCache({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }) });
    expect(await cache.waitUntilReady(5_000)).toBe(true);
    const keys = redisKeysUnder(cache, keyPrefix);
    return { throttle: loginThrottle(cache, { limits: LIMITS, keyPrefix }), ...keys };
  });
});
