import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxStore } from '../../db/repositories/outbox.js';
import { rowsOf } from '../../db/rows.js';
import { outbox, users } from '../../db/schema/index.js';
import { SimClock } from '../../engine/clock.js';
import {
  ChannelError,
  type Channel,
  type OutboundMessage,
  type SendOptions,
  type SentQuery,
} from '../../engine/ports.js';
import { Sender } from '../../engine/sender.js';
import { testDatabase, type TestDatabase } from '../harness/db.js';

/** A channel that records sends and fails the way a test scripts it. */
function scriptedChannel(failures: Record<string, (ChannelError | Error)[]> = {}, canLookUp = true) {
  const sent: { to: string; text: string; key: string }[] = [];
  const lookups: string[] = [];
  const channel: Channel = {
    name: 'console',
    async send(to: string, message: OutboundMessage, key: string, options: SendOptions = {}) {
      const failure = failures[message.text]?.shift();
      if (failure) throw failure;
      await options.beforeCall?.();
      sent.push({ to, text: message.text, key });
      return { providerId: `p-${key}` };
    },
    ...(canLookUp
      ? {
          findSent: async ({ key }: SentQuery) => {
            lookups.push(key);
            return sent.some((s) => s.key === key) ? `p-${key}` : null;
          },
        }
      : {}),
  };
  return { channel, sent, lookups };
}

describe('the outbox sender', () => {
  let database: TestDatabase;
  let clock: SimClock;
  const learners: Record<string, string> = {};

  beforeEach(async () => {
    database = await testDatabase('pglite');
    clock = new SimClock('2026-03-02T08:00:00Z');
    for (const phone of ['+254700000031', '+254700000032']) {
      const [row] = await database.db.insert(users).values({ phone }).returning();
      learners[phone] = row!.id;
    }
  });
  afterEach(() => database.cleanup());

  async function queue(phone: string, ...texts: string[]) {
    for (const text of texts) {
      await database.db.insert(outbox).values({
        userId: learners[phone]!,
        turn: 1,
        channel: 'console',
        recipient: phone,
        payload: { text },
        nextAttemptAt: clock.now(),
      });
    }
  }
  const statuses = async () =>
    rowsOf<{
      text: string;
      status: string;
      attempts: number;
      last_error: string | null;
      provider_id: string | null;
    }>(
      await database.db.execute(
        sql`select payload->>'text' as text, status, attempts, last_error, provider_id from outbox order by id`,
      ),
    );
  const sender = (channel: Channel, maxAttempts = 3) =>
    new Sender({ store: outboxStore(database.db), channels: { console: channel }, clock, maxAttempts });

  it('sends each learner’s messages in order and records the provider id', async () => {
    await queue('+254700000031', 'a1', 'a2', 'a3');
    await queue('+254700000032', 'b1', 'b2');
    const { channel, sent } = scriptedChannel();
    expect(await sender(channel).drain()).toBe(5);
    expect(sent.filter((s) => s.to === '+254700000031').map((s) => s.text)).toEqual(['a1', 'a2', 'a3']);
    expect(sent.filter((s) => s.to === '+254700000032').map((s) => s.text)).toEqual(['b1', 'b2']);
    expect((await statuses()).every((r) => r.status === 'sent' && r.provider_id?.startsWith('p-'))).toBe(
      true,
    );
  });

  it('retries a retryable failure with backoff, holding that learner’s later messages back', async () => {
    await queue('+254700000031', 'a1', 'a2');
    await queue('+254700000032', 'b1');
    const { channel, sent } = scriptedChannel({ a1: [new ChannelError('503 from provider', true)] });
    await sender(channel).drain();
    expect(sent.map((s) => s.text)).toEqual(['b1']);
    expect((await statuses())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: '503 from provider',
    });

    clock.advance(999);
    await sender(channel).drain();
    expect(sent.map((s) => s.text)).toEqual(['b1']);
    clock.advance(1);
    await sender(channel).drain();
    expect(sent.map((s) => s.text)).toEqual(['b1', 'a1', 'a2']);
  });

  it('gives up after the attempt limit, or at once when retrying cannot help, with the reason', async () => {
    await queue('+254700000031', 'flaky', 'after-flaky');
    await queue('+254700000032', 'blocked', 'after-blocked');
    const retryable = () => new ChannelError('timeout', true);
    const { channel, sent } = scriptedChannel({
      flaky: [retryable(), retryable(), retryable()],
      blocked: [new ChannelError('63014: learner blocked this number', false)],
    });
    for (let i = 0; i < 4; i++) {
      await sender(channel).drain();
      clock.advance(10_000);
    }
    const rows = await statuses();
    expect(rows.find((r) => r.text === 'flaky')).toMatchObject({
      status: 'dead',
      last_error: 'Gave up after 3 attempts: timeout',
    });
    expect(rows.find((r) => r.text === 'blocked')).toMatchObject({
      status: 'dead',
      last_error: '63014: learner blocked this number',
    });
    expect(sent.map((s) => s.text).sort()).toEqual(['after-blocked', 'after-flaky']);
  });

  /** What a sender that dies mid-send leaves behind: rows claimed and, if `handOver`, handed to the channel. */
  async function dieMidSend(channel: Channel | null, leaseMs = 15_000) {
    const store = outboxStore(database.db);
    const claimed = await store.claim(clock.now(), new Date(clock.now().getTime() + leaseMs), 10);
    if (channel) {
      await store.markAttempted(claimed, clock.now(), new Date(clock.now().getTime() + 20_000));
      for (const row of claimed) await channel.send(row.recipient, row.payload, String(row.id));
    }
    return claimed;
  }

  it('never sends a row twice when its sender died after the channel accepted it', async () => {
    await queue('+254700000031', 'a1');
    await queue('+254700000032', 'b1');
    const { channel, sent, lookups } = scriptedChannel();
    await dieMidSend(channel);
    expect(sent).toHaveLength(2);

    clock.advance(19_000);
    expect(await sender(channel).drain()).toBe(0); // the send's lease has not run out yet
    clock.advance(1_001);
    expect(await sender(channel).drain()).toBe(2);
    expect(sent).toHaveLength(2);
    expect(lookups).toHaveLength(2);
    expect((await statuses()).map((r) => [r.status, r.provider_id])).toEqual([
      ['sent', `p-${lookups[0]}`],
      ['sent', `p-${lookups[1]}`],
    ]);
  });

  it('sends a row handed to the channel before a crash when the channel never got it', async () => {
    await queue('+254700000031', 'a1');
    const { channel, sent, lookups } = scriptedChannel();
    const store = outboxStore(database.db);
    const claimed = await store.claim(clock.now(), new Date(clock.now().getTime() + 15_000), 10);
    await store.markAttempted(claimed, clock.now(), new Date(clock.now().getTime() + 20_000));
    clock.advance(20_001);
    expect(await sender(channel).drain()).toBe(1);
    expect(lookups).toEqual([String(claimed[0]!.id)]);
    expect(sent.map((s) => s.text)).toEqual(['a1']);
  });

  it('simply sends rows a dead sender claimed but never handed over, even on a channel that cannot look up', async () => {
    await queue('+254700000031', 'a1', 'a2');
    await queue('+254700000032', 'b1');
    const blind = scriptedChannel({}, false);
    await dieMidSend(null);
    clock.advance(15_001);
    await sender(blind.channel).drain();
    expect(blind.sent.map((s) => s.text).sort()).toEqual(['a1', 'a2', 'b1']);
    expect((await statuses()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('marks dead, rather than risk a duplicate, a row handed over on a channel that cannot look it up', async () => {
    await queue('+254700000031', 'a2');
    const blind = scriptedChannel({}, false);
    const [row] = await dieMidSend(blind.channel);
    clock.advance(20_001);
    await sender(blind.channel).drain();
    expect(blind.sent).toHaveLength(1);
    const [dead] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(dead).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/not resent/) });
  });

  it('asks the channel first when a send timed out without an answer, and does not send it again', async () => {
    await queue('+254700000031', 'slow');
    const { channel, sent, lookups } = scriptedChannel();
    // The provider got the message, but the answer never came back (a timeout).
    const timedOut: Channel = {
      ...channel,
      async send(to, message, key, options) {
        await channel.send(to, message, key, options);
        throw new ChannelError('Twilio unreachable: timeout of 15000ms exceeded', true, undefined, true);
      },
    };
    await sender(timedOut).drain();
    expect((await statuses())[0]).toMatchObject({ status: 'pending', provider_id: null });
    clock.advance(1_000);
    await sender(channel).drain();
    expect(lookups).toHaveLength(1);
    expect(sent.map((s) => s.text)).toEqual(['slow']);
    expect((await statuses())[0]).toMatchObject({ status: 'sent', provider_id: `p-${lookups[0]}` });
  });

  it('lets only one claim of a row reach the channel when a lease runs out while it waits for the rate budget', async () => {
    await queue('+254700000031', 'a1');
    const { channel, sent } = scriptedChannel();
    let grant!: () => void;
    const waiting = new Sender({
      store: outboxStore(database.db),
      channels: { console: channel },
      clock,
      rate: { acquire: () => new Promise<void>((resolve) => (grant = resolve)) },
    });
    const draining = waiting.drain();
    await expect.poll(() => grant !== undefined).toBe(true);
    clock.advance(15_001); // its claim ran out: another sender takes the row and sends it
    expect(await sender(channel).drain()).toBe(1);
    grant();
    await draining;
    expect(sent.map((s) => s.text)).toEqual(['a1']);
    expect((await statuses())[0]).toMatchObject({ status: 'sent' });
  });

  it('sends the apology a message carries when that message cannot be delivered, but not to a learner who left', async () => {
    const apology: OutboundMessage = {
      text: 'Sorry, we could not send your file. Please try EXPORT again later.',
    };
    for (const phone of ['+254700000031', '+254700000032']) {
      await database.db.insert(outbox).values({
        userId: learners[phone]!,
        turn: 1,
        channel: 'console',
        recipient: phone,
        payload: {
          text: 'Your file',
          media: { type: 'document', url: 'https://x.test/f' },
          fallback: apology,
        },
        nextAttemptAt: clock.now(),
      });
    }
    await database.db.update(users).set({ status: 'opted_out' }).where(eq(users.phone, '+254700000032'));
    const { channel, sent } = scriptedChannel({
      'Your file': [new ChannelError('the file type is not accepted', false)],
    });
    await sender(channel).drain();
    await sender(channel).drain();
    expect(sent.map((s) => [s.to, s.text])).toEqual([['+254700000031', apology.text]]);
    expect((await statuses()).map((r) => r.status)).toEqual(['dead', 'dead', 'sent']);
  });

  it('on stop, finishes nothing new: a claimed row still waiting for its send slot goes back unsent', async () => {
    await queue('+254700000031', 'a1');
    const { channel, sent } = scriptedChannel();
    let grant!: () => void;
    const stopping = new Sender({
      store: outboxStore(database.db),
      channels: { console: channel },
      clock,
      rate: { acquire: () => new Promise<void>((resolve) => (grant = resolve)) },
    });
    const draining = stopping.drain();
    await expect.poll(() => grant !== undefined).toBe(true);
    stopping.stop();
    grant();
    await draining;
    expect(sent).toEqual([]);
    expect((await statuses())[0]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await sender(channel).drain()).toBe(1);
    expect(sent.map((s) => s.text)).toEqual(['a1']);
  });
});
