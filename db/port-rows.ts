/*
 * The engine's port types (engine/ports.ts) describe rows db/ stores, but engine/ may not import
 * drizzle, so they are written by hand. These compile-time checks tie each to its table's
 * `$inferSelect`: `npm run typecheck` fails when a column and its port field drift apart.
 */
import type { OutboxRow, TimerRecord } from '../engine/ports.js';
import type { outbox } from './schema/messages.js';
import type { timers } from './schema/timers.js';

/** Every field of `Port` that names a column holds what the column holds. */
type Matches<Port, Row> = {
  [K in keyof Port & keyof Row]: Row[K] extends Port[K] ? (Port[K] extends Row[K] ? true : false) : false;
}[keyof Port & keyof Row];
type Check<T extends true> = T;

export type TimerRecordMatchesTimers = Check<Matches<TimerRecord, typeof timers.$inferSelect>>;
export type OutboxRowMatchesOutbox = Check<Matches<Omit<OutboxRow, 'id'>, typeof outbox.$inferSelect>>;
