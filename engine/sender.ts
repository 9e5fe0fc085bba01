import {
  ChannelError,
  NotThisSender,
  type Channel,
  type Clock,
  type OutboxRow,
  type OutboxStore,
  type SentRow,
} from './ports.js';
import { errorMessage } from './errors.js';
import type { EngineLogger } from './engine.js';
import { AttemptBatch } from './attempt-batch.js';

export type { OutboxRow, OutboxStore, SentRow } from './ports.js';

/** WhatsApp's customer-service window, less a margin so a message queued at its edge is not refused. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;
const WINDOW_MARGIN_MS = 5 * 60 * 1000;

/** Sends-per-second cap per sender number, shared by every process (Redis) or in-process. */
export interface SendRate {
  /** Waits for a send slot; the grant says whether a send starting now still fits the slot. */
  acquire(sender: string): Promise<SendGrant | void>;
}

/** A slot is for a wall-clock second: a send that starts too late would be counted in the next one. */
export interface SendGrant {
  stillValid(): boolean;
}

export interface SenderOptions {
  store: OutboxStore;
  channels: Record<string, Channel>;
  clock: Clock;
  rate?: SendRate;
  logger?: EngineLogger;
  maxAttempts?: number;
  baseBackoffMs?: number;
  batch?: number;
  /**
   * How long a claim holds rows that are waiting for the rate budget. Short, so rows a dead
   * sender claimed but never handed to the channel go out soon after a restart; a live sender
   * whose rows outwait it only loses them to another claim (marking them attempted checks the claim).
   */
  leaseMs?: number;
  /** How long a row handed to the channel stays leased: longer than the channel's own timeout. */
  attemptLeaseMs?: number;
}

/** Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/** Delivers committed outbox rows through their channel: in order per learner, at most once each. */
export class Sender {
  private readonly maxAttempts: number;
  private readonly attempts: AttemptBatch;
  private stopping = false;
  constructor(private readonly options: SenderOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.attempts = new AttemptBatch((rows) => {
      const at = options.clock.now();
      return options.store.markAttempted(
        rows,
        at,
        new Date(at.getTime() + (options.attemptLeaseMs ?? 20_000)),
      );
    });
  }

  /** Finishes the sends in flight, gives back what it claimed but did not send, and claims no more. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Sends everything due now; returns how many rows it handled. `releaseHeld: false` skips looking
   * for held rows whose learner wrote again (the sender loop looks on its periodic tick only).
   */
  async drain(options: { releaseHeld?: boolean } = {}): Promise<number> {
    let handled = 0;
    if (options.releaseHeld !== false) await this.releaseHeld();
    while (!this.stopping) {
      const now = this.options.clock.now();
      const rows = await this.options.store.claim(
        now,
        new Date(now.getTime() + (this.options.leaseMs ?? 15_000)),
        this.options.batch ?? 50,
      );
      if (rows.length === 0) return handled;
      const sent = (await Promise.all(rows.map((row) => this.deliver(row, now)))).filter((s) => s !== null);
      if (sent.length > 0) await this.options.store.markSent(sent, this.options.clock.now());
      handled += rows.length;
    }
    return handled;
  }

  /** Rows held outside the window go out once their learner has written again (cheap: a partial index). */
  private async releaseHeld(): Promise<void> {
    const now = this.options.clock.now().getTime();
    const released = await this.options.store.releaseHeld(new Date(now - WINDOW_MS + WINDOW_MARGIN_MS));
    if (released > 0)
      this.options.logger?.info({ released }, 'held messages released: their learners wrote again');
  }

  /** Whether the row must go as its template (window closed), wait (no template), or go as it is. */
  private windowRule(row: OutboxRow, channel: Channel): 'free' | 'template' | 'hold' {
    if (!channel.window) return 'free';
    const since = row.lastInboundAt
      ? this.options.clock.now().getTime() - row.lastInboundAt.getTime()
      : Infinity;
    if (since < WINDOW_MS - WINDOW_MARGIN_MS && !row.asTemplate) return 'free';
    return row.payload.template ? 'template' : 'hold';
  }

  /**
   * Sends one row; returns its provider id when the channel accepted it (recorded by the caller).
   * `claimedAt` is when the row (with its learner's last message time) was read.
   */
  private async deliver(row: OutboxRow, claimedAt: Date): Promise<SentRow | null> {
    const { store, clock } = this.options;
    const channel = this.options.channels[row.channel];
    if (!channel) return this.dead(row, `No channel "${row.channel}" is configured`, true);
    if (row.learnerStatus !== 'active' && !row.payload.afterOptOut) {
      return this.dead(row, `Not sent: the learner is ${row.learnerStatus.replace('_', ' ')}`, false);
    }
    const rule = this.windowRule(row, channel);
    if (rule === 'hold') {
      // Held as of the claim: a message the learner wrote since (while this ran) releases it.
      await store.hold(row.id, claimedAt);
      return null;
    }
    const key = String(row.id);
    if (row.recovered) {
      if (!channel.findSent) {
        return this.dead(
          row,
          'Delivery unknown after a crash mid-send; not resent to avoid a duplicate',
          false,
        );
      }
      const providerId = await channel.findSent({
        key,
        to: row.recipient,
        message: row.payload,
        asTemplate: rule === 'template',
        since: row.attemptedAt ?? new Date(0),
      });
      if (providerId) {
        this.options.logger?.info(
          { outboxId: row.id },
          'a message sent before a crash was found at the channel',
        );
        return { id: row.id, channel: row.channel, providerId };
      }
    }
    try {
      let grant = await this.options.rate?.acquire(row.channel);
      if (this.stopping) {
        await store.release([row.id]);
        return null;
      }
      const { providerId } = await channel.send(row.recipient, row.payload, key, {
        asTemplate: rule === 'template',
        beforeCall: async () => {
          // Recorded immediately before the call: a row this sender claimed but never handed over
          // is simply sent after a crash, and only one claim of a row can get past this point.
          if (!(await this.attempts.mark(row))) throw new NotThisSender();
          // The slot is for one wall-clock second: if building and marking took us past it, take a
          // new one rather than let the provider count this send in a second it was not granted.
          while (grant && !grant.stillValid()) grant = await this.options.rate?.acquire(row.channel);
        },
      });
      return { id: row.id, channel: row.channel, providerId };
    } catch (error) {
      if (error instanceof NotThisSender) return null;
      const retry = error instanceof ChannelError ? error.retry : true;
      const reason = errorMessage(error);
      if (!retry || row.attempts >= this.maxAttempts) {
        return this.dead(row, retry ? `Gave up after ${row.attempts} attempts: ${reason}` : reason, true);
      }
      const at = new Date(clock.now().getTime() + backoffMs(row.attempts, this.options.baseBackoffMs));
      // No answer at all (a timeout, a reset): the provider may have the message; ask before resending.
      const uncertain = error instanceof ChannelError && error.uncertain;
      await store.retryLater(row.id, reason, at, { uncertain });
      return null;
    }
  }

  /** Gives up on a row, says why in the log, and queues its apology when the channel was at fault. */
  private async dead(row: OutboxRow, reason: string, fallback: boolean): Promise<null> {
    this.options.logger?.warn(
      { outboxId: row.id, userId: row.userId, attempts: row.attempts, reason },
      'outbound message is dead',
    );
    await this.options.store.markDead(row.id, reason, { fallback: fallback && !!row.payload.fallback });
    return null;
  }
}
