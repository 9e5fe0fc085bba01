import { Hono, type Context } from 'hono';
import twilio from 'twilio';
import type { Engine } from '../../../engine/engine.js';
import type { StatusReport } from '../../../db/repositories/delivery.js';
import type { LearnerIdentities } from '../../../db/repositories/learner-identities.js';
import {
  MalformedWebhook,
  parseTwilioInbound,
  parseTwilioStatus,
  type Form,
} from '../../channels/twilio/inbound.js';
import { twilioSenderOf } from '../../channels/twilio/inbound-identity.js';
import type { PhoneRateLimiter } from '../../cache/rate-limit.js';
import type { Logger } from '../../logger.js';
import type { AppEnv } from '../env.js';
import { HttpError } from '../errors.js';
import { learnerAddress } from '../learner-address.js';
import { bodyLimit } from '../middleware/body-limit.js';
import { signatureHeader } from '../middleware/signature-header.js';
import { webhookIntake } from '../webhook-intake.js';

export interface TwilioRouteDeps {
  engine: Engine;
  authToken: string;
  /** The public URL Twilio posts to (PUBLIC_BASE_URL): signatures are computed over it. */
  publicBaseUrl: string;
  onStatus: (report: StatusReport) => Promise<void>;
  /**
   * Finds the learner a message is from by BSUID, then phone, as for Meta (docs/learners.md).
   * Without it a message's address is the phone or BSUID in `From`.
   */
  identities?: Pick<LearnerIdentities, 'resolveAddress'>;
  /** RATE_LIMIT_PER_PHONE: messages over it are stored without a turn (see webhook-intake.ts). */
  limiter?: PhoneRateLimiter;
  logger?: Logger;
  now?: () => Date;
}

/**
 * One WhatsApp message as Twilio posts it is at most about 50 KB: 4,096 emoji percent-encoded
 * are 49 KB, the other fields (ten media URLs included) a few hundred bytes more.
 */
export const TWILIO_MAX_BODY_BYTES = 64 * 1024;
/** Twilio sends about 20 parameters, 40 more with ten media files; parsing and signing 9,000 costs ~30 ms. */
export const TWILIO_MAX_FORM_PARAMS = 128;

/** Base64 of an HMAC-SHA1: 27 characters and one `=`. */
const signed = [
  signatureHeader({
    header: 'X-Twilio-Signature',
    shape: /^[A-Za-z0-9+/]{27}=$/,
    expected: 'the base64 HMAC-SHA1 Twilio computes (28 characters)',
  }),
  bodyLimit(TWILIO_MAX_BODY_BYTES),
] as const;

/** The form's parameters, refused with 413 past TWILIO_MAX_FORM_PARAMS before any is decoded. */
function formOf(raw: string): Form {
  let count = raw === '' ? 0 : 1;
  for (let at = raw.indexOf('&'); at !== -1; at = raw.indexOf('&', at + 1)) {
    if (++count > TWILIO_MAX_FORM_PARAMS) {
      throw new HttpError(
        413,
        'payload_too_large',
        `Twilio webhooks carry at most ${TWILIO_MAX_FORM_PARAMS} form parameters`,
      );
    }
  }
  const form: Form = {};
  for (const [key, value] of new URLSearchParams(raw)) form[key] = value;
  return form;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The signed form Twilio posted; 403 (and nothing stored) when the signature does not match. */
async function signedForm(c: Context<AppEnv>, deps: TwilioRouteDeps): Promise<Form> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Twilio webhooks are form-encoded (application/x-www-form-urlencoded)',
    );
  }
  const form = formOf(await c.req.text());
  const url = new URL(c.req.url);
  const publicUrl = deps.publicBaseUrl.replace(/\/$/, '') + url.pathname + url.search;
  const signature = c.req.header('x-twilio-signature')!;
  if (!twilio.validateRequest(deps.authToken, signature, publicUrl, form)) {
    throw new HttpError(
      403,
      'forbidden',
      `X-Twilio-Signature does not match ${publicUrl}: check TWILIO_AUTH_TOKEN and that PUBLIC_BASE_URL is the URL Twilio calls`,
    );
  }
  return form;
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedWebhook) {
      throw new HttpError(400, 'validation_failed', `Malformed Twilio webhook: ${error.message}`, {
        details: error.problems.map((p) => ({ field: `/${p.field}`, reason: p.reason })),
      });
    }
    throw error;
  }
}

/**
 * Twilio's WhatsApp webhooks. An inbound message is answered with empty TwiML once it is stored
 * (replies go through the outbox); a repeat of the same MessageSid is a no-op. A missing or
 * malformed signature header is refused before the body is read, a body over 64 KB or 128
 * parameters before it is parsed.
 */
export function twilioRoutes(deps: TwilioRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());
  const receive = webhookIntake({
    engine: deps.engine,
    limiter: deps.limiter,
    logger: deps.logger?.child({ part: 'twilio' }),
  });
  const addressed = learnerAddress(deps.identities);

  routes.post('/', ...signed, async (c) => {
    const form = await signedForm(c, deps);
    const event = parsed(() => parseTwilioInbound(form, now()));
    await receive(await addressed(event, twilioSenderOf(form)));
    return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });

  routes.post('/status', ...signed, async (c) => {
    const form = await signedForm(c, deps);
    const report = parsed(() => parseTwilioStatus(form, now()));
    if (report) await deps.onStatus(report);
    return c.body(null, 204);
  });

  return routes;
}
