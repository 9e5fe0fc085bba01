import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryStore } from '../../db/repositories/delivery.js';
import { outboxStore } from '../../db/repositories/outbox.js';
import { outbox, users } from '../../db/schema/index.js';
import type { OutboundMessage } from '../../engine/ports.js';
import { configuredDriver, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { statusHandler } from './status.js';

const AMINA = '+254712345678';
const apology: OutboundMessage = {
  text: 'Sorry, your file could not be sent here. Please try EXPORT again.',
};

/** What a status report makes the product do, against the real delivery and outbox tables. */
describe(`delivery statuses that change what happens next (${configuredDriver()})`, () => {
  let database: TestDatabase;
  let userId = '';
  let nudged = 0;
  beforeEach(async () => {
    database = await testDatabase();
    nudged = 0;
    const [learner] = await database.db.insert(users).values({ phone: AMINA }).returning();
    userId = learner!.id;
  });
  afterEach(() => database.cleanup());

  const handle = () =>
    statusHandler({
      store: deliveryStore(database.db),
      outbox: outboxStore(database.db),
      logger: pino({ level: 'silent' }),
      pause: async () => {},
      nudge: () => nudged++,
      lateLookupMs: 0,
    });

  async function sent(providerId: string, payload: OutboundMessage) {
    await database.db.insert(outbox).values({
      userId,
      turn: 1,
      channel: 'twilio',
      recipient: AMINA,
      payload,
      status: 'sent',
      providerId,
    });
  }
  const queued = async () =>
    (await database.db.select().from(outbox).where(eq(outbox.status, 'pending'))).map((r) => r.payload);

  it('queues the apology of a promised file the channel accepted and then could not deliver, once', async () => {
    const document = { text: 'Your file', media: { type: 'document' as const, url: 'https://x.test/f.pdf' } };
    await sent('SM-doc', { ...document, fallback: apology });
    const failed = { channel: 'twilio', providerId: 'SM-doc', status: 'failed' as const, errorCode: '12300' };
    await handle()({ ...failed, at: new Date() });
    await handle()({ ...failed, at: new Date() }); // Twilio repeats callbacks
    expect(await queued()).toEqual([apology]);
    expect(nudged).toBe(1);
  });

  it('queues nothing for a failed message that promised nothing', async () => {
    await sent('SM-plain', { text: 'Well done!' });
    await handle()({
      channel: 'twilio',
      providerId: 'SM-plain',
      status: 'undelivered',
      errorCode: '30003',
      at: new Date(),
    });
    expect(await queued()).toEqual([]);
  });
});
