import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../../content/catalog.js';
import type { Inbound } from '../../engine/events.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { PLANS } from '../../tests/harness/payments.js';
import { simulate, type Simulation } from '../../tests/harness/simulate.js';
import { createFileStore } from '../files/store.js';
import type { Logger } from '../logger.js';
import { createServices, type EngineServices } from '../services/index.js';

const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;

forEachDatabase((driver) => {
  describe(`the simulated M-PESA in the simulator on ${driver}`, () => {
    let sim: Simulation;
    let services: EngineServices;
    const events: Extract<Inbound, { type: 'system' }>[] = [];

    beforeAll(async () => {
      sim = await simulate({
        driver,
        services: ({ database, clock, receive }) => {
          services = createServices({
            db: database.db,
            clock,
            files: createFileStore(database.db, { publicBaseUrl: 'http://localhost' }),
            // Recorded, then handed to the real engine as in production.
            receive: async (event) => {
              if (event.type === 'system') events.push(event);
              return receive(event);
            },
            logger: silent,
            payments: { catalog: () => catalogFromCourses([], PLANS) },
          });
          return services;
        },
      });
    });
    afterAll(async () => sim?.close());

    async function buy(phone: string) {
      const learner = sim.learner(phone);
      await learner.says('hi');
      const userId = (await sim.userIdOf(phone))!;
      await services.call(userId, {
        service: 'payment.request',
        input: { requestId: 'p1', planId: 'premium-week', phone },
      });
      return userId;
    }
    const statuses = (userId: string) =>
      events.filter((e) => e.userId === userId && e.name === 'payment').map((e) => e.data);

    it('confirms 10 seconds after the prompt as the simulated clock moves, labelled simulated', async () => {
      const userId = await buy('+254700111222');
      expect(statuses(userId)).toEqual([expect.objectContaining({ status: 'prompted', simulated: true })]);
      await sim.advance('9s');
      expect(statuses(userId)).toHaveLength(1);
      await sim.advance('1s');
      expect(statuses(userId)[1]).toMatchObject({
        status: 'confirmed',
        simulated: true,
        amount: 50,
        receipt: expect.stringMatching(/^SIM/),
        accessUntil: expect.any(String),
      });
    });

    it.each([
      ['+254700221032', 'cancelled', 1032],
      ['+254700220001', 'insufficientFunds', 1],
      ['+254700222001', 'wrongPin', 2001],
      ['+254700221037', 'timedOut', 1037],
    ])('a prompt to %s (the number ends in the result code) ends %s', async (phone, status, resultCode) => {
      const userId = await buy(phone);
      await sim.advance('1m');
      expect(statuses(userId)[1]).toEqual(expect.objectContaining({ status, resultCode, simulated: true }));
    });
  });
});
