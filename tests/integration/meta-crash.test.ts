import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTemplateCatalog } from '../../adapters/channels/templates.js';
import { MetaChannel } from '../../adapters/channels/meta/channel.js';
import { parseMetaWebhook } from '../../adapters/channels/meta/inbound.js';
import { deliveryStore } from '../../db/repositories/delivery.js';
import { outboxStore } from '../../db/repositories/outbox.js';
import { rowsOf } from '../../db/rows.js';
import { outbox, users } from '../../db/schema/index.js';
import { SimClock } from '../../engine/clock.js';
import { Sender } from '../../engine/sender.js';
import { configuredDriver, testDatabase, type TestDatabase } from '../harness/db.js';
import { FakeMeta } from '../harness/fake-meta.js';

const AMINA = '+254712000444';

/**
 * A sender that dies after Meta accepted a message but before recording its id: every send
 * carries the outbox row id, Meta echoes it in the message's status webhooks, and the next sender
 * takes the row as sent instead of sending it again. Without an echo, the row goes again.
 */
describe(`a crash mid-send on the Meta channel (${configuredDriver()})`, () => {
  let database: TestDatabase;
  let fake: FakeMeta;
  let clock: SimClock;

  beforeEach(async () => {
    database = await testDatabase();
    fake = await new FakeMeta().start();
    clock = new SimClock(new Date());
    const [learner] = await database.db
      .insert(users)
      .values({ phone: AMINA, lastInboundAt: clock.now() })
      .returning();
    for (const text of ['Your lesson is ready', 'Well done!']) {
      await database.db.insert(outbox).values({
        userId: learner!.id,
        turn: 1,
        channel: 'meta',
        recipient: AMINA,
        payload: { text },
        nextAttemptAt: clock.now(),
      });
    }
  });
  afterEach(async () => {
    await fake.stop();
    await database.cleanup();
  });

  const delivery = () => deliveryStore(database.db);
  const channel = () =>
    new MetaChannel({
      accessToken: fake.accessToken,
      phoneNumberId: fake.phoneNumberId,
      apiBaseUrl: fake.url,
      templates: loadTemplateCatalog(),
      findEchoed: (id) => delivery().echoedProviderId('meta', id),
    });
  const sender = () => new Sender({ store: outboxStore(database.db), channels: { meta: channel() }, clock });

  /** Claims the first row, hands it to Meta, and dies before recording the answer. */
  async function dieAfterSending(): Promise<number> {
    const store = outboxStore(database.db);
    const [row] = await store.claim(clock.now(), new Date(clock.now().getTime() + 15_000), 1);
    await channel().send(row!.recipient, row!.payload, String(row!.id), {
      beforeCall: async () => {
        await store.markAttempted([row!], clock.now(), new Date(clock.now().getTime() + 20_000));
      },
    });
    return row!.id;
  }

  it('takes the row as sent when a status webhook echoed its id, and sends nothing twice', async () => {
    const id = await dieAfterSending();
    const [accepted] = fake.messages;
    expect(accepted!.request.biz_opaque_callback_data).toBe(String(id));
    // Meta's `sent` status arrives (at whichever process is up) and is recorded with the echo.
    const webhook = parseMetaWebhook(fake.envelope(fake.statusValue(accepted!, 'sent')), clock.now());
    for (const status of webhook.statuses) await delivery().record(status.report);

    clock.advance(20_001);
    await sender().drain();
    expect(fake.messages.map((m) => (m.request.text as { body: string }).body)).toEqual([
      'Your lesson is ready',
      'Well done!',
    ]);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row).toMatchObject({ status: 'sent', providerId: accepted!.id });
  });

  it('sends the row again when Meta never echoed it (it did not accept it)', async () => {
    const id = await dieAfterSending();
    fake.messages.length = 0; // as if the request never reached Meta
    clock.advance(20_001);
    await sender().drain();
    expect(fake.messages.map((m) => (m.request.text as { body: string }).body)).toEqual([
      'Your lesson is ready',
      'Well done!',
    ]);
    const statuses = rowsOf<{ id: number; status: string }>(
      await database.db.execute(sql`select id, status from outbox order by id`),
    );
    expect(statuses.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(Number(statuses[0]!.id)).toBe(id);
  });
});
