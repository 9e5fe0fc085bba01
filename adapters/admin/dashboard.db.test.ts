import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { issueAdminToken } from '../auth/token.js';
import { adminsRepository } from '../../db/repositories/admins.js';
import { profileRepository } from '../../db/repositories/profile.js';
import { usersRepository } from '../../db/repositories/users.js';
import {
  deliveryStatuses,
  inboundMessages,
  lessonCompletions,
  outbox,
  quizAttempts,
} from '../../db/schema/index.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';
import { DASHBOARD_PASSWORD as PASSWORD, dashboardClient } from '../../tests/harness/dashboard.js';
import { SESSION_COOKIE } from './session.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const HOUR = 60;
const DAY = 24 * HOUR;

/** The text of every `data-figure="key"` slot on the page. */
const figuresOf = (html: string) =>
  Object.fromEntries([...html.matchAll(/data-figure="(\w+)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]));

forEachDatabase((driver) => {
  describe(`the dashboard on ${driver}`, () => {
    let test: TestApp;
    let amina: string;
    let baraka: string;

    const { post, get, login, signIn } = dashboardClient(() => test);

    beforeAll(async () => {
      test = await createTestApp({ driver, extra: { now: () => NOW } });
      const users = usersRepository(test.database.db);
      amina = (await users.create({ phone: '+254712000011', name: 'Amina Otieno' })).id;
      baraka = (await users.create({ phone: '+254712000022', name: 'Baraka' })).id;
      const chege = (await users.create({ phone: '+254712000033', name: 'Chege' })).id;
      await users.update(amina, { learningState: { courses: ['money-basics'], course: 'money-basics' } });
      const wrote = (userId: string, minutes: number, text: string) =>
        test.database.db.insert(inboundMessages).values({
          channel: 'twilio',
          providerId: `SM-${userId}-${minutes}`,
          userId,
          status: 'processed',
          receivedAt: ago(minutes),
          event: { type: 'message', message: { kind: 'text', text } },
        });
      await wrote(amina, 2 * HOUR, 'hello from Amina'); // today
      await wrote(baraka, 3 * DAY, 'hi'); // this week
      await wrote(chege, 20 * DAY, 'habari'); // this month
      await wrote(chege, 40 * DAY, 'old'); // before the month
      await test.database.db.insert(lessonCompletions).values([
        { userId: amina, course: 'money-basics', lesson: 'l1', completedAt: ago(HOUR) },
        { userId: baraka, course: 'money-basics', lesson: 'l1', completedAt: ago(3 * DAY) },
      ]);
      const quiz = (userId: string, lesson: string, attempt: number, passed: boolean) => ({
        userId,
        course: 'money-basics',
        lesson,
        attempt,
        score: passed ? 3 : 1,
        total: 3,
        passed,
        createdAt: ago(HOUR),
      });
      await test.database.db
        .insert(quizAttempts)
        .values([quiz(amina, 'l1', 1, false), quiz(amina, 'l1', 2, true), quiz(amina, 'l2', 1, true)]);
      const sent = (id: string, status: 'delivered' | 'read' | 'failed', errorCode?: string) => ({
        userId: amina,
        turn: 1,
        channel: 'twilio',
        recipient: '+254712000011',
        payload: { text: `lesson ${id}` },
        status: 'sent' as const,
        providerId: `SM${id}`,
        createdAt: ago(90),
        sentAt: ago(90),
        report: { channel: 'twilio', providerId: `SM${id}`, status, errorCode: errorCode ?? null },
      });
      const rows = [
        sent('a', 'read'),
        sent('b', 'delivered'),
        sent('c', 'failed', '63016'),
        sent('d', 'read'),
      ];
      for (const { report, ...row } of rows) {
        await test.database.db.insert(outbox).values(row);
        await test.database.db.insert(deliveryStatuses).values(report);
      }
      await test.database.db.insert(outbox).values({
        userId: baraka,
        turn: 2,
        channel: 'twilio',
        recipient: '+254712000022',
        payload: { text: 'waiting' },
        createdAt: ago(5),
      });
    });
    afterAll(async () => test?.cleanup());

    it('sends a visitor without a session to the sign-in form, which has labelled fields and a strict CSP', async () => {
      const res = await get('/admin');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login');
      const page = await get('/admin/login');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain('<label for="email">Email</label>');
      expect(html).toContain('<label for="password">Password</label>');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    });

    it('signs in with the right password: an HttpOnly, SameSite=Strict cookie for /admin, then the overview', async () => {
      const email = 'right@example.com';
      const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
      await adminsRepository(test.database.db).createIfAbsent({ email, passwordHash, role: 'operator' });
      const res = await login('RIGHT@example.com', PASSWORD, '192.0.2.50');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin');
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/admin/);
      expect(cookie).not.toMatch(/Secure/); // only in production
      const overview = await get('/admin', cookie.split(';')[0]);
      expect(overview.status).toBe(200);
      expect(await overview.text()).toContain('right@example.com');
    });

    it('refuses a wrong password with the form again, and locks the email out after 5 tries (429, Retry-After)', async () => {
      const bad = await login('owner-x@example.com', 'wrong', '192.0.2.60');
      expect(bad.status).toBe(401);
      expect(await bad.text()).toContain('Email or password is incorrect.');
      for (let i = 0; i < 4; i++)
        expect((await login('owner-x@example.com', 'wrong', '192.0.2.60')).status).toBe(401);
      const locked = await login('owner-x@example.com', 'wrong', '192.0.2.60');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locked.text()).toMatch(/Too many sign-in attempts: try again in \d+ seconds\./);
    });

    it('an expired session goes back to sign-in, which says the session expired', async () => {
      const admin = await adminsRepository(test.database.db).createIfAbsent({
        email: 'expired@example.com',
        passwordHash: 'scrypt$2$1$1$AA==$AA==',
      });
      const longAgo = new Date(Date.now() - 2 * test.deps.config.jwt.expiresInSeconds * 1000);
      const { token } = await issueAdminToken(test.deps.config.jwt, admin!, longAgo);
      const res = await get('/admin/learners', `${SESSION_COOKIE}=${token}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login?notice=expired');
      expect(await (await get('/admin/login?notice=expired')).text()).toContain(
        'Your session expired: sign in again.',
      );
    });

    it('shows the overview figures of the seeded activity, and the same figures over SSE', async () => {
      const { cookie } = await signIn('operator');
      const html = await (await get('/admin', cookie)).text();
      const expected = {
        activeDay: '1',
        activeWeek: '2',
        activeMonth: '3',
        lessonsDelivered: '3', // amina l1 and l2 (quiz), baraka l1 (finished)
        lessonsCompleted: '2',
        quizPassRate: '66.7 %',
        quizAttempts: '2 of 3 attempts passed',
        deliveryRate: '75.0 %', // 3 of 4 sent were delivered
        readRate: '66.7 %', // 2 of those 3 read
        outboxUnsent: '1',
        outboxAge: 'oldest 5 min',
        inboundPending: '0',
        revenue: 'KES 0',
      };
      expect(figuresOf(html)).toMatchObject(expected);
      expect(html).toContain('<img src="data:image/svg+xml;base64,');

      const live = await get('/admin/overview/live', cookie);
      expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = live.body!.getReader();
      const { value } = await reader.read();
      await reader.cancel();
      const chunk = new TextDecoder().decode(value);
      expect(chunk).toContain('event: figures');
      const data = JSON.parse(/data: (.*)/.exec(chunk)![1]!) as Record<string, string>;
      expect(data).toMatchObject({ ...expected, asOf: '2026-03-10 12:00:00' });
    });

    it.each([
      '+254712000011',
      '0712 000 011',
      '254712000011',
      'whatsapp:+254712000011',
      '+254 (712) 000-011',
    ])('finds Amina by phone spelled %s', async (spelling) => {
      const { cookie } = await signIn('operator');
      const html = await (await get(`/admin/learners?q=${encodeURIComponent(spelling)}`, cookie)).text();
      expect(html).toContain('1 learner<');
      expect(html).toContain(`href="/admin/learners/${amina}"`);
    });

    it('finds learners by part of a name, by status and by course, and says when none match', async () => {
      const { cookie } = await signIn('operator');
      const search = async (query: string) => (await get(`/admin/learners?${query}`, cookie)).text();
      expect(await search('q=otien')).toContain(`href="/admin/learners/${amina}"`);
      const course = await search('course=money-basics');
      expect(course).toContain('1 learner<');
      expect(course).toContain('Amina Otieno');
      expect(await search('status=opted_out&q=Baraka')).toContain('0 learners<');
      expect(await search('status=active')).toContain('3 learners<');
      expect((await get('/admin/learners?status=gone', cookie)).status).toBe(400);
    });

    it("shows a learner's timeline both ways with delivery status and the failure's error", async () => {
      const { cookie } = await signIn('operator');
      const html = await (await get(`/admin/learners/${amina}`, cookie)).text();
      expect(html).toContain('hello from Amina');
      expect(html).toContain('lesson c');
      expect(html).toContain('provider error 63016');
      expect(html).toMatch(/badge read">read</);
      expect(html).toContain('money-basics');
      expect((await get('/admin/learners/not-an-id', cookie)).status).toBe(404);
    });

    it('refuses a POST without the session CSRF token or from a foreign Origin; with both it pauses', async () => {
      const { cookie, csrf } = await signIn('operator');
      const pause = `/admin/learners/${baraka}/pause`;
      expect((await post(pause, {}, { Cookie: cookie })).status).toBe(403);
      expect((await post(pause, { _csrf: 'forged' }, { Cookie: cookie })).status).toBe(403);
      const foreign = await post(pause, { _csrf: csrf }, { Cookie: cookie, Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect((await profileRepository(test.database.db).find(baraka))!.paused).toBe(false);

      const ok = await post(pause, { _csrf: csrf }, { Cookie: cookie });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe(`/admin/learners/${baraka}?done=paused`);
      expect((await profileRepository(test.database.db).find(baraka))!.paused).toBe(true);
      const shown = await (await get(ok.headers.get('location')!, cookie)).text();
      expect(shown).toContain('Paused: no lessons or reminders go to this learner until they are resumed.');
      // htmx sends the token as a header instead of a form field.
      const resumed = await post(
        `/admin/learners/${baraka}/resume`,
        {},
        { Cookie: cookie, 'X-CSRF-Token': csrf },
      );
      expect(resumed.status).toBe(303);
      expect((await profileRepository(test.database.db).find(baraka))!.paused).toBe(false);
    });

    it('lets only an owner opt a learner out, and only with the confirmation ticked', async () => {
      const operator = await signIn('operator');
      const optOut = `/admin/learners/${baraka}/opt-out`;
      const refused = await post(
        optOut,
        { _csrf: operator.csrf, confirm: 'yes' },
        { Cookie: operator.cookie },
      );
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Only an owner can do this; you are signed in as operator.');
      const owner = await signIn('owner');
      expect((await post(optOut, { _csrf: owner.csrf }, { Cookie: owner.cookie })).status).toBe(400);
      expect((await profileRepository(test.database.db).find(baraka))!.status).toBe('active');
      const done = await post(optOut, { _csrf: owner.csrf, confirm: 'yes' }, { Cookie: owner.cookie });
      expect(done.status).toBe(303);
      expect((await profileRepository(test.database.db).find(baraka))!.status).toBe('opted_out');
    });

    it('signs out: the cookie is cleared and the dashboard asks to sign in again', async () => {
      const { cookie, csrf } = await signIn('operator');
      const res = await post('/admin/logout', { _csrf: csrf }, { Cookie: cookie });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/login?notice=signedOut');
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    });
  });
});
