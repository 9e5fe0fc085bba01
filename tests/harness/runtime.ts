import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import postgres from 'postgres';
import { testConfig } from './http-app.js';
import type { Config } from '../../adapters/config/index.js';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../adapters/runtime.js';
import { testDatabase, type TestDatabase } from './db.js';

export interface ServedRuntime {
  runtime: Runtime;
  database: TestDatabase;
  /** http://127.0.0.1:<port>, also the runtime's PUBLIC_BASE_URL (webhooks are signed for it). */
  base: string;
  close(): Promise<void>;
}

/**
 * The real runtime behind a real HTTP server on loopback, on the test database (PGlite, or
 * PostgreSQL when DATABASE_URL is set, with pg-boss in a schema of its own that `close` drops).
 * `configFor` receives the server's URL, so fakes can call back and signatures match.
 */
export async function serveTestRuntime(
  configFor: (base: string) => Partial<Config>,
  options: Omit<RuntimeOptions, 'database' | 'bossSchema'> = {},
): Promise<ServedRuntime> {
  const started: { runtime?: Runtime } = {};
  const server = serve({
    fetch: (request) => started.runtime!.app.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const database = await testDatabase();
  const bossSchema = `boss_t_${randomBytes(4).toString('hex')}`;
  const config = testConfig({
    publicBaseUrl: base,
    // pg-boss connects on its own to PostgreSQL (it keeps its tables in its own schema).
    ...(database.url ? { database: { kind: 'postgres' as const, url: database.url } } : {}),
    ...configFor(base),
  });
  const runtime = await startRuntime(config, pino({ level: process.env.TEST_LOG ?? 'silent' }), {
    ...options,
    database,
    bossSchema,
  });
  started.runtime = runtime;
  return {
    runtime,
    database,
    base,
    async close() {
      await runtime.stop();
      server.close();
      if (database.url) {
        const admin = postgres(database.url, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop schema if exists ${bossSchema} cascade`);
        await admin.end();
      }
      await database.cleanup();
    },
  };
}
