import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryCache, RedisCache } from '../../adapters/cache/index.js';
import { sendRate } from '../../adapters/sender-loop.js';
import { TEST_REDIS_URL, withoutRedis } from '../harness/db.js';

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

  it('says when a grant no longer covers a send: its second has passed, or it was granted for the tail alone', async () => {
    let at = Date.UTC(2026, 11, 3, 8, 0, 0, 100);
    const rate = sendRate(new MemoryCache(), 10, { now: () => at, tailMs: 250 });
    const early = await rate.acquire('s');
    at += 600; // 08:00:00.700, still in its second and before the tail
    expect(early.stillValid()).toBe(true);
    at += 100; // 08:00:00.800: a send now could reach the provider in the next second
    expect(early.stillValid()).toBe(false);
    const tail = await rate.acquire('s'); // granted in the tail: counted in this second and the next
    at += 300; // 08:00:01.100
    expect(tail.stillValid()).toBe(true);
    at += 700; // 08:00:01.800
    expect(tail.stillValid()).toBe(false);
  });

  it.skipIf(withoutRedis())('shares the cap between processes through Redis', async () => {
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

  /** How many grants could reach the provider within each wall-clock second (a tail grant may land in the next). */
  function reachingEachSecond(grantedAt: number[], tailMs: number): number[] {
    const seconds = new Map<number, number>();
    for (const at of grantedAt) {
      const second = Math.floor(at / 1000);
      seconds.set(second, (seconds.get(second) ?? 0) + 1);
      if ((second + 1) * 1000 - at <= tailMs) seconds.set(second + 1, (seconds.get(second + 1) ?? 0) + 1);
    }
    return [...seconds.values()];
  }

  it('budgets each wall-clock second, not a window opened by the first send', async () => {
    const start = 1_700_000_000_000;
    let now = start + 100;
    const rate = sendRate(new MemoryCache(), 3, { now: () => now, tailMs: 0 });
    expect(await rate.tryAcquire('s')).toBe(true);
    // A window opened at .100 would end at 1.100 and allow three more after it, five in this second.
    now = start + 1050;
    expect([await rate.tryAcquire('s'), await rate.tryAcquire('s')]).toEqual([true, true]);
    now = start + 1200;
    expect([await rate.tryAcquire('s'), await rate.tryAcquire('s')]).toEqual([true, false]);
    now = start + 2000;
    expect(await rate.tryAcquire('s')).toBe(true);
  });

  it('counts a send granted at the end of a second against the next one too, and still uses every second', async () => {
    const start = 1_700_000_000_000;
    let now = start + 250;
    const rate = sendRate(new MemoryCache(), 5, { now: () => now, tailMs: 100 });
    const grantedAt: number[] = [];
    for (; now < start + 6000; now += 7) if (await rate.tryAcquire('s')) grantedAt.push(now);
    expect(Math.max(...reachingEachSecond(grantedAt, 100))).toBe(5);
    expect(grantedAt.length).toBeGreaterThanOrEqual(5 * 5);
  });

  it('pauses a sender for whole seconds after 63018', async () => {
    const start = 1_700_000_000_000;
    let now = start + 300;
    const rate = sendRate(new MemoryCache(), 5, { now: () => now });
    await rate.pause('s', 2);
    for (const at of [300, 1000, 2999]) {
      now = start + at;
      expect(await rate.tryAcquire('s')).toBe(false);
    }
    now = start + 3000;
    expect(await rate.tryAcquire('s')).toBe(true);
  });

  it.skipIf(withoutRedis())(
    'keeps every wall-clock second within MPS for two processes waiting on Redis',
    async () => {
      const sender = `sender-wall-${Date.now()}`;
      const [a, b] = [
        new RedisCache({ url: TEST_REDIS_URL, logger }),
        new RedisCache({ url: TEST_REDIS_URL, logger }),
      ];
      caches.push(a, b);
      await Promise.all([a.waitUntilReady(5000), b.waitUntilReady(5000)]);
      const rates = [sendRate(a, 4, { tailMs: 100 }), sendRate(b, 4, { tailMs: 100 })];
      const grantedAt = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          await rates[i % 2]!.acquire(sender);
          return Date.now();
        }),
      );
      expect(Math.max(...reachingEachSecond(grantedAt, 100))).toBeLessThanOrEqual(4);
    },
  );
});
