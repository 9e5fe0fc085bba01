import type { Config } from '../../adapters/config/index.js';
import type { FakeDaraja } from './fake-daraja.js';
import type { FakeMeta } from './fake-meta.js';
import type { FakeTwilio } from '../../scripts/bench/fake-twilio.js';

/** The WhatsApp sender the tests' Twilio channel sends from. */
export const TWILIO_SENDER = 'whatsapp:+14155238886';

/** The runtime on WHATSAPP_CHANNEL=twilio, talking to a fake Twilio on loopback. */
export function twilioChannelConfig(fake: FakeTwilio): Pick<Config, 'channel' | 'twilio'> {
  return {
    channel: 'twilio',
    twilio: {
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      from: TWILIO_SENDER,
      apiBaseUrl: fake.url,
    },
  };
}

/** The runtime on WHATSAPP_CHANNEL=meta, talking to a fake Graph API on loopback. */
export function metaChannelConfig(fake: FakeMeta, verifyToken: string): Pick<Config, 'channel' | 'meta'> {
  return {
    channel: 'meta',
    meta: {
      accessToken: fake.accessToken,
      phoneNumberId: fake.phoneNumberId,
      appSecret: fake.appSecret,
      verifyToken,
      apiBaseUrl: fake.url,
    },
  };
}

/**
 * M-PESA through the real Daraja client against a fake Daraja on loopback. Nothing settles until a
 * test posts the callback or the first STK query (90 s after the push), so a test's pace does not
 * race a confirmation (the embedded simulated M-PESA confirms 10 s after the push, in real time).
 */
export function darajaConfig(fake: FakeDaraja, callbackSecret: string): Pick<Config, 'mpesa'> {
  return {
    mpesa: {
      baseUrl: fake.url,
      consumerKey: fake.options.consumerKey,
      consumerSecret: fake.options.consumerSecret,
      shortcode: fake.options.shortcode,
      passkey: fake.options.passkey,
      callbackSecret,
      timeoutMs: 5000,
    },
  };
}
