import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../adapters/files/store.js';
import { MemoryCache } from '../adapters/cache/memory.js';
import type { ChatModel } from '../adapters/ai/model.js';
import { createServices } from '../adapters/services/index.js';
import { recallExchanges } from '../adapters/services/tutor-state.js';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { simulate, statePath, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';

const silent = { info() {}, warn() {}, error() {} };

/** A model that always answers the same: the engine path, not the model, is under test here. */
const answering: ChatModel = {
  name: 'always',
  complete: async () => ({
    ok: true,
    text: 'Keep savings separate from spending money.',
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    model: 'always',
    latencyMs: 1,
    costUsd: 0,
  }),
};

/** The real engine and flows with the tutor service, and Amina after her first lesson. */
async function tutorSimulation(cache: MemoryCache, model: ChatModel | null) {
  const catalog = contentCatalog();
  const registry = createFlowRegistry({ catalog });
  const sim = await simulate({
    start: '2026-03-02T10:00:00Z',
    registry,
    services: ({ database, clock, receive }) =>
      createServices({
        db: database.db,
        clock,
        files: createFileStore(database.db, { publicBaseUrl: 'http://localhost:3000' }),
        receive,
        logger: silent,
        tutor: { cache, catalog: () => catalog, model },
      }),
  });
  const given = {
    name: 'Amina',
    language: 'en',
    timezone: 'Africa/Nairobi',
    course: 'money-basics',
    lessonTime: '07:30',
    completed: ['needs-and-wants'],
    where: {},
  };
  const seeded = givenLearner(given, '+254711000077', sim.clock.now(), catalog, registry);
  const userId = await seedLearner(sim.database.db, seeded.learner!);
  return { sim, userId, amina: sim.learner('+254711000077') };
}

describe('ASK while idle (engine + offline tutor service)', () => {
  let sim: Simulation;
  let amina: SimLearner;

  beforeAll(async () => {
    ({ sim, amina } = await tutorSimulation(new MemoryCache(), null));
  });
  afterAll(() => sim?.close());

  it('the passage, with buttons to the next lesson and the menu', async () => {
    await amina.says('ASK where should I keep my savings?');
    const message = amina.lastMessage()!;
    expect(message.text).toMatch(/^📖 Here is what the lesson \*Save first, spend later\* says/);
    expect(message.buttons?.map((b) => [b.id, b.title])).toEqual([
      ['NEXT', '📘 Next lesson'],
      ['MENU', 'Menu'],
    ]);
    expect(statePath((await amina.state())?.state)).toBe('idle');
  });

  it('ASK alone explains how to ask', async () => {
    await amina.says('ask');
    expect(amina.lastReply()).toMatch(/send ASK and your question/);
  });
});

describe('STOP forgets the tutor memory (engine + tutor service with a model)', () => {
  it('keeps the exchange for a follow-up, and drops it on STOP', async () => {
    const cache = new MemoryCache();
    const { sim, userId, amina } = await tutorSimulation(cache, answering);
    try {
      await amina.says('ASK where should I keep my savings?');
      expect(amina.lastReply()).toMatch(/^🤖 Keep savings separate/);
      expect(await recallExchanges(cache, userId)).toHaveLength(1);
      await amina.says('STOP');
      expect(await recallExchanges(cache, userId)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
