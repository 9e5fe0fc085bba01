import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Engine } from '../../../engine/engine.js';
import type { StatusReport } from '../../../db/repositories/delivery.js';
import type { LearnerIdentities } from '../../../db/repositories/learner-identities.js';
import { MalformedWebhook, parseMetaWebhook, type MetaWebhook } from '../../channels/meta/inbound.js';
import type { PhoneRateLimiter } from '../../cache/rate-limit.js';
import type { Logger } from '../../logger.js';
import type { AppEnv } from '../env.js';
import { HttpError } from '../errors.js';
import { learnerAddress } from '../learner-address.js';
import { bodyLimit } from '../middleware/body-limit.js';
import { signatureHeader } from '../middleware/signature-header.js';
import { webhookIntake } from '../webhook-intake.js';

export interface MetaRouteDeps {
  engine: Engine;
  /** The app secret Meta signs webhooks with (X-Hub-Signature-256). */
  appSecret: string;
  /** The token set in the app's webhook settings; Meta sends it back when verifying the URL. */
  verifyToken: string;
  onStatus: (report: StatusReport) => Promise<void>;
  /**
   * Finds the learner a message is from by BSUID, then phone (docs/learners.md). Without it a
   * message's address is its phone, else its BSUID, and BSUID changes are only logged.
   */
  identities?: Pick<LearnerIdentities, 'resolveAddress' | 'changeIdentity'>;
  /** RATE_LIMIT_PER_PHONE: messages over it are stored without a turn (see webhook-intake.ts). */
  limiter?: PhoneRateLimiter;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Meta documents webhook payloads of up to 3 MB (a batch of messages and statuses), and a body
 * refused with 413 is sent again for days and then lost: so not Twilio's 64 KB, but the app's
 * 1 MiB ceiling. An unsigned body costs nothing (refused on its header); a forged one costs one
 * HMAC over at most 1 MiB, about 2 ms, and is never parsed.
 */
export const META_MAX_BODY_BYTES = 1024 * 1024;

/** Compares two secrets in constant time, whatever their lengths. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Whether `header` is 'sha256=' + HMAC-SHA256(app secret, the exact bytes Meta sent). */
function signedByMeta(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  const given = SIGNATURE.exec(header ?? '')?.[1];
  if (!given) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}

function parsed(raw: Buffer, at: Date): MetaWebhook {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'Malformed Meta webhook: the body is not JSON');
  }
  try {
    return parseMetaWebhook(body, at);
  } catch (error) {
    if (error instanceof MalformedWebhook) {
      throw new HttpError(400, 'validation_failed', `Malformed Meta webhook: ${error.message}`, {
        details: error.problems.map((p) => ({ field: `/${p.field}`, reason: p.reason })),
      });
    }
    throw error;
  }
}

/**
 * Meta's WhatsApp Cloud API webhooks. GET answers the verify-token challenge; POST checks the
 * signature over the raw body, stores every learner message in order (replies go through the
 * outbox), records every status, and answers 200. A repeated message id is a no-op.
 * Decisions: a malformed message or status is left out and logged at warn naming its field, and
 * the rest of the batch is stored and answered 200: Meta would send a refused batch again for days,
 * holding the good messages with it, and a signed item this code cannot read will not read better
 * the next time. Only a body that is not a WhatsApp webhook at all (not JSON, wrong envelope) is
 * answered 400.
 */
export function metaRoutes(deps: MetaRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());
  const receive = webhookIntake({ engine: deps.engine, limiter: deps.limiter, logger: deps.logger });
  const addressed = learnerAddress(deps.identities);

  routes.get('/', (c) => {
    const challenge = c.req.query('hub.challenge');
    const token = c.req.query('hub.verify_token') ?? '';
    if (c.req.query('hub.mode') !== 'subscribe' || !challenge || !sameSecret(token, deps.verifyToken)) {
      throw new HttpError(
        403,
        'forbidden',
        'Webhook verification failed: hub.mode must be subscribe and hub.verify_token must equal META_VERIFY_TOKEN',
      );
    }
    return c.text(challenge, 200);
  });

  const signed = signatureHeader({
    header: 'X-Hub-Signature-256',
    shape: SIGNATURE,
    expected: "'sha256=' and the 64 hex digits of an HMAC-SHA256",
  });

  routes.post('/', signed, bodyLimit(META_MAX_BODY_BYTES), async (c) => {
    const raw = Buffer.from(await c.req.arrayBuffer());
    if (!signedByMeta(raw, c.req.header('x-hub-signature-256'), deps.appSecret)) {
      throw new HttpError(
        403,
        'forbidden',
        'X-Hub-Signature-256 does not match the body: check META_APP_SECRET (the app secret of the Meta app)',
      );
    }
    const webhook = parsed(raw, now());
    for (const problem of webhook.skipped) {
      deps.logger?.warn(problem, 'Meta webhook item left out: malformed');
    }
    // Changes first: a message after one in the same batch then finds the learner by the new BSUID.
    for (const change of webhook.changes) {
      const learner = await deps.identities?.changeIdentity(change);
      deps.logger?.info(
        { bsuid: change.bsuid, previousBsuid: change.previousBsuid, userId: learner?.id ?? null },
        learner ? 'learner WhatsApp identity changed' : 'WhatsApp identity change for no known learner',
      );
    }
    for (const [i, event] of webhook.messages.entries()) {
      await receive(await addressed(event, webhook.senders[i]!));
    }
    for (const { report, metaError } of webhook.statuses) {
      if (metaError) {
        deps.logger?.warn(
          { providerId: report.providerId, status: report.status, metaError, errorCode: report.errorCode },
          'Meta reported a delivery error',
        );
      }
      await deps.onStatus(report);
    }
    return c.text('OK', 200);
  });

  return routes;
}
