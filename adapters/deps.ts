import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import type { DatabaseHandle } from '../db/client.js';
import type { Cache } from './cache/cache.js';
import type { BulkJobs } from './bulk/jobs.js';
import type { Inbound } from '../engine/events.js';
import type { Metrics } from './metrics/registry.js';

/** Health of a background part (scheduler, sender) as /health/ready reports it. */
export interface Probe {
  ping(): Promise<boolean>;
  /** Jobs waiting, running and failed per queue (pg-boss's counts), for /admin/system. */
  queues?(): Promise<QueueDepth[]>;
}

export interface QueueDepth {
  name: string;
  ready: number;
  deferred: number;
  active: number;
  failed: number;
}

/** Everything a request handler may use, built once at start (never globals). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  cache: Cache;
  scheduler: Probe;
  /** Starts a bulk campaign's batches (pg-boss); absent where no scheduler runs. */
  bulk?: BulkJobs;
  /** Puts a system event through the engine's turn (the dashboard's reset and move); absent without an engine. */
  conversations?: { tell(event: Extract<Inbound, { type: 'system' }>): Promise<void> };
  /** Prometheus metrics: with it, the app times every request and serves /metrics. */
  metrics?: Metrics;
}
