import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read at scrape time; each is optional so a part that is off reports nothing. */
export interface MetricSources {
  /** pg-boss jobs per queue and state (queued, active, deferred, failed). */
  queues?: () => Promise<{ queue: string; state: string; jobs: number }[]>;
  /** Unsent outbox rows per status and the age of the oldest, in seconds. */
  outbox?: () => Promise<{ status: string; messages: number; oldestAgeSeconds: number }[]>;
  /** Connections the database pool may open. */
  poolSize?: number;
}

/** Seconds: a webhook answers in tens of milliseconds; Twilio gives up at 15 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];

/**
 * Every LearnLoop metric in one registry per runtime (tests start several runtimes in one process,
 * so nothing is registered globally). Names start with `learnloop_`; the process and Node.js
 * defaults (event-loop lag, heap, GC, CPU) come from prom-client.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  const withRegistry = { registers: [registry] };
  const metrics = {
    registry,
    http: new Histogram({
      name: 'learnloop_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      ...withRegistry,
    }),
    turns: new Histogram({
      name: 'learnloop_turn_duration_seconds',
      help: 'Time to accept one inbound event and run its turn, by event kind and outcome (processed, duplicate, error)',
      labelNames: ['kind', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      ...withRegistry,
    }),
    sends: new Counter({
      name: 'learnloop_sends_total',
      help: 'Messages handed to a channel, by channel and status (sent, retry, failed, uncertain)',
      labelNames: ['channel', 'status'] as const,
      ...withRegistry,
    }),
    tutorCalls: new Counter({
      name: 'learnloop_tutor_calls_total',
      help: 'Calls to the tutor model, by outcome (ok or the failure reason)',
      labelNames: ['outcome'] as const,
      ...withRegistry,
    }),
    paymentCalls: new Counter({
      name: 'learnloop_payment_calls_total',
      help: 'Calls to M-PESA, by call (stk_push, stk_query, reversal) and outcome',
      labelNames: ['call', 'outcome'] as const,
      ...withRegistry,
    }),
    statements: new Histogram({
      name: 'learnloop_db_statement_duration_seconds',
      help: 'Database statement time from issue to result (waiting for a free connection included)',
      labelNames: ['outcome'] as const,
      buckets: LATENCY_BUCKETS,
      ...withRegistry,
    }),
    statementsInFlight: new Gauge({
      name: 'learnloop_db_statements_in_flight',
      help: 'Database statements issued and not yet answered (compare with learnloop_db_pool_size)',
      ...withRegistry,
    }),
    slowStatements: new Counter({
      name: 'learnloop_db_slow_statements_total',
      help: 'Statements slower than SLOW_QUERY_MS (each is logged with its shape)',
      ...withRegistry,
    }),
    /** Points the scrape-time gauges at the running parts. */
    watch(next: MetricSources) {
      Object.assign(sources, next);
    },
  };
  new Gauge({
    name: 'learnloop_db_pool_size',
    help: 'Connections the database pool may open',
    ...withRegistry,
    collect() {
      if (sources.poolSize !== undefined) this.set(sources.poolSize);
    },
  });
  new Gauge({
    name: 'learnloop_queue_jobs',
    help: 'pg-boss jobs by queue and state (as of pg-boss’s last monitor pass)',
    labelNames: ['queue', 'state'] as const,
    ...withRegistry,
    async collect() {
      this.reset();
      for (const { queue, state, jobs } of (await sources.queues?.()) ?? []) this.set({ queue, state }, jobs);
    },
  });
  // One outbox query per scrape feeds both gauges (collected in this order).
  let outbox: Awaited<ReturnType<NonNullable<MetricSources['outbox']>>> = [];
  new Gauge({
    name: 'learnloop_outbox_messages',
    help: 'Outbox rows not yet sent, by status (pending, sending, held)',
    labelNames: ['status'] as const,
    ...withRegistry,
    async collect() {
      outbox = (await sources.outbox?.()) ?? [];
      this.reset();
      for (const row of outbox) this.set({ status: row.status }, row.messages);
    },
  });
  new Gauge({
    name: 'learnloop_outbox_oldest_age_seconds',
    help: 'Age of the oldest unsent outbox row, by status',
    labelNames: ['status'] as const,
    ...withRegistry,
    collect() {
      this.reset();
      for (const row of outbox) this.set({ status: row.status }, row.oldestAgeSeconds);
    },
  });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
