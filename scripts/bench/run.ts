import { phones, runLoad } from './load.js';
import type { BenchOptions } from './options.js';
import {
  benchSchemaName,
  createSchemas,
  dropSchemas,
  startAppServer,
  startFloorServer,
  type RunningServer,
} from './servers.js';
import { benchJson, summarize, type BenchJson, type RunMeasurement, type RunSummary } from './stats.js';

export interface ServerResult {
  summary: RunSummary;
  errorSamples: string[];
}

export interface BenchResult {
  app: ServerResult;
  floor: ServerResult;
  json: BenchJson;
  schema: string;
}

export interface BenchControls {
  /** One line per phase. */
  progress?: (line: string) => void;
  /** Stops sending; the run then stops its servers, drops its schemas and rejects. */
  signal?: AbortSignal;
  /** The schema to create (default bench_<random>). */
  schema?: string;
}

type Controls = Required<Pick<BenchControls, 'progress'>> & Pick<BenchControls, 'signal'>;

const MEASURED_BASE = 10_000_000;
const WARMUP_BASE = 20_000_000;

/** Warms the server up on its own learners, then measures the configured load. */
async function measure(
  server: RunningServer,
  options: BenchOptions,
  name: string,
  { progress, signal }: Controls,
): Promise<RunMeasurement> {
  if (options.warmup > 0) {
    // Enough warm-up learners that each goes through every step of the script.
    const learners = Math.max(options.concurrency, Math.ceil(options.warmup / 10));
    progress(`${name}: warming up (${options.warmup} requests)`);
    const warm = await runLoad({
      url: server.url,
      phones: phones(learners, WARMUP_BASE),
      messages: options.warmup,
      concurrency: options.concurrency,
      idPrefix: 'warmup',
      signal,
    });
    if (warm.errors > 0) progress(`${name}: ${warm.errors} warm-up errors, e.g. ${warm.errorSamples[0]}`);
  }
  progress(
    `${name}: ${options.messages} messages, ${options.learners} learners, ${options.concurrency} in flight`,
  );
  return runLoad({
    url: server.url,
    phones: phones(options.learners, MEASURED_BASE),
    messages: options.messages,
    concurrency: options.concurrency,
    idPrefix: 'run',
    signal,
  });
}

async function measureServer(
  start: () => Promise<RunningServer>,
  options: BenchOptions,
  name: string,
  controls: Controls,
): Promise<ServerResult> {
  const server = await start();
  try {
    const run = await measure(server, options, name, controls);
    controls.signal?.throwIfAborted();
    return { summary: summarize(run), errorSamples: run.errorSamples };
  } finally {
    await server.stop();
  }
}

/** Every schema a run with this name creates (pg-boss creates <schema>_boss itself). */
export function benchSchemas(schema: string): string[] {
  return [schema, `${schema}_floor`, `${schema}_boss`];
}

/**
 * Runs the real server, then the floor, one after the other under the same load, each in a fresh
 * schema on the same PostgreSQL; drops every schema it created, also on failure.
 */
export async function runBench(
  options: BenchOptions,
  { progress = () => {}, signal, schema = benchSchemaName() }: BenchControls = {},
): Promise<BenchResult> {
  const controls = { progress, signal };
  const floorSchema = `${schema}_floor`;
  const schemas = [schema, floorSchema];
  const settings = { url: options.databaseUrl, max: options.poolSize };
  await createSchemas(options.databaseUrl, schemas);
  try {
    const app = await measureServer(
      () => startAppServer({ ...settings, schema }),
      options,
      'server',
      controls,
    );
    const floor = await measureServer(
      () => startFloorServer({ ...settings, schema: floorSchema }),
      options,
      'floor',
      controls,
    );
    return { app, floor, json: benchJson(app.summary, floor.summary), schema };
  } finally {
    await dropSchemas(options.databaseUrl, benchSchemas(schema));
  }
}
