/** The small cache surface the product needs; Redis in production, in-process by default. */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Stores a value, expiring after `ttlSeconds` when given. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Adds `by` (default one) and returns the new value; starts the TTL when the key is created. */
  incr(key: string, ttlSeconds?: number, by?: number): Promise<number>;
  del(key: string): Promise<void>;
  /** true when the backing store answers right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
