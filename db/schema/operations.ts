import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { at } from './columns.js';

/**
 * Errors grouped by fingerprint (error class + normalized message + top stack frame), written by
 * the error tracker (adapters/errors-tracking/) from every error the logger records; read on
 * /admin/system and GET /admin/api/errors.
 */
export const errorGroups = pgTable(
  'error_groups',
  {
    fingerprint: text('fingerprint').primaryKey(),
    errorClass: text('error_class').notNull(),
    /** The message with ids, numbers and quoted values replaced, so one bug is one group. */
    message: text('message').notNull(),
    topFrame: text('top_frame'),
    /** The latest message as logged (phones masked) and which part logged it (`http`, `sender` …). */
    lastMessage: text('last_message').notNull(),
    source: text('source'),
    count: bigint('count', { mode: 'number' }).notNull(),
    firstSeen: at('first_seen').notNull(),
    lastSeen: at('last_seen').notNull(),
  },
  (t) => [index('error_groups_last_seen_idx').on(t.lastSeen)],
);

/** How many errors of each group fell in each minute: the error rate and the spike rule read it. */
export const errorMinutes = pgTable(
  'error_minutes',
  {
    minute: at('minute').notNull(),
    fingerprint: text('fingerprint').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.minute, t.fingerprint] })],
);

/**
 * One row per alert rule (adapters/alerts/): whether it is breached now, since when, and when
 * admins were last told. Opening and closing are compare-and-set updates, so a breach is logged
 * and notified once however many processes evaluate it.
 */
export const opsAlerts = pgTable('ops_alerts', {
  rule: text('rule').primaryKey(),
  open: boolean('open').notNull().default(false),
  since: at('since'),
  value: doublePrecision('value'),
  threshold: doublePrecision('threshold'),
  message: text('message'),
  notifiedAt: at('notified_at'),
  resolvedAt: at('resolved_at'),
});

export type ErrorGroup = typeof errorGroups.$inferSelect;
export type OpsAlert = typeof opsAlerts.$inferSelect;
