import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './app.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';
import { validateJson, validateQuery, type JSONSchemaType } from './validate.js';

interface Signup {
  phone: string;
  timezone?: string | null;
  age?: number | null;
  tags?: string[] | null;
}

const signupSchema: JSONSchemaType<Signup> = {
  type: 'object',
  properties: {
    phone: { type: 'string', normalize: 'phone' },
    timezone: { type: 'string', nullable: true, normalize: 'timezone' },
    age: {
      type: 'integer',
      nullable: true,
      minimum: 5,
      errorMessage: { minimum: 'must be at least 5 years' },
    },
    tags: { type: 'array', nullable: true, items: { type: 'string', maxLength: 3 } },
  },
  required: ['phone'],
  additionalProperties: false,
};

const pageSchema: JSONSchemaType<{ limit: number }> = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 } },
  required: ['limit'],
};

function mountEcho(app: Hono<AppEnv>) {
  app.post('/echo', validateJson(signupSchema), (c) => c.json(c.req.valid('json')));
  app.get('/page', validateQuery(pageSchema), (c) => c.json(c.req.valid('query')));
}

const post = (test: TestApp, body: string, contentType = 'application/json') =>
  test.app.request('/echo', { method: 'POST', headers: { 'Content-Type': contentType }, body });

interface ErrorJson {
  error: { code: string; message: string; requestId: string; details?: { field: string; reason: string }[] };
}

describe('validateJson / validateQuery', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ extra: { mount: mountEcho } });
  });
  afterAll(async () => test?.cleanup());

  it('hands the handler the typed body with phone and time zone normalised', async () => {
    const res = await post(
      test,
      JSON.stringify({ phone: '0712 345 678', timezone: 'europe/london', age: 30 }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ phone: '+254712345678', timezone: 'Europe/London', age: 30 });
  });

  it('400 validation_failed naming the field, with every problem in details', async () => {
    const res = await post(test, JSON.stringify({ phone: '12345', timezone: 'Mars/Base', age: 2, extra: 1 }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('extra: is not allowed (and 3 more)');
    expect(error.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(error.details).toEqual(
      expect.arrayContaining([
        {
          field: '/phone',
          reason: 'not a valid phone number, expected international format like +254712345678',
        },
        { field: '/timezone', reason: 'not a known IANA time zone, expected a name like Africa/Nairobi' },
        { field: '/age', reason: 'must be at least 5 years' },
        { field: '/extra', reason: 'is not allowed' },
      ]),
    );
  });

  it('names missing, nested and wrongly typed fields, and a bad phone in the words of the format', async () => {
    const phone = (await (await post(test, JSON.stringify({ phone: '12345' }))).json()) as ErrorJson;
    expect(phone.error.message).toBe(
      'phone: not a valid phone number, expected international format like +254712345678',
    );
    const missing = (await (await post(test, '{}')).json()) as ErrorJson;
    expect(missing.error.message).toBe('phone: is required');
    const nested = (await (
      await post(test, JSON.stringify({ phone: '+254712345678', tags: ['ok', 'long'] }))
    ).json()) as ErrorJson;
    expect(nested.error.message).toBe('tags.1: must NOT have more than 3 characters');
    const wrongType = (await (await post(test, '[1]')).json()) as ErrorJson;
    expect(wrongType.error.message).toBe('body: must be object');
  });

  it('malformed JSON → 400 invalid_json naming the problem', async () => {
    const res = await post(test, '{"phone": "+254712345678",}');
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/^request body is not valid JSON: .*(JSON|position)/);
    expect((await (await post(test, '')).json()) as ErrorJson).toMatchObject({
      error: { code: 'invalid_json', message: 'request body is empty, expected a JSON object' },
    });
  });

  it('a body that is not JSON → 415', async () => {
    const res = await post(test, 'phone=%2B254712345678', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({
      code: 'unsupported_media_type',
      message: 'expected Content-Type: application/json, got application/x-www-form-urlencoded',
    });
  });

  it('query strings are coerced and defaulted, and checked', async () => {
    expect(await (await test.app.request('/page?limit=7')).json()).toEqual({ limit: 7 });
    expect(await (await test.app.request('/page')).json()).toEqual({ limit: 5 });
    const res = await test.app.request('/page?limit=many');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.message).toBe('limit: must be integer');
  });
});
