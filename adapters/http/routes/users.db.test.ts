import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { usersRepository } from '../../../db/repositories/users.js';

interface ErrorJson {
  error: { code: string; message: string; details?: { field: string; reason: string }[] };
}

forEachDatabase((driver) => {
  describe(`users routes on ${driver}`, () => {
    let test: TestApp;
    let headers: Record<string, string>;
    const create = (body: unknown, auth = headers) =>
      test.app.request('/users', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      test = await createTestApp({ driver });
      headers = await test.authHeader('operator');
    });
    afterAll(async () => test?.cleanup());

    it('POST /users normalises the phone and time zone, applies defaults → 201 with the learner', async () => {
      const res = await create({
        phone: '0712 345 678',
        name: 'Amina',
        language: 'sw',
        timezone: 'africa/nairobi',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        id: expect.any(String),
        phone: '+254712345678',
        name: 'Amina',
        language: 'sw',
        timezone: 'Africa/Nairobi',
        status: 'active',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });

      const minimal = await create({ phone: 'whatsapp:+447911123456', name: null });
      expect(await minimal.json()).toMatchObject({
        phone: '+447911123456',
        name: null,
        language: 'en',
        timezone: 'Africa/Nairobi',
      });
    });

    it('GET /users/:phone finds the learner by any spelling of the number, else 404', async () => {
      for (const spelling of ['+254712345678', '0712345678', encodeURIComponent('+254 712 345 678')]) {
        const res = await test.app.request(`/users/${spelling}`, { headers });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ phone: '+254712345678', name: 'Amina' });
      }
      const missing = await test.app.request('/users/+254799999999', { headers });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as ErrorJson).error).toMatchObject({
        code: 'not_found',
        message: 'learner not found',
      });
      const bad = await test.app.request('/users/12345', { headers });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorJson).error.details).toEqual([
        {
          field: '/phone',
          reason:
            'not a valid phone number, expected international format like +254712345678, or a BSUID like KE.1502576394655843',
        },
      ]);
    });

    it('GET /users/:phone finds a learner addressed by BSUID (a username, no phone) too', async () => {
      await usersRepository(test.database.db).create({ phone: 'KE.1502576394655843', name: 'Wanjiru' });
      const res = await test.app.request('/users/KE.1502576394655843', { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ phone: 'KE.1502576394655843', name: 'Wanjiru' });
      expect((await test.app.request('/users/KE.9990001112223334', { headers })).status).toBe(404);
    });

    it('a phone that is already registered → 409 conflict, also when two requests race', async () => {
      const again = await create({ phone: '+254 712 345 678' });
      expect(again.status).toBe(409);
      expect(((await again.json()) as ErrorJson).error).toMatchObject({
        code: 'conflict',
        message: 'a learner with this phone number already exists',
      });
      const race = await Promise.all([create({ phone: '+254733000001' }), create({ phone: '0733 000 001' })]);
      expect(race.map((res) => res.status).sort()).toEqual([201, 409]);
    });

    it('invalid bodies → 400 validation_failed naming the field', async () => {
      const cases: [unknown, string, string][] = [
        [
          { phone: '12345' },
          '/phone',
          'phone: not a valid phone number, expected international format like +254712345678',
        ],
        [{ name: 'No phone' }, '/phone', 'phone: is required'],
        [
          { phone: '+254700000100', language: 'fr' },
          '/language',
          'language: must be en (English) or sw (Kiswahili)',
        ],
        [
          { phone: '+254700000100', timezone: 'Nairobi' },
          '/timezone',
          'timezone: not a known IANA time zone, expected a name like Africa/Nairobi',
        ],
        [{ phone: '+254700000100', role: 'admin' }, '/role', 'role: is not allowed'],
      ];
      for (const [body, field, message] of cases) {
        const res = await create(body);
        expect(res.status).toBe(400);
        const { error } = (await res.json()) as ErrorJson;
        expect(error).toMatchObject({ code: 'validation_failed', message });
        expect(error.details?.[0]?.field).toBe(field);
      }
    });

    it('needs the admin token', async () => {
      expect((await create({ phone: '+254700000200' }, {})).status).toBe(401);
      expect((await test.app.request('/users/+254712345678')).status).toBe(401);
    });
  });
});
