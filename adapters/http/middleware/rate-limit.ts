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

/** Answers 429 with Retry-After once one phone has used up its requests for the window. */
export function phoneRateLimit<E extends RequestIdEnv>(
  options: PhoneRateLimitMiddlewareOptions<E>,
): MiddlewareHandler<E> {
  const { limiter, phoneOf } = options;
  return async function phoneRateLimitMiddleware(c, next) {
    const phone = await phoneOf(c);
    if (!phone) return next();
    try {
      await limiter.consume(phone);
    } catch (rejection) {
      // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when it failed.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
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
    }
    return next();
  };
}
