import type { Database } from '../../db/client.js';
import { recordErrorTallies, type ErrorTally } from '../../db/repositories/error-groups.js';
import { maskPhones } from '../logger.js';
import { identify } from './fingerprint.js';

export interface ErrorTracker {
  /** Counts one error (never throws, never waits: the error path stays cheap). */
  capture(err: unknown, logMessage: string, source?: string): void;
  /** Writes what was counted since the last flush; the runtime calls it every few seconds and at stop. */
  flush(): Promise<void>;
}

/**
 * Errors grouped in memory and written in batches (decision: one upsert per group per flush rather
 * than a database write on each error, so an error storm, or a database outage, does not become
 * a write storm). A failed flush keeps the tallies for the next one (its own failure is reported
 * through `warn`, not logged as an error, so it cannot feed itself).
 */
export function errorTracker(options: {
  db: Database;
  now?: () => Date;
  warn?: (message: string, err: unknown) => void;
}): ErrorTracker {
  const now = options.now ?? (() => new Date());
  let pending = new Map<string, ErrorTally>();
  return {
    capture(err, logMessage, source) {
      const at = now();
      const id = identify(err, logMessage);
      const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
      const lastMessage = maskPhones(err instanceof Error ? err.message || logMessage : logMessage).slice(
        0,
        500,
      );
      const tally = pending.get(id.fingerprint) ?? {
        ...id,
        lastMessage,
        source: source ?? null,
        firstSeen: at,
        lastSeen: at,
        minutes: new Map<string, number>(),
      };
      tally.lastSeen = at;
      tally.lastMessage = lastMessage;
      tally.minutes.set(minute, (tally.minutes.get(minute) ?? 0) + 1);
      pending.set(id.fingerprint, tally);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await recordErrorTallies(options.db, [...batch.values()]);
      } catch (err) {
        for (const [key, tally] of batch) if (!pending.has(key)) pending.set(key, tally);
        options.warn?.('could not store error groups: kept for the next flush', err);
      }
    },
  };
}
