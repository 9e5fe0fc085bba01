import pino from 'pino';
import type { Hono } from 'hono';
import type { Cache } from '../../adapters/cache/cache.js';
import { loadConfig, type Config } from '../../adapters/config/index.js';
import type { AppDeps, Probe } from '../../adapters/deps.js';
import type { Logger } from '../../adapters/logger.js';
import { issueAdminToken } from '../../adapters/auth/token.js';
import { adminsRepository } from '../../db/repositories/admins.js';
import { testDatabase, type DriverKind, type TestDatabase } from './db.js';
import { createApp, type AppEnv, type AppExtras } from '../../adapters/http/app.js';

/** Test-only helpers for driving the app in-process with `app.request(...)`. */

export const TEST_ADMIN = { email: 'owner@example.com', password: 'correct horse battery' };

export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
  });
  return { ...config, ...overrides };
}

/** A cache that answers nothing but its health; `up` can be flipped by the test. */
export function fakeCache(state: { up: boolean } = { up: true }): Cache {
  return {
    kind: 'memory',
    get: async () => null,
    set: async () => {},
    incr: async () => 1,
    del: async () => {},
    ping: async () => state.up,
    close: async () => {},
  };
}

export const upProbe = (): Probe => ({ ping: async () => true });

export interface TestApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  database: TestDatabase;
  /** A valid bearer header for an admin row that really exists. */
  authHeader(role?: 'owner' | 'operator'): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export interface TestAppOptions {
  driver?: DriverKind;
  config?: Partial<Config>;
  logger?: Logger;
  deps?: Partial<AppDeps>;
  extra?: AppExtras;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await testDatabase(options.driver ?? 'pglite');
  const deps: AppDeps = {
    config: testConfig(options.config),
    logger: options.logger ?? pino({ level: 'silent' }),
    database,
    cache: fakeCache(),
    scheduler: upProbe(),
    ...options.deps,
  };
  const app = createApp(deps, options.extra);
  let sequence = 0;
  return {
    app,
    deps,
    database,
    async authHeader(role = 'owner') {
      const admin = await adminsRepository(database.db).createIfAbsent({
        email: `admin-${++sequence}@example.com`,
        passwordHash: 'scrypt$2$1$1$AA==$AA==',
        role,
      });
      const { token } = await issueAdminToken(deps.config.jwt, admin!);
      return { Authorization: `Bearer ${token}` };
    },
    cleanup: () => database.cleanup(),
  };
}

/** A logger whose JSON lines the test can read back. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void chunks.push(chunk) });
  return { logger, lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>) };
}
