/** What one load run against one server measured. */
export interface RunMeasurement {
  /** Successful request latencies in milliseconds (receipt → 200 received). */
  latenciesMs: number[];
  errors: number;
  /** A few error descriptions, to show what went wrong. */
  errorSamples: string[];
  elapsedMs: number;
  /** CPU time this process used during the run (server and load generator together). */
  cpuMs: number;
}

export interface RunSummary {
  requests: number;
  ok: number;
  errors: number;
  throughputPerS: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** This process's CPU milliseconds per successful message (server plus load generator). */
  cpuMsPerMessage: number;
}

/** The final line's shape: exactly these keys, in this order. */
export interface BenchJson {
  throughput_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  floor_per_s: number;
  share_of_floor: number;
  errors: number;
}

/** One measurement from several rounds against the same server. */
export function mergeRuns(runs: readonly RunMeasurement[]): RunMeasurement {
  return {
    latenciesMs: runs.flatMap((r) => r.latenciesMs),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
    elapsedMs: runs.reduce((sum, r) => sum + r.elapsedMs, 0),
    cpuMs: runs.reduce((sum, r) => sum + r.cpuMs, 0),
  };
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;

export function summarize(run: RunMeasurement): RunSummary {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const ok = sorted.length;
  const mean = ok === 0 ? 0 : sorted.reduce((sum, value) => sum + value, 0) / ok;
  return {
    requests: ok + run.errors,
    ok,
    errors: run.errors,
    throughputPerS: run.elapsedMs > 0 ? (ok * 1000) / run.elapsedMs : 0,
    meanMs: mean,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
    cpuMsPerMessage: ok === 0 ? 0 : run.cpuMs / ok,
  };
}

export function benchJson(app: RunSummary, floor: RunSummary): BenchJson {
  return {
    throughput_per_s: round1(app.throughputPerS),
    p50_ms: round1(app.p50Ms),
    p95_ms: round1(app.p95Ms),
    p99_ms: round1(app.p99Ms),
    floor_per_s: round1(floor.throughputPerS),
    share_of_floor: floor.throughputPerS > 0 ? round2(app.throughputPerS / floor.throughputPerS) : 0,
    errors: app.errors,
  };
}

/** A fixed-width table with one column per server. */
export function formatTable(rows: { name: string; summary: RunSummary }[]): string {
  const lines: [string, (s: RunSummary) => string][] = [
    ['requests', (s) => String(s.requests)],
    ['errors', (s) => String(s.errors)],
    ['messages/s', (s) => round1(s.throughputPerS).toFixed(1)],
    ['mean ms', (s) => round1(s.meanMs).toFixed(1)],
    ['p50 ms', (s) => round1(s.p50Ms).toFixed(1)],
    ['p95 ms', (s) => round1(s.p95Ms).toFixed(1)],
    ['p99 ms', (s) => round1(s.p99Ms).toFixed(1)],
    ['max ms', (s) => round1(s.maxMs).toFixed(1)],
    ['cpu ms/msg', (s) => round2(s.cpuMsPerMessage).toFixed(2)],
  ];
  const width = Math.max(12, ...rows.map((r) => r.name.length + 2));
  const header = ''.padEnd(12) + rows.map((r) => r.name.padStart(width)).join('');
  const body = lines.map(
    ([label, cell]) => label.padEnd(12) + rows.map((r) => cell(r.summary).padStart(width)).join(''),
  );
  return [header, ...body].join('\n');
}

/** The Twilio throughput run's final line: exactly these keys, in this order. */
export interface TwilioBenchJson {
  throughput_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  ack_p99_ms: number;
  errors: number;
  channel: 'twilio';
}

export function twilioBenchJson(endToEnd: RunSummary, ack: RunSummary): TwilioBenchJson {
  return {
    throughput_per_s: round1(endToEnd.throughputPerS),
    p50_ms: round1(endToEnd.p50Ms),
    p95_ms: round1(endToEnd.p95Ms),
    p99_ms: round1(endToEnd.p99Ms),
    ack_p99_ms: round1(ack.p99Ms),
    errors: endToEnd.errors,
    channel: 'twilio',
  };
}

/** The Twilio burst run's final line: exactly these keys, in this order. */
export interface BurstJson {
  peak_per_s: number;
  mps: number;
  sent: number;
  duplicates: number;
  missing: number;
  seconds: number;
  errors: number;
  channel: 'twilio';
}

/** The burst failed: a second over MPS, or a reply missing or doubled, or a webhook refused. */
export function burstFailed(json: BurstJson): boolean {
  return json.peak_per_s > json.mps || json.missing > 0 || json.duplicates > 0 || json.errors > 0;
}
