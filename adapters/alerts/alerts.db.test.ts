import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { outbox } from '../../db/schema/messages.js';
import { usersRepository } from '../../db/repositories/users.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { LoopbackServer, readBody } from '../../scripts/bench/loopback.js';
import { alertsConfig } from '../config/alerts.js';
import { EnvReader } from '../config/env.js';
import { evaluateAlerts } from './job.js';
import { alertNotifier, type AlertNotice } from './notify.js';

const START = new Date('2026-03-02T09:00:00Z');

forEachDatabase((driver) => {
  describe(`alert notices on ${driver}`, () => {
    let database: TestDatabase;
    const webhook = new LoopbackServer();
    const received: AlertNotice[] = [];
    let clock = START;

    beforeAll(async () => {
      database = await testDatabase(driver);
      await webhook.start(
        async (req, res) => {
          received.push(JSON.parse(await readBody(req)) as AlertNotice);
          res.writeHead(204).end();
        },
        (res) => res.writeHead(500).end(),
      );
    });
    afterAll(async () => {
      await webhook.stop();
      await database.cleanup();
    });

    it('posts a breach to the webhook once, again only after it cleared and the cool-down passed', async () => {
      const logger = pino({ level: 'silent' });
      const env = {
        ALERT_WEBHOOK_URL: webhook.url,
        ALERT_BACKLOG_AGE_SECONDS: '300',
        ALERT_COOLDOWN_MINUTES: '30',
      };
      const config = alertsConfig(new EnvReader(env));
      const notify = alertNotifier({ config, publicBaseUrl: 'https://learn.example', logger });
      const run = () => evaluateAlerts({ db: database.db, config, logger, notify, now: () => clock });
      const learner = await usersRepository(database.db).create({ phone: '+254712430001' });
      const [stuck] = await database.db
        .insert(outbox)
        .values({
          userId: learner.id,
          turn: 1,
          channel: 'twilio',
          recipient: '+254712430001',
          payload: { kind: 'text', text: 'stuck' } as never,
          createdAt: new Date(START.getTime() - 10 * 60_000),
        })
        .returning();

      expect(await run()).toEqual(['backlogAge']);
      clock = new Date(START.getTime() + 60_000);
      expect(await run()).toEqual([]);
      expect(received).toEqual([
        {
          type: 'learnloop.alert',
          rule: 'backlogAge',
          message: 'The oldest unsent message has waited 600 s (1 unsent); alert at 300 s.',
          value: 600,
          threshold: 300,
          since: START.toISOString(),
          dashboard: 'https://learn.example/admin/system',
        },
      ]);

      // Sent, then stuck again 10 minutes later: a new breach, but inside the cool-down.
      await database.db.update(outbox).set({ status: 'sent' });
      clock = new Date(START.getTime() + 2 * 60_000);
      expect(await run()).toEqual([]);
      await database.db
        .insert(outbox)
        .values({ ...stuck!, id: undefined, status: 'pending', createdAt: START });
      clock = new Date(START.getTime() + 12 * 60_000);
      expect(await run()).toEqual([]);
      clock = new Date(START.getTime() + 40 * 60_000);
      expect(await run()).toEqual(['backlogAge']);
      clock = new Date(START.getTime() + 120 * 60_000);
      expect(await run()).toEqual([]);
      expect(received).toHaveLength(2);
    });
  });
});
