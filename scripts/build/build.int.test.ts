import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tests/e2e/server-process.js';
import { TEST_POSTGRES_URL } from '../../tests/harness/db.js';
import { cleanCheckoutCopy, productionRuntime } from './prod-copy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run build` in a clean copy of the checkout, then `node dist/scripts/start.js` from a folder
 * with only the production dependencies (no tsx, no TypeScript): /health and /metrics answer, SIGTERM stops it.
 * With DATABASE_URL set it starts as production does (NODE_ENV=production, a fresh PostgreSQL
 * database, Twilio); without, on the embedded database.
 */
describe('production build', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('builds in a clean copy and serves /health from dist/ without tsx or dev dependencies', async () => {
    const copy = cleanCheckoutCopy(ROOT);
    cleanups.push(() => rmSync(copy, { recursive: true, force: true }));
    const build = spawnSync('npm', ['run', 'build'], { cwd: copy, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    for (const asset of [
      'dist/scripts/start.js',
      'dist/db/migrations/meta/_journal.json',
      'dist/content/messages/en.yaml',
      'dist/flows/onboarding.flow.yaml',
      'dist/adapters/admin/assets/dashboard.css',
      'dist/adapters/http/simulator/index.html',
    ]) {
      expect(existsSync(join(copy, asset)), asset).toBe(true);
    }
    expect(existsSync(join(copy, 'dist/flows/__broken__')), 'deliberately broken fixtures stay out').toBe(
      false,
    );
    const runtime = productionRuntime(copy);
    expect(existsSync(join(runtime, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(runtime, 'node_modules/typescript'))).toBe(false);

    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      LOG_DIR: join(runtime, 'logs'),
      LOG_PRETTY: 'false',
    };
    if (process.env.DATABASE_URL) {
      const name = `build_${randomBytes(4).toString('hex')}`;
      const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${name}`;
      Object.assign(env, {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        DATABASE_URL: url.toString(),
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
        JWT_SECRET: randomBytes(32).toString('hex'),
        WHATSAPP_CHANNEL: 'twilio',
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
        TWILIO_AUTH_TOKEN: 'build-test-token',
        TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
        // Nothing is sent in this test; a closed loopback port keeps any stray call local.
        TWILIO_API_BASE_URL: `http://127.0.0.1:${await freePort()}`,
      });
    } else {
      Object.assign(env, { NODE_ENV: 'development', PGLITE_DIR: join(runtime, '.data') });
    }

    const child = spawn(process.execPath, ['dist/scripts/start.js'], { cwd: runtime, env });
    let output = '';
    const started = new Promise<void>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server running on')) resolve();
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('exit', (code) => reject(new Error(`exited ${code} before serving:\n${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanups.push(() => void child.kill('SIGKILL'));
    await started;

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // prom-client resolves from the production dependencies; no METRICS_TOKEN: loopback may scrape.
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain(
      'learnloop_http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1',
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped cleanly');
  }, 240_000);
});
