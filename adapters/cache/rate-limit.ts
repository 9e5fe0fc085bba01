import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Cache } from './cache.js';
import { RedisCache } from './redis.js';

export interface PhoneRateLimitOptions {
  /** Requests one phone may make per window. */
  points: number;
  windowSeconds: number;
  /** Separates this limit's counters from every other limit's. */
  keyPrefix: string;
}

export type PhoneRateLimiter = RateLimiterAbstract;

/**
 * Shared across processes through Redis when the cache is Redis; in-process otherwise.
 * During a Redis outage each process counts on its own (looser, but requests keep flowing).
 */
export function createPhoneRateLimiter(cache: Cache, options: PhoneRateLimitOptions): PhoneRateLimiter {
  return createRateLimiter(cache, options);
}

/** A counter of `points` per `windowSeconds` per key, in Redis when the cache is Redis. */
export function createRateLimiter(cache: Cache, options: PhoneRateLimitOptions): RateLimiterAbstract {
  const limits = { points: options.points, duration: options.windowSeconds, keyPrefix: options.keyPrefix };
  if (!(cache instanceof RedisCache)) return new RateLimiterMemory(limits);
  return new RateLimiterRedis({
    ...limits,
    storeClient: cache.client,
    // Go straight to the insurance limiter instead of waiting on a connection that is down.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(limits),
  });
}
