import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, withoutRedis } from '../harness/db.js';
import { freePort, startServer } from './server-process.js';

describe('npm start as a real process', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'learnloop-'));
    dirs.push(dir);
    return dir;
  };

  it('serves /health on the embedded defaults and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dir = tempDir();
    const server = startServer({
      PORT: String(port),
      PGLITE_DIR: join(dir, 'db'),
      LOG_DIR: join(dir, 'logs'),
    });
    await server.waitFor(`Server running on http://127.0.0.1:${port}`);
    expect(server.output()).toContain('Environment: development');

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', timestamp: expect.any(String) });
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(await ready.json()).toMatchObject({ checks: { database: 'up', scheduler: 'up', cache: 'up' } });
    const reply = await fetch(`http://127.0.0.1:${port}/bot/console/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+254700000001', text: 'hi' }),
    });
    expect(reply.status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped cleanly');
    expect(server.output()).not.toContain('+254700000001');

    // The same JSON lines land in a rotating file under LOG_DIR, each request with its id.
    const files = readdirSync(join(dir, 'logs'));
    expect(files.length).toBeGreaterThan(0);
    const lines = files.flatMap((f) =>
      readFileSync(join(dir, 'logs', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    const request = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.path === '/health');
    expect(request).toMatchObject({ status: 200, requestId: expect.any(String) });
  });

  it.skipIf(withoutRedis())('uses PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set', async () => {
    const schema = `srv_${Math.random().toString(36).slice(2, 10)}`;
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create schema ${schema}`);
    try {
      const port = await freePort();
      const server = startServer({
        PORT: String(port),
        LOG_DIR: join(tempDir(), 'logs'),
        DATABASE_URL: `${TEST_POSTGRES_URL}?search_path=${schema}`,
        REDIS_URL: TEST_REDIS_URL,
      });
      await server.waitFor(`Server running on http://127.0.0.1:${port}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        checks: { database: 'up', scheduler: 'up', cache: 'up' },
      });
      const tables =
        await admin`select table_name from information_schema.tables where table_schema = ${schema}`;
      expect(tables.map((t) => t.table_name)).toContain('conversations');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await admin.unsafe(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });

  it('names a missing variable in one line and exits non-zero', async () => {
    const server = startServer({
      WHATSAPP_CHANNEL: 'twilio',
      TWILIO_AUTH_TOKEN: 'x',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    });
    expect(await server.exited).toBe(1);
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('TWILIO_ACCOUNT_SID'));
    expect(lines).toEqual([expect.stringMatching(/TWILIO_ACCOUNT_SID is missing: .*Account SID/)]);
  });
});
