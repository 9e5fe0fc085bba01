import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisKeysUnder } from '../../tests/harness/redis-time.js';
import { TEST_REDIS_URL, withoutRedis } from '../../tests/harness/db.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory.js';
import { RedisCache } from './redis.js';

interface CacheUnderTest {
  cache: Cache;
  /** A key no other test touches. */
  key(name: string): string;
  /** Lets `ms` of time pass as far as the cache's expiry is concerned. */
  elapse(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** The behaviour every Cache must show, whichever store is behind it. */
function cacheContract(name: string, factory: () => Promise<CacheUnderTest>): void {
  describe(`Cache contract: ${name}`, () => {
    let t: CacheUnderTest;
    beforeEach(async () => {
      t = await factory();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('answers ping', async () => {
      expect(await t.cache.ping()).toBe(true);
    });

    it('returns null for a key never set, and the last value set otherwise', async () => {
      const key = t.key('lesson');
      expect(await t.cache.get(key)).toBeNull();
      await t.cache.set(key, 'first');
      await t.cache.set(key, 'second');
      expect(await t.cache.get(key)).toBe('second');
    });

    it('keeps a value without TTL however much time passes', async () => {
      const key = t.key('forever');
      await t.cache.set(key, 'v');
      await t.elapse(24 * 3600 * 1000);
      expect(await t.cache.get(key)).toBe('v');
    });

    it('forgets a value once its TTL has passed, not before', async () => {
      const key = t.key('session');
      await t.cache.set(key, 'v', 10);
      await t.elapse(9_000);
      expect(await t.cache.get(key)).toBe('v');
      await t.elapse(1_000);
      expect(await t.cache.get(key)).toBeNull();
    });

    it('counts from 1 and keeps counting, per key', async () => {
      const a = t.key('count-a');
      const b = t.key('count-b');
      expect(await t.cache.incr(a)).toBe(1);
      expect(await t.cache.incr(a)).toBe(2);
      expect(await t.cache.incr(a)).toBe(3);
      expect(await t.cache.incr(b)).toBe(1);
      expect(await t.cache.get(a)).toBe('3');
    });

    it('starts a counter TTL when the key is created and does not extend it on later increments', async () => {
      const key = t.key('window');
      expect(await t.cache.incr(key, 10)).toBe(1);
      await t.elapse(5_000);
      expect(await t.cache.incr(key, 10)).toBe(2);
      await t.elapse(5_000);
      expect(await t.cache.get(key)).toBeNull();
      expect(await t.cache.incr(key, 10)).toBe(1);
    });

    it('adds more than one at a time (token counters), with and without a TTL', async () => {
      const key = t.key('tokens');
      expect(await t.cache.incr(key, 10, 250)).toBe(250);
      expect(await t.cache.incr(key, 10, 120)).toBe(370);
      await t.elapse(10_000);
      expect(await t.cache.get(key)).toBeNull();
      const forever = t.key('tokens-forever');
      expect(await t.cache.incr(forever, undefined, 7)).toBe(7);
      expect(await t.cache.incr(forever)).toBe(8);
    });

    it('deletes a key, and deleting a missing key is harmless', async () => {
      const key = t.key('gone');
      await t.cache.set(key, 'v');
      await t.cache.del(key);
      expect(await t.cache.get(key)).toBeNull();
      await expect(t.cache.del(t.key('never-set'))).resolves.toBeUndefined();
    });
  });
}

cacheContract('memory', async () => {
  let clock = Date.UTC(2025, 0, 1);
  const cache = new MemoryCache({ now: () => clock });
  return {
    cache,
    key: (name) => name,
    elapse: async (ms) => {
      clock += ms;
    },
    cleanup: () => cache.close(),
  };
});

describe.skipIf(withoutRedis())('on Redis', () => {
  cacheContract('redis', async () => {
    const prefix = `test:cache:${randomUUID()}:`;
    const cache = new RedisCache({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }) });
    expect(await cache.waitUntilReady(5_000)).toBe(true);
    const keys = redisKeysUnder(cache, prefix);
    return { cache, key: (name) => prefix + name, elapse: keys.elapse, cleanup: keys.cleanup };
  });
});
