import { ChannelError, type Channel, type Clock, type OutboundMessage } from './ports.js';
import { errorMessage } from './errors.js';
import type { EngineLogger } from './engine.js';

export interface OutboxRow {
  id: number;
  userId: string;
  channel: string;
  recipient: string;
  payload: OutboundMessage;
  attempts: number;
  /** The row was mid-send when its sender died: it may already have reached the channel. */
  recovered: boolean;
  /** The learner's status now (active, opted_out, blocked) and when they last wrote. */
  learnerStatus: string;
  lastInboundAt: Date | null;
}

/** A row the channel accepted, with the id the provider gave it. */
export interface SentRow {
  id: number;
  channel: string;
  providerId: string;
}

export interface OutboxStore {
  /** Leases the oldest unsent row of each learner that is due, so rows leave in order per learner. */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  /** Records the provider id of each accepted row, in one write per batch. */
  markSent(sent: SentRow[], at: Date): Promise<void>;
  retryLater(id: number, error: string, at: Date): Promise<void>;
  markDead(id: number, reason: string): Promise<void>;
  /** Gives claimed rows back unsent (the sender is stopping). */
  release(ids: number[]): Promise<void>;
  /** Keeps a row unsent until the learner writes again (outside the 24-hour window, no template). */
  hold(id: number, at: Date): Promise<void>;
  /** Makes held rows sendable again for learners whose window opened after `windowStart`. */
  releaseHeld(windowStart: Date): Promise<number>;
}

/** WhatsApp's customer-service window, less a margin so a message queued at its edge is not refused. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;
const WINDOW_MARGIN_MS = 5 * 60 * 1000;

/** Sends-per-second cap per sender number, shared by every process (Redis) or in-process. */
export interface SendRate {
  acquire(sender: string): Promise<void>;
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
  leaseMs?: number;
}

/** Exponential backoff: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/** Delivers committed outbox rows through their channel: in order per learner, at most once each. */
export class Sender {
  private readonly maxAttempts: number;
  private stopping = false;
  constructor(private readonly options: SenderOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
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
        new Date(now.getTime() + (this.options.leaseMs ?? 60_000)),
        this.options.batch ?? 50,
      );
      if (rows.length === 0) return handled;
      const sent = (await Promise.all(rows.map((row) => this.deliver(row)))).filter((s) => s !== null);
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
    const forced = (row.payload as { forceTemplate?: boolean }).forceTemplate === true;
    if (since < WINDOW_MS - WINDOW_MARGIN_MS && !forced) return 'free';
    return row.payload.template ? 'template' : 'hold';
  }

  /** Sends one row; returns its provider id when the channel accepted it (recorded by the caller). */
  private async deliver(row: OutboxRow): Promise<SentRow | null> {
    const { store, clock } = this.options;
    const channel = this.options.channels[row.channel];
    if (!channel) return this.dead(row.id, `No channel "${row.channel}" is configured`);
    if (row.learnerStatus !== 'active' && !row.payload.afterOptOut) {
      return this.dead(row.id, `Not sent: the learner is ${row.learnerStatus.replace('_', ' ')}`);
    }
    const rule = this.windowRule(row, channel);
    if (rule === 'hold') {
      await store.hold(row.id, clock.now());
      return null;
    }
    const key = String(row.id);
    if (row.recovered) {
      const providerId = channel.findSent ? await channel.findSent(key) : null;
      if (providerId) return { id: row.id, channel: row.channel, providerId };
      if (!channel.findSent) {
        return this.dead(row.id, 'Delivery unknown after a crash mid-send; not resent to avoid a duplicate');
      }
    }
    try {
      await this.options.rate?.acquire(row.channel);
      if (this.stopping) {
        await store.release([row.id]);
        return null;
      }
      const { providerId } = await channel.send(row.recipient, row.payload, key, {
        asTemplate: rule === 'template',
      });
      return { id: row.id, channel: row.channel, providerId };
    } catch (error) {
      const retry = error instanceof ChannelError ? error.retry : true;
      const reason = errorMessage(error);
      if (!retry || row.attempts >= this.maxAttempts) {
        this.options.logger?.warn(
          { outboxId: row.id, reason, attempts: row.attempts },
          'outbound message is dead',
        );
        return this.dead(row.id, retry ? `Gave up after ${row.attempts} attempts: ${reason}` : reason);
      }
      const at = new Date(clock.now().getTime() + backoffMs(row.attempts, this.options.baseBackoffMs));
      await store.retryLater(row.id, reason, at);
      return null;
    }
  }

  private async dead(id: number, reason: string): Promise<null> {
    await this.options.store.markDead(id, reason);
    return null;
  }
}
