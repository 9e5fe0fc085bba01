import { EventEmitter } from 'node:events';
import type { Channel, OutboundMessage, SendOptions, SentQuery } from '../../engine/ports.js';

export interface ConsoleDelivery {
  providerId: string;
  to: string;
  message: OutboundMessage;
  at: Date;
}

/**
 * The channel used with no WhatsApp keys: messages go to an in-process feed that the terminal
 * chat, the web simulator (SSE) and tests read. Remembers idempotency keys, so no row is sent twice.
 */
export class ConsoleChannel implements Channel {
  readonly name = 'console';
  private readonly feed = new EventEmitter();
  private readonly sent = new Map<string, ConsoleDelivery>();
  private readonly byPhone = new Map<string, ConsoleDelivery[]>();
  private counter = 0;

  /** `keep`: messages remembered per phone and message ids remembered for deduplication. */
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly keep = { perPhone: 500, ids: 100_000 },
  ) {
    this.feed.setMaxListeners(0);
  }

  async send(
    to: string,
    message: OutboundMessage,
    idempotencyKey: string,
    options: SendOptions = {},
  ): Promise<{ providerId: string }> {
    const earlier = this.sent.get(idempotencyKey);
    if (earlier) return { providerId: earlier.providerId };
    await options.beforeCall?.();
    const delivery: ConsoleDelivery = {
      providerId: `console-${++this.counter}`,
      to,
      message,
      at: this.now(),
    };
    // A long-running server keeps a bounded history: the oldest ids and messages go first.
    if (this.sent.size >= this.keep.ids) this.sent.delete(this.sent.keys().next().value!);
    this.sent.set(idempotencyKey, delivery);
    const list = this.byPhone.get(to) ?? [];
    list.push(delivery);
    if (list.length > this.keep.perPhone) list.shift();
    this.byPhone.set(to, list);
    this.feed.emit('message', delivery);
    return { providerId: delivery.providerId };
  }

  async findSent({ key }: SentQuery): Promise<string | null> {
    return this.sent.get(key)?.providerId ?? null;
  }

  /** Everything sent to one phone, oldest first. */
  messagesTo(phone: string): ConsoleDelivery[] {
    return [...(this.byPhone.get(phone) ?? [])];
  }

  clear(phone?: string): void {
    if (phone) this.byPhone.delete(phone);
    else this.byPhone.clear();
  }

  /** Subscribes to deliveries; returns the unsubscribe function. */
  subscribe(listener: (delivery: ConsoleDelivery) => void): () => void {
    this.feed.on('message', listener);
    return () => this.feed.off('message', listener);
  }
}
