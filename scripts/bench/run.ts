import { createLearners, runLoad, type Learner } from './load.js';
import type { BenchOptions } from './options.js';
import {
  benchSchemaName,
  createSchemas,
  dropSchemas,
  startAppServer,
  startFloorServer,
  type RunningServer,
} from './servers.js';
import {
  benchJson,
  mergeRuns,
  summarize,
  type BenchJson,
  type RunMeasurement,
  type RunSummary,
} from './stats.js';

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

const MEASURED_BASE = 10_000_000;
const WARMUP_BASE = 20_000_000;

interface Target {
  name: string;
  server: RunningServer;
  /** This server's own learners, carried from round to round. */
  learners: Learner[];
  runs: RunMeasurement[];
}

/** Every schema a run with this name creates (pg-boss creates <schema>_boss itself). */
export function benchSchemas(schema: string): string[] {
  return [schema, `${schema}_floor`, `${schema}_boss`];
}

/** Splits `total` into `parts` chunks that differ by at most one. */
export function chunks(total: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, total));
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

async function warmUp(target: Target, options: BenchOptions, signal?: AbortSignal): Promise<string | null> {
  if (options.warmup === 0) return null;
  // Enough warm-up learners that each goes through every step of the script.
  const count = Math.max(options.concurrency, Math.ceil(options.warmup / 10));
  const warm = await runLoad({
    url: target.server.url,
    learners: createLearners(count, WARMUP_BASE),
    messages: options.warmup,
    concurrency: options.concurrency,
    idPrefix: 'warmup',
    signal,
  });
  return warm.errors > 0
    ? `${target.name}: ${warm.errors} warm-up errors, e.g. ${warm.errorSamples[0]}`
    : null;
}

function result(target: Target): ServerResult {
  const run = mergeRuns(target.runs);
  return { summary: summarize(run), errorSamples: run.errorSamples };
}

/**
 * Runs the real server and the floor side by side, each in a fresh schema on the same PostgreSQL,
 * and measures them in alternating rounds under the same load, so background load on a shared
 * machine hits both alike. Drops every schema it created, also on failure.
 */
export async function runBench(options: BenchOptions, controls: BenchControls = {}): Promise<BenchResult> {
  const { progress = () => {}, signal, schema = benchSchemaName() } = controls;
  const settings = { url: options.databaseUrl, max: options.poolSize };
  await createSchemas(options.databaseUrl, [schema, `${schema}_floor`]);
  const targets: Target[] = [];
  try {
    for (const [name, start] of [
      ['server', () => startAppServer({ ...settings, schema })],
      ['floor', () => startFloorServer({ ...settings, schema: `${schema}_floor` })],
    ] as const) {
      targets.push({
        name,
        server: await start(),
        learners: createLearners(options.learners, MEASURED_BASE),
        runs: [],
      });
    }
    progress(`warming up (${options.warmup} requests each)`);
    for (const target of targets) {
      const warning = await warmUp(target, options, signal);
      if (warning) progress(warning);
    }
    const rounds = chunks(options.messages, options.rounds);
    progress(
      `${options.messages} messages each, ${options.learners} learners, ${options.concurrency} in flight, ` +
        `${rounds.length} alternating rounds`,
    );
    for (const messages of rounds) {
      for (const target of targets) {
        signal?.throwIfAborted();
        const load = { url: target.server.url, learners: target.learners, concurrency: options.concurrency };
        target.runs.push(await runLoad({ ...load, messages, idPrefix: 'run', signal }));
      }
    }
    signal?.throwIfAborted();
    const [app, floor] = targets.map(result) as [ServerResult, ServerResult];
    return { app, floor, json: benchJson(app.summary, floor.summary), schema };
  } finally {
    for (const target of targets) await target.server.stop();
    await dropSchemas(options.databaseUrl, benchSchemas(schema));
  }
}
