import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { withoutRedisServer } from '../../tests/harness/db.js';
import { RedisCache } from './redis.js';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGKILL');
  await exited;
}

/** Waits until `condition` holds, failing after `timeoutMs`; no fixed sleeps. */
function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`condition not met within ${timeoutMs} ms`);
    },
    { timeout: timeoutMs, interval: 25 },
  );
}

interface LogLine {
  level: number;
  msg: string;
  operation?: string;
}

describe.skipIf(withoutRedisServer())('RedisCache when Redis goes away and comes back', () => {
  const servers: ChildProcess[] = [];
  const caches: RedisCache[] = [];
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(servers.map(stopRedis));
  });

  it('degrades without throwing, warns once, and recovers on its own', async () => {
    const port = await freePort();
    servers.push(startRedis(port));
    const logs: LogLine[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
    );
    const cache = new RedisCache({ url: `redis://127.0.0.1:${port}`, logger, maxReconnectDelayMs: 100 });
    caches.push(cache);
    await eventually(() => cache.ping(), 10_000);
    await cache.set('lesson', 'before');
    logs.length = 0;

    await stopRedis(servers[0]!);
    await eventually(async () => !(await cache.ping()), 5_000);

    await expect(cache.get('lesson')).resolves.toBeNull();
    await expect(cache.set('lesson', 'during')).resolves.toBeUndefined();
    await expect(cache.del('lesson')).resolves.toBeUndefined();
    expect(await cache.incr('sends', 60)).toBe(1);
    expect(await cache.incr('sends', 60)).toBe(2);
    expect(await cache.ping()).toBe(false);
    const warnings = logs.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/redis unavailable/);

    servers.push(startRedis(port));
    await eventually(() => cache.ping(), 10_000);

    await cache.set('lesson', 'after');
    expect(await cache.get('lesson')).toBe('after');
    expect(await cache.incr('sends', 60)).toBe(1);
    expect(await cache.client.get('sends')).toBe('1');
    expect(logs.some((line) => line.level === 30 && /reachable again/.test(line.msg))).toBe(true);
    expect(logs.filter((line) => line.level === 40)).toHaveLength(1);
  });
});
