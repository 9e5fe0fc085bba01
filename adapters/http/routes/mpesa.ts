import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Database } from '../../../db/client.js';
import { raiseAlert } from '../../../db/repositories/payments.js';
import type { Logger } from '../../logger.js';
import { parseStkCallback } from '../../payments/callback.js';
import type { PaymentDesk } from '../../payments/desk.js';
import type { PaymentRefunds } from '../../payments/refunds.js';
import type { AppEnv } from '../env.js';
import { notFoundHandler } from '../errors.js';
import { bodyLimit } from '../middleware/body-limit.js';

/*
 * POST /webhooks/mpesa/:secret, where Daraja posts STK results. Decisions: a wrong secret is the
 * app's ordinary 404 and is not logged (the request log redacts the segment); a malformed body
 * gets 400 in Daraja's acknowledgement shape naming the problem, and an alert (the STK query still
 * settles the attempt); a known callback is settled, then answered {"ResultCode":0,"ResultDesc":
 * "Accepted"} before the learner's turn runs; if it cannot be recorded, 503, never 500.
 */

export const ACCEPTED = { ResultCode: 0, ResultDesc: 'Accepted' } as const;
/** A callback is a few hundred bytes. */
const MAX_CALLBACK_BYTES = 16 * 1024;

export interface MpesaRouteDeps {
  db: Database;
  desk: PaymentDesk;
  /** Reversal results (refunds) posted to /webhooks/mpesa/:secret/reversal. */
  refunds?: PaymentRefunds;
  callbackSecret: string;
  logger: Logger;
  now?: () => Date;
  /** Runs the learner's turn after Daraja has its answer; tests collect and await it. */
  background?: (work: Promise<void>) => void;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Equal without telling, by timing, how much of a guess was right. */
export function secretMatches(given: string, expected: string): boolean {
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

export function mpesaRoutes(deps: MpesaRouteDeps): Hono<AppEnv> {
  const { db, desk, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const background =
    deps.background ??
    ((work: Promise<void>) =>
      void work.catch((error: unknown) =>
        logger.error({ err: error }, 'payment outcome not handed to the learner yet: the sweep retries'),
      ));
  const routes = new Hono<AppEnv>();
  const notFound = notFoundHandler();

  const guard = async (c: Parameters<typeof notFound>[0], next: () => Promise<void>) => {
    if (!secretMatches(c.req.param('secret') ?? '', deps.callbackSecret)) return notFound(c);
    return bodyLimit(MAX_CALLBACK_BYTES)(c, next);
  };
  routes.post('/:secret', guard);
  routes.post('/:secret/reversal', guard);

  routes.post('/:secret/reversal', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const result = (body as { Result?: Record<string, unknown> } | undefined)?.Result;
    const conversationId = typeof result?.ConversationID === 'string' ? result.ConversationID : '';
    const resultCode = Number(result?.ResultCode);
    if (!conversationId || !Number.isInteger(resultCode))
      return c.json(
        { ResultCode: 1, ResultDesc: 'Rejected: Result.ConversationID and Result.ResultCode are required' },
        400,
      );
    try {
      const known = await deps.refunds?.reversalResult({
        conversationId,
        resultCode,
        resultDesc: typeof result?.ResultDesc === 'string' ? result.ResultDesc : '',
      });
      if (!known)
        logger.warn({ conversationId, resultCode }, 'M-PESA reversal result for no refund we asked');
      return c.json(ACCEPTED);
    } catch (error) {
      logger.error({ err: error }, 'M-PESA reversal result could not be recorded');
      return c.json({ ResultCode: 1, ResultDesc: 'Temporarily unavailable' }, 503);
    }
  });
  routes.post('/:secret', async (c) => {
    const raw = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const parsed =
      body === undefined ? { ok: false as const, problem: 'the body is not JSON' } : parseStkCallback(body);
    try {
      if (!parsed.ok) {
        logger.warn({ problem: parsed.problem }, 'malformed M-PESA callback: rejected and reported');
        await raiseAlert(db, {
          kind: 'malformedCallback',
          dedupeKey: `malformed:${digest(raw).toString('hex')}`,
          at: now(),
          detail: { problem: parsed.problem, body: raw.slice(0, 2000) },
        });
        return c.json({ ResultCode: 1, ResultDesc: `Rejected: ${parsed.problem}` }, 400);
      }
      const handled = await desk.callback(parsed.callback);
      logger.info(
        {
          checkoutRequestId: parsed.callback.checkoutRequestId,
          resultCode: parsed.callback.resultCode,
          ...handled,
        },
        'M-PESA callback',
      );
      if (handled.result === 'settled' && handled.attemptId) background(desk.notify(handled.attemptId));
      return c.json(ACCEPTED);
    } catch (error) {
      logger.error({ err: error }, 'M-PESA callback could not be recorded: the STK query will settle it');
      return c.json({ ResultCode: 1, ResultDesc: 'Temporarily unavailable' }, 503);
    }
  });
  return routes;
}
