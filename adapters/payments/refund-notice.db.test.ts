import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { givenLearner } from '../simulator/transcript-given.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { learningStateOf } from '../../flows/learning/index.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { simulate, type Simulation } from '../../tests/harness/simulate.js';
import { createFileStore } from '../files/store.js';
import type { Logger } from '../logger.js';
import { createServices } from '../services/index.js';
import { paymentRefunds, type PaymentRefunds } from './refunds.js';
import { simulatedMpesa } from './simulated.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;

/** An operator's refund, as the learner lives it (issue 12 item 8): told once, and a full one ends the access. */
forEachDatabase((kind) =>
  describe(`a refund told to the learner (${kind})`, () => {
    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    let sim: Simulation;
    let refunds: PaymentRefunds;

    beforeEach(async () => {
      sim = await simulate({
        start: '2026-03-02T10:00:00Z',
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
      refunds = paymentRefunds({
        db: sim.database.db,
        gateway: simulatedMpesa(),
        clock: sim.clock,
        receive: async (event) => {
          await sim.engine.receive(event);
          await sim.sender.drain();
        },
      });
    });
    afterEach(() => sim?.close());

    async function buysAWeek(phone: string) {
      const given = {
        name: 'Amina',
        language: 'en',
        timezone: 'Africa/Nairobi',
        course: 'money-basics',
        lessonTime: '07:30',
        completed: ['needs-and-wants'],
        where: {},
      };
      await seedLearner(
        sim.database.db,
        givenLearner(given, phone, sim.clock.now(), catalog, registry).learner!,
      );
      const amina = sim.learner(phone);
      await amina.says('PAY premium-week');
      await amina.says('Yes, this number');
      await sim.advance('1m');
      const state = learningStateOf((await amina.profile())?.learningState);
      expect(state.access).toHaveLength(1);
      amina.newReplies();
      return { amina, orderId: state.payment!.orderId! };
    }

    it('a full refund is told once and ends the premium it paid for', async () => {
      const { amina, orderId } = await buysAWeek('+254712000501');
      const done = await refunds.refund({ orderId, reason: 'paid twice', requestedBy: 'admin@example.com' });
      expect(done).toMatchObject({ ok: true, status: 'completed' });
      expect(amina.newReplies()).toEqual([
        '↩️ KES 50 for *Premium for a week* has been refunded to your M-PESA, Amina. The premium it paid for has ended; your progress is kept.',
      ]);
      expect(learningStateOf((await amina.profile())?.learningState).access).toEqual([]);
      // Nothing more is due: no renewal reminder for a refunded week.
      await sim.advance('8d');
      expect(amina.newReplies().filter((text) => /Premium for a week/.test(text))).toEqual([]);
    });

    it('a part refund is told with its amount and keeps the access', async () => {
      const { amina, orderId } = await buysAWeek('+254712000502');
      await refunds.refund({ orderId, amount: 20, reason: 'goodwill', requestedBy: 'admin@example.com' });
      expect(amina.newReplies()).toEqual([
        '↩️ KES 20 of your payment for *Premium for a week* has been refunded to your M-PESA, Amina.',
      ]);
      expect(learningStateOf((await amina.profile())?.learningState).access).toHaveLength(1);
    });
  }),
);
