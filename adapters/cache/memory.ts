import type { Cache } from './cache.js';

const SWEEP_EVERY_WRITES = 1000;

interface Entry {
  value: string;
  expiresAt?: number;
}

export interface MemoryCacheOptions {
  /** Milliseconds since the epoch; tests pass a simulated clock instead of sleeping. */
  now?: () => number;
}

/** The in-process cache for a single process (the default when REDIS_URL is unset). */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private writes = 0;

  constructor(options: MemoryCacheOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.write(key, { value, expiresAt: this.expiry(ttlSeconds) });
  }

  async incr(key: string, ttlSeconds?: number, by = 1): Promise<number> {
    const entry = this.live(key);
    if (!entry) {
      this.write(key, { value: String(by), expiresAt: this.expiry(ttlSeconds) });
      return by;
    }
    const next = Number(entry.value) + by;
    if (!Number.isInteger(next)) throw new Error(`cache value at ${key} is not an integer`);
    entry.value = String(next);
    return next;
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.clear();
  }

  clear(): void {
    this.entries.clear();
  }

  /** Expired entries are dropped on read, so no timer keeps the process alive. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Keys written once and never read again (a phone that went quiet) would otherwise stay forever. */
  private write(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    if (++this.writes % SWEEP_EVERY_WRITES !== 0) return;
    const now = this.now();
    for (const [k, e] of this.entries)
      if (e.expiresAt !== undefined && e.expiresAt <= now) this.entries.delete(k);
  }

  private expiry(ttlSeconds?: number): number | undefined {
    return ttlSeconds === undefined ? undefined : this.now() + ttlSeconds * 1000;
  }
}
