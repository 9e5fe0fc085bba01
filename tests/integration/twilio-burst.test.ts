import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../../adapters/cache/index.js';
import { loadTemplateCatalog } from '../../adapters/channels/templates.js';
import { TwilioChannel } from '../../adapters/channels/twilio/channel.js';
import { sendRate } from '../../adapters/sender-loop.js';
import { outboxStore } from '../../db/repositories/outbox.js';
import { rowsOf } from '../../db/rows.js';
import { systemClock } from '../../engine/clock.js';
import { Sender } from '../../engine/sender.js';
import { testDatabase, TEST_REDIS_URL, withoutRedis, type TestDatabase } from '../harness/db.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';

const MPS = 40;
const BURST = 200;
const LEARNERS = 25;

/**
 * A burst of replies on PostgreSQL, sent by two sender "processes" that share WHATSAPP_MPS through
 * Redis: the fake Twilio never sees more than MPS per second, and every row is sent exactly once.
 */
describe.skipIf(withoutRedis())('a burst through two senders sharing WHATSAPP_MPS', () => {
  let database: TestDatabase;
  let fake: FakeTwilio;
  const caches: RedisCache[] = [];

  beforeAll(async () => {
    database = await testDatabase('postgres');
    fake = await new FakeTwilio().start();
    await database.db.execute(sql`
      insert into users (phone, last_inbound_at)
      select '+2547110' || lpad(n::text, 5, '0'), now() from generate_series(1, ${LEARNERS}) n`);
    await database.db.execute(sql`
      insert into outbox (user_id, turn, channel, recipient, payload)
      select u.id, n, 'twilio', u.phone, jsonb_build_object('text', 'reply ' || u.phone || ' #' || n)
      from users u cross join generate_series(1, ${BURST / LEARNERS}) n order by n, u.phone`);
  });
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await fake?.stop();
    await database?.cleanup();
  });

  function senderProcess(): Sender {
    const cache = new RedisCache({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }) });
    caches.push(cache);
    return new Sender({
      store: outboxStore(database.db),
      channels: {
        twilio: new TwilioChannel({
          accountSid: fake.accountSid,
          authToken: fake.authToken,
          apiBaseUrl: fake.url,
          from: 'whatsapp:+14155238886',
          statusCallbackUrl: 'https://learn.example.com/webhooks/twilio/status',
          templates: loadTemplateCatalog(),
          cache,
        }),
      },
      clock: systemClock,
      // A sender name of its own, so other tests sharing this Redis do not eat into the budget.
      rate: { acquire: () => rate.acquire(`burst-${process.pid}-${database.schema}`) },
      batch: 50,
    });
  }
  let rate: ReturnType<typeof sendRate>;

  it('never exceeds MPS in any second and sends every row once, in order per learner', async () => {
    const shared = new RedisCache({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }) });
    caches.push(shared);
    await shared.waitUntilReady(5000);
    rate = sendRate(shared, MPS);
    const [a, b] = [senderProcess(), senderProcess()];
    const handled = await Promise.all([a.drain(), b.drain()]);
    expect(handled[0] + handled[1]).toBeGreaterThanOrEqual(BURST);

    expect(fake.messages).toHaveLength(BURST);
    expect(new Set(fake.messages.map((m) => m.body)).size).toBe(BURST);
    expect(fake.peakPerSecond()).toBeLessThanOrEqual(MPS);
    // Each learner's replies arrived in the order the turns wrote them.
    for (const phone of ['+254711000001', '+254711000025']) {
      const numbers = fake.sentTo(phone).map((m) => Number(m.body!.split('#')[1]));
      expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    }
    const statuses = await database.db.execute(
      sql`select status, count(*)::int as n from outbox group by status`,
    );
    expect(rowsOf(statuses)).toEqual([{ status: 'sent', n: BURST }]);
  });
});
