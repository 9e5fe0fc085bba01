import type { RedisCache } from '../../adapters/cache/redis.js';

/**
 * Redis keeps real time, so tests make "time pass" by shortening each key's remaining PTTL; a key
 * whose TTL was never set (PTTL -1) is untouched, exactly as waiting would leave it.
 */
export function redisKeysUnder(cache: RedisCache, prefix: string) {
  const ownKeys = () => cache.client.keys(`${prefix}*`);
  return {
    async elapse(ms: number) {
      for (const key of await ownKeys()) {
        const remaining = await cache.client.pttl(key);
        if (remaining < 0) continue;
        if (remaining <= ms) await cache.client.del(key);
        else await cache.client.pexpire(key, remaining - ms);
      }
    },
    async cleanup() {
      const keys = await ownKeys();
      if (keys.length > 0) await cache.client.del(...keys);
      await cache.close();
    },
  };
}
