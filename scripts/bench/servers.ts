import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import pino from 'pino';
import postgres from 'postgres';
import { loadConfig } from '../../adapters/config/index.js';
import { createLogger } from '../../adapters/logger.js';
import { startRuntime, type RuntimeOptions } from '../../adapters/runtime.js';
import { openDatabase } from '../../db/client.js';
import { createFloorApp } from './floor.js';

export interface RunningServer {
  /** The console channel's inbound endpoint on this server. */
  url: string;
  stop(): Promise<void>;
}

interface FetchApp {
  fetch: (request: Request) => Response | Promise<Response>;
}

/** Serves `app` on a free loopback port. */
export function listen(app: FetchApp): Promise<{ baseUrl: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({
        baseUrl: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
    server.once('error', reject);
  });
}

/** A fresh schema name for this run: bench_<random>. */
export function benchSchemaName(): string {
  return `bench_${randomBytes(5).toString('hex')}`;
}

async function admin<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function createSchemas(url: string, schemas: string[]): Promise<void> {
  return admin(url, async (sql) => {
    for (const schema of schemas) await sql.unsafe(`create schema ${schema}`);
  });
}

export function dropSchemas(url: string, schemas: string[]): Promise<void> {
  return admin(url, async (sql) => {
    for (const schema of schemas) await sql.unsafe(`drop schema if exists ${schema} cascade`);
  });
}

type BenchRuntime = Awaited<ReturnType<typeof startRuntime>>;

/**
 * The real runtime in this process: config from the environment with bench overrides (this
 * database, no per-phone limit in the way, warnings only, to stderr) and `env`, migrated into
 * `schema`, pg-boss in `<schema>_boss`.
 */
export async function openBenchRuntime(
  options: { url: string; schema: string; max: number },
  env: NodeJS.ProcessEnv,
  runtimeOptions: Omit<RuntimeOptions, 'database' | 'bossSchema'> = {},
): Promise<{ runtime: BenchRuntime; flushLogs(): void }> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: process.env.NODE_ENV === 'production' ? 'development' : process.env.NODE_ENV,
    DATABASE_URL: options.url,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    RATE_LIMIT_PER_PHONE: '100000',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    ...env,
  });
  const logger = createLogger(config, { destination: pino.destination({ fd: 2, sync: false }) });
  const database = await openDatabase({
    kind: 'postgres',
    url: options.url,
    schema: options.schema,
    max: options.max,
  });
  try {
    const runtime = await startRuntime(config, logger, {
      ...runtimeOptions,
      database,
      bossSchema: `${options.schema}_boss`,
    });
    return { runtime, flushLogs: () => logger.flush() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The real server on the console channel, which delivers in memory. */
export async function startAppServer(options: {
  url: string;
  schema: string;
  max: number;
}): Promise<RunningServer> {
  const { runtime, flushLogs } = await openBenchRuntime(options, {
    // Let the sender keep up so its work is part of the cost.
    WHATSAPP_MPS: process.env.WHATSAPP_MPS ?? '10000',
  });
  const http = await listen(runtime.app);
  return {
    url: `${http.baseUrl}/bot/console/messages`,
    async stop() {
      await http.close();
      await runtime.stop();
      flushLogs();
    },
  };
}

export async function startFloorServer(options: {
  url: string;
  schema: string;
  max: number;
}): Promise<RunningServer> {
  const floor = await createFloorApp(options);
  const http = await listen(floor.app);
  return {
    url: `${http.baseUrl}/bot/console/messages`,
    async stop() {
      await http.close();
      await floor.close();
    },
  };
}
