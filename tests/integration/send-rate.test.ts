import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache } from '../../adapters/cache/index.js';
import { sendRate } from '../../adapters/sender-loop.js';
import { TEST_REDIS_URL } from '../harness/db.js';

const logger = pino({ level: 'silent' });

describe('WHATSAPP_MPS: sends per second per sender', () => {
  const caches: RedisCache[] = [];
  afterAll(async () => Promise.all(caches.map((cache) => cache.close())));

  it('lets only MPS sends through per second in one process, and waits for the next second', async () => {
    const rate = sendRate(new MemoryCache(), 3);
    const sender = `sender-${Date.now()}`;
    expect(await Promise.all([1, 2, 3].map(() => rate.tryAcquire(sender)))).toEqual([true, true, true]);
    expect(await rate.tryAcquire(sender)).toBe(false);
    expect(await rate.tryAcquire('another-sender')).toBe(true);
    await rate.acquire(sender); // resolves once the one-second window has passed
    expect(await rate.tryAcquire(sender)).toBe(true);
  });

  it('shares the cap between processes through Redis', async () => {
    const sender = `sender-${Date.now()}`;
    const [a, b] = [
      new RedisCache({ url: TEST_REDIS_URL, logger }),
      new RedisCache({ url: TEST_REDIS_URL, logger }),
    ];
    caches.push(a, b);
    await Promise.all([a.waitUntilReady(5000), b.waitUntilReady(5000)]);
    const [first, second] = [sendRate(a, 4), sendRate(b, 4)];
    const granted = await Promise.all([first, first, second, second].map((rate) => rate.tryAcquire(sender)));
    expect(granted).toEqual([true, true, true, true]);
    expect(await first.tryAcquire(sender)).toBe(false);
    expect(await second.tryAcquire(sender)).toBe(false);
  });
});
