import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Sender, SendRate } from '../engine/sender.js';
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
): SendRate & {
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
  /** 0 when a send may go now, else the milliseconds until the next second, when to try again. */
  const grant = async (sender: string): Promise<number> => {
    const at = now();
    const second = Math.floor(at / 1000);
    const untilNext = (second + 1) * 1000 - at;
    if (!(await take(secondKey(sender, second)))) return untilNext;
    if (untilNext > tailMs || (await take(secondKey(sender, second + 1)))) return 0;
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
      return (await grant(sender)) === 0;
    },
    async acquire(sender) {
      for (let wait = await grant(sender); wait > 0; wait = await grant(sender)) {
        await new Promise((resolve) => setTimeout(resolve, wait + 1));
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
