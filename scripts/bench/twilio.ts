import { createLearners } from './load.js';
import type { BenchOptions } from './options.js';
import { ReplyLedger } from './replies.js';
import { chunks, type BenchControls } from './run.js';
import { benchSchemaName, createSchemas, dropSchemas } from './servers.js';
import {
  mergeRuns,
  summarize,
  twilioBenchJson,
  type RunMeasurement,
  type RunSummary,
  type TwilioBenchJson,
} from './stats.js';
import { startTwilioServer, type TwilioServer } from './twilio-server.js';
import { runWebhookLoad } from './webhooks.js';

/** WHATSAPP_MPS for the throughput run: the most the config accepts, so the cap is not what is measured. */
export const THROUGHPUT_MPS = 10_000;
const REPLY_TIMEOUT_MS = 30_000;
export const MEASURED_BASE = 30_000_000;
const WARMUP_BASE = 40_000_000;

export interface TwilioBenchResult {
  endToEnd: RunSummary;
  ack: RunSummary;
  errorSamples: string[];
  json: TwilioBenchJson;
}

/** Runs `work` against the real server on the Twilio channel in a fresh schema, dropped afterwards. */
export async function withTwilioServer<T>(
  options: BenchOptions,
  controls: BenchControls,
  mps: number,
  ledger: ReplyLedger,
  work: (server: TwilioServer) => Promise<T>,
): Promise<T> {
  const schema = controls.schema ?? benchSchemaName();
  await createSchemas(options.databaseUrl, [schema]);
  let server: TwilioServer | null = null;
  try {
    server = await startTwilioServer({
      url: options.databaseUrl,
      schema,
      max: options.poolSize,
      mps,
      onReply: ledger.received,
    });
    return await work(server);
  } finally {
    await server?.stop();
    await dropSchemas(options.databaseUrl, [schema, `${schema}_boss`]);
  }
}

/**
 * Signed webhooks to POST /webhooks/twilio, each learner waiting for their reply at the fake
 * Twilio before writing again: end-to-end latency and throughput, and the webhooks' own 200s.
 */
export function runTwilioBench(
  options: BenchOptions,
  controls: BenchControls = {},
): Promise<TwilioBenchResult> {
  const { progress = () => {}, signal } = controls;
  const ledger = new ReplyLedger(true);
  return withTwilioServer(options, controls, THROUGHPUT_MPS, ledger, async (server) => {
    const load = {
      url: server.webhookUrl,
      fake: server.fake,
      ledger,
      replyTimeoutMs: REPLY_TIMEOUT_MS,
      signal,
    };
    if (options.warmup > 0) {
      progress(`warming up (${options.warmup} webhooks)`);
      const count = Math.max(options.concurrency, Math.ceil(options.warmup / 10));
      const learners = createLearners(count, WARMUP_BASE);
      const warm = await runWebhookLoad({
        ...load,
        learners,
        messages: options.warmup,
        concurrency: options.concurrency,
      });
      if (warm.endToEnd.errors > 0)
        progress(`${warm.endToEnd.errors} warm-up errors, e.g. ${warm.endToEnd.errorSamples[0]}`);
    }
    const rounds = chunks(options.messages, options.rounds);
    progress(
      `${options.messages} signed webhooks, ${options.learners} learners, ${options.concurrency} in flight ` +
        `until each reply reaches the fake Twilio, WHATSAPP_MPS=${THROUGHPUT_MPS}`,
    );
    const learners = createLearners(options.learners, MEASURED_BASE);
    const runs: RunMeasurement[] = [];
    const acks: number[] = [];
    for (const messages of rounds) {
      signal?.throwIfAborted();
      const run = await runWebhookLoad({ ...load, learners, messages, concurrency: options.concurrency });
      runs.push(run.endToEnd);
      acks.push(...run.ackLatenciesMs);
    }
    signal?.throwIfAborted();
    const merged = mergeRuns(runs);
    const unexpected = ledger.unexpected.length;
    const measured = { ...merged, errors: merged.errors + unexpected };
    const endToEnd = summarize(measured);
    const ack = summarize({ ...measured, latenciesMs: acks });
    const errorSamples = [...merged.errorSamples, ...ledger.unexpected.map((r) => `unexpected reply ${r}`)];
    return { endToEnd, ack, errorSamples: errorSamples.slice(0, 5), json: twilioBenchJson(endToEnd, ack) };
  });
}
