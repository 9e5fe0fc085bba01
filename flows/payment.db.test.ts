import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenLearner } from '../adapters/simulator/transcript-given.js';
import { seedLearner } from '../db/repositories/seed-learner.js';
import { forEachDatabase } from '../tests/harness/db.js';
import { simulate, statePath, type SimLearner, type Simulation } from '../tests/harness/simulate.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowRegistry } from './index.js';
import { learningStateOf } from './learning/index.js';

const NOT_YET = /^Let's finish setting you up first/;

/**
 * The payment conversation on the real engine and flows (issue 12), with the payment service's
 * answers driven as the backend sends them: `system.payment` events straight into the engine.
 */
forEachDatabase((kind) =>
  describe(`M-PESA payments as the learner lives them (${kind})`, () => {
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    let sim: Simulation;
    let phones = 0;

    beforeAll(async () => {
      sim = await simulate({ start: '2026-03-02T10:00:00Z', registry, driver: kind });
    });
    afterAll(() => sim?.close());

    /** A learner after onboarding, on `course`, at the start of it. */
    async function learner(
      course = 'money-basics',
      options: { phone?: string; language?: string; completed?: string[] } = {},
    ): Promise<SimLearner> {
      const phone = options.phone ?? `+2547110001${String(++phones).padStart(2, '0')}`;
      const given = {
        name: 'Amina',
        language: options.language ?? 'en',
        timezone: 'Africa/Nairobi',
        course,
        lessonTime: '07:30',
        completed: options.completed ?? [],
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
    const flowState = async (amina: SimLearner) => statePath((await amina.state())?.state);
    const paid = (orderId: string, extra: Record<string, unknown> = {}) => ({
      orderId,
      planId: 'business-once',
      status: 'confirmed',
      receipt: 'QKL4AB12CD',
      amount: 100,
      courses: ['small-business'],
      accessUntil: null,
      simulated: false,
      ...extra,
    });

    /** PAY for the business course from the WhatsApp number: the request is made. */
    async function requested(amina: SimLearner) {
      await amina.says('COURSE small-business');
      await amina.says('3');
      await amina.taps('usePhone');
      amina.newReplies();
    }

    it("takes the number button's title typed out as the tap (en and sw)", async () => {
      const amina = await learner();
      await amina.says('PAY');
      await amina.says('business course');
      await amina.says('Yes, this number');
      expect(amina.lastReply()).toMatch(/^⏳ One moment: asking M-PESA to send the request for KES 100/);
    });

    it('asks M-PESA once per attempt, for the plan and the normalised number', async () => {
      const amina = await learner();
      await amina.says('PAY');
      expect(amina.lastMessage()!.list!.rows.map((r) => [r.id, r.title, r.description])).toEqual([
        ['PAY premium-week', 'Premium for a week', 'KES 50 / week'],
        ['PAY premium-month', 'Premium for a month', 'KES 150 / month'],
        ['PAY business-once', 'Business course', 'KES 100, yours for good'],
        ['PAY LATER', 'Not now', undefined],
      ]);
      await amina.says('premium for a month');
      await amina.says('+254 (0) 733-123-456');
      expect(amina.lastReply()).toBe(
        '⏳ One moment: asking M-PESA to send the request for KES 150 to 0733 123 456.',
      );
      const attempt = (await state(amina)).payment!;
      expect(attempt).toMatchObject({ plan: 'premium-month', phone: '+254733123456', status: 'requested' });
      expect(attempt.requestId).toMatch(/^pay:2026-03-02T10:00:00\.000Z:premium-month$/);
      expect(await flowState(amina)).toBe('idle');
    });

    it('a foreign WhatsApp number is not offered: the learner types a Kenyan one, asked again until it is one', async () => {
      const amina = await learner('money-basics', { phone: '+447700900123' });
      await amina.says('PAY premium-week');
      expect(amina.lastReply()).toMatch(/Which M-PESA number should pay\?/);
      await amina.says('+447700900123');
      expect(amina.lastReply()).toMatch(/doesn't look like a Kenyan M-PESA number/);
      await amina.says('0110 123 456');
      expect((await state(amina)).payment?.phone).toBe('+254110123456');
    });

    it('a second PAY while the prompt is pending says so; after 15 minutes without an answer, PAY works again', async () => {
      const amina = await learner();
      await requested(amina);
      await amina.system('payment', {
        orderId: 'o-p',
        planId: 'business-once',
        status: 'prompted',
        simulated: false,
      });
      expect(amina.newReplies()).toEqual([
        '📲 Check your phone for the M-PESA prompt and enter your PIN to pay KES 100 for *Business course*.',
      ]);
      await amina.says('LIPA');
      expect(amina.lastReply()).toMatch(/^Your payment for \*Business course\* is still waiting for M-PESA/);
      await amina.system('payment', { planId: 'business-once', status: 'alreadyPending', simulated: false });
      expect(amina.lastReply()).toMatch(/^You already have a payment waiting for M-PESA/);
      await sim.advance('16m');
      await amina.says('PAY');
      expect(amina.lastReply()).toMatch(/^💎 \*Premium with M-PESA\*/);
      await amina.says('not now');
      expect(await flowState(amina)).toBe('idle');
    });

    it.each([
      [
        'insufficientFunds',
        1,
        /^M-PESA says there isn't enough money on 0711 000 1\d\d, so nothing was paid/,
      ],
      ['wrongPin', 2001, /^The M-PESA PIN was wrong, so nothing was paid/],
      ['timedOut', 1037, /^The M-PESA prompt timed out before a PIN was entered/],
      ['failed', 17, /^M-PESA could not complete the payment/],
      ['unavailable', undefined, /^Sorry, M-PESA isn't answering right now, so no request was sent/],
    ])('%s: nothing paid, said plainly, with Try again and Later', async (status, resultCode, said) => {
      const amina = await learner();
      await requested(amina);
      await amina.system('payment', {
        orderId: 'o-f',
        planId: 'business-once',
        status,
        resultCode,
        simulated: false,
      });
      const message = amina.lastMessage()!;
      expect(message.text).toMatch(said);
      expect(message.buttons?.map((b) => [b.id, b.title])).toEqual([
        ['PAY business-once small-business', 'Try again'],
        ['PAY LATER', 'Later'],
      ]);
      expect((await state(amina)).access).toEqual([]);
      await amina.taps('PAY LATER');
      expect(amina.lastReply()).toMatch(/^No problem, Amina\. Send PAY whenever you are ready/);
      // Still locked: choosing the course offers it again; the learner's free course goes on.
      await amina.says('COURSE small-business');
      expect(amina.lastReply()).toMatch(/^💎 \*Growing a small business\* is a premium course/);
    });

    it('simulated M-PESA says so in every answer', async () => {
      const amina = await learner();
      await requested(amina);
      for (const data of [
        { orderId: 'o-s', planId: 'business-once', status: 'prompted', simulated: true },
        { orderId: 'o-s', planId: 'business-once', status: 'wrongPin', resultCode: 2001, simulated: true },
      ])
        await amina.system('payment', data);
      const said = amina.newReplies();
      expect(said).toHaveLength(2);
      for (const text of said) expect(text).toMatch(/^🧪 \*Simulated M-PESA, no money moves\.\*/);
    });

    it('confirmed: access once per order, the receipt, and the lesson the learner wanted at once', async () => {
      const amina = await learner();
      await requested(amina);
      await amina.system('payment', paid('o-1'), 'mpesa:o-1:confirmed');
      const [receipt, intro] = amina.newReplies();
      expect(receipt).toBe(
        '✅ Payment received, Amina! KES 100 for *Business course*, yours for good.\nM-PESA receipt: *QKL4AB12CD*',
      );
      expect(intro).toBe('Hello, Amina! 📚 Lesson 1 of 3 in *Growing a small business*:');
      expect(await flowState(amina)).toBe('lesson.asking');
      const after = await state(amina);
      expect(after.access).toEqual([{ plan: 'business-once', courses: ['small-business'], orderId: 'o-1' }]);
      expect(after).toMatchObject({
        course: 'small-business',
        courses: ['money-basics', 'small-business'],
      });
      // The same settlement delivered again (under another id): nothing more is granted or said.
      await amina.system('payment', paid('o-1'), 'mpesa:o-1:confirmed:again');
      expect(amina.newReplies()).toEqual([]);
      expect((await state(amina)).access).toHaveLength(1);
    });

    it('confirmed mid-quiz: access at once, the quiz goes on, and NEXT then opens the paid course', async () => {
      const amina = await learner();
      await requested(amina);
      await amina.says('COURSE money-basics');
      await amina.says('NEXT');
      expect(amina.lastReply()).toMatch(/Question 1 of 3/);
      amina.newReplies();
      await amina.system('payment', paid('o-2'));
      const [receipt, next, question] = amina.newReplies();
      expect(receipt).toMatch(/^✅ Payment received/);
      expect(next).toBe(
        'When you are done here, your first lesson of *Growing a small business* is ready: send NEXT.',
      );
      expect(question).toMatch(/Question 1 of 3/);
      expect(await flowState(amina)).toBe('lesson.asking');
      expect((await state(amina)).course).toBe('small-business');
    });

    it('confirmed while a new offer waits (a late settlement): the offer gives way to the paid lesson', async () => {
      const amina = await learner('small-business');
      await amina.says('PAY business-once');
      await amina.taps('usePhone');
      await sim.advance('16m');
      await amina.says('NEXT');
      expect(await flowState(amina)).toBe('payment.choosing');
      amina.newReplies();
      await amina.system('payment', paid('o-late'));
      expect(amina.newReplies()[1]).toBe('Hello, Amina! 📚 Lesson 1 of 3 in *Growing a small business*:');
      expect(await flowState(amina)).toBe('lesson.asking');
    });

    it('a subscription bought with PAY on a free course: until when, and the way to a premium course', async () => {
      const amina = await learner();
      await amina.says('PAY premium-month');
      await amina.taps('usePhone');
      await amina.system('payment', {
        ...paid('o-3'),
        planId: 'premium-month',
        amount: 150,
        courses: 'premium',
        accessUntil: '2026-04-02T10:00:00.000Z',
      });
      const message = amina.lastMessage()!;
      expect(amina.newReplies().slice(-2)).toEqual([
        '✅ Payment received, Amina! KES 150 for *Premium for a month*, until 2 Apr 2026.\nM-PESA receipt: *QKL4AB12CD*',
        'Send COURSES and pick a premium 💎 course to start it.',
      ]);
      expect(message.buttons?.map((b) => b.id)).toEqual(['COURSES']);
      expect((await state(amina)).course).toBe('money-basics');
      await amina.says('COURSE small-business');
      expect(amina.lastReply()).toMatch(/^You're now learning \*Growing a small business\*/);
    });

    it('expired access (renewal declined) closes the course again: NEXT offers it, the daily time sends nothing', async () => {
      const amina = await learner('money-basics');
      await amina.says('PAY premium-week small-business');
      await amina.taps('usePhone');
      const until = new Date(sim.clock.now().getTime() + 3_600_000).toISOString();
      amina.newReplies();
      await amina.system('payment', {
        ...paid('o-4'),
        planId: 'premium-week',
        courses: 'premium',
        accessUntil: until,
      });
      expect(amina.newReplies()[1]).toBe('Hello, Amina! 📚 Lesson 1 of 3 in *Growing a small business*:');
      for (const answer of ['1000', '1', 'false']) await amina.says(answer);
      expect(amina.lastReply()).toMatch(/Quiz done: 3 out of 3/);
      // Declining the renewal takes the grace away: premium ends when the hour is up.
      await amina.says('RENEW NO');
      await sim.advance('2h');
      amina.newReplies();
      await amina.says('NEXT');
      expect(amina.lastReply()).toMatch(/^💎 \*Growing a small business\* is a premium course/);
      await amina.says('not now');
      amina.newReplies();
      await sim.advance('1d');
      expect(amina.newReplies()).toEqual([]);
    });

    it('PAY waits until onboarding is done', async () => {
      const lina = sim.learner('+254711999001');
      await lina.says('hi');
      await lina.says('Lina');
      lina.newReplies();
      await lina.says('PAY');
      expect(lina.newReplies()[0]).toMatch(NOT_YET);
    });
  }),
);
