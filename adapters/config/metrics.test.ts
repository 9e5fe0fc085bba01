import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('METRICS_TOKEN and SLOW_QUERY_MS', () => {
  it('defaults: no token (loopback scrapes only) and a 500 ms slow-statement threshold', () => {
    expect(loadConfig({}).metrics).toEqual({ slowQueryMs: 500 });
  });

  it('takes a long token and a threshold (0 turns the log off)', () => {
    const token = 'a'.repeat(32);
    expect(loadConfig({ METRICS_TOKEN: token, SLOW_QUERY_MS: '0' }).metrics).toEqual({
      token,
      slowQueryMs: 0,
    });
  });

  it('refuses a short token and a threshold that is not a whole number, naming each', () => {
    expect(problemsOf({ METRICS_TOKEN: 'short', SLOW_QUERY_MS: '1.5s' })).toEqual([
      'METRICS_TOKEN is not valid: use at least 16 characters with no spaces (openssl rand -hex 24), or unset it to allow scrapes from loopback only',
      'SLOW_QUERY_MS="1.5s" is not valid: expected a whole number from 0 to 600000',
    ]);
  });
});
