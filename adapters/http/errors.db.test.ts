import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config/index.js';
import type { AppEnv } from './app.js';
import type { Hono } from 'hono';
import { HttpError } from './errors.js';
import { capturingLogger, createTestApp, type TestApp } from '../../tests/harness/http-app.js';

interface ErrorJson {
  error: { code: string; message: string; requestId: string; details?: unknown; stack?: string };
}

function mountFailures(app: Hono<AppEnv>) {
  app.get('/boom', () => {
    throw new Error('secret connection string postgres://u:p@db');
  });
  app.get('/teapot', () => {
    throw new HttpError(409, 'conflict', 'already done');
  });
  app.get('/hono-exception', () => {
    throw new HTTPException(403, { message: 'forbidden by csrf' });
  });
  app.get('/async-boom', async () => {
    await Promise.resolve();
    throw new TypeError('undefined is not a function');
  });
}

async function appIn(env: Config['env']) {
  const log = capturingLogger();
  const test = await createTestApp({ config: { env }, logger: log.logger, extra: { mount: mountFailures } });
  return { ...test, log };
}

describe('error responses', () => {
  let production: TestApp & { log: ReturnType<typeof capturingLogger> };
  beforeAll(async () => {
    production = await appIn('production');
  });
  afterAll(async () => production?.cleanup());

  it('unknown route → 404 not_found with the request id of the X-Request-Id header', async () => {
    const res = await production.app.request('/nowhere');
    expect(res.status).toBe(404);
    const body = (await res.json()) as ErrorJson;
    expect(body.error).toMatchObject({ code: 'not_found', message: 'no route for GET /nowhere' });
    expect(body.error.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming X-Request-Id', async () => {
    const res = await production.app.request('/nowhere', { headers: { 'X-Request-Id': 'edge-abc-123' } });
    expect(res.headers.get('X-Request-Id')).toBe('edge-abc-123');
    expect(((await res.json()) as ErrorJson).error.requestId).toBe('edge-abc-123');
  });

  it('a thrown unknown error → 500 internal, no message or stack leaked in production, logged with stack', async () => {
    for (const path of ['/boom', '/async-boom']) {
      const res = await production.app.request(path);
      expect(res.status).toBe(500);
      const body = (await res.json()) as ErrorJson;
      expect(body).toEqual({
        error: {
          code: 'internal',
          message: 'internal server error',
          requestId: res.headers.get('X-Request-Id'),
        },
      });
      expect(JSON.stringify(body)).not.toContain('postgres://');
    }
    const logged = production.log.lines().filter((line) => line.msg === 'unhandled error in request');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: 50, path: '/boom' });
    expect((logged[0]!.err as { stack: string }).stack).toContain('errors.db.test.ts');
  });

  it('HttpError and Hono HTTPException keep their status and code', async () => {
    const conflict = await production.app.request('/teapot');
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as ErrorJson).error).toMatchObject({
      code: 'conflict',
      message: 'already done',
    });
    const forbidden = await production.app.request('/hono-exception');
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as ErrorJson).error).toMatchObject({
      code: 'forbidden',
      message: 'forbidden by csrf',
    });
  });

  it('an oversized body → 413 payload_too_large', async () => {
    const res = await production.app.request('/admin/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe('payload_too_large');
  });

  it('a body whose Content-Length is over the limit → 413 before it is read', async () => {
    const body = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) });
    const res = await production.app.request('/admin/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.message).toMatch(/larger than \d+ bytes/);
  });

  it('logs one line per request with id, method, path, status and duration', async () => {
    const res = await production.app.request('/teapot', { headers: { 'X-Request-Id': 'line-check' } });
    const line = production.log.lines().find((l) => l.msg === 'request' && l.requestId === 'line-check');
    expect(line).toMatchObject({ method: 'GET', path: '/teapot', status: res.status, component: 'http' });
    expect(typeof line?.durationMs).toBe('number');
  });

  it('sets the secure headers', async () => {
    const res = await production.app.request('/health');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('development answers like production: neither the message nor the stack, the log has both', async () => {
    const development = await appIn('development');
    try {
      const res = await development.app.request('/boom');
      const body = (await res.json()) as ErrorJson;
      expect(body).toEqual({
        error: {
          code: 'internal',
          message: 'internal server error',
          requestId: res.headers.get('X-Request-Id'),
        },
      });
      const [logged] = development.log.lines().filter((line) => line.msg === 'unhandled error in request');
      expect(logged).toMatchObject({ requestId: body.error.requestId });
      expect(JSON.stringify(logged)).toContain('secret connection string');
      expect((logged!.err as { stack: string }).stack).toContain('errors.db.test.ts');
    } finally {
      await development.cleanup();
    }
  });
});
