import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { WHATSAPP_LIMITS } from '../../shared/whatsapp-limits.js';
import { FakeTwilio, type ShownMessage } from '../../scripts/bench/fake-twilio.js';
import { darajaConfig, twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { FakeDaraja } from '../harness/fake-daraja.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 15_000, interval: 25 };
type Choice = ShownMessage['choices'][number];

/**
 * Every payment prompt with choices, as a learner's phone shows it through Twilio (issue 12): the
 * offer, the number, [Try again] / [Later] after a failed prompt, and BILLING's [Report a problem]
 * fit WhatsApp's buttons (≤ 3, titles ≤ 20) and lists (≤ 10 rows, titles ≤ 24, descriptions ≤ 72)
 * without a title cut, and each one tapped does what it says. The push goes to a fake Daraja that
 * settles nothing on its own; M-PESA's later answers enter the engine as the payment service
 * sends them (`system.payment` …), so every outcome can be shown.
 */
describe.each([
  [
    'en',
    '+254722000401',
    'Premium for a month',
    'Another number',
    'Try again',
    'Not now',
    'Report a problem',
  ],
  [
    'sw',
    '+254722000402',
    'Premium kwa mwezi mmoja',
    'Namba nyingine',
    'Jaribu tena',
    'Si sasa',
    'Ripoti tatizo',
  ],
] as const)(
  `payment choices through Twilio, in %s (${configuredDriver()})`,
  (language, phone, monthly, another, tryAgain, notNow, report) => {
    let twilio: FakeTwilio;
    let daraja: FakeDaraja;
    let served: ServedRuntime;
    let userId: string;
    let seen = 0;
    let events = 0;

    beforeAll(async () => {
      twilio = await new FakeTwilio().start();
      // A fake Daraja that settles nothing on its own: the embedded simulated M-PESA would confirm
      // 10 s after the push in real time and race this test on a loaded machine.
      daraja = await new FakeDaraja().start();
      served = await serveTestRuntime(() => ({
        ...twilioChannelConfig(twilio),
        ...darajaConfig(daraja, 'choices-callback-secret-3a9c'),
      }));
      const catalog = contentCatalog();
      const given = {
        name: 'Amina',
        language,
        timezone: 'Africa/Nairobi',
        course: 'money-basics',
        lessonTime: '07:30',
        completed: [],
        where: {},
      };
      const learner = givenLearner(
        given,
        phone,
        new Date(),
        catalog,
        createFlowRegistry({ catalog }),
      ).learner!;
      const rootTimers = learner.rootTimers.map((t) => ({ ...t, id: `${t.id}-${phone}` }));
      userId = await seedLearner(served.database.db, { ...learner, rootTimers });
    });
    afterAll(async () => {
      await served?.close();
      await twilio?.stop();
      await daraja?.stop();
    });

    const screen = () => twilio.sentTo(phone).map((m) => twilio.shown(m));

    /** Every choice whole, within WhatsApp's limits for its kind. */
    const expectFits = (message: ShownMessage) => {
      const where = JSON.stringify(message.text.slice(0, 60));
      for (const choice of message.choices) expect(choice.title, where).not.toMatch(/…$/);
      if (message.kind === 'buttons') {
        expect(message.choices.length, where).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttons);
        for (const c of message.choices)
          expect(c.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttonTitle);
      }
      if (message.kind === 'list') {
        expect(message.choices.length, where).toBeLessThanOrEqual(WHATSAPP_LIMITS.listRows);
        for (const c of message.choices) {
          expect(c.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowTitle);
          expect((c.description ?? '').length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowDescription);
        }
      }
    };

    /** Waits for the bot's last message to match, checks every new one fits, returns the last. */
    const reply = async (expected: RegExp): Promise<ShownMessage> => {
      const last = await vi.waitFor(() => {
        const shown = screen();
        expect(shown.length).toBeGreaterThan(seen);
        expect(shown.at(-1)!.text).toMatch(expected);
        return shown.at(-1)!;
      }, soon);
      screen().slice(seen).forEach(expectFits);
      seen = screen().length;
      return last;
    };
    const says = async (text: string, expected: RegExp) => {
      twilio.opened(phone);
      expect(
        (await twilio.post(`${served.base}/webhooks/twilio`, twilio.inboundParams(phone, { text }))).status,
      ).toBe(200);
      return reply(expected);
    };
    const taps = async (message: ShownMessage, title: string, expected: RegExp) => {
      const choice: Choice | undefined = message.choices.find((c) => c.title === title);
      expect(choice, `[${title}] among ${message.choices.map((c) => c.title).join(' | ')}`).toBeDefined();
      const tap =
        message.kind === 'list'
          ? { list: choice!.id, title: choice!.title }
          : { button: choice!.id, title: choice!.title };
      twilio.opened(phone);
      expect(
        (await twilio.post(`${served.base}/webhooks/twilio`, twilio.inboundParams(phone, tap))).status,
      ).toBe(200);
      return reply(expected);
    };
    /** A payment service answer, as pay-backend's service hands it to the engine. */
    const answers = async (name: string, data: Record<string, unknown>, expected: RegExp) => {
      await served.runtime.engine.receive({
        type: 'system',
        channel: 'system',
        providerId: `test:${phone}:${++events}`,
        userId,
        at: new Date().toISOString(),
        name,
        data,
      });
      return reply(expected);
    };

    it('offers a premium course from COURSES: a list of plans with their prices, and Not now', async () => {
      const courses = await says(language === 'en' ? 'COURSES' : 'KOZI', /💎 KES 100/);
      const offer = await taps(courses, '3', /💎 \*/);
      expect(offer.kind).toBe('list');
      expect(offer.text).toMatch(/KES 50[\s\S]*KES 150[\s\S]*KES 100/);
      expect(offer.choices.map((c) => c.description ?? '')).toEqual([
        expect.stringMatching(/KES 50 \//),
        expect.stringMatching(/KES 150 \//),
        expect.stringMatching(/KES 100,/),
        '',
      ]);
      const confirm = await taps(offer, monthly, /0722 000 401|0722 000 402/);
      expect(confirm.kind).toBe('buttons');
      await taps(confirm, another, /0712 345 678/);
      // The typed number is the one M-PESA prompts, and the learner is told to enter the PIN.
      await says('0733 555 666', /PIN/);
      expect(daraja.pushes.at(-1)?.body).toMatchObject({ PhoneNumber: '254733555666', Amount: 150 });
    });

    it('a cancelled prompt offers Try again and Later; Try again asks to confirm the number again', async () => {
      const failed = await answers(
        'payment',
        {
          orderId: `o-${phone}`,
          planId: 'premium-month',
          status: 'cancelled',
          resultCode: 1032,
          simulated: false,
        },
        /1032|cancel|sitishwa/i,
      );
      expect(failed.kind).toBe('buttons');
      expect(failed.choices).toHaveLength(2);
      const confirm = await taps(failed, tryAgain, /0733 555 666/);
      expect(confirm.choices).toHaveLength(3);
      await taps(confirm, notNow, /PAY|LIPA/);
    });

    it('BILLING shows the payments with Report a problem, which asks for a description', async () => {
      // BILLING itself says nothing: the payment service answers with the history.
      twilio.opened(phone);
      const billing = twilio.inboundParams(phone, { text: language === 'en' ? 'BILLING' : 'MALIPO' });
      expect((await twilio.post(`${served.base}/webhooks/twilio`, billing)).status).toBe(200);
      const history = await answers(
        'paymentHistory',
        {
          payments: [
            { at: '2026-03-01T09:12:00.000Z', planId: 'premium-month', amount: 150, status: 'cancelled' },
          ],
        },
        /KES 150/,
      );
      await taps(history, report, /M-PESA/);
    });
  },
);
