import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryStats } from '../../db/repositories/message-tracking.js';
import { rowsOf } from '../../db/rows.js';
import { freePort } from '../e2e/server-process.js';
import { testDatabase, type TestDatabase } from '../harness/db.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';

const worker = fileURLToPath(new URL('./fixtures/twilio-server-worker.ts', import.meta.url));
const WELCOME = 'Welcome! Try lesson, topics or later.';

/** The burst per setting: enough replies that the kill lands while many are still to be sent. */
const SETTINGS = [
  { mps: 80, learners: 60, messages: 5 },
  { mps: 5, learners: 12, messages: 3 },
];

/**
 * The real server on the Twilio channel, SIGKILLed in the middle of sending a burst of replies to
 * a fake Twilio that outlives it, then started again: every learner gets each reply exactly once
 * and in order, no row is marked dead, and every row carries the SID Twilio gave its message, so
 * the status callbacks that follow are counted against it.
 */
describe.each(SETTINGS)('SIGKILL mid-burst on the Twilio channel at WHATSAPP_MPS=$mps', (setting) => {
  let database: TestDatabase;
  let fake: FakeTwilio;
  let port = 0;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await testDatabase('postgres');
    fake = await new FakeTwilio().start();
    port = await freePort();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await fake?.stop();
    await database?.cleanup();
  });

  /** Starts the server process and resolves once it listens. */
  function startServer(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], {
      env: {
        ...process.env,
        WORKER_PORT: String(port),
        WORKER_DATABASE_URL: database.url,
        WORKER_SCHEMA: database.schema,
        WORKER_TWILIO_SID: fake.accountSid,
        WORKER_TWILIO_TOKEN: fake.authToken,
        WORKER_TWILIO_URL: fake.url,
        WORKER_MPS: String(setting.mps),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('listening')) resolve(child);
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
  }

  const phones = Array.from({ length: setting.learners }, (_, i) => `+2547330${String(i).padStart(5, '0')}`);
  const expected = [
    WELCOME,
    ...Array.from({ length: setting.messages - 1 }, (_, m) => `You said: m${m + 1}`),
  ];
  const total = setting.learners * setting.messages;
  const webhook = () => `http://127.0.0.1:${port}/webhooks/twilio`;

  it('delivers every reply exactly once and in order, marks none dead, and counts every status', async () => {
    const first = await startServer();
    const exited = new Promise((resolve) => first.on('exit', resolve));
    // Each learner writes its messages one after another; every webhook is acknowledged (stored).
    await Promise.all(
      phones.map(async (phone) => {
        for (let m = 0; m < setting.messages; m++) {
          fake.opened(phone);
          const response = await fake.post(webhook(), fake.inboundParams(phone, { text: `m${m}` }));
          expect(response.status).toBe(200);
        }
      }),
    );
    await vi.waitFor(() => expect(fake.messages.length).toBeGreaterThanOrEqual(total / 6), {
      timeout: 60_000,
      interval: 5,
    });
    first.kill('SIGKILL');
    await exited;
    const atKill = fake.messages.length;
    expect(atKill).toBeLessThan(total);

    await startServer();
    await vi.waitFor(() => expect(fake.messages.length).toBeGreaterThanOrEqual(total), {
      timeout: 120_000,
      interval: 50,
    });
    for (const phone of phones) expect(fake.sentTo(phone).map((m) => m.body)).toEqual(expected);
    expect(fake.messages).toHaveLength(total);

    // Twilio reports each message delivered; every report lands on the row that sent it.
    await vi.waitFor(
      async () => {
        const rows = rowsOf<{ status: string; provider_id: string | null }>(
          await database.db.execute(sql`select status, provider_id from outbox`),
        );
        expect(rows.filter((r) => r.status === 'sent')).toHaveLength(total);
      },
      { timeout: 20_000, interval: 50 },
    );
    const rows = rowsOf<{ status: string; provider_id: string }>(
      await database.db.execute(sql`select status, provider_id from outbox`),
    );
    expect(new Set(rows.map((r) => r.provider_id))).toEqual(new Set(fake.messages.map((m) => m.sid)));
    for (const message of fake.messages) {
      expect(await fake.statusCallback(message, 'sent')).toBeLessThan(300);
      expect(await fake.statusCallback(message, 'delivered')).toBeLessThan(300);
    }
    const [stats] = await deliveryStats(database.db, 'day', {});
    expect(stats).toMatchObject({ total, sent: total, delivered: total, failed: 0, deliveryRate: 1 });
  }, 240_000);
});
