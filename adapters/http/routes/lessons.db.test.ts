import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../../../db/repositories/users.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

describe('lessons routes', () => {
  let test: TestApp;
  let headers: Record<string, string>;
  let now = new Date('2025-03-29T12:00:00Z');
  const schedule = async (phone: string) => {
    const res = await test.app.request(`/lessons/schedule/${phone}`, { headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    test = await createTestApp({ extra: { now: () => now } });
    headers = await test.authHeader();
    const users = usersRepository(test.database.db);
    await users.create({
      phone: '+447911123456',
      timezone: 'Europe/London',
      learningState: { lessonTime: '07:30' },
    });
    await users.create({ phone: '+254712345678' });
  });
  afterAll(async () => test?.cleanup());

  it('London learner the day before the clocks go forward: 07:30 BST = 06:30 UTC on Sunday', async () => {
    now = new Date('2025-03-29T12:00:00Z');
    expect(await schedule('+447911123456')).toEqual({
      status: 200,
      body: {
        timezone: 'Europe/London',
        localTime: '07:30',
        nextAt: '2025-03-30T06:30:00.000Z',
        nextAtLocal: '2025-03-30T07:30:00.000+01:00',
      },
    });
  });

  it('Nairobi learner with no preference gets the 07:30 default (04:30 UTC)', async () => {
    now = new Date('2025-03-29T05:00:00Z');
    expect(await schedule('0712345678')).toEqual({
      status: 200,
      body: {
        timezone: 'Africa/Nairobi',
        localTime: '07:30',
        nextAt: '2025-03-30T04:30:00.000Z',
        nextAtLocal: '2025-03-30T07:30:00.000+03:00',
      },
    });
  });

  it('unknown learner → 404, no token → 401', async () => {
    expect(await schedule('+254799999999')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect((await test.app.request('/lessons/schedule/+254712345678')).status).toBe(401);
  });
});
