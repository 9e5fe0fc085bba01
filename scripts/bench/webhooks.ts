import type { FakeTwilio } from './fake-twilio.js';
import { fixtureMessages } from './whatsapp-flow.js';
import { Failures, forEachMessage, type Learner } from './load.js';
import { ReplyLedger } from './replies.js';
import type { RunMeasurement } from './stats.js';

/** The fixture's reply to a learner's first message. */
export const WELCOME = fixtureMessages().render('en', 'fixture.welcome');

/**
 * What a learner writes at `step` and the one reply the WhatsApp fixture flow gives: a welcome
 * for the first message, then an echo (no word the root treats as a command, such as MENU).
 */
export function webhookExchange(learner: Learner, step: number): { text: string; reply: string } {
  if (step === 0) return { text: 'hi', reply: WELCOME };
  const text = `note ${learner.index}.${step}`;
  return { text, reply: `You said: ${text}` };
}

export interface WebhookLoadOptions {
  /** POST /webhooks/twilio; signatures are computed over this URL. */
  url: string;
  /** Builds and signs the webhooks the way Twilio does. */
  fake: FakeTwilio;
  ledger: ReplyLedger;
  learners: Learner[];
  messages: number;
  concurrency: number;
  /**
   * Closed loop (the throughput run): a learner's next message waits until its reply reached the
   * fake, failing after this long. null (the burst): the next message goes once the webhook is acknowledged.
   */
  replyTimeoutMs: number | null;
  /** Each acknowledged message's expected reply (ReplyLedger.key). */
  onAccepted?: (replyKey: string) => void;
  signal?: AbortSignal;
}

export interface WebhookMeasurement {
  /** Webhook sent → its reply received by the fake (closed loop only; empty in the burst). */
  endToEnd: RunMeasurement;
  /** Webhook sent → its 200 with empty TwiML. */
  ackLatenciesMs: number[];
}

/** Sends signed Twilio webhooks, each with a new MessageSid, and times the acknowledgement and the reply. */
export async function runWebhookLoad(options: WebhookLoadOptions): Promise<WebhookMeasurement> {
  const latenciesMs: number[] = [];
  const ackLatenciesMs: number[] = [];
  const failures = new Failures();

  async function send(learner: Learner): Promise<void> {
    const { text, reply } = webhookExchange(learner, learner.step);
    learner.step++;
    const params = options.fake.inboundParams(learner.phone, { text });
    const t0 = performance.now();
    const arrival =
      options.replyTimeoutMs === null
        ? null
        : options.ledger.expect(learner.phone, reply, options.replyTimeoutMs);
    try {
      const response = await options.fake.post(options.url, params);
      const answer = await response.text();
      if (response.status !== 200) {
        options.ledger.forget(learner.phone);
        return failures.add(`HTTP ${response.status}: ${answer.slice(0, 200)}`);
      }
      ackLatenciesMs.push(performance.now() - t0);
      options.onAccepted?.(ReplyLedger.key(learner.phone, reply));
    } catch (error) {
      options.ledger.forget(learner.phone);
      return failures.addError(error);
    }
    if (!arrival) return;
    const at = await arrival;
    if (at === null)
      failures.add(`no reply to ${learner.phone} "${text}" within ${options.replyTimeoutMs} ms`);
    else latenciesMs.push(at - t0);
  }

  const { elapsedMs, cpuMs } = await forEachMessage(options, send);
  return {
    endToEnd: { latenciesMs, errors: failures.count, errorSamples: failures.samples, elapsedMs, cpuMs },
    ackLatenciesMs,
  };
}
