import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../harness/http-app.js';
import { startRuntime, type Runtime } from '../../adapters/runtime.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { forEachDatabase, TEST_POSTGRES_URL, testDatabase } from '../harness/db.js';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { twilioChannelConfig } from '../harness/channel-config.js';
import { TcpProxy } from '../harness/tcp-proxy.js';
import { fixtureMessages, whatsappRegistry } from '../../scripts/bench/whatsapp-flow.js';

const PHONE = '+254712300077';
const SQL_OR_DRIVER = /failed query|params:|select |insert |ECONN|PGlite|postgres/i;

interface Outage {
  database: DatabaseHandle;
  /** The database goes away under the running app. */
  fail(): Promise<void>;
  /** It comes back (when it can). */
  recover?(): Promise<void>;
  cleanup(): Promise<void>;
  /** PostgreSQL only: the URL the app (and pg-boss) connect through, and pg-boss's schema. */
  url?: string;
  bossSchema?: string;
}

/** PGlite closed under the app: it does not come back without a restart. */
async function closedPglite(): Promise<Outage> {
  const database = await testDatabase('pglite');
  return { database, fail: () => database.close(), cleanup: () => database.cleanup() };
}

/** Real PostgreSQL behind a relay that stops (connections reset, then refused) and starts again. */
async function stoppedPostgres(): Promise<Outage> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const bossSchema = `boss_${schema}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create schema ${schema}`);
  const { hostname, port } = new URL(TEST_POSTGRES_URL);
  const proxy = await new TcpProxy({ host: hostname, port: Number(port || 5432) }).start();
  const url = proxy.url(TEST_POSTGRES_URL);
  const database = await openDatabase({ kind: 'postgres', url, schema });
  await migrate(database.db);
  return {
    database,
    url,
    bossSchema,
    fail: () => proxy.stop(),
    recover: async () => void (await proxy.start()),
    async cleanup() {
      await database.client!.end({ timeout: 0 });
      await proxy.stop();
      await admin.unsafe(`drop schema if exists ${schema} cascade`);
      await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
    },
  };
}

forEachDatabase((kind) => {
  describe(`a database outage under the running app (${kind}, Twilio webhooks)`, () => {
    const stops: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
    });

    it('answers 503 with Retry-After, keeps running, and takes the retried webhook once it is back', async () => {
      const fake = await new FakeTwilio().start();
      stops.push(() => fake.stop());
      const outage = kind === 'pglite' ? await closedPglite() : await stoppedPostgres();
      stops.push(() => outage.cleanup());
      const started: { runtime?: Runtime } = {};
      const server = serve({
        fetch: (request) => started.runtime!.app.fetch(request),
        port: 0,
        hostname: '127.0.0.1',
      });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const logs: Record<string, unknown>[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
      const config = testConfig({
        publicBaseUrl: base,
        ...twilioChannelConfig(fake),
        ...(outage.url ? { database: { kind: 'postgres' as const, url: outage.url } } : {}),
      });
      const runtime = await startRuntime(config, logger, {
        database: outage.database,
        bossSchema: outage.bossSchema,
        registry: whatsappRegistry(),
        messages: fixtureMessages(),
      });
      started.runtime = runtime;
      stops.push(() => runtime.stop());

      const says = async (params: Record<string, string>) => {
        fake.opened(PHONE);
        return fake.post(`${base}/webhooks/twilio`, params);
      };
      expect((await says(fake.inboundParams(PHONE, { text: 'hi' }))).status).toBe(200);
      await vi.waitFor(() => expect(fake.sentTo(PHONE)).toHaveLength(1), { timeout: 15_000 });

      await outage.fail();
      const hello = fake.inboundParams(PHONE, { text: 'hello' });
      const refused = await says(hello);
      const text = await refused.text();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('Retry-After')).toBe('5');
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'unavailable' } });
      expect(text).not.toMatch(SQL_OR_DRIVER);
      expect((await fetch(`${base}/health/ready`)).status).toBe(503);
      expect(logs.some((line) => line.msg === 'database unavailable: answered 503')).toBe(true);

      if (!outage.recover) return;
      await outage.recover();
      // Twilio retries the same delivery (same MessageSid): stored once, answered once.
      await vi.waitFor(async () => expect((await says(hello)).status).toBe(200), { timeout: 15_000 });
      expect((await says(hello)).status).toBe(200);
      await vi.waitFor(() => expect(fake.sentTo(PHONE).map((m) => m.body)).toContain('You said: hello'), {
        timeout: 15_000,
      });
      expect(fake.sentTo(PHONE).filter((m) => m.body === 'You said: hello')).toHaveLength(1);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    }, 90_000);
  });
});
