import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../adapters/cache/memory.js';
import { formatFor } from '../../adapters/channels/format/index.js';
import { loadTemplateCatalog } from '../../adapters/channels/templates.js';
import { TwilioChannel } from '../../adapters/channels/twilio/channel.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { simulate, type Simulation } from '../harness/simulate.js';
import { fixtureMessages, whatsappRegistry } from '../../scripts/bench/whatsapp-flow.js';

const QUIZ_REMINDER_EN = 'HX00000000000000000000000000000003';

/**
 * The 24-hour window on the simulated clock: replies through the real Twilio channel to a fake
 * Twilio that refuses free-form messages outside the window (63016) like WhatsApp does.
 */
describe('the 24-hour window and opt-out, two days on the simulated clock', () => {
  let sim: Simulation;
  let fake: FakeTwilio;

  beforeAll(async () => {
    let now = () => new Date();
    fake = await new FakeTwilio({
      enforceWindow: true,
      approvedTemplates: [QUIZ_REMINDER_EN],
      now: () => now(),
    }).start();
    const channel = new TwilioChannel({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      apiBaseUrl: fake.url,
      from: 'whatsapp:+14155238886',
      statusCallbackUrl: 'http://127.0.0.1:9/webhooks/twilio/status',
      templates: loadTemplateCatalog(),
      cache: new MemoryCache(),
    });
    sim = await simulate({
      start: '2026-11-26T09:00:00+03:00',
      registry: whatsappRegistry(),
      messages: fixtureMessages(),
      outbound: { channel, format: (message) => formatFor('twilio', message) },
      onLearnerMessage: (phone, at) => fake.opened(phone, at),
    });
    now = () => sim.clock.now();
  });
  afterAll(async () => {
    await sim?.close();
    await fake?.stop();
  });

  const sent = (phone: string) => fake.sentTo(phone).map((m) => m.body ?? m.contentSid);

  it('sends a late reminder as its approved template, holds the free-form note, and sends it once the learner writes', async () => {
    const amina = sim.learner('+254711000001');
    await amina.says('hi');
    await amina.says('later');
    expect(sent(amina.phone)).toEqual([
      'Welcome! Try lesson, topics or later.',
      'I will check on you in two days.',
    ]);

    await sim.advance('2d');
    const reminder = fake.sentTo(amina.phone).at(-1)!;
    expect(reminder).toMatchObject({
      contentSid: QUIZ_REMINDER_EN,
      contentVariables: { '1': '', '2': 'Budgeting' },
    });
    expect(reminder.body).toBeUndefined();
    expect(fake.sentTo(amina.phone)).toHaveLength(3);
    expect(fake.rejected).toEqual([]);

    await amina.says('back');
    expect(sent(amina.phone).slice(3)).toEqual(['Here is a free-form note.', 'You said: back']);
    expect(fake.rejected).toEqual([]);
  });

  it('confirms STOP (or ACHA) once and sends nothing after, not even what was scheduled', async () => {
    const baraka = sim.learner('+254711000002');
    await baraka.says('hi');
    await baraka.says('later');
    await baraka.says('ACHA');
    expect(sent(baraka.phone).at(-1)).toMatch(/won't get any more messages/);
    const before = fake.sentTo(baraka.phone).length;
    await baraka.says('STOP');
    await baraka.says('hello?');
    await sim.advance('3d');
    expect(fake.sentTo(baraka.phone)).toHaveLength(before);
    expect((await baraka.profile())?.status).toBe('opted_out');

    await baraka.says('ANZA');
    expect((await baraka.profile())?.status).toBe('active');
    expect(fake.sentTo(baraka.phone).length).toBeGreaterThan(before);
  });
});
