import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/messages.js';
import { usersRepository } from '../../db/repositories/users.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { capturingLogger, createTestApp, type TestApp } from '../../tests/harness/http-app.js';
import { alertsConfig } from '../config/alerts.js';
import { EnvReader } from '../config/env.js';
import { errorTracker } from '../errors-tracking/tracker.js';
import { trackErrors } from '../errors-tracking/tracked-logger.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);

forEachDatabase((driver) => {
  describe(`the system page on ${driver}`, () => {
    let test: TestApp;
    const log = capturingLogger();
    const { get, signIn } = dashboardClient(() => test);

    beforeAll(async () => {
      const alerts = { ...alertsConfig(new EnvReader({})), backlogAgeSeconds: 300 };
      test = await createTestApp({
        driver,
        logger: log.logger,
        config: { alerts },
        extra: { now: () => NOW },
      });
      const learner = await usersRepository(test.database.db).create({ phone: '+254712420001' });
      const message = { userId: learner.id, turn: 1, channel: 'twilio', recipient: '+254712420001' };
      await test.database.db.insert(outbox).values([
        { ...message, payload: { kind: 'text', text: 'stuck' } as never, createdAt: minutesAgo(20) },
        {
          ...message,
          payload: { kind: 'text', text: 'refused' } as never,
          status: 'dead',
          lastError: 'Twilio 21610: the learner blocked the sender',
          createdAt: minutesAgo(5),
        },
      ]);
      const tracker = errorTracker({ db: test.database.db, now: () => minutesAgo(2) });
      const logger = trackErrors(log.logger, tracker).child({ part: 'sender' });
      for (const order of [17, 42])
        logger.error({ err: new TypeError(`order ${order} has no plan`) }, 'send failed');
      await tracker.flush();
    });
    afterAll(() => test.cleanup());

    it('shows dependencies, the backlog, the breached backlog rule and the dead message with its reason', async () => {
      const operator = await signIn('operator');
      const res = await get('/admin/system', operator.cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<th scope="row">Database<\/th><td><span class="state-up">up<\/span>/);
      expect(html).toMatch(/<th scope="row">Messages not yet sent<\/th><td>1<\/td>/);
      expect(html).toMatch(/<th scope="row">Oldest unsent waited<\/th><td>1200 s<\/td>/);
      expect(html).toContain('The oldest unsent message has waited 1200 s (1 unsent); alert at 300 s.');
      expect(html).toContain('Twilio 21610: the learner blocked the sender');
      // One dead message is a 100 % failure rate, but too few to judge: no alert.
      expect(html).toContain('<td>100% (1 messages, fewer than 10: not judged)</td>');
    });

    it('groups the two errors that differ only by an id into one kind with its count and source', async () => {
      const owner = await signIn('owner');
      const html = await (await get('/admin/system', owner.cookie)).text();
      expect(html).toContain('<code>TypeError</code> order &lt;n&gt; has no plan');
      expect(html).toMatch(
        /sender<div class="muted">[^<]*system\.db\.test\.ts\)?<\/div><\/span><\/td><td>2<\/td><td>2<\/td>/,
      );
      expect(html).toContain('2 errors in the last 15 minutes.');
    });

    it('answers the error groups as JSON at /admin/api/errors', async () => {
      const headers = await test.authHeader('operator');
      const res = await test.app.request('/admin/api/errors?minutes=5', { headers });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: Record<string, unknown>[] };
      expect(body.items).toEqual([
        expect.objectContaining({ errorClass: 'TypeError', count: 2, recent: 2, source: 'sender' }),
      ]);
      const bad = await test.app.request('/admin/api/errors?minutes=0', { headers });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
        /^minutes: must be/,
      );
    });

    it('puts the breach on the overview as a banner and logs it once, not on every render', async () => {
      const operator = await signIn('operator');
      for (let i = 0; i < 3; i++) {
        const html = await (await get('/admin', operator.cookie)).text();
        expect(html).toContain('data-alert="backlogAge"');
      }
      const logged = log.lines().filter((line) => String(line.msg).startsWith('alert: The oldest unsent'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 40, alert: 'backlogAge', value: 1200, threshold: 300 });
    });
  });
});
