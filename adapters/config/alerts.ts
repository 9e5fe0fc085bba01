import type { EnvReader } from './env.js';

/** When the operator is told something is wrong (docs/operations-alerts.md). */
export interface AlertsConfig {
  /** Share of payment attempts settled in the window that failed, in percent. */
  paymentFailurePercent: number;
  /** Share of messages the channel reported in the window as failed or undelivered, in percent. */
  deliveryFailurePercent: number;
  /** Age of the oldest message not yet handed to the channel, in seconds. */
  backlogAgeSeconds: number;
  /** Errors of any kind logged in the window. */
  errorSpike: number;
  /** The window the rates and the error count are measured over, in minutes. */
  windowMinutes: number;
  /** Fewer payments or messages than this in the window say nothing about a rate. */
  minSample: number;
  /** A rule that breaches again within this many minutes of its last notice is not notified again. */
  cooldownMinutes: number;
  /** POST JSON here on each new breach. */
  webhookUrl?: string;
  /** Admin phones (E.164) that get the `ops_alert` WhatsApp template on each new breach. */
  whatsappTo: string[];
}

const E164 = /^\+[1-9]\d{7,14}$/;

/** ALERT_* variables, each checked against its range; a bad phone in ALERT_WHATSAPP_TO is named. */
export function alertsConfig(read: EnvReader): AlertsConfig {
  const whatsappTo = (read.optional('ALERT_WHATSAPP_TO') ?? '')
    .split(',')
    .map((phone) => phone.replace(/[\s()-]/g, ''))
    .filter(Boolean);
  for (const phone of whatsappTo.filter((p) => !E164.test(p)))
    read.problems.push(
      `ALERT_WHATSAPP_TO has "${phone}", which is not a phone number in international form: write numbers like +254712345678, separated by commas`,
    );
  const webhookUrl = read.url('ALERT_WEBHOOK_URL', ['https:', 'http:']);
  return {
    paymentFailurePercent: read.integer('ALERT_PAYMENT_FAILURE_PERCENT', 30, 1, 100),
    deliveryFailurePercent: read.integer('ALERT_DELIVERY_FAILURE_PERCENT', 10, 1, 100),
    backlogAgeSeconds: read.integer('ALERT_BACKLOG_AGE_SECONDS', 600, 10, 86_400),
    errorSpike: read.integer('ALERT_ERROR_SPIKE', 50, 1, 1_000_000),
    windowMinutes: read.integer('ALERT_WINDOW_MINUTES', 15, 1, 1440),
    minSample: read.integer('ALERT_MIN_SAMPLE', 10, 1, 100_000),
    cooldownMinutes: read.integer('ALERT_COOLDOWN_MINUTES', 60, 0, 10_080),
    ...(webhookUrl ? { webhookUrl } : {}),
    whatsappTo: whatsappTo.filter((p) => E164.test(p)),
  };
}
