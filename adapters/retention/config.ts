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
  const days = (name: string, fallback: number, min: number) => {
    const value = read.integer(name, fallback, 0, 36500);
    if (value !== 0 && value < min) {
      read.problems.push(
        `${name}="${value}" is too short: keep at least ${min} days (0 keeps rows for ever)`,
      );
      return fallback;
    }
    return value;
  };
  return {
    inboundDays: days('RETAIN_INBOUND_DAYS', 90, 7),
    outboxDays: days('RETAIN_OUTBOX_DAYS', 90, 7),
    statusDays: days('RETAIN_STATUS_DAYS', 90, 1),
    activityDays: days('RETAIN_ACTIVITY_DAYS', 365, 7),
  };
}
