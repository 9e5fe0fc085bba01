import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { createFlowRegistry } from '../../flows/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { TEST_ADMIN } from '../harness/http-app.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';
import { twilioLearners } from '../harness/twilio-learner.js';

const PHONE = '+254722000701';

/**
 * An operator unsticks a learner from the dashboard (issue 14 item 3): the learner is in the middle
 * of a quiz on WhatsApp (signed Twilio webhooks, the real engine and sender, a fake Twilio); the
 * operator resets the conversation, then moves them to lesson 5; each action reaches the learner
 * through the outbox and Twilio, and NEXT brings the lesson chosen.
 */
describe(`resetting and moving a learner from the dashboard, through Twilio (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;
  let learnerId: string;
  let cookie: string;
  let csrf: string;
  const { bodies, reply } = twilioLearners(
    () => twilio,
    () => served.base,
  );

  const dashboard = (path: string, fields?: Record<string, string>) =>
    fetch(`${served.base}${path}`, {
      method: fields ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        Cookie: cookie,
        Origin: served.base,
        ...(fields ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(fields ? { body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() } : {}),
    });

  beforeAll(async () => {
    twilio = await new FakeTwilio().start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio));
    const { catalog } = served.runtime;
    const given = {
      name: 'Amina',
      language: 'en',
      timezone: 'Africa/Nairobi',
      course: 'money-basics',
      lessonTime: '07:30',
      completed: ['needs-and-wants'],
      where: {},
    };
    const seeded = givenLearner(given, PHONE, new Date(), catalog, createFlowRegistry({ catalog }));
    expect(seeded.problems).toEqual([]);
    learnerId = await seedLearner(served.database.db, seeded.learner!);
    const login = await fetch(`${served.base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: served.base },
      body: new URLSearchParams({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }).toString(),
    });
    expect(login.status).toBe(303);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    csrf = /name="csrf-token" content="([^"]+)"/.exec(await (await dashboard('/admin')).text())![1]!;
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
  });

  it('a quiz left open: Reset ends it, the learner is told, and the page shows the conversation at rest', async () => {
    await reply(PHONE, 'NEXT', /^\*Question 1 of 3\*/);
    const before = await (await dashboard(`/admin/learners/${learnerId}/conversation`)).text();
    expect(before).toMatch(/data-figure="flowState">[^<]*lesson/);

    const told = bodies(PHONE).length;
    const reset = await dashboard(`/admin/learners/${learnerId}/conversation/reset`, {});
    expect(reset.status).toBe(303);
    const page = await (await dashboard(reset.headers.get('location')!)).text();
    expect(page).toContain('Reset: the conversation is at rest');
    expect(page).not.toMatch(/data-figure="flowState">[^<]*lesson/);
    await expect
      .poll(() => bodies(PHONE).slice(told), { timeout: 20_000 })
      .toContainEqual(expect.stringMatching(/^🔄 Our team has reset our chat/));
  });

  it('Move to lesson 5: the learner is told which lesson is next, and NEXT brings it', async () => {
    const moved = await dashboard(`/admin/learners/${learnerId}/conversation/move`, {
      lesson: 'money-basics/spot-mpesa-scams',
    });
    expect(moved.status).toBe(303);
    await expect
      .poll(() => bodies(PHONE).at(-1), { timeout: 20_000 })
      .toMatch(/^📚 Our team has moved you on \*Money basics.*\*: your next lesson is \*.+\*\. Send NEXT/);
    await reply(PHONE, 'NEXT', /^\*Question 1 of/);
    expect(bodies(PHONE).some((body) => /Lesson 5 of 6/.test(body))).toBe(true);
    // An unknown lesson is refused on the page and nothing reaches the learner.
    const sent = twilio.sentTo(PHONE).length;
    const refused = await dashboard(`/admin/learners/${learnerId}/conversation/move`, {
      lesson: 'money-basics/no-such-lesson',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a lesson from the list');
    expect(twilio.sentTo(PHONE)).toHaveLength(sent);
    expect(twilio.rejected).toEqual([]);
  });
});
