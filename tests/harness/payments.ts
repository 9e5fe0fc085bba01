import { Hono } from 'hono';
import { catalogFromCourses } from '../../content/catalog.js';
import type { Plan } from '../../content/types.js';
import { usersRepository } from '../../db/repositories/users.js';
import { SimClock } from '../../engine/clock.js';
import type { Inbound } from '../../engine/events.js';
import { createFileStore } from '../../adapters/files/store.js';
import type { AppEnv } from '../../adapters/http/env.js';
import { mpesaRoutes } from '../../adapters/http/routes/mpesa.js';
import { darajaClient } from '../../adapters/payments/daraja.js';
import type { MpesaGateway } from '../../adapters/payments/gateway.js';
import { paymentRefunds } from '../../adapters/payments/refunds.js';
import { createServices, type EngineServices } from '../../adapters/services/index.js';
import type { Logger } from '../../adapters/logger.js';
import type { TestDatabase } from './db.js';
import { FakeDaraja } from './fake-daraja.js';

export const CALLBACK_SECRET = 'test-callback-secret-8f1c2a';
export const PLANS: Plan[] = [
  { id: 'premium-week', title: { en: 'Premium for a week' }, price: 50, period: 'week', courses: 'premium' },
  {
    id: 'money-course',
    title: { en: 'Money course' },
    price: 200,
    period: 'once',
    courses: ['money-basics'],
  },
];

const silent = { info() {}, warn() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;

export type SystemEvent = Extract<Inbound, { type: 'system' }>;

/**
 * The payment services on a test database with the real Daraja client against a fake Daraja (or
 * the given gateway), the callback route in-process, a simulated clock, and the system events the
 * services hand the learner's turn recorded (deduplicated by provider id, as the inbox does).
 */
export async function paymentRig(database: TestDatabase, options: { gateway?: MpesaGateway } = {}) {
  const clock = new SimClock('2026-03-02T07:00:00.000Z');
  const fake = await new FakeDaraja().start();
  const events: SystemEvent[] = [];
  const seen = new Set<string>();
  const receive = async (event: Inbound) => {
    if (event.type !== 'system' || seen.has(event.providerId)) return;
    seen.add(event.providerId);
    events.push(event);
  };
  const gateway =
    options.gateway ??
    darajaClient({
      baseUrl: fake.url,
      consumerKey: fake.options.consumerKey,
      consumerSecret: fake.options.consumerSecret,
      shortcode: fake.options.shortcode,
      passkey: fake.options.passkey,
      callbackUrl: `http://127.0.0.1:9/webhooks/mpesa/${CALLBACK_SECRET}`,
      initiator: 'testapi',
      securityCredential: 'c2VjcmV0',
      clock,
      sleep: async () => {},
      timeoutMs: 2000,
    });
  const services: EngineServices = createServices({
    db: database.db,
    clock,
    files: createFileStore(database.db, { publicBaseUrl: 'http://localhost' }),
    receive,
    logger: silent,
    payments: { gateway, catalog: () => catalogFromCourses([], PLANS) },
  });
  const refunds = paymentRefunds({ db: database.db, gateway, clock });
  const background: Promise<void>[] = [];
  const app = new Hono<AppEnv>();
  app.route(
    '/webhooks/mpesa',
    mpesaRoutes({
      db: database.db,
      desk: services.payments,
      refunds,
      callbackSecret: CALLBACK_SECRET,
      logger: silent,
      now: () => clock.now(),
      background: (work) => background.push(work),
    }),
  );
  const users = usersRepository(database.db);
  let learners = 0;

  return {
    clock,
    fake,
    services,
    refunds,
    events,
    app,
    async learner(phone = `+2547000000${String(++learners).padStart(2, '0')}`) {
      const user = await users.create({ phone });
      return { id: user.id, phone };
    },
    call: (userId: string, service: string, input: Record<string, unknown>) =>
      services.call(userId, { service, input }),
    /** Posts a callback body in-process, then lets the learner's turn run, as after Daraja's answer. */
    async callback(body: unknown, secret = CALLBACK_SECRET, path = '') {
      const response = await app.request(`/webhooks/mpesa/${secret}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      await Promise.all(background.splice(0));
      return { status: response.status, body: (await response.text()) || null };
    },
    /** Moves the simulated clock and runs the STK queries (and simulated confirmations) due by then. */
    async advance(ms: number) {
      const target = clock.now().getTime() + ms;
      let last = 0;
      for (;;) {
        const due = await services.dueWork.nextDue();
        if (!due || due.getTime() > target || due.getTime() === last) break;
        last = due.getTime();
        clock.set(due);
        await services.dueWork.run();
      }
      clock.set(new Date(target));
    },
    payments: (userId: string) =>
      events.filter((e) => e.userId === userId && e.name === 'payment').map((e) => e.data!),
    async stop() {
      await fake.stop();
    },
  };
}

export type PaymentRig = Awaited<ReturnType<typeof paymentRig>>;
