import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { MemoryCache } from '../../cache/memory.js';
import { recordUsage } from '../../services/tutor-state.js';

describe('GET /admin/api/tutor/usage', () => {
  let test: TestApp;
  let headers: Record<string, string>;
  const cache = new MemoryCache({ now: () => Date.parse('2026-03-03T12:00:00Z') });
  const get = (query = '', auth = headers) =>
    test.app.request(`/admin/api/tutor/usage${query}`, { headers: auth });

  beforeAll(async () => {
    test = await createTestApp({ deps: { cache }, extra: { now: () => new Date('2026-03-03T12:00:00Z') } });
    headers = await test.authHeader('operator');
    const call = { model: true, promptTokens: 1000, completionTokens: 200, costUsd: 0.00027 };
    await recordUsage(cache, new Date('2026-03-02T08:00:00Z'), call);
    await recordUsage(cache, new Date('2026-03-02T09:00:00Z'), call);
    await recordUsage(cache, new Date('2026-03-03T07:00:00Z'), {
      model: false,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
    });
  });
  afterAll(() => test?.cleanup());

  it('reports each day with calls, offline answers, tokens and cost, and the total', async () => {
    const res = await get('?from=2026-03-01&to=2026-03-03');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      days: [
        { day: '2026-03-01', calls: 0, offline: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
        {
          day: '2026-03-02',
          calls: 2,
          offline: 0,
          promptTokens: 2000,
          completionTokens: 400,
          costUsd: 0.00054,
        },
        { day: '2026-03-03', calls: 0, offline: 1, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      ],
      total: { calls: 2, offline: 1, promptTokens: 2000, completionTokens: 400, costUsd: 0.00054 },
    });
  });

  it('defaults to the last 30 days up to today', async () => {
    const body = (await (await get()).json()) as { days: { day: string }[] };
    expect(body.days).toHaveLength(30);
    expect(body.days.at(-1)!.day).toBe('2026-03-03');
  });

  it('refuses a bad day, a reversed or too long range, and a request without a token', async () => {
    expect((await get('?from=March')).status).toBe(400);
    expect((await get('?from=2026-02-30')).status).toBe(400);
    expect((await get('?from=2026-03-03&to=2026-03-01')).status).toBe(400);
    expect((await get('?from=2025-01-01&to=2026-03-01')).status).toBe(400);
    expect((await get('', {})).status).toBe(401);
  });
});
