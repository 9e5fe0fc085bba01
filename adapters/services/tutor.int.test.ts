import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { FakeOpenAi } from '../../tests/harness/fake-openai.js';
import { SimClock } from '../../engine/clock.js';
import type { Inbound } from '../../engine/events.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { CircuitBreaker } from '../ai/circuit-breaker.js';
import { openAiModel } from '../ai/openai.js';
import { MemoryCache } from '../cache/memory.js';
import { tutorService, type TutorRequest } from './tutor.js';
import { recallExchanges, usageByDay } from './tutor-state.js';

/** The tutor service against a fake OpenAI server, through the real `openai` package. */
describe('tutor.ask service', () => {
  let database: TestDatabase;
  let fake: FakeOpenAi;
  let cache: MemoryCache;
  let clock: SimClock;
  let answers: Extract<Inbound, { type: 'system' }>[];
  let modelOn: boolean;
  let budget: { dailyTokensPerLearner: number; dailyTokens: number };

  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database?.cleanup());
  beforeEach(async () => {
    fake = await new FakeOpenAi(
      () => 'Save first: the day money comes in, put savings aside. (Save first, spend later)',
    ).start();
    clock = new SimClock('2026-03-02T07:30:00Z');
    cache = new MemoryCache({ now: () => clock.now().getTime() });
    answers = [];
    modelOn = true;
    budget = { dailyTokensPerLearner: 20000, dailyTokens: 2_000_000 };
  });
  afterEach(() => fake.stop());

  const ask = (userId: string, request: Partial<TutorRequest> & { question: string }) =>
    tutorService({
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
      budget,
      receive: async (event) => {
        if (event.type === 'system') answers.push(event);
      },
    })(userId, {
      requestId: `r-${answers.length}-${request.question.length}`,
      language: 'en',
      name: 'Amina Wanjiru',
      course: 'money-basics',
      lesson: 'save-first',
      ...request,
    });
  const last = () => answers.at(-1)!.data as Record<string, string>;

  it('asks the model with the passages and rules in the system prompt, the question only as the user', async () => {
    await ask('learner-1', { question: 'When should I put money into savings?' });
    expect(last()).toMatchObject({ kind: 'model', lesson: 'Save first, spend later' });
    expect(last().text).toMatch(/^Save first/);
    const [request] = fake.requests;
    const [system, ...rest] = request!.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toMatch(/Answer only from the course passages/);
    expect(system!.content).toMatch(/Lesson "Save first, spend later"/);
    expect(system!.content).toMatch(/first name: Amina\./);
    expect(system!.content).not.toMatch(/Wanjiru|When should I put money/);
    expect(rest).toEqual([{ role: 'user', content: 'When should I put money into savings?' }]);
    expect(answers[0]).toMatchObject({ name: 'tutorAnswer', userId: 'learner-1', channel: 'system' });
  });

  it('a follow-up carries the learner’s own earlier exchange, never another learner’s', async () => {
    await ask('learner-1', { question: 'What is an emergency fund?' });
    await ask('learner-2', { question: 'Where can I keep my savings? My number is +254712345678' });
    await ask('learner-1', { question: 'How much should be in the emergency fund?' });
    const followUp = fake.requests[2]!.messages;
    expect(followUp.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(followUp[1]!.content).toBe('What is an emergency fund?');
    expect(JSON.stringify(followUp)).not.toMatch(/Where can I keep/);
    // Phone numbers a learner types never reach the model.
    expect(fake.requests[1]!.messages.at(-1)!.content).toBe(
      'Where can I keep my savings? My number is [number]',
    );
    expect(await recallExchanges(cache, 'learner-1')).toHaveLength(2);
  });

  it('asks nobody and says "I don\'t know from this course" when no passage matches', async () => {
    await ask('learner-1', { question: 'Who won the football world cup?' });
    expect(last()).toMatchObject({ kind: 'unknown' });
    expect(fake.requests).toHaveLength(0);
  });

  it('offline (no model): the best passage, labelled as one', async () => {
    modelOn = false;
    await ask('learner-1', { question: 'What is an emergency fund?' });
    expect(last()).toMatchObject({ kind: 'passage', lesson: 'Save first, spend later' });
    expect(last().text).toMatch(/emergency fund/);
    expect(last().notice).toBeUndefined();
  });

  it.each([
    ['a 500', { status: 500 as const }],
    ['a timeout', { hang: true as const }],
    ['malformed output', { malformed: 'no-choices' as const }],
  ])('%s: the passage with a notice that the model failed', async (_, step) => {
    fake.queue(step, step);
    await ask('learner-1', { question: 'What is an emergency fund?' });
    expect(last()).toMatchObject({ kind: 'passage', notice: 'failed' });
  });

  it('a 429 then success: the model answer', async () => {
    fake.queue({ status: 429, retryAfterMs: 5 });
    await ask('learner-1', { question: 'What is an emergency fund?' });
    expect(last()).toMatchObject({ kind: 'model' });
    expect(fake.requests).toHaveLength(2);
  });

  it('the same request twice: one model call, one answer event id', async () => {
    const request = { question: 'What is an emergency fund?', requestId: 'same' };
    await ask('learner-1', request);
    await ask('learner-1', request);
    expect(fake.requests).toHaveLength(1);
    expect(answers.map((a) => a.providerId)).toEqual(['tutor:learner-1:same', 'tutor:learner-1:same']);
    expect(answers[1]!.data).toEqual(answers[0]!.data);
  });

  it('a spent budget (the learner’s, then everyone’s): the passage with a budget notice, no model call', async () => {
    budget = { dailyTokensPerLearner: 1, dailyTokens: 2_000_000 };
    await ask('learner-1', { question: 'What is an emergency fund?' });
    await ask('learner-1', { question: 'Where do I keep savings?' });
    expect(last()).toMatchObject({ kind: 'passage', notice: 'budget' });
    expect(fake.requests).toHaveLength(1);
    budget = { dailyTokensPerLearner: 20000, dailyTokens: 1 };
    await ask('learner-3', { question: 'Where do I keep savings?' });
    expect(last()).toMatchObject({ kind: 'passage', notice: 'budget' });
    expect(fake.requests).toHaveLength(1);
    // A new day, a new budget.
    clock.advance(24 * 3600_000);
    budget = { dailyTokensPerLearner: 1, dailyTokens: 2_000_000 };
    await ask('learner-1', { question: 'Where do I keep savings?' });
    expect(last()).toMatchObject({ kind: 'model' });
  });

  it('counts the day’s usage: model calls with tokens and cost, offline answers', async () => {
    await ask('learner-1', { question: 'What is an emergency fund?' });
    modelOn = false;
    await ask('learner-1', { question: 'Where do I keep savings?' });
    const [day] = await usageByDay(cache, clock.now(), clock.now());
    expect(day).toMatchObject({ day: '2026-03-02', calls: 1, offline: 1 });
    expect(day!.promptTokens).toBeGreaterThan(0);
    expect(day!.costUsd).toBeGreaterThan(0);
  });
});
