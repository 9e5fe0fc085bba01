import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineStore } from '../../db/repositories/engine-store.js';
import { rowsOf } from '../../db/rows.js';
import type { Inbound } from '../../engine/events.js';
import type { Learner, Store, TurnCommit } from '../../engine/ports.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../harness/db.js';

const PHONE = '+254700000051';
const message = (providerId: string): Extract<Inbound, { type: 'message' }> => ({
  type: 'message',
  channel: 'console',
  providerId,
  from: PHONE,
  at: '2026-03-02T04:00:00.000Z',
  message: { kind: 'text', text: providerId },
});
const turnFor = (event: Inbound, turn: number): TurnCommit => ({
  inbound: { event },
  at: new Date('2026-03-02T04:00:00.000Z'),
  turn,
  snapshot: { turn },
  flowVersions: {},
  outbox: [{ channel: 'console', recipient: PHONE, payload: { text: `reply ${turn}` } }],
  timers: { create: [], cancelNames: [] },
  activity: { kind: 'learner.message', state: null, detail: {} },
});

forEachDatabase((kind) => {
  describe(`a turn written without the lock, on ${kind}`, () => {
    let database: TestDatabase;
    let store: Store;
    let userId: string;
    let learner: Learner;
    const count = async (table: string) =>
      Number(
        rowsOf<{ n: string }>(await database.db.execute(sql.raw(`select count(*) as n from ${table}`)))[0]!.n,
      );

    beforeEach(async () => {
      database = await testDatabase(kind);
      store = engineStore(database.db);
      const first = await store.accept(message('m0'));
      userId = first.userId;
      await store.withLearner(userId, async (tx) => {
        const pending = await tx.nextPending();
        await tx.commit({ ...turnFor(pending!.event, 1), inbound: pending!.ref });
      });
      learner = (await store.peek(message('m1')))!.learner;
    });
    afterEach(() => database.cleanup());

    it('applies when the conversation is still at the turn it was computed from', async () => {
      expect(await store.commitIfCurrent(learner, turnFor(message('m1'), 2))).toMatchObject({
        inboundId: expect.any(Number),
      });
      expect(await count('outbox')).toBe(2);
    });

    it('writes nothing when another turn got there first', async () => {
      await store.commitIfCurrent(learner, turnFor(message('m1'), 2));
      expect(await store.commitIfCurrent(learner, turnFor(message('m2'), 2))).toBeNull();
      expect([await count('inbound_messages'), await count('outbox'), await count('activity_log')]).toEqual([
        2, 2, 2,
      ]);
    });

    it('writes nothing when an earlier event still waits for its turn', async () => {
      await store.withLearner(userId, (tx) => tx.enqueue(message('m1')));
      expect(await store.commitIfCurrent(learner, turnFor(message('m2'), 2))).toBeNull();
      expect([await count('inbound_messages'), await count('outbox')]).toEqual([2, 1]);
    });

    it('writes nothing for a redelivery of an event that already ran', async () => {
      await store.commitIfCurrent(learner, turnFor(message('m1'), 2));
      expect(await store.commitIfCurrent(learner, turnFor(message('m1'), 3))).toBeNull();
      expect([await count('inbound_messages'), await count('outbox')]).toEqual([2, 2]);
    });

    it('writes nothing when the learner’s profile changed since it was read', async () => {
      await database.db.execute(
        sql`update users set name = 'Amina', updated_at = now() + interval '1 second' where id = ${userId}`,
      );
      expect(await store.commitIfCurrent(learner, turnFor(message('m1'), 2))).toBeNull();
      const fresh = (await store.peek(message('m1')))!.learner;
      expect(await store.commitIfCurrent(fresh, turnFor(message('m1'), 2))).not.toBeNull();
    });
  });
});
