import type { FakeTwilioMessage } from './fake-twilio.js';

interface Waiting {
  body: string;
  resolve: (arrivedAt: number) => void;
  cancel: () => void;
}

/**
 * Every reply the fake Twilio accepted, by learner and text: who is waiting for which reply (a
 * learner has at most one message in flight), how often each reply came, and when the last one did.
 */
export class ReplyLedger {
  /** Accepted sends per `to` + body: more than 1 is a duplicate. */
  readonly counts = new Map<string, number>();
  /** Replies nobody was waiting for, or with another text than expected. */
  readonly unexpected: string[] = [];
  total = 0;
  /** performance.now() of the latest reply. */
  lastAt = 0;
  private readonly waiting = new Map<string, Waiting>();
  private readonly listeners = new Set<() => void>();

  /** `closedLoop`: every reply must be one a learner is waiting for (the throughput run). */
  constructor(private readonly closedLoop = false) {}

  static key(phone: string, body: string): string {
    return `whatsapp:${phone}\n${body}`;
  }

  /** The fake's onMessage hook. */
  readonly received = (message: FakeTwilioMessage): void => {
    const now = performance.now();
    const body = message.body ?? `[${message.contentSid ?? 'media'}]`;
    const key = `${message.to}\n${body}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
    this.lastAt = now;
    const phone = message.to.replace(/^whatsapp:/, '');
    const waiting = this.waiting.get(phone);
    if (waiting && waiting.body === body) {
      this.waiting.delete(phone);
      waiting.resolve(now);
    } else if (this.closedLoop) {
      this.unexpected.push(`${message.to}: ${body.slice(0, 80)}`);
    }
    for (const listener of this.listeners) listener();
  };

  /** Resolves with the arrival time of `body` sent to `phone`, or null after `timeoutMs`. */
  expect(phone: string, body: string, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(phone);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(phone, {
        body,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
        cancel: () => clearTimeout(timer),
      });
    });
  }

  /** No reply is coming for this learner's message (its webhook failed). */
  forget(phone: string): void {
    this.waiting.get(phone)?.cancel();
    this.waiting.delete(phone);
  }

  /** Resolves once `count` replies arrived, or when none arrived for `idleMs` (something is missing). */
  waitForTotal(count: number, idleMs: number): Promise<void> {
    return new Promise((resolve) => {
      let idle: NodeJS.Timeout;
      const check = () => {
        clearTimeout(idle);
        if (this.total >= count) {
          this.listeners.delete(check);
          resolve();
          return;
        }
        idle = setTimeout(() => {
          this.listeners.delete(check);
          resolve();
        }, idleMs);
      };
      this.listeners.add(check);
      check();
    });
  }
}
