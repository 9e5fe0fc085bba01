import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from '../harness/db.js';
import { freePort, startServer, type ServerProcess } from './server-process.js';

const LEARNERS = Array.from({ length: 6 }, (_, i) => `+2547230006${String(i).padStart(2, '0')}`);
/** What each learner writes, in order: onboarding's first answers, then commands. */
const SAYS = ['hi', 'Amina', 'HELP', 'SETTINGS'];
const SENDER = `whatsapp:+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

/**
 * Scale-out (issue 19 item 3, docs/scaling.md): two web processes (ROLE=web: webhooks and turns)
 * and two workers (ROLE=worker: jobs and the sender) on one PostgreSQL and Redis, a fake Twilio
 * on loopback. Each learner's messages arrive at both web processes in turn, all learners at once;
 * every message is taken once, every reply sent once, in the order its turns wrote it, and only
 * by the workers.
 */
describe('two web and two worker processes on one PostgreSQL', () => {
  const name = `roles_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(join(tmpdir(), 'roles-'));
  const processes: ServerProcess[] = [];
  const web: string[] = [];
  const workers: string[] = [];
  let twilio: FakeTwilio;
  let db: postgres.Sql;

  async function start(role: 'web' | 'worker'): Promise<string> {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    const server = startServer({
      ROLE: role,
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      DATABASE_URL: url.toString(),
      REDIS_URL: TEST_REDIS_URL,
      LOG_DIR: join(dir, `logs-${port}`),
      JWT_SECRET: randomBytes(32).toString('hex'),
      WHATSAPP_CHANNEL: 'twilio',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      // A sender of its own: the send rate (and any 63018 pause) is counted per sender in the shared
      // Redis, so other suites sending at the same time never slow this one down.
      TWILIO_WHATSAPP_FROM: SENDER,
      TWILIO_API_BASE_URL: twilio.url,
    });
    processes.push(server);
    await server.waitFor(`Server running on ${base}`, 60_000);
    return base;
  }

  beforeAll(async () => {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    db = postgres(url.toString(), { max: 2, onnotice: () => {} });
    // An account of its own: Content SIDs are cached in the shared Redis per account, and this fake
    // Twilio knows only the ones created on it.
    twilio = await new FakeTwilio({ accountSid: `AC${randomBytes(16).toString('hex')}` }).start();
    // The first process migrates and syncs the content; the others start on a ready database.
    web.push(await start('web'));
    const rest = await Promise.all([start('web'), start('worker'), start('worker')]);
    web.push(rest[0]!);
    workers.push(rest[1]!, rest[2]!);
  }, 180_000);

  afterAll(async () => {
    for (const server of processes) server.child.kill('SIGTERM');
    await Promise.all(processes.map((server) => server.exited));
    await db?.end();
    await twilio?.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes every message once, sends every reply once and in order, and only the workers send', async () => {
    await Promise.all(
      LEARNERS.map(async (phone) => {
        for (const [i, text] of SAYS.entries()) {
          twilio.opened(phone);
          const base = web[i % 2]!;
          const res = await twilio.post(`${base}/webhooks/twilio`, twilio.inboundParams(phone, { text }));
          expect(res.status).toBe(200);
        }
      }),
    );

    // Every message's turn ran, and every reply its turns wrote reached Twilio.
    await vi.waitFor(
      async () => {
        const [inbound] =
          await db`select count(*)::int as n from inbound_messages where status = 'processed'`;
        const unsent = await db<{ status: string; last_error: string | null; n: number }[]>`
          select status, last_error, count(*)::int as n from outbox where status <> 'sent'
          group by status, last_error`;
        // On a timeout the message says where the unsent rows stand and what the workers logged.
        const workerLogs = processes.slice(2).map((server) => server.output().slice(-1500));
        expect(
          { processed: inbound!.n, unsent: [...unsent] },
          JSON.stringify({ unsent, workerLogs }, null, 1),
        ).toEqual({ processed: LEARNERS.length * SAYS.length, unsent: [] });
      },
      { timeout: 75_000, interval: 250 },
    );

    const rows = await db<{ recipient: string; provider_id: string }[]>`
      select recipient, provider_id from outbox order by id`;
    expect(rows.length).toBeGreaterThanOrEqual(LEARNERS.length * SAYS.length);
    // Sent once: one Twilio message per outbox row, no two rows with one Twilio SID.
    expect(new Set(rows.map((row) => row.provider_id)).size).toBe(rows.length);
    expect(twilio.messages).toHaveLength(rows.length);
    expect(twilio.rejected).toEqual([]);
    // In order: each learner got their messages in the order their turns wrote them.
    for (const phone of LEARNERS) {
      const written = rows.filter((row) => row.recipient.endsWith(phone)).map((row) => row.provider_id);
      expect(twilio.sentTo(phone).map((message) => message.sid)).toEqual(written);
      expect(written.length).toBeGreaterThanOrEqual(SAYS.length);
    }

    // The web processes took the turns and sent nothing; the workers did all the sending.
    const sends = async (base: string) => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return [...text.matchAll(/^learnloop_sends_total\{[^}]*status="sent"[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    };
    expect(await Promise.all(web.map(sends))).toEqual([0, 0]);
    expect((await Promise.all(workers.map(sends))).reduce((a, b) => a + b, 0)).toBe(rows.length);
    // A worker answers health checks and metrics only: no webhooks, no dashboard.
    expect((await fetch(`${workers[0]}/health`)).status).toBe(200);
    expect((await fetch(`${workers[0]}/webhooks/twilio`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${workers[0]}/admin/login`)).status).toBe(404);
  });
});
