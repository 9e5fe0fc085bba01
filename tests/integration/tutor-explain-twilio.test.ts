import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { FakeOpenAi } from '../harness/fake-openai.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 25 };
const ZAWADI = '+254722000311';
const HINTED = 'Think about what you cannot live without. (Needs or wants?)';

/** HINT and WHY on a real channel: signed Twilio webhooks, the real engine and tutor, a fake model server. */
describe(`HINT and WHY through Twilio with a model server (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let model: FakeOpenAi;
  let served: ServedRuntime;

  beforeAll(async () => {
    twilio = await new FakeTwilio().start();
    model = await new FakeOpenAi(() => HINTED).start();
    served = await serveTestRuntime(() => ({
      ...twilioChannelConfig(twilio),
      openai: {
        apiKey: 'sk-test',
        baseUrl: model.baseUrl,
        model: 'gpt-4o-mini',
        timeoutMs: 1500,
        maxRetries: 0,
      },
    }));
    const catalog = contentCatalog();
    const given = {
      name: 'Zawadi',
      language: 'en',
      timezone: 'Africa/Nairobi',
      course: 'money-basics',
      lessonTime: '07:30',
      completed: [],
      where: {},
    };
    const learner = givenLearner(
      given,
      ZAWADI,
      new Date(),
      catalog,
      createFlowRegistry({ catalog }),
    ).learner!;
    const rootTimers = learner.rootTimers.map((t) => ({ ...t, id: `${t.id}-${ZAWADI}` }));
    await seedLearner(served.database.db, { ...learner, rootTimers });
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
    await model?.stop();
  });

  const says = async (text: string) => {
    const res = await twilio.post(`${served.base}/webhooks/twilio`, twilio.inboundParams(ZAWADI, { text }));
    expect(res.status).toBe(200);
  };
  const bodies = () =>
    twilio.sentTo(ZAWADI).map((m) => {
      const content = m.contentSid ? twilio.contents.get(m.contentSid) : undefined;
      return m.body ?? Object.values(content?.types ?? {}).find((t) => t.body)?.body ?? '';
    });
  const nextReplies = async (before: number, count: number) =>
    vi.waitFor(() => {
      const fresh = bodies().slice(before);
      expect(fresh.length).toBeGreaterThanOrEqual(count);
      return fresh;
    }, soon);

  it('HINT mid-quiz: a hint told not to reveal the answer, then the same question; WHY after a wrong answer', async () => {
    await says('NEXT');
    await vi.waitFor(() => expect(bodies().some((b) => b.includes('Question 1 of 3'))).toBe(true), soon);
    let before = bodies().length;
    await says('HINT');
    const [hint, again] = await nextReplies(before, 2);
    expect(hint).toContain(HINTED);
    expect(again).toContain('Question 1 of 3');
    const hintPrompt = model.requests[0]!.messages[0]!.content;
    expect(hintPrompt).toMatch(/Do NOT reveal the answer/);
    expect(hintPrompt).toMatch(/Which of these is a need\?/);

    before = bodies().length;
    await says('Eating at a restaurant every weekend');
    const [wrong, next] = await nextReplies(before, 2);
    expect(wrong).toMatch(/^❌ Not quite\. The answer is: Rent for your house\.\nEating out is nice/);
    expect(next).toContain('Question 2 of 3');

    before = bodies().length;
    await says('WHY');
    const [why, same] = await nextReplies(before, 2);
    expect(why).toContain('From the lesson *Needs or wants?*');
    expect(same).toContain('Question 2 of 3');
    const whyPrompt = model.requests[1]!.messages[0]!.content;
    expect(whyPrompt).toMatch(/Right answer: Rent for your house/);
    expect(whyPrompt).toMatch(/Author’s explanation: You need a place to live/);
    expect(JSON.stringify(model.requests)).not.toMatch(/254722000311/);
  });
});
