import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../engine/engine.js';
import type { AppEnv } from '../env.js';
import { errorHandler } from '../errors.js';
import { twilioRoutes } from './twilio.js';

const engine = {
  receive: async () => {
    throw new Error('nothing should reach the engine');
  },
} as unknown as Engine;

/** The routes on a bare app with the app's JSON errors; nothing here may reach the engine. */
const app = new Hono<AppEnv>()
  .route(
    '/webhooks/twilio',
    twilioRoutes({
      engine,
      authToken: 'token',
      publicBaseUrl: 'https://learn.example.com',
      onStatus: async () => {},
    }),
  )
  .onError(errorHandler({ logger: pino({ level: 'silent' }) }));

/** A body that fails the request if anything reads it. */
const unreadable = () =>
  new ReadableStream({
    pull: () => {
      throw new Error('the body was read');
    },
  });

describe('the Twilio webhook routes', () => {
  it('refuses a missing or malformed X-Twilio-Signature with 403 before reading the body', async () => {
    for (const path of ['/webhooks/twilio', '/webhooks/twilio/status']) {
      for (const signature of [undefined, 'bm90IGEgc2lnbmF0dXJl', `${'A'.repeat(27)}=x`]) {
        const response = await app.request(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(signature ? { 'x-twilio-signature': signature } : {}),
          },
          body: unreadable(),
          duplex: 'half',
        } as RequestInit);
        expect(response.status, `${path} ${signature}`).toBe(403);
        expect((await response.json()).error).toMatchObject({
          code: 'forbidden',
          message: expect.stringMatching(/^X-Twilio-Signature is (missing|malformed)/),
        });
      }
    }
  });

  it('answers a declared body over 64 KB with 413 before reading it', async () => {
    const response = await app.request('/webhooks/twilio', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(64 * 1024 + 1),
        'x-twilio-signature': `${'A'.repeat(27)}=`,
      },
      body: unreadable(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });
});
