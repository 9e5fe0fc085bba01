import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { PhoneRateLimiter } from '../../cache/rate-limit.js';

interface RequestIdEnv {
  Variables: { requestId: string };
}

export interface PhoneRateLimitMiddlewareOptions<E extends RequestIdEnv> {
  limiter: PhoneRateLimiter;
  /** The learner's phone for this request; requests without one are not limited here. */
  phoneOf: (c: Context<E>) => Promise<string | undefined> | string | undefined;
}

/** Counts one request for `key`: null within the limit, the limiter's answer (with msBeforeNext) over it. */
export async function overLimit(limiter: PhoneRateLimiter, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when it failed.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return rejection;
  }
}

/** Answers 429 with Retry-After once one phone has used up its requests for the window. */
export function phoneRateLimit<E extends RequestIdEnv>(
  options: PhoneRateLimitMiddlewareOptions<E>,
): MiddlewareHandler<E> {
  const { limiter, phoneOf } = options;
  return async function phoneRateLimitMiddleware(c, next) {
    const phone = await phoneOf(c);
    if (!phone) return next();
    const rejection = await overLimit(limiter, phone);
    if (!rejection) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    c.header('Retry-After', String(retryAfterSeconds));
    return c.json(
      {
        error: {
          code: 'rate_limited',
          message: `Too many requests for this phone number; try again in ${retryAfterSeconds} s.`,
          requestId: c.get('requestId'),
        },
      },
      429,
    );
  };
}
