import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../adapters/cache/memory.js';
import { formatFor } from '../../adapters/channels/format/index.js';
import { loadTemplateCatalog } from '../../adapters/channels/templates.js';
import { TwilioChannel } from '../../adapters/channels/twilio/channel.js';
import { createFileStore } from '../../adapters/files/store.js';
import type { Logger } from '../../adapters/logger.js';
import { createServices } from '../../adapters/services/index.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { configuredDriver } from '../harness/db.js';
import { simulate, type Simulation } from '../harness/simulate.js';

const RENEWAL_REMINDER_EN = 'HX00000000000000000000000000000015';
const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;

/**
 * A renewal as a learner's phone gets it (issue 12 item 7): the real flows and payment services
 * (simulated M-PESA) on the simulated clock, replies through the real Twilio channel to a fake
 * Twilio that refuses free-form messages outside the 24-hour window, like WhatsApp. The reminder
 * of a learner silent for days arrives as the approved renewal_reminder template; RENEW renews.
 */
describe(`renewing premium through Twilio, outside the 24-hour window (${configuredDriver()})`, () => {
  let sim: Simulation;
  let fake: FakeTwilio;
  const phone = '+254712000909';

  beforeAll(async () => {
    let now = () => new Date();
    fake = await new FakeTwilio({
      enforceWindow: true,
      approvedTemplates: [RENEWAL_REMINDER_EN],
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
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    sim = await simulate({
      start: '2026-03-02T10:00:00Z', // Monday 13:00 in Nairobi
      registry,
      outbound: { channel, format: (message) => formatFor('twilio', message) },
      onLearnerMessage: (to, at) => fake.opened(to, at),
      services: ({ database, clock, receive }) =>
        createServices({
          db: database.db,
          clock,
          files: createFileStore(database.db, { publicBaseUrl: 'http://localhost' }),
          receive,
          logger: silent,
          payments: { catalog: () => catalog },
        }),
    });
    now = () => sim.clock.now();
    const given = {
      name: 'Amina',
      language: 'en',
      timezone: 'Africa/Nairobi',
      course: 'money-basics',
      lessonTime: '07:30',
      completed: ['needs-and-wants'],
      where: {},
    };
    const seeded = givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!;
    await seedLearner(sim.database.db, seeded);
  });
  afterAll(async () => {
    await sim?.close();
    await fake?.stop();
  });

  const bodies = () => fake.sentTo(phone).map((m) => m.body ?? '');

  it('the reminder comes as the approved template; RENEW then pays for the next week', async () => {
    const amina = sim.learner(phone);
    await amina.says('PAY premium-week');
    await amina.says('Yes, this number');
    await sim.advance('1m');
    expect(bodies().join('\n')).toMatch(
      /Test payment received, Amina! KES 50 for \*Premium for a week\*, until 9 Mar 2026/,
    );

    // Silent since Monday: on Friday the reminder can only go as its template.
    const before = fake.sentTo(phone).length;
    await sim.advance('4d1h');
    const reminders = fake
      .sentTo(phone)
      .slice(before)
      .filter((m) => m.contentSid === RENEWAL_REMINDER_EN);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      contentVariables: { '1': 'Amina', '2': 'Premium for a week', '3': '9 Mar', '4': '50' },
    });
    expect(reminders[0]!.body).toBeUndefined();

    // The learner answers the template: the window opens, the renewal goes through.
    const asked = fake.sentTo(phone).length;
    await amina.says('RENEW');
    await sim.advance('1m');
    const after = bodies().slice(asked).join('\n');
    expect(after).toMatch(
      /Renewing \*Premium for a week\*: asking M-PESA to send the request for KES 50 to 0712 000 909/,
    );
    expect(after).toMatch(/KES 50 for \*Premium for a week\*, until 16 Mar 2026/);
  });
});
