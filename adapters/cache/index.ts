import type { Logger } from '../logger.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory.js';
import { RedisCache } from './redis.js';

export type { Cache } from './cache.js';
export { MemoryCache } from './memory.js';
export { RedisCache } from './redis.js';

/** Redis when REDIS_URL is configured, otherwise the in-process cache. */
export function createCache(options: { redisUrl?: string; logger: Logger }): Cache {
  if (options.redisUrl) return new RedisCache({ url: options.redisUrl, logger: options.logger });
  return new MemoryCache();
}
