import type { EnvReader } from './env.js';

export interface MetricsConfig {
  /** Bearer token /metrics asks for; unset, only a direct loopback client (no proxy) may scrape. */
  token?: string;
  /** Statements slower than this are logged with their shape (parameters stripped); 0: off. */
  slowQueryMs: number;
}

const MIN_TOKEN_LENGTH = 16;

/** METRICS_TOKEN and SLOW_QUERY_MS, checked like every other variable (one problem line each). */
export function metricsConfig(read: EnvReader): MetricsConfig {
  const token = read.optional('METRICS_TOKEN');
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    read.problems.push(
      `METRICS_TOKEN is not valid: use at least ${MIN_TOKEN_LENGTH} characters with no spaces (openssl rand -hex 24), or unset it to allow scrapes from loopback only`,
    );
  }
  return {
    ...(token ? { token } : {}),
    slowQueryMs: read.integer('SLOW_QUERY_MS', 500, 0, 600_000),
  };
}
