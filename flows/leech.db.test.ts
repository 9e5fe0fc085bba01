import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../adapters/files/store.js';
import { createServices } from '../adapters/services/index.js';
import { catalogFromCourses } from '../content/catalog.js';
import { reviewEvents, users } from '../db/schema/index.js';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { simulate, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { createFlowRegistry } from './index.js';
import { learningStateOf } from './learning/index.js';
import { firstAnswer, LEECH_LAPSES, reviewAnswer } from './learning/review.js';

const QUESTION = 'tricky/lesson-1/q1';
const silent = { info() {}, warn() {}, error() {} };

/** One lesson with one true/false question whose answer is true. */
const course = testCourse('tricky', 'A tricky course', {
  count: 1,
  quiz: () => [trueFalse('q1', 'Is it true?')],
});

describe('a question forgotten 8 times (a leech)', () => {
  let sim: Simulation;
  beforeAll(async () => {
    sim = await simulate({
      start: '2026-03-02T05:00:00Z',
      registry: createFlowRegistry({ catalog: catalogFromCourses([course]) }),
      services: ({ database, clock, receive }) =>
        createServices({
          db: database.db,
          clock,
          files: createFileStore(database.db, {
            publicBaseUrl: 'https://learn.example',
            now: () => clock.now(),
          }),
          receive,
          logger: silent,
        }),
    });
  });
  afterAll(async () => sim?.close());

  const leechEvents = async (learner: SimLearner) => {
    const userId = await sim.userIdOf(learner.phone);
    const rows = await sim.database.db.select().from(reviewEvents).where(eq(reviewEvents.userId, userId!));
    return rows.filter((row) => row.question === QUESTION && row.card?.leech === true);
  };
  const cardOf = async (learner: SimLearner) =>
    learningStateOf((await learner.profile())?.learningState ?? {}).cards.find(
      (c) => c.questionId === QUESTION,
    );

  async function firstLesson(learner: SimLearner) {
    for (const reply of ['hi', 'Amina', 'en', '1', '07:30', 'yes']) await learner.says(reply);
    await sim.advance('1d');
    await learner.taps('false');
    // The quiz result, then the celebration of the badges it earned (flows/badges.ts).
    expect(learner.newReplies().join('\n')).toMatch(/Quiz done: 0 out of 1/);
  }

  it('is reported once when quiz retries make it one, and never offered for review', async () => {
    const learner = sim.learner('+254700000401');
    await firstLesson(learner);
    for (let retry = 1; retry <= LEECH_LAPSES; retry++) {
      expect(await leechEvents(learner)).toHaveLength(0);
      await learner.says('RETRY');
      await learner.taps('false');
    }
    expect(await cardOf(learner)).toMatchObject({ lapses: LEECH_LAPSES, leech: true });
    expect(await leechEvents(learner)).toHaveLength(1);
    // A further retry keeps it a leech without reporting it again.
    await learner.says('RETRY');
    await learner.taps('false');
    expect(await leechEvents(learner)).toHaveLength(1);

    await sim.advance('30d');
    await learner.says('REVIEW');
    expect(learner.lastReply()).toBe('Nothing to review right now: well remembered! 🌟');
  });

  it('is stored as a leech when a review answer makes it one, and left out of the next review', async () => {
    const learner = sim.learner('+254700000402');
    await firstLesson(learner);
    // Seven lapses so far (the quiz and six earlier reviews), due now.
    let card = firstAnswer(QUESTION, false, sim.clock.now());
    for (let lapse = 1; lapse < LEECH_LAPSES; lapse++) card = reviewAnswer(card, false, sim.clock.now());
    const profile = await learner.profile();
    await sim.database.db
      .update(users)
      .set({
        learningState: {
          ...profile!.learningState,
          cards: [{ ...card, due: sim.clock.now().toISOString() }],
        },
      })
      .where(eq(users.id, profile!.id));

    await learner.says('REVIEW');
    expect(learner.lastReply()).toMatch(/^\*Review 1 of 1\*\nIs it true\?/);
    await learner.taps('false');
    expect(await cardOf(learner)).toMatchObject({ lapses: LEECH_LAPSES, leech: true });
    expect(await leechEvents(learner)).toHaveLength(1);

    await sim.advance('30d');
    await learner.says('REVIEW');
    expect(learner.lastReply()).toBe('Nothing to review right now: well remembered! 🌟');
  });
});
