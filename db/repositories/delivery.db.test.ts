import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import type { OutboundMessage } from '../../engine/ports.js';
import { outbox, users } from '../schema/index.js';
import { deliveryStore, type DeliveryState } from './delivery.js';
import { outboxStore } from './outbox.js';

describe.each(DATABASES)('delivery statuses on %s', (kind) => {
  let database: TestDatabase;
  let store: ReturnType<typeof deliveryStore>;
  let userId: string;
  beforeAll(async () => {
    database = await testDatabase(kind);
    store = deliveryStore(database.db);
    [{ id: userId }] = (await database.db
      .insert(users)
      .values({ phone: '+254712345678' })
      .returning({ id: users.id })) as [{ id: string }];
  });
  afterAll(() => database.cleanup());

  const report = (providerId: string, status: DeliveryState, minute: number, errorCode?: string) =>
    store.record({
      channel: 'twilio',
      providerId,
      status,
      at: new Date(Date.UTC(2026, 10, 26, 7, minute)),
      recipient: '+254712345678',
      ...(errorCode ? { errorCode } : {}),
    });

  async function sentRow(providerId: string, payload: OutboundMessage = { text: 'hi' }) {
    const [row] = await database.db
      .insert(outbox)
      .values({
        userId,
        turn: 1,
        channel: 'twilio',
        recipient: '+254712345678',
        payload,
        status: 'sent',
        providerId,
      })
      .returning();
    return row!;
  }

  it('moves forward only: a late "delivered" after "read" keeps read, and each time is kept', async () => {
    const row = await sentRow('SM-forward');
    expect((await report('SM-forward', 'sent', 0)).advanced).toBe(true);
    const read = await report('SM-forward', 'read', 5);
    expect(read).toMatchObject({ status: 'read', advanced: true, outbox: { id: row.id, userId } });
    const late = await report('SM-forward', 'delivered', 2);
    expect(late).toMatchObject({ status: 'read', advanced: false });
    const [stored] = await database.db.query.deliveryStatuses.findMany({
      where: (t, { eq: equals }) => equals(t.providerId, 'SM-forward'),
    });
    expect(stored).toMatchObject({ status: 'read', updatedAt: new Date(Date.UTC(2026, 10, 26, 7, 5)) });
    expect(stored!.sentAt).toEqual(new Date(Date.UTC(2026, 10, 26, 7, 0)));
    expect(stored!.deliveredAt).toEqual(new Date(Date.UTC(2026, 10, 26, 7, 2)));
    expect(stored!.readAt).toEqual(new Date(Date.UTC(2026, 10, 26, 7, 5)));
  });

  it('is idempotent: the same callback twice advances once', async () => {
    expect((await report('SM-twice', 'delivered', 1)).advanced).toBe(true);
    expect((await report('SM-twice', 'delivered', 1)).advanced).toBe(false);
  });

  it('keeps a status that arrives before the sender recorded the message id', async () => {
    const early = await report('SM-early', 'sent', 0);
    expect(early.outbox).toBeNull();
    const row = await sentRow('SM-early');
    expect((await report('SM-early', 'delivered', 1)).outbox?.id).toBe(row.id);
  });

  it('puts a message refused outside the window back as its template, or holds it', async () => {
    const withTemplate = await sentRow('SM-t', {
      text: 'Your lesson is ready',
      template: { name: 'lesson_ready', language: 'en', variables: {} },
    });
    const plain = await sentRow('SM-p', { text: 'Well done!' });
    const at = new Date(Date.UTC(2026, 10, 27));
    const outboxes = outboxStore(database.db);
    expect(await outboxes.refusedOutsideWindow(withTemplate.id, at)).toBe('template');
    expect(await outboxes.refusedOutsideWindow(plain.id, at)).toBe('held');
    expect((await report('SM-t', 'failed', 2)).outbox).toBeNull(); // its provider id is cleared
    const rows = await database.db.query.outbox.findMany({
      where: (t, { inArray }) => inArray(t.id, [withTemplate.id, plain.id]),
    });
    expect(rows.map((r) => [r.status, r.asTemplate, r.providerId])).toEqual([
      ['pending', true, null],
      ['held', true, null],
    ]);
  });

  it('opts a learner out once', async () => {
    expect(await store.optOut('+254712345678')).toBe(true);
    expect(await store.optOut('+254712345678')).toBe(false);
    const [user] = await database.db.select().from(users).where(eq(users.id, userId));
    expect(user!.status).toBe('opted_out');
  });
});
