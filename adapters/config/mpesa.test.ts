import { describe, expect, it } from 'vitest';
import { mpesaGateway } from '../payments/index.js';
import { SimClock } from '../../engine/clock.js';
import type { Env } from './env.js';
import { ConfigError, loadConfig } from './index.js';

const MPESA = {
  MPESA_CONSUMER_KEY: 'key',
  MPESA_CONSUMER_SECRET: 'secret',
  MPESA_SHORTCODE: '174379',
  MPESA_PASSKEY: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  MPESA_CALLBACK_SECRET: '4f1c9a0e7b2d6c8e1a3f5b7d',
};

function problemsWith(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to refuse this environment');
}

describe('MPESA_* configuration', () => {
  it('with none set: the simulated M-PESA (development), no payments at all in production', () => {
    expect(loadConfig({}).mpesa).toBeUndefined();
    const clock = new SimClock();
    expect(mpesaGateway({ env: 'development', publicBaseUrl: 'http://x' }, clock).simulated).toBe(true);
    const production = mpesaGateway({ env: 'production', publicBaseUrl: 'http://x' }, clock);
    expect(production.simulated).toBe(false);
  });

  it('with all set: Daraja, the sandbox by default', () => {
    expect(loadConfig(MPESA).mpesa).toEqual({
      baseUrl: 'https://sandbox.safaricom.co.ke',
      consumerKey: 'key',
      consumerSecret: 'secret',
      shortcode: '174379',
      passkey: MPESA.MPESA_PASSKEY,
      callbackSecret: MPESA.MPESA_CALLBACK_SECRET,
      timeoutMs: 10_000,
    });
    expect(loadConfig({ ...MPESA, MPESA_BASE_URL: 'https://api.safaricom.co.ke' }).mpesa?.baseUrl).toBe(
      'https://api.safaricom.co.ke',
    );
  });

  it('refuses half a configuration, naming every variable still missing', () => {
    const problems = problemsWith({ MPESA_CONSUMER_KEY: 'key', MPESA_SHORTCODE: '174379' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'MPESA_CONSUMER_SECRET',
      'MPESA_PASSKEY',
      'MPESA_CALLBACK_SECRET',
    ]);
    expect(problems[0]).toBe(
      'MPESA_CONSUMER_SECRET is missing: M-PESA is half configured (MPESA_CONSUMER_KEY, MPESA_SHORTCODE set); it needs the Daraja app consumer secret, or unset every MPESA_* for the simulated M-PESA',
    );
  });

  it('refuses refunds half configured, a guessable callback secret and a shortcode that is not one', () => {
    expect(problemsWith({ ...MPESA, MPESA_INITIATOR: 'testapi' })).toEqual([
      'MPESA_SECURITY_CREDENTIAL is missing: refunds (Reversal API) need MPESA_INITIATOR and MPESA_SECURITY_CREDENTIAL together',
    ]);
    expect(problemsWith({ ...MPESA, MPESA_CALLBACK_SECRET: 'short' })[0]).toMatch(
      /^MPESA_CALLBACK_SECRET is too short/,
    );
    expect(problemsWith({ ...MPESA, MPESA_CALLBACK_SECRET: 'has/slash-and-more-chars' })[0]).toMatch(
      /^MPESA_CALLBACK_SECRET is not valid/,
    );
    expect(problemsWith({ ...MPESA, MPESA_SHORTCODE: 'paybill' })).toEqual([
      'MPESA_SHORTCODE="paybill" is not valid: expected the paybill or till number, 5 to 7 digits',
    ]);
  });
});
