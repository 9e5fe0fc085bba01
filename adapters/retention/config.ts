import type { EnvReader } from '../config/env.js';

/** Days each high-volume table keeps its rows; 0 keeps them for ever. */
export interface RetentionConfig {
  inboundDays: number;
  outboxDays: number;
  statusDays: number;
  activityDays: number;
}

/*
 * Decisions: 90 days of messages and statuses (support questions, delivery disputes and the
 * dashboard's 30-day figures need weeks, not years); a year of the activity log, the audit trail
 * and the learner's history. At least 7 days for messages: provider retries and duplicate
 * webhooks are deduplicated against the inbox, so it must outlive them (Twilio retries for hours).
 */
export function retentionConfig(read: EnvReader): RetentionConfig {
  const atLeast = (name: string, value: number, min: number, fallback: number) => {
    if (value === 0 || value >= min) return value;
    read.problems.push(`${name}="${value}" is too short: keep at least ${min} days (0 keeps rows for ever)`);
    return fallback;
  };
  const inbound = read.integer('RETAIN_INBOUND_DAYS', 90, 0, 36500);
  const outbox = read.integer('RETAIN_OUTBOX_DAYS', 90, 0, 36500);
  const status = read.integer('RETAIN_STATUS_DAYS', 90, 0, 36500);
  const activity = read.integer('RETAIN_ACTIVITY_DAYS', 365, 0, 36500);
  return {
    inboundDays: atLeast('RETAIN_INBOUND_DAYS', inbound, 7, 90),
    outboxDays: atLeast('RETAIN_OUTBOX_DAYS', outbox, 7, 90),
    statusDays: atLeast('RETAIN_STATUS_DAYS', status, 1, 90),
    activityDays: atLeast('RETAIN_ACTIVITY_DAYS', activity, 7, 365),
  };
}
