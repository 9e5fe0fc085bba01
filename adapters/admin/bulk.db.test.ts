import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAdminAudit } from '../../db/repositories/admin-audit.js';
import { campaignProgress, campaignRecipients } from '../../db/repositories/bulk-queries.js';
import { usersRepository } from '../../db/repositories/users.js';
import { rowsOf } from '../../db/rows.js';
import { bulkBatch } from '../bulk/jobs.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const COURSE = 'bulk-course';

forEachDatabase((driver) => {
  describe(`bulk messages on the dashboard (${driver})`, () => {
    let test: TestApp;
    const started: number[] = [];
    const { act, get, signIn } = dashboardClient(() => test);
    const batch = (messagesPerSecond = 80) =>
      bulkBatch({
        db: test.database.db,
        channel: 'twilio',
        messagesPerSecond,
        clock: { now: () => NOW },
        logger: pino({ level: 'silent' }),
      });
    const audit = (id: number) =>
      searchAdminAudit(test.database.db, { subject: `bulk:${id}`, page: 1, pageSize: 10 });
    const outboxOf = async (campaign: number) =>
      rowsOf<{ recipient: string; payload: Record<string, unknown> }>(
        await test.database.db.execute(sql`select o.recipient, o.payload from outbox o
          join bulk_recipients r on r.outbox_id = o.id where r.campaign_id = ${campaign} order by o.recipient`),
      );
    const campaignIdOf = (res: Response) =>
      Number(/\/admin\/bulk\/(\d+)$/.exec(res.headers.get('location')!)![1]);

    beforeAll(async () => {
      test = await createTestApp({ driver, deps: { bulk: { start: async (id) => void started.push(id) } } });
      const users = usersRepository(test.database.db);
      for (const [phone, name, status, language] of [
        ['+254712500001', 'Amina', 'active', 'en'],
        ['+254712500002', 'Baraka', 'active', 'sw'],
        ['+254712500003', 'Chiku', 'opted_out', 'en'],
      ] as const) {
        const { id } = await users.create({ phone, name, language });
        await users.update(id, { status, learningState: { courses: [COURSE], course: COURSE } });
      }
    });
    afterAll(() => test.cleanup());

    const segment = { course: COURSE, message: 'The exam week starts Monday.' };

    it('previews the count, sends through the outbox in a job, skips the opted-out learner and audits it', async () => {
      const operator = await signIn('operator');
      const preview = await get(`/admin/bulk?preview=1&${new URLSearchParams(segment)}`, operator.cookie);
      const html = await preview.text();
      expect(preview.status).toBe(200);
      expect(html).toContain('3 learners in this segment');
      expect(html).toMatch(/data-figure="reachable">2</);
      expect(html).toContain('Send to 2 learners');

      const sent = await act(operator, '/admin/bulk', { ...segment, expected: '3' });
      expect(sent.status).toBe(303);
      const id = campaignIdOf(sent);
      expect(started).toContain(id);
      // Nothing is queued in the request: the job does it.
      expect(await outboxOf(id)).toEqual([]);

      expect(await batch()(id)).toMatchObject({ queued: 2, skipped: 0, pending: 0, status: 'done' });
      const rows = await outboxOf(id);
      expect(rows.map((r) => r.recipient)).toEqual(['+254712500001', '+254712500002']);
      expect(rows[1]!.payload).toEqual({
        text: 'The exam week starts Monday.',
        template: {
          name: 'announcement',
          language: 'sw',
          variables: { announcement: 'The exam week starts Monday.' },
        },
      });
      expect(await campaignProgress(test.database.db, id)).toMatchObject({ queued: 2, skipped: 1, total: 3 });
      const { items } = await campaignRecipients(test.database.db, id, 1, 10);
      expect(items.find((r) => r.name === 'Chiku')).toMatchObject({ result: 'skipped', reason: 'opted out' });

      const { items: entries } = await audit(id);
      expect(entries.map((e) => [e.action, e.adminEmail])).toEqual([['bulk.sent', operator.email]]);
      expect(entries[0]!.after).toMatchObject({ recipients: 3, reachable: 2, segment: { course: COURSE } });

      const page = await (await get(`/admin/bulk/${id}`, operator.cookie)).text();
      expect(page).toContain('Chiku');
      expect(page).toMatch(/data-figure="skipped">1</);
    });

    it('refuses bad input beside the field, and a segment that changed since the preview', async () => {
      const owner = await signIn('owner');
      const before = await test.database.db.execute(sql`select count(*) as n from bulk_campaigns`);
      const zeroDays = await act(owner, '/admin/bulk', { ...segment, activeDays: '0', expected: '3' });
      expect(zeroDays.status).toBe(400);
      expect(await zeroDays.text()).toContain('Days must be from 1 to 365, or empty for any time.');
      const long = await act(owner, '/admin/bulk', { ...segment, message: 'x'.repeat(901), expected: '3' });
      expect(await long.text()).toContain(
        'The message is 901 characters; at most 900 fit the announcement template.',
      );
      const stale = await act(owner, '/admin/bulk', { ...segment, expected: '2' });
      expect(stale.status).toBe(400);
      expect(await stale.text()).toContain('The segment changed since the preview: it now holds 3 learners.');
      expect(await test.database.db.execute(sql`select count(*) as n from bulk_campaigns`)).toEqual(before);
    });

    it('pauses, resumes and cancels, skipping a learner who opted out meanwhile', async () => {
      const owner = await signIn('owner');
      const users = usersRepository(test.database.db);
      const extra = [];
      for (let i = 0; i < 3; i++) {
        const { id } = await users.create({ phone: `+25471250010${i}`, name: `Extra ${i}` });
        await users.update(id, { learningState: { courses: ['pause-course'] } });
        extra.push(id);
      }
      const sent = await act(owner, '/admin/bulk', { course: 'pause-course', message: 'Hi', expected: '3' });
      const id = campaignIdOf(sent);
      expect((await act(owner, `/admin/bulk/${id}/pause`)).status).toBe(303);
      expect(await batch()(id)).toMatchObject({ queued: 0, pending: 3, status: 'paused' });
      expect((await act(owner, `/admin/bulk/${id}/pause`)).status).toBe(400);

      await users.update(extra[0]!, { status: 'opted_out' });
      started.length = 0;
      expect((await act(owner, `/admin/bulk/${id}/resume`)).status).toBe(303);
      expect(started).toEqual([id]);
      // One message a second for ten seconds: room for 10, but let the test take them one at a time.
      const oneAtATime = await batch(0.1)(id);
      expect(oneAtATime).toMatchObject({ pending: 2, status: 'sending' });

      expect((await act(owner, `/admin/bulk/${id}/cancel`)).status).toBe(303);
      const progress = await campaignProgress(test.database.db, id);
      expect(progress.queued + progress.pending).toBe(0);
      expect(progress.cancelled + progress.skipped).toBe(3);
      const { items } = await audit(id);
      expect(items.map((e) => e.action)).toEqual([
        'bulk.cancelled',
        'bulk.resumed',
        'bulk.paused',
        'bulk.sent',
      ]);
    });

    it('lets only an owner message more than 500 learners at once', async () => {
      await test.database.db.execute(sql`insert into users (phone, learning_state)
        select '+2547139' || lpad(n::text, 5, '0'), '{"courses": ["big-course"]}'::jsonb from generate_series(1, 501) n`);
      const operator = await signIn('operator');
      const refused = await act(operator, '/admin/bulk', {
        course: 'big-course',
        message: 'Hi',
        expected: '501',
      });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Only an owner can message more than 500 learners at once');
      const none = await test.database.db.execute(
        sql`select count(*) as n from admin_audit where action = 'bulk.sent' and admin_email = ${operator.email}`,
      );
      expect(Number(rowsOf<{ n: unknown }>(none)[0]!.n)).toBe(0);
      const owner = await signIn('owner');
      expect(
        (await act(owner, '/admin/bulk', { course: 'big-course', message: 'Hi', expected: '501' })).status,
      ).toBe(303);
    });
  });
});
