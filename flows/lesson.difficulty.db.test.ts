import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../content/catalog.js';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { simulate, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { createFlowRegistry } from './index.js';

/** Three lessons whose quizzes are written medium, easy, hard. */
const course = testCourse('mixed', 'Mixed difficulties', {
  count: 3,
  quiz: () => (['medium', 'easy', 'hard'] as const).map((d) => trueFalse(d, `Which is ${d}?`, d)),
});

const questionsAsked = (replies: string[]) =>
  replies.filter((text) => text.startsWith('*Question')).map((text) => text.split('\n')[1] ?? '');

describe('the quiz follows the learner’s recent accuracy', () => {
  let sim: Simulation;
  beforeAll(async () => {
    sim = await simulate({
      start: '2026-03-02T05:00:00Z',
      registry: createFlowRegistry({ catalog: catalogFromCourses([course]) }),
    });
  });
  afterAll(async () => sim?.close());

  /** Onboards the learner, then answers every question of the next `lessons` daily lessons. */
  async function learn(learner: SimLearner, answer: 'true' | 'false', lessons: number) {
    for (const reply of ['hi', 'Amina', 'en', '1', '07:30', 'yes']) await learner.says(reply);
    const asked: string[][] = [];
    for (let day = 0; day < lessons; day++) {
      learner.newReplies();
      await sim.advance('1d');
      for (let i = 0; i < 3; i++) await learner.taps(answer);
      asked.push(questionsAsked(learner.newReplies()));
    }
    return asked;
  }

  it('asks a learner who got everything right the hard question first, then the rest as written', async () => {
    const asked = await learn(sim.learner('+254700000301'), 'true', 3);
    // Lessons 1 and 2: fewer than 5 answers before them, so as written; 6 of 6 right before lesson 3.
    expect(asked[0]).toEqual(['Which is medium?', 'Which is easy?', 'Which is hard?']);
    expect(asked[1]).toEqual(asked[0]);
    expect(asked[2]).toEqual(['Which is hard?', 'Which is medium?', 'Which is easy?']);
  });

  it('asks a learner who got everything wrong the easy question first', async () => {
    const asked = await learn(sim.learner('+254700000302'), 'false', 3);
    expect(asked[2]).toEqual(['Which is easy?', 'Which is medium?', 'Which is hard?']);
  });
});
