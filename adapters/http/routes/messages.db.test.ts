import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { deliveryStatuses, outbox } from '../../../db/schema/index.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

interface ErrorJson {
  error: { code: string; details?: { field: string; reason: string }[] };
}
interface MessagesJson {
  items: {
    recipient: string;
    status: string;
    message: { text: string };
    delivery: { errorCode: string | null };
  }[];
  total: number;
  pages: number;
}

type OutboxStatus = 'pending' | 'sent' | 'held' | 'dead';
type Reported = 'sent' | 'delivered' | 'read' | 'failed';

forEachDatabase((driver) => {
  describe(`delivery tracking on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    let amina: string;
    const get = async <T>(path: string) => {
      const res = await test.app.request(path, { headers });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as T;
    };
    const texts = async (query: string) =>
      (await get<MessagesJson>(`/admin/api/messages${query}`)).items.map(
        (m) => `${m.message.text} ${m.status}`,
      );

    beforeAll(async () => {
      test = await createTestApp({ driver });
      headers = await test.authHeader('operator');
      const users = usersRepository(test.database.db);
      amina = (await users.create({ phone: '+254712000011' })).id;
      const baraka = (await users.create({ phone: '+254712000022' })).id;
      const seed: [string, string, string, OutboxStatus, Reported?, string?][] = [
        [amina, 'o1', '2026-03-02T08:00:00Z', 'sent', 'delivered'],
        [amina, 'o2', '2026-03-02T09:00:00Z', 'sent', 'read'],
        [amina, 'o3', '2026-03-01T10:00:00Z', 'sent', 'failed', '63016'],
        [amina, 'o4', '2026-03-02T10:00:00Z', 'held'],
        [amina, 'o5', '2026-03-02T11:00:00Z', 'dead'],
        [amina, 'o6', '2026-03-02T12:00:00Z', 'pending'],
        [baraka, 'o7', '2026-03-02T08:30:00Z', 'sent'],
        [baraka, 'o8', '2026-03-01T11:00:00Z', 'sent', 'sent'],
      ];
      for (const [userId, text, at, status, reported, errorCode] of seed) {
        const providerId = status === 'sent' ? `SM${text}` : null;
        await test.database.db.insert(outbox).values({
          userId,
          turn: 1,
          channel: 'twilio',
          recipient: userId === amina ? '+254712000011' : '+254712000022',
          payload: { text },
          status,
          providerId,
          createdAt: new Date(at),
        });
        if (reported && providerId)
          await test.database.db
            .insert(deliveryStatuses)
            .values({ channel: 'twilio', providerId, status: reported, errorCode });
      }
    });
    afterAll(async () => test?.cleanup());

    it('GET /admin/api/messages: newest first, each with where it is', async () => {
      expect(await texts('')).toEqual([
        'o6 queued',
        'o5 dead',
        'o4 held',
        'o2 read',
        'o7 sent',
        'o1 delivered',
        'o8 sent',
        'o3 failed',
      ]);
      const failed = await get<MessagesJson>('/admin/api/messages?status=failed');
      expect(failed.items).toEqual([
        expect.objectContaining({
          recipient: '+254712000011',
          delivery: expect.objectContaining({ errorCode: '63016' }),
        }),
      ]);
    });

    it('filters by learner, status and date, and pages', async () => {
      expect(await texts('?status=sent')).toEqual(['o7 sent', 'o8 sent']);
      expect(await texts('?learner=%2B254712000022')).toEqual(['o7 sent', 'o8 sent']);
      expect(await texts(`?learner=${amina}&from=2026-03-02&to=2026-03-02&status=read`)).toEqual(['o2 read']);
      expect(await texts('?to=2026-03-01')).toEqual(['o8 sent', 'o3 failed']);
      const page = await get<MessagesJson>('/admin/api/messages?page=3&pageSize=3');
      expect(page).toMatchObject({ total: 8, pages: 3 });
      expect(page.items.map((m) => m.message.text)).toEqual(['o8', 'o3']);
    });

    it('stats by day: sent, delivered, read and their rates', async () => {
      const stats = await get<Record<string, unknown>>('/admin/api/messages/stats?by=day');
      expect(stats).toEqual({
        by: 'day',
        from: null,
        to: null,
        groups: [
          {
            day: '2026-03-01',
            total: 2,
            sent: 2,
            delivered: 0,
            read: 0,
            failed: 1,
            held: 0,
            deliveryRate: 0,
            readRate: null,
          },
          {
            day: '2026-03-02',
            total: 6,
            sent: 3,
            delivered: 2,
            read: 1,
            failed: 1,
            held: 1,
            deliveryRate: 0.6667,
            readRate: 0.5,
          },
        ],
        totals: {
          total: 8,
          sent: 5,
          delivered: 2,
          read: 1,
          failed: 2,
          held: 1,
          deliveryRate: 0.4,
          readRate: 0.5,
        },
      });
    });

    it('stats by learner, and within a range', async () => {
      const stats = await get<{ groups: unknown[] }>('/admin/api/messages/stats?by=learner');
      expect(stats.groups).toEqual([
        {
          userId: amina,
          phone: '+254712000011',
          total: 6,
          sent: 3,
          delivered: 2,
          read: 1,
          failed: 2,
          held: 1,
          deliveryRate: 0.6667,
          readRate: 0.5,
        },
        expect.objectContaining({
          phone: '+254712000022',
          total: 2,
          sent: 2,
          delivered: 0,
          deliveryRate: 0,
          readRate: null,
        }),
      ]);
      const day = await get<{ from: string; to: string; groups: { day: string }[] }>(
        '/admin/api/messages/stats?from=2026-03-02&to=2026-03-02',
      );
      expect(day).toMatchObject({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
      expect(day.groups.map((g) => g.day)).toEqual(['2026-03-02']);
    });

    it('bad queries → 400 naming the field, an unknown learner → 404, no token → 401', async () => {
      const cases: [string, string][] = [
        ['/admin/api/messages?status=lost', '/status'],
        ['/admin/api/messages?from=last-week', '/from'],
        ['/admin/api/messages/stats?by=week', '/by'],
        ['/admin/api/messages/stats?learner=no%20body', '/learner'],
      ];
      for (const [path, field] of cases) {
        const res = await test.app.request(path, { headers });
        expect(res.status, path).toBe(400);
        expect(((await res.json()) as ErrorJson).error.details?.[0]?.field).toBe(field);
      }
      const unknown = await test.app.request('/admin/api/messages?learner=%2B254799999999', { headers });
      expect(unknown.status).toBe(404);
      expect((await test.app.request('/admin/api/messages')).status).toBe(401);
      expect((await test.app.request('/admin/api/messages/stats')).status).toBe(401);
    });
  });
});
