import type { ChatModel } from '../../adapters/ai/model.js';
import { MemoryCache } from '../../adapters/cache/memory.js';
import { createFileStore } from '../../adapters/files/store.js';
import { createServices } from '../../adapters/services/index.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { INSIGHT_TIMER } from '../../flows/insight.js';
import { firstAnswer } from '../../flows/learning/review.js';
import type { DriverKind } from './db.js';
import { simulate } from './simulate.js';

const silent = { info() {}, warn() {}, error() {} };

const answered = (lesson: string, rights: boolean[]) =>
  rights.map((right, i) =>
    firstAnswer(`money-basics/${lesson}/q${i + 1}`, right, new Date('2026-03-03T05:00:00Z')),
  );

/**
 * The real engine, flows and services on the simulated clock; learners onboarded Monday 2 March
 * with a lesson time of 07:30 in Nairobi and their first insight due Monday 9 March at 07:00.
 */
export async function insightSimulation(driver: DriverKind, model: ChatModel | null) {
  const catalog = contentCatalog();
  const registry = createFlowRegistry({ catalog });
  const sim = await simulate({
    driver,
    start: '2026-03-02T07:00:00Z',
    registry,
    services: ({ database, clock, receive }) =>
      createServices({
        db: database.db,
        clock,
        files: createFileStore(database.db, { publicBaseUrl: 'http://localhost:3000' }),
        receive,
        logger: silent,
        tutor: {
          cache: new MemoryCache({ now: () => clock.now().getTime() }),
          catalog: () => catalog,
          model,
        },
      }),
  });
  const seed = async (phone: string, language = 'en') => {
    const given = {
      name: 'Amina',
      language,
      timezone: 'Africa/Nairobi',
      course: 'money-basics',
      lessonTime: '07:30',
      completed: ['needs-and-wants', 'make-a-budget'],
      where: {},
    };
    const learner = givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!;
    learner.learning.cards = [
      ...answered('needs-and-wants', [true, true, true]),
      ...answered('make-a-budget', [false, false, true]),
    ];
    // Only the insight's timer: no daily lessons in the way.
    learner.rootTimers = [
      { id: `insight-${phone}`, name: INSIGHT_TIMER, dueAt: new Date('2026-03-09T04:00:00Z') },
    ];
    await seedLearner(sim.database.db, learner);
    return sim.learner(phone);
  };
  return { sim, seed };
}
