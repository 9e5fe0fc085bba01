import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory.js';

export interface RedisCacheOptions {
  url: string;
  logger: Logger;
  /** A command that gets no answer in this time counts as an outage rather than hanging a request. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnect attempts. */
  maxReconnectDelayMs?: number;
}

/**
 * The shared cache when REDIS_URL is set. A Redis outage degrades instead of failing requests:
 * reads miss, writes are dropped, counters fall back to this process, and it reconnects by itself.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  /** The connection itself, for rate-limiter-flexible. */
  readonly client: Redis;
  private readonly logger: Logger;
  private readonly fallbackCounters = new MemoryCache();
  private inOutage = false;
  private closed = false;

  constructor(options: RedisCacheOptions) {
    this.logger = options.logger;
    const maxDelay = options.maxReconnectDelayMs ?? 5000;
    this.client = new Redis(options.url, {
      lazyConnect: false,
      // Fail fast while disconnected: a queued command would hold the request that issued it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay),
    });
    this.client.on('error', (error: Error) => this.degraded('connection', error));
    this.client.on('ready', () => this.recovered());
  }

  async get(key: string): Promise<string | null> {
    try {
      return await this.client.get(key);
    } catch (error) {
      this.degraded('get', error);
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    try {
      if (ttlSeconds === undefined) await this.client.set(key, value);
      else await this.client.set(key, value, 'PX', Math.round(ttlSeconds * 1000));
    } catch (error) {
      this.degraded('set', error);
    }
  }

  async incr(key: string, ttlSeconds?: number, by = 1): Promise<number> {
    try {
      if (ttlSeconds === undefined) return await this.client.incrby(key, by);
      // SET NX starts the TTL only when the key is new; MULTI keeps it atomic with the INCR.
      const replies = await this.client
        .multi()
        .set(key, '0', 'PX', Math.round(ttlSeconds * 1000), 'NX')
        .incrby(key, by)
        .exec();
      const [, incrReply] = replies ?? [];
      if (!incrReply || incrReply[0]) throw incrReply?.[0] ?? new Error('transaction aborted');
      return Number(incrReply[1]);
    } catch (error) {
      this.degraded('incr', error);
      return this.fallbackCounters.incr(key, ttlSeconds, by);
    }
  }

  async del(key: string): Promise<void> {
    try {
      await this.client.del(key);
    } catch (error) {
      this.degraded('del', error);
    }
  }

  async ping(): Promise<boolean> {
    if (this.client.status !== 'ready') return false;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** For start-up: commands fail fast until the first connection is made, so wait for it (bounded). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
    this.fallbackCounters.clear();
  }

  /** One warning per outage: a flapping Redis must not flood the logs on every request. */
  private degraded(operation: string, error: unknown): void {
    if (this.inOutage || this.closed) return;
    this.inOutage = true;
    this.logger.warn(
      { err: error, operation },
      'redis unavailable: cache reads miss, writes are skipped and counters are kept in this process until it returns',
    );
  }

  private recovered(): void {
    if (!this.inOutage) return;
    this.inOutage = false;
    // Counts kept during the outage are local to this process; Redis is the source again.
    this.fallbackCounters.clear();
    this.logger.info('redis is reachable again: cache restored');
  }
}
