import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { SimClock } from '../../engine/clock.js';
import type { Inbound } from '../../engine/events.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { FakeOpenAi } from '../../tests/harness/fake-openai.js';
import { CircuitBreaker } from '../ai/circuit-breaker.js';
import { openAiModel } from '../ai/openai.js';
import { MemoryCache } from '../cache/memory.js';
import { tutorExplainService, type ExplainRequest } from './tutor-explain.js';
import { recallExchanges } from './tutor-state.js';

/** A conversation whose lesson quiz waits on save-first's first question (XState's persisted shape). */
const waitingOnQ1 = {
  status: 'active',
  value: { active: 'flow' },
  context: { activeFlow: 'lesson', flowRun: 'run-1', runs: 1, started: true },
  children: {
    flow: {
      src: 'lesson',
      snapshot: {
        status: 'active',
        value: 'asking',
        context: { course: 'money-basics', lesson: 'save-first', order: ['q1', 'q2', 'q3'], index: 0 },
      },
    },
  },
};

/** WHY, HINT, SIMPLER and MORE against a fake OpenAI server, through the real `openai` package. */
describe('tutor.explain service', () => {
  let database: TestDatabase;
  let fake: FakeOpenAi;
  let cache: MemoryCache;
  let clock: SimClock;
  let answers: Extract<Inbound, { type: 'system' }>[];
  let modelOn: boolean;
  let learner: string;
  let phones = 0;

  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database?.cleanup());
  beforeEach(async () => {
    fake = await new FakeOpenAi(
      () => 'Think about when your money arrives. (Save first, spend later)',
    ).start();
    clock = new SimClock('2026-03-02T07:30:00Z');
    cache = new MemoryCache({ now: () => clock.now().getTime() });
    answers = [];
    modelOn = true;
    learner = await seedLearner(database.db, {
      phone: `+25470000${String(++phones).padStart(4, '0')}`,
      name: 'Amina Wanjiru',
      language: 'en',
      timezone: 'Africa/Nairobi',
      learning: {},
      snapshot: waitingOnQ1,
      rootTimers: [],
    });
  });
  afterEach(() => fake.stop());

  const explain = (request: Partial<ExplainRequest> & Pick<ExplainRequest, 'mode'>, userId = learner) =>
    tutorExplainService({
      db: database.db,
      cache,
      clock,
      catalog: contentCatalog,
      model: modelOn
        ? openAiModel({
            apiKey: 'sk-test',
            baseUrl: fake.baseUrl,
            model: 'gpt-4o-mini',
            timeoutMs: 300,
            maxRetries: 1,
            breaker: new CircuitBreaker({ now: () => clock.now().getTime() }),
          })
        : null,
      budget: { dailyTokensPerLearner: 20000, dailyTokens: 2_000_000 },
      receive: async (event) => {
        if (event.type === 'system') answers.push(event);
      },
    })(userId, {
      requestId: `r-${answers.length}-${request.mode}`,
      language: 'en',
      name: 'Amina Wanjiru',
      course: 'money-basics',
      lesson: 'save-first',
      ...request,
    });
  const last = () => answers.at(-1)!.data as { text: string } & Record<string, unknown>;
  const system = (i = 0) => fake.requests[i]!.messages[0]!.content;

  it('HINT: the prompt holds the waiting question and says not to reveal its answer', async () => {
    await explain({ mode: 'hint' });
    expect(last()).toMatchObject({ mode: 'hint', kind: 'model', lesson: 'Save first, spend later' });
    expect(system()).toMatch(/When is the best time to put money into savings\?/);
    expect(system()).toMatch(/Do NOT reveal the answer/);
    const user = fake.requests[0]!.messages.at(-1)!;
    expect(user).toEqual({ role: 'user', content: 'Can I have a hint, without the answer?' });
    expect(answers[0]).toMatchObject({ name: 'tutorExplained', userId: learner });
  });

  it('HINT: a model hint that gives the answer away is replaced by a passage without it', async () => {
    fake.answers(() => 'The answer is: as soon as money comes in.');
    await explain({ mode: 'hint' });
    expect(last()).toMatchObject({ kind: 'course', mode: 'hint' });
    expect(last().text.toLowerCase()).not.toMatch(/as soon as money comes in/);
    // Giving the answer away is not remembered as an exchange.
    expect(await recallExchanges(cache, learner)).toEqual([]);
  });

  it('HINT in a review: the review question waiting, from any lesson', async () => {
    const reviewing = await seedLearner(database.db, {
      phone: `+25470000${String(++phones).padStart(4, '0')}`,
      language: 'en',
      timezone: 'Africa/Nairobi',
      learning: {},
      snapshot: {
        ...waitingOnQ1,
        context: { ...waitingOnQ1.context, activeFlow: 'review' },
        children: {
          flow: {
            src: 'review',
            snapshot: {
              status: 'active',
              value: 'asking',
              context: { ids: ['money-basics/save-first/q1', 'money-basics/needs-and-wants/q1'], index: 1 },
            },
          },
        },
      },
      rootTimers: [],
    });
    await explain({ mode: 'hint' }, reviewing);
    expect(last()).toMatchObject({ kind: 'model', lesson: 'Needs or wants?' });
    expect(system()).toMatch(/Which of these is a need\?/);
  });

  it('HINT with no question waiting: says so, asks nobody', async () => {
    await explain({ mode: 'hint' }, '00000000-0000-4000-8000-000000000000');
    expect(last()).toMatchObject({ kind: 'noWaiting' });
    expect(fake.requests).toHaveLength(0);
  });

  it('WHY: the prompt holds the question, its right answer and the author’s explanation', async () => {
    await explain({ mode: 'why', question: 'money-basics/save-first/q1' });
    expect(last()).toMatchObject({ mode: 'why', kind: 'model' });
    expect(system()).toMatch(/Right answer: As soon as money comes in/);
    expect(system()).toMatch(/Author’s explanation: Saving the day money arrives means/);
    expect(await recallExchanges(cache, learner)).toEqual([
      { question: 'Why is that the right answer?', answer: last().text },
    ]);
  });

  it('WHY offline: the question, the answer and the explanation, as the course’s words', async () => {
    modelOn = false;
    await explain({ mode: 'why', question: 'money-basics/save-first/q1' });
    expect(last()).toMatchObject({ kind: 'course', lesson: 'Save first, spend later' });
    expect(last().text).toMatch(
      /^When is the best time.*\n✅ As soon as money comes in\n\nSaving the day money arrives/,
    );
    expect(last().text.length).toBeLessThanOrEqual(1000);
  });

  it('WHY before any answer: noQuestion', async () => {
    await explain({ mode: 'why', question: null });
    expect(last()).toMatchObject({ kind: 'noQuestion' });
  });

  it('SIMPLER and MORE offline: the first paragraph, the whole lesson cut to 1,000 characters', async () => {
    modelOn = false;
    await explain({ mode: 'simpler' });
    const simpler = last().text;
    await explain({ mode: 'more' });
    expect(last()).toMatchObject({ kind: 'course', mode: 'more' });
    expect(last().text.startsWith(simpler)).toBe(true);
    expect(last().text.length).toBeGreaterThan(simpler.length);
    expect(last().text.length).toBeLessThanOrEqual(1000);
  });

  it('SIMPLER with a model: the whole lesson grounds a shorter explanation; a 500 gives the course text', async () => {
    await explain({ mode: 'simpler' });
    expect(system()).toMatch(/simpler and shorter/);
    fake.queue({ status: 500 }, { status: 500 });
    await explain({ mode: 'more' });
    expect(last()).toMatchObject({ kind: 'course', notice: 'failed' });
  });

  it('the same request twice: one model call; a spent budget: the course text, no call', async () => {
    await explain({ mode: 'hint', requestId: 'same' });
    await explain({ mode: 'hint', requestId: 'same' });
    expect(fake.requests).toHaveLength(1);
    expect(answers[1]!.data).toEqual(answers[0]!.data);
    await tutorExplainService({
      db: database.db,
      cache,
      clock,
      catalog: contentCatalog,
      model: openAiModel({
        apiKey: 'sk-test',
        baseUrl: fake.baseUrl,
        model: 'gpt-4o-mini',
        timeoutMs: 300,
        maxRetries: 0,
      }),
      budget: { dailyTokensPerLearner: 1, dailyTokens: 2_000_000 },
      receive: async (event) => {
        if (event.type === 'system') answers.push(event);
      },
    })(learner, {
      mode: 'more',
      requestId: 'budget',
      language: 'en',
      course: 'money-basics',
      lesson: 'save-first',
    });
    expect(last()).toMatchObject({ kind: 'course', notice: 'budget' });
    expect(fake.requests).toHaveLength(1);
  });
});
