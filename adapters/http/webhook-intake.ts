/*
 * RATE_LIMIT_PER_PHONE on the WhatsApp webhooks (Twilio and Meta), after the signature check.
 * Decisions: a message over the limit is still stored (durable, deduplicated by provider id like
 * any other) but runs no turn, now or later: it is recorded as handled with the reason
 * `rate_limited`, and the webhook is answered 200 as usual, since a refused webhook is not sent
 * again. Deferring it instead would let a flood replay as unbounded turns once the window
 * opens, and would queue the learner's real messages behind it. No reply tells the learner: a
 * reply per extra message is exactly the cost being limited. One warn per phone per window (on
 * its first extra message) keeps a flood out of the logs. A STOP (or synonym) over the limit still
 * runs its turn, on a budget of its own of the same size: opting out must always work, and turns
 * stay bounded at twice the limit per window.
 */
import { asksToStop } from '../../engine/conversation.js';
import type { Engine } from '../../engine/engine.js';
import type { Inbound } from '../../engine/events.js';
import type { Accepted } from '../../engine/ports.js';
import type { PhoneRateLimiter } from '../cache/rate-limit.js';
import type { Logger } from '../logger.js';
import { overLimit } from './middleware/rate-limit.js';

export const RATE_LIMITED = 'rate_limited';

export interface WebhookIntakeOptions {
  engine: Pick<Engine, 'receive' | 'receiveWithoutTurn'>;
  /** RATE_LIMIT_PER_PHONE; without one every message runs its turn. */
  limiter?: PhoneRateLimiter;
  logger?: Pick<Logger, 'warn'>;
}

type LearnerMessage = Extract<Inbound, { type: 'message' }>;

/** Hands one learner message from a signed webhook to the engine, within the phone's rate limit. */
export function webhookIntake(options: WebhookIntakeOptions): (event: LearnerMessage) => Promise<Accepted> {
  const { engine, limiter, logger } = options;
  /**
   * A delivery the engine could not take (the database is down: the webhook answers 503) will come
   * again from Twilio or Meta: it gives its point back, so retries of one message never use up
   * the learner's limit and store their message without a turn once the database is back.
   */
  async function receiveOrRefund(event: LearnerMessage): Promise<Accepted> {
    try {
      return await engine.receive(event);
    } catch (error) {
      await limiter!.reward(event.from, 1).catch(() => {});
      throw error;
    }
  }
  return async function receiveWithinLimit(event) {
    if (!limiter) return engine.receive(event);
    const over = await overLimit(limiter, event.from);
    if (!over) return receiveOrRefund(event);
    if (asksToStop(event.message) && !(await overLimit(limiter, `${event.from}:stop`)))
      return engine.receive(event);
    if (over.consumedPoints === limiter.points + 1) {
      logger?.warn(
        {
          phone: event.from,
          channel: event.channel,
          providerId: event.providerId,
          limit: limiter.points,
          retryAfterSeconds: Math.ceil(over.msBeforeNext / 1000),
        },
        'learner over RATE_LIMIT_PER_PHONE: further messages this window are stored without a turn',
      );
    }
    return engine.receiveWithoutTurn(event, RATE_LIMITED);
  };
}
