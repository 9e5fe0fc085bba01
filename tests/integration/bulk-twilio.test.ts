import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { usersRepository } from '../../db/repositories/users.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { configuredDriver } from '../harness/db.js';
import { TEST_ADMIN } from '../harness/http-app.js';
import { serveTestRuntime, type ServedRuntime } from '../harness/runtime.js';

const soon = { timeout: 20_000, interval: 50 };
const AMINA = '+254722000601'; // wrote an hour ago: inside the 24-hour window
const BARAKA = '+254722000602'; // wrote three days ago: outside it
const CHIKU = '+254722000603'; // opted out
const ANNOUNCEMENT_SID = 'HX00000000000000000000000000000033';
const MESSAGE = 'Exams start Monday: revise a lesson a day.';

/**
 * A bulk message from the dashboard to a segment of three learners, end to end: the operator's
 * form on the real runtime, the campaign's pg-boss job, the outbox and sender, and a fake Twilio
 * that refuses free text outside the 24-hour window, as WhatsApp does.
 */
describe(`a bulk message through Twilio (${configuredDriver()})`, () => {
  let twilio: FakeTwilio;
  let served: ServedRuntime;
  let cookie = '';

  beforeAll(async () => {
    twilio = await new FakeTwilio({
      enforceWindow: true,
      approvedTemplates: [ANNOUNCEMENT_SID],
      templateBodies: { [ANNOUNCEMENT_SID]: 'News from LearnLoop: {{1}} Reply OK to keep learning.' },
    }).start();
    served = await serveTestRuntime(() => twilioChannelConfig(twilio));
    const users = usersRepository(served.database.db);
    const now = Date.now();
    for (const [phone, name, status, wrote] of [
      [AMINA, 'Amina', 'active', now - 3_600_000],
      [BARAKA, 'Baraka', 'active', now - 3 * 86_400_000],
      [CHIKU, 'Chiku', 'opted_out', now - 3_600_000],
    ] as const) {
      const { id } = await users.create({ phone, name });
      await users.update(id, {
        status,
        lastInboundAt: new Date(wrote),
        learningState: { courses: ['bulk-twilio'], course: 'bulk-twilio' },
      });
    }
    twilio.opened(AMINA, new Date(now - 3_600_000));
    twilio.opened(CHIKU, new Date(now - 3_600_000));
    const login = await fetch(`${served.base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: served.base },
      body: new URLSearchParams({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    });
    expect(login.status).toBe(303);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  });
  afterAll(async () => {
    await served?.close();
    await twilio?.stop();
  });

  const page = async (path: string) => {
    const res = await fetch(`${served.base}${path}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('sends free text inside the window, the approved template outside it, and nothing to the opted-out learner', async () => {
    const fields = { course: 'bulk-twilio', message: MESSAGE };
    const preview = await page(`/admin/bulk?preview=1&${new URLSearchParams(fields)}`);
    expect(preview).toContain('3 learners in this segment');
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(preview)![1]!;
    const sent = await fetch(`${served.base}/admin/bulk`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: served.base, Cookie: cookie },
      body: new URLSearchParams({ ...fields, expected: '3', _csrf: csrf }),
    });
    expect(sent.status).toBe(303);
    const campaign = sent.headers.get('location')!;

    await vi.waitFor(() => {
      expect(twilio.sentTo(AMINA)).toHaveLength(1);
      expect(twilio.sentTo(BARAKA)).toHaveLength(1);
    }, soon);
    const [toAmina] = twilio.sentTo(AMINA);
    expect(toAmina).toMatchObject({ body: MESSAGE, from: 'whatsapp:+14155238886' });
    expect(toAmina!.contentSid).toBeUndefined();
    const [toBaraka] = twilio.sentTo(BARAKA);
    expect(toBaraka).toMatchObject({ contentSid: ANNOUNCEMENT_SID, contentVariables: { '1': MESSAGE } });
    expect(twilio.shown(toBaraka!).text).toBe(`News from LearnLoop: ${MESSAGE} Reply OK to keep learning.`);
    expect(twilio.sentTo(CHIKU)).toEqual([]);
    expect(twilio.rejected).toEqual([]);

    // The campaign page ends with every recipient's outcome, and stops polling.
    await vi.waitFor(async () => {
      const html = await page(campaign);
      expect(html).toContain('3 of 3 recipients have an outcome');
      expect(html).not.toContain('hx-trigger');
    }, soon);
    const html = await page(campaign);
    expect(html).toMatch(/data-figure="skipped">1</);
    expect(html).toContain('opted out');
  });
});
