import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

describe('bot', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ config: { channel: 'console', whatsappMps: 25 } });
  });
  afterAll(async () => test?.cleanup());

  it('GET /bot/info names the channel and the send rate', async () => {
    const res = await test.app.request('/bot/info');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ channel: 'console', whatsappMps: 25 });
  });
});
