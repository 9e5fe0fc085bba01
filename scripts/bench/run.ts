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

export type Progress = (line: string) => void;

const MEASURED_BASE = 10_000_000;
const WARMUP_BASE = 20_000_000;

/** Warms the server up on its own learners, then measures the configured load. */
async function measure(
  server: RunningServer,
  options: BenchOptions,
  name: string,
  progress: Progress,
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
  });
}

async function measureServer(
  start: () => Promise<RunningServer>,
  options: BenchOptions,
  name: string,
  progress: Progress,
): Promise<ServerResult> {
  const server = await start();
  try {
    const run = await measure(server, options, name, progress);
    return { summary: summarize(run), errorSamples: run.errorSamples };
  } finally {
    await server.stop();
  }
}

/**
 * Runs the real server, then the floor, one after the other under the same load, each in a fresh
 * schema on the same PostgreSQL; drops every schema it created, also on failure.
 */
export async function runBench(options: BenchOptions, progress: Progress = () => {}): Promise<BenchResult> {
  const schema = benchSchemaName();
  const floorSchema = `${schema}_floor`;
  const schemas = [schema, floorSchema];
  const settings = { url: options.databaseUrl, max: options.poolSize };
  await createSchemas(options.databaseUrl, schemas);
  try {
    const app = await measureServer(
      () => startAppServer({ ...settings, schema }),
      options,
      'server',
      progress,
    );
    const floor = await measureServer(
      () => startFloorServer({ ...settings, schema: floorSchema }),
      options,
      'floor',
      progress,
    );
    return { app, floor, json: benchJson(app.summary, floor.summary), schema };
  } finally {
    // pg-boss creates <schema>_boss itself.
    await dropSchemas(options.databaseUrl, [...schemas, `${schema}_boss`]);
  }
}
