import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Hono } from 'hono';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redisKeysUnder } from '../../../tests/harness/redis-time.js';
import { TEST_REDIS_URL, withoutRedis } from '../../../tests/harness/db.js';
import { MemoryCache } from '../../cache/memory.js';
import { createPhoneRateLimiter, type PhoneRateLimiter } from '../../cache/rate-limit.js';
import { RedisCache } from '../../cache/redis.js';
import { phoneRateLimit } from './rate-limit.js';

const POINTS = 3;
const WINDOW_SECONDS = 60;
const AMINA = 'whatsapp:+254712345123';
const BARAKA = 'whatsapp:+254798765432';

interface LimiterUnderTest {
  limiter: PhoneRateLimiter;
  /** Lets `ms` of time pass as far as the limiter's window is concerned. */
  elapse(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** A webhook-like route: the phone is the form field `From`, as Twilio sends it. */
function webhookApp(limiter: PhoneRateLimiter) {
  const app = new Hono<{ Variables: { requestId: string } }>();
  app.use(async function requestId(c, next) {
    c.set('requestId', 'req-42');
    await next();
  });
  app.use(
    phoneRateLimit({
      limiter,
      phoneOf: async (c) => {
        const from = (await c.req.parseBody()).From;
        return typeof from === 'string' ? from : undefined;
      },
    }),
  );
  app.post('/webhook', async (c) => c.text(`received from ${String((await c.req.parseBody()).From)}`));
  return (from?: string) =>
    app.request('/webhook', { method: 'POST', body: new URLSearchParams(from ? { From: from } : {}) });
}

function phoneRateLimitSuite(name: string, factory: () => Promise<LimiterUnderTest>): void {
  describe(`phoneRateLimit with the ${name} limiter`, () => {
    let t: LimiterUnderTest;
    let post: ReturnType<typeof webhookApp>;
    beforeEach(async () => {
      t = await factory();
      post = webhookApp(t.limiter);
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('lets a phone through up to the limit, then answers 429 with Retry-After and the request id', async () => {
      for (let i = 0; i < POINTS; i++) {
        const ok = await post(AMINA);
        expect(ok.status).toBe(200);
        expect(await ok.text()).toBe(`received from ${AMINA}`);
      }
      const limited = await post(AMINA);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('Retry-After'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(WINDOW_SECONDS - 1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(await limited.json()).toEqual({
        error: { code: 'rate_limited', message: expect.stringMatching(/try again/), requestId: 'req-42' },
      });
    });

    it('does not slow down another phone', async () => {
      for (let i = 0; i <= POINTS; i++) await post(AMINA);
      expect((await post(AMINA)).status).toBe(429);
      expect((await post(BARAKA)).status).toBe(200);
    });

    it('lets requests without a phone pass', async () => {
      for (let i = 0; i <= POINTS + 1; i++) expect((await post()).status).toBe(200);
    });

    it('lets the phone through again once the window has passed, not before', async () => {
      for (let i = 0; i < POINTS; i++) await post(AMINA);
      await t.elapse((WINDOW_SECONDS - 2) * 1000);
      const stillLimited = await post(AMINA);
      expect(stillLimited.status).toBe(429);
      expect(Number(stillLimited.headers.get('Retry-After'))).toBeLessThanOrEqual(2);
      await t.elapse(2000);
      expect((await post(AMINA)).status).toBe(200);
    });
  });
}

phoneRateLimitSuite('memory', async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  const limiter = createPhoneRateLimiter(new MemoryCache(), {
    points: POINTS,
    windowSeconds: WINDOW_SECONDS,
    keyPrefix: 'test:rl',
  });
  return {
    limiter,
    elapse: async (ms) => void vi.advanceTimersByTime(ms),
    cleanup: async () => void vi.useRealTimers(),
  };
});

describe.skipIf(withoutRedis())('on Redis', () => {
  phoneRateLimitSuite('redis', async () => {
    const keyPrefix = `test:rl:${randomUUID()}`;
    const cache = new RedisCache({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }) });
    expect(await cache.waitUntilReady(5_000)).toBe(true);
    const limiter = createPhoneRateLimiter(cache, {
      points: POINTS,
      windowSeconds: WINDOW_SECONDS,
      keyPrefix,
    });
    const keys = redisKeysUnder(cache, keyPrefix);
    return { limiter, elapse: keys.elapse, cleanup: keys.cleanup };
  });
});

describe('phoneRateLimit while Redis is unreachable', () => {
  it('keeps limiting in this process instead of failing requests', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    const cache = new RedisCache({ url: `redis://127.0.0.1:${port}`, logger: pino({ level: 'silent' }) });
    try {
      const post = webhookApp(
        createPhoneRateLimiter(cache, { points: POINTS, windowSeconds: 60, keyPrefix: 'rl' }),
      );
      expect(await cache.ping()).toBe(false);
      for (let i = 0; i < POINTS; i++) expect((await post(AMINA)).status).toBe(200);
      expect((await post(AMINA)).status).toBe(429);
      expect((await post(BARAKA)).status).toBe(200);
    } finally {
      await cache.close();
    }
  });
});
