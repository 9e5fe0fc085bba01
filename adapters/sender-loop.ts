import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Sender, SendGrant } from '../engine/sender.js';
import type { Cache } from './cache/index.js';
import { createRateLimiter } from './cache/rate-limit.js';
import type { Logger } from './logger.js';

export interface SendRateOptions {
  /** Epoch milliseconds (tests pass a simulated clock). */
  now?: () => number;
  /**
   * A send granted this close to the end of a second may reach the provider in the next one, so it
   * counts against both seconds: the longest expected time from grant to the provider receiving it.
   */
  tailMs?: number;
}

/**
 * WHATSAPP_MPS per sender, counted in Redis so every process shares it (in-process without Redis).
 * The budget belongs to each wall-clock (epoch) second, the way the provider counts, not to a
 * window opened by the first send: such a window straddles two seconds and lets up to twice MPS
 * into one of them.
 */
export function sendRate(
  cache: Cache,
  messagesPerSecond: number,
  options: SendRateOptions = {},
): {
  acquire(sender: string): Promise<SendGrant>;
  tryAcquire(sender: string): Promise<boolean>;
  pause(sender: string, seconds: number): Promise<void>;
} {
  const now = options.now ?? Date.now;
  const tailMs = options.tailMs ?? 250;
  // One counter per sender and second; it outlives its second so a tail grant can count against it.
  const counter = createRateLimiter(cache, {
    points: messagesPerSecond,
    windowSeconds: 3,
    keyPrefix: 'mps-second',
  });
  const secondKey = (sender: string, second: number) => `${sender}:${second}`;
  const take = async (key: string): Promise<boolean> => {
    try {
      await counter.consume(key);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  };
  /** Whether a send starting now is counted by this grant: in its second, or in the next one it also took. */
  const slot = (second: number, alsoNext: boolean): SendGrant => ({
    stillValid() {
      const at = now();
      const current = Math.floor(at / 1000);
      const tailLeft = (current + 1) * 1000 - at > tailMs;
      return (
        (current === second && (tailLeft || alsoNext)) || (alsoNext && current === second + 1 && tailLeft)
      );
    },
  });
  /** A slot when a send may go now, else the milliseconds until the next second, when to try again. */
  const grant = async (sender: string): Promise<SendGrant | number> => {
    const at = now();
    const second = Math.floor(at / 1000);
    const untilNext = (second + 1) * 1000 - at;
    if (!(await take(secondKey(sender, second)))) return untilNext;
    if (untilNext > tailMs) return slot(second, false);
    if (await take(secondKey(sender, second + 1))) return slot(second, true);
    await counter.reward(secondKey(sender, second), 1);
    return untilNext;
  };
  return {
    /** No sends from this sender for `seconds`, in every process (the channel said 63018: too fast). */
    async pause(sender, seconds) {
      const at = now();
      const last = Math.floor((at + seconds * 1000) / 1000);
      for (let second = Math.floor(at / 1000); second <= last; second++) {
        await counter.block(secondKey(sender, second), Math.ceil(((second + 1) * 1000 - at) / 1000) + 1);
      }
    },
    async tryAcquire(sender) {
      return typeof (await grant(sender)) !== 'number';
    },
    async acquire(sender) {
      for (let granted = await grant(sender); ; granted = await grant(sender)) {
        if (typeof granted !== 'number') return granted;
        await new Promise((resolve) => setTimeout(resolve, granted + 1));
      }
    },
  };
}

/**
 * Runs the sender shortly after turns commit outbox rows (nudges within `batchWindowMs` share one
 * drain, so a busy minute costs a few claims instead of one per message), and every `intervalMs`
 * for retries and recovery.
 */
export function startSenderLoop(sender: Sender, logger: Logger, intervalMs = 500, batchWindowMs = 20) {
  let running: Promise<void> | null = null;
  let pending: NodeJS.Timeout | null = null;
  let again = false;
  let stopped = false;
  // Held messages are looked for on the periodic tick, not after every turn: one statement less per drain.
  let releaseHeld = true;
  const run = (tick = false): Promise<void> => {
    if (stopped) return Promise.resolve();
    releaseHeld ||= tick;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const release = releaseHeld;
          releaseHeld = false;
          await sender.drain({ releaseHeld: release });
        } while (again && !stopped);
      } catch (error) {
        logger.error({ err: error }, 'sender failed; will retry');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const interval = setInterval(() => void run(true), intervalMs);
  interval.unref();
  return {
    nudge: () => {
      pending ??= setTimeout(() => {
        pending = null;
        void run();
      }, batchWindowMs);
    },
    /** Stops polling and waits for the sends in flight. */
    async stop() {
      stopped = true;
      sender.stop();
      clearInterval(interval);
      if (pending) clearTimeout(pending);
      await running;
    },
  };
}
