import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { testDatabase, type TestDatabase } from '../harness/db.js';
import { testEngine } from '../harness/engine.js';
import { echoRegistry, keyMessages } from './fixtures/echo-flow.js';
import { conversationLedger, expectEveryMessageAnsweredInOrder } from './ordering.js';

const LEARNERS = 200;
const BURST = 5;

// Two engines with their own connection pools on one PostgreSQL schema behave like two processes.
describe('200 learners bursting at two engine instances on PostgreSQL', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let engines: Engine[];

  beforeAll(async () => {
    first = await testDatabase('postgres', { max: 10 });
    second = { ...(await openSecondPool(first)), cleanup: async () => {} } as TestDatabase;
    engines = [first, second].map((db) =>
      testEngine(db, { registry: echoRegistry(), messages: keyMessages }),
    );
  });
  afterAll(async () => {
    await second?.close();
    await first?.cleanup();
  });

  it('answers every accepted message exactly once, in arrival order, ignoring redeliveries', async () => {
    const deliveries: Promise<unknown>[] = [];
    for (let l = 0; l < LEARNERS; l++) {
      const phone = `+2547${String(10_000_000 + l)}`;
      for (let m = 0; m < BURST; m++) {
        const event = {
          type: 'message' as const,
          channel: 'console',
          providerId: `${phone}-${m}`,
          from: phone,
          at: new Date().toISOString(),
          message: { kind: 'text' as const, text: `m${m}` },
        };
        deliveries.push(engines[(l + m) % 2]!.receive(event));
        // Every third learner's messages are delivered twice, once to each instance.
        if (l % 3 === 0) deliveries.push(engines[(l + m + 1) % 2]!.receive(event));
      }
    }
    const results = await Promise.allSettled(deliveries);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    expectEveryMessageAnsweredInOrder(await conversationLedger(first.db), LEARNERS, BURST);
  });
});

async function openSecondPool(database: TestDatabase) {
  const { openDatabase } = await import('../../db/client.js');
  return openDatabase({ kind: 'postgres', url: database.url!, schema: database.schema, max: 10 });
}
