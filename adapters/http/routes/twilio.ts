import { Hono, type Context } from 'hono';
import twilio from 'twilio';
import type { Engine } from '../../../engine/engine.js';
import type { StatusReport } from '../../../db/repositories/delivery.js';
import {
  MalformedWebhook,
  parseTwilioInbound,
  parseTwilioStatus,
  type Form,
} from '../../channels/twilio/inbound.js';
import type { AppEnv } from '../env.js';
import { HttpError } from '../errors.js';

export interface TwilioRouteDeps {
  engine: Engine;
  authToken: string;
  /** The public URL Twilio posts to (PUBLIC_BASE_URL): signatures are computed over it. */
  publicBaseUrl: string;
  onStatus: (report: StatusReport) => Promise<void>;
  now?: () => Date;
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
  const form: Form = {};
  for (const [key, value] of new URLSearchParams(await c.req.text())) form[key] = value;
  const url = new URL(c.req.url);
  const publicUrl = deps.publicBaseUrl.replace(/\/$/, '') + url.pathname + url.search;
  const signature = c.req.header('x-twilio-signature');
  if (!signature || !twilio.validateRequest(deps.authToken, signature, publicUrl, form)) {
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
 * (replies go through the outbox); a repeat of the same MessageSid is a no-op.
 */
export function twilioRoutes(deps: TwilioRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());

  routes.post('/', async (c) => {
    const form = await signedForm(c, deps);
    const event = parsed(() => parseTwilioInbound(form, now()));
    await deps.engine.receive(event);
    return c.body(EMPTY_TWIML, 200, { 'content-type': 'text/xml; charset=utf-8' });
  });

  routes.post('/status', async (c) => {
    const form = await signedForm(c, deps);
    const report = parsed(() => parseTwilioStatus(form, now()));
    if (report) await deps.onStatus(report);
    return c.body(null, 204);
  });

  return routes;
}
