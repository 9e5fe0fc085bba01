import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Sender, SendRate } from '../engine/sender.js';
import type { Cache } from './cache/index.js';
import { createRateLimiter } from './cache/rate-limit.js';
import type { Logger } from './logger.js';

/** WHATSAPP_MPS per sender, counted in Redis so every process shares it (in-process without Redis). */
export function sendRate(
  cache: Cache,
  messagesPerSecond: number,
): SendRate & {
  tryAcquire(sender: string): Promise<boolean>;
  pause(sender: string, seconds: number): Promise<void>;
} {
  const limiter = createRateLimiter(cache, { points: messagesPerSecond, windowSeconds: 1, keyPrefix: 'mps' });
  return {
    /** No sends from this sender for `seconds`, in every process (the channel said 63018: too fast). */
    async pause(sender, seconds) {
      await limiter.block(sender, seconds);
    },
    async tryAcquire(sender) {
      try {
        await limiter.consume(sender);
        return true;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      }
    },
    async acquire(sender) {
      for (;;) {
        try {
          await limiter.consume(sender);
          return;
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          await new Promise((resolve) => setTimeout(resolve, rejection.msBeforeNext));
        }
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
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await sender.drain();
        } while (again && !stopped);
      } catch (error) {
        logger.error({ err: error }, 'sender failed; will retry');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const interval = setInterval(() => void run(), intervalMs);
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
