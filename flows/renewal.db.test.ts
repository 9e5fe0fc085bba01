import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../adapters/files/store.js';
import type { Logger } from '../adapters/logger.js';
import { createServices } from '../adapters/services/index.js';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { paymentStats } from '../db/repositories/payments-admin.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { simulate, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';
import { learningStateOf } from './learning/index.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;

/**
 * Renewals and grace (issue 12 item 7) on the real engine, flows and payment services, with the
 * embedded simulated M-PESA (a number ending 0001 has too little money; any other pays) and the
 * simulated clock: reminders 3 days and 1 day before the end, RENEW's prompt, retries with backoff
 * in the grace, and the downgrade that keeps progress.
 */
forEachDatabase((kind) =>
  describe(`renewing a premium plan (${kind})`, () => {
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    let sim: Simulation;

    // Each story on its own clock, from Monday 13:00 in Nairobi.
    beforeEach(async () => {
      sim = await simulate({
        start: '2026-03-02T10:00:00Z', // Monday 13:00 in Nairobi
        registry,
        driver: kind,
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
    });
    afterEach(() => sim?.close());

    async function learner(phone: string, course = 'money-basics'): Promise<SimLearner> {
      const given = {
        name: 'Amina',
        language: 'en',
        timezone: 'Africa/Nairobi',
        course,
        lessonTime: '07:30',
        completed: [course === 'money-basics' ? 'needs-and-wants' : 'know-your-profit'],
        where: {},
      };
      const seeded = givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!;
      const rootTimers = seeded.rootTimers.map((t) => ({ ...t, id: `${t.id}-${phone}` }));
      await seedLearner(sim.database.db, { ...seeded, rootTimers });
      const amina = sim.learner(phone);
      amina.newReplies();
      return amina;
    }
    const state = async (amina: SimLearner) => learningStateOf((await amina.profile())?.learningState);
    /** What the learner was told about their plan since the last look (daily lessons left out). */
    const told = (amina: SimLearner) =>
      amina
        .newReplies()
        .filter((text) => /Premium for a week|M-PESA request again|enough money|Test payment/.test(text))
        .filter((text) => !/A real phone would now show the M-PESA prompt/.test(text));

    /** A week of premium bought through the real payment service (simulated M-PESA). */
    async function buysAWeek(amina: SimLearner) {
      await amina.says('PAY premium-week');
      await amina.taps('usePhone');
      await sim.advance('1m');
      expect(told(amina)).toContainEqual(
        expect.stringMatching(/Test payment received, Amina! KES 50 for \*Premium for a week\*, until 9 Mar/),
      );
    }

    it('reminds 3 days and 1 day before the end; RENEW pays at once and the new week follows the old one', async () => {
      const amina = await learner('+254712000101');
      await buysAWeek(amina);
      await sim.advance('3d23h'); // Friday 12:01 in Nairobi
      expect(told(amina)).toEqual([]);
      await sim.advance('1h');
      const reminder = amina.replies().findLast((d) => d.message.text.startsWith('⏰ Your'))!.message;
      expect(reminder.text).toBe(
        '⏰ Your *Premium for a week* ends in 3 days, on 9 Mar, Amina. Renew now for KES 50 to keep learning without a break: tap *Renew* and enter your M-PESA PIN. Any days left are kept.',
      );
      expect(reminder.buttons!.map((b) => [b.id, b.title])).toEqual([
        ['RENEW', 'Renew · KES 50'],
        ['RENEW NO', 'Not now'],
      ]);
      expect(reminder.template).toMatchObject({
        name: 'renewal_reminder',
        variables: { plan: 'Premium for a week', date: '9 Mar' },
      });
      expect(told(amina)).toEqual([reminder.text]);
      await sim.advance('2d');
      expect(told(amina)).toEqual([
        expect.stringMatching(/^⏰ Your \*Premium for a week\* ends tomorrow, 9 Mar, Amina\./),
      ]);

      await amina.taps('RENEW');
      expect(amina.newReplies()[0]).toBe(
        '⏳ Renewing *Premium for a week*: asking M-PESA to send the request for KES 50 to 0712 000 101.',
      );
      await sim.advance('1m');
      expect(told(amina).at(-1)).toMatch(/KES 50 for \*Premium for a week\*, until 16 Mar/);
      const access = (await state(amina)).access;
      expect(access.map((g) => g.until?.slice(0, 10))).toEqual(['2026-03-09', '2026-03-16']);
      // Nothing more about the old week: the next reminder is the new week's, 3 days before 16 Mar.
      await sim.advance('3d');
      expect(told(amina)).toEqual([]);
      await sim.advance('2d'); // Friday 13 March
      expect(told(amina)).toEqual([expect.stringMatching(/ends in 3 days, on 16 Mar/)]);
      // For the operator: the first week ended and was renewed; the second has not ended.
      expect((await paymentStats(sim.database.db, {}, sim.clock.now())).churn).toEqual({
        renewed: 1,
        churned: 0,
        inGrace: 0,
        rate: 0,
      });
    });

    it('a renewal M-PESA refuses is tried again after 1 h, 6 h and 24 h, then premium stays open for the grace and ends politely', async () => {
      // The WhatsApp number pays; its balance is too low (…0001 in the simulated M-PESA).
      const amina = await learner('+254712220001', 'small-business');
      await amina.system('payment', {
        orderId: 'o-week',
        planId: 'premium-week',
        status: 'confirmed',
        receipt: 'QKL4AB12CD',
        amount: 50,
        courses: 'premium',
        accessUntil: '2026-03-09T10:00:00.000Z',
        simulated: true,
      });
      await sim.advance('6d1h'); // Sunday 14:00: the 1-day reminder has come
      expect(told(amina).at(-1)).toMatch(/ends tomorrow, 9 Mar/);
      await amina.says('RENEW');
      // The open quiz's question follows (the learner always knows what is waiting).
      expect(amina.newReplies()[0]).toBe(
        '⏳ Renewing *Premium for a week*: asking M-PESA to send the request for KES 50 to 0712 220 001.',
      );
      await sim.advance('1m');
      const refused = told(amina);
      expect(refused[0]).toMatch(/isn't enough money on 0712 220 001/);
      expect(refused[1]).toBe(
        "I'll send the M-PESA request again on Sunday 15:00. Send RENEW NO to stop it.",
      );
      await sim.advance('1h');
      // Six hours after 15:00 is 21:00, quiet hours: the third prompt waits for the morning.
      expect(told(amina)).toEqual([
        '🔁 Trying your renewal of *Premium for a week* again: asking M-PESA to send the request for KES 50 to 0712 220 001.',
        expect.stringMatching(/isn't enough money/),
        "I'll send the M-PESA request again on Monday 07:00. Send RENEW NO to stop it.",
      ]);
      await sim.advance('16h'); // Monday 07:01
      expect(told(amina)).toEqual([
        expect.stringMatching(/^🔁 Trying your renewal/),
        expect.stringMatching(/isn't enough money/),
        "I'll send the M-PESA request again on Tuesday 07:00. Send RENEW NO to stop it.",
      ]);
      expect((await state(amina)).renewal).toMatchObject({ orderId: 'o-week', prompts: 3 });

      // Monday 13:00, the end: the grace notice; premium stays open.
      await sim.advance('6h');
      expect(told(amina)).toEqual([
        'Your *Premium for a week* ended today, Amina. Your premium lessons stay open until 12 Mar so you have time to renew: tap *Renew* (KES 50).',
      ]);
      const inGrace = await state(amina);
      expect(inGrace.access).toEqual([
        expect.objectContaining({ orderId: 'o-week', graceUntil: '2026-03-12T10:00:00.000Z' }),
      ]);
      // The fourth prompt (Tuesday 07:00) is the last: no further one is announced.
      await sim.advance('1d');
      expect(told(amina)).toEqual([
        expect.stringMatching(/^🔁 Trying/),
        expect.stringMatching(/isn't enough money/),
      ]);
      // Thursday 13:00, the grace's end: premium ends, progress kept, the free courses offered.
      await sim.advance('2d');
      const ended = amina.replies().findLast((d) => /has ended/.test(d.message.text))!.message;
      expect(ended.text).toBe(
        'Your *Premium for a week* has ended, Amina. Nothing is lost: your progress in *Growing a small business* is saved, and *Renew* brings you back to where you stopped. Meanwhile the free courses are open: tap *See courses*.',
      );
      expect(ended.buttons!.map((b) => b.id)).toEqual(['RENEW', 'COURSES']);
      const after = await state(amina);
      expect(after.access).toEqual([]);
      expect(after.progress['small-business']?.completed.length).toBeGreaterThan(0);
    });

    it('RENEW NO: no more reminders, no grace; premium ends on the day it was paid until', async () => {
      const amina = await learner('+254712000303');
      await buysAWeek(amina);
      await sim.advance('4d1h');
      expect(told(amina)).toEqual([expect.stringMatching(/ends in 3 days/)]);
      await amina.says('RENEW NO');
      expect(amina.newReplies()[0]).toBe(
        'OK, Amina, no renewal. *Premium for a week* stays open until 9 Mar; send PAY whenever you want premium again.',
      );
      await sim.advance('3d');
      expect(told(amina)).toEqual([
        expect.stringMatching(/^Your \*Premium for a week\* has ended, Amina\. Nothing is lost/),
      ]);
      expect((await state(amina)).access).toEqual([]);
      // For the operator: ended, in the grace days (the learner could still change their mind), then churned.
      const churn = async () => (await paymentStats(sim.database.db, {}, sim.clock.now())).churn;
      expect(await churn()).toMatchObject({ renewed: 0, churned: 0, inGrace: 1, rate: null });
      await sim.advance('3d');
      expect(await churn()).toEqual({ renewed: 0, churned: 1, inGrace: 0, rate: 1 });
    });
  }),
);
