import { createLearners } from './load.js';
import type { BenchOptions } from './options.js';
import { ReplyLedger } from './replies.js';
import type { BenchControls } from './run.js';
import { round1, type BurstJson } from './stats.js';
import { MEASURED_BASE, withTwilioServer } from './twilio.js';
import { runWebhookLoad } from './webhooks.js';

/** The burst gives up waiting when no reply came for this long. */
const BURST_IDLE_MS = 30_000;
/** After the last expected reply, how long to keep listening for a late duplicate. */
const BURST_SETTLE_MS = 1_000;

export interface BurstResult {
  /** Seconds until every webhook was acknowledged. */
  ackSeconds: number;
  /** Replies nobody asked for (not counted as duplicates of an expected one). */
  unexpected: number;
  errorSamples: string[];
  json: BurstJson;
}

function abortable(signal: AbortSignal | undefined, wait: Promise<void>): Promise<void> {
  if (!signal) return wait;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    void wait.then(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    });
  });
}

/**
 * `options.burst` signed webhooks as fast as the server acknowledges them, with WHATSAPP_MPS at
 * `options.mps`; then waits until every reply reached the fake Twilio, and counts the busiest
 * wall-clock second there, and replies missing or doubled.
 */
export function runBurst(options: BenchOptions, controls: BenchControls = {}): Promise<BurstResult> {
  const { progress = () => {}, signal } = controls;
  const burst = options.burst ?? 0;
  const ledger = new ReplyLedger(false);
  return withTwilioServer(options, controls, options.mps, ledger, async (server) => {
    const expected = new Set<string>();
    progress(
      `burst of ${burst} signed webhooks from ${options.learners} learners, ${options.concurrency} in flight, ` +
        `WHATSAPP_MPS=${options.mps}`,
    );
    const report = setInterval(
      () =>
        progress(
          `${expected.size} webhooks acknowledged, ${ledger.total} replies sent, busiest second so far ${server.fake.peakPerSecond()}`,
        ),
      10_000,
    );
    const t0 = performance.now();
    let ackSeconds = 0;
    const load = await (async () => {
      try {
        const sent = await runWebhookLoad({
          url: server.webhookUrl,
          fake: server.fake,
          ledger,
          learners: createLearners(options.learners, MEASURED_BASE),
          messages: burst,
          concurrency: options.concurrency,
          replyTimeoutMs: null,
          onAccepted: (key) => expected.add(key),
          signal,
        });
        ackSeconds = (performance.now() - t0) / 1000;
        progress(
          `${expected.size} webhooks acknowledged in ${round1(ackSeconds)} s; waiting for every reply`,
        );
        await abortable(signal, ledger.waitForTotal(expected.size, BURST_IDLE_MS));
        await abortable(signal, new Promise((resolve) => setTimeout(resolve, BURST_SETTLE_MS)));
        return sent;
      } finally {
        clearInterval(report);
      }
    })();
    let duplicates = 0;
    for (const count of ledger.counts.values()) duplicates += count - 1;
    const missing = [...expected].filter((key) => !ledger.counts.has(key)).length;
    const unexpected = [...ledger.counts.keys()].filter((key) => !expected.has(key)).length;
    const errors = load.endToEnd.errors + unexpected;
    return {
      ackSeconds,
      unexpected,
      errorSamples: load.endToEnd.errorSamples,
      json: {
        peak_per_s: server.fake.peakPerSecond(),
        mps: options.mps,
        sent: ledger.total,
        duplicates,
        missing,
        seconds: round1(((ledger.lastAt || performance.now()) - t0) / 1000),
        errors,
        channel: 'twilio',
      },
    };
  });
}
