import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../../tests/harness/db.js';
import { parseBenchOptions } from './options.js';
import { chunks, runBench } from './run.js';
import { formatTable, percentile } from './stats.js';

describe('npm run bench, with a tiny load on PostgreSQL', () => {
  it('measures the real server and the floor and reports every key of the JSON line', async () => {
    const options = parseBenchOptions(
      ['--messages', '30', '--concurrency', '3', '--learners', '5', '--warmup', '6', '--rounds', '2'],
      {
        DATABASE_URL: TEST_POSTGRES_URL,
      },
    );
    const result = await runBench(options);

    expect(Object.keys(result.json)).toEqual([
      'throughput_per_s',
      'p50_ms',
      'p95_ms',
      'p99_ms',
      'floor_per_s',
      'share_of_floor',
      'errors',
    ]);
    expect(result.json.errors).toBe(0);
    expect(result.app.errorSamples).toEqual([]);
    expect(result.floor.summary.errors).toBe(0);
    expect(result.app.summary.ok).toBe(30);
    expect(result.json.throughput_per_s).toBeGreaterThan(0);
    expect(result.json.floor_per_s).toBeGreaterThan(0);
    expect(formatTable([{ name: 'server', summary: result.app.summary }])).toMatch(/p99 ms/);
  }, 60_000);

  it('uses the default database when DATABASE_URL is unset, and rejects a bad flag', () => {
    expect(parseBenchOptions([], {})).toMatchObject({
      defaultDatabase: true,
      messages: 5000,
      concurrency: 10,
      learners: 200,
    });
    expect(() => parseBenchOptions(['--concurrency', '0'], {})).toThrow(/--concurrency/);
    expect(() => parseBenchOptions(['--nope'], {})).toThrow();
  });

  it('splits the measured messages into alternating rounds', () => {
    expect(chunks(10, 3)).toEqual([4, 3, 3]);
    expect(chunks(2, 5)).toEqual([1, 1]);
  });

  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile([], 50)]).toEqual([50, 99, 0]);
  });
});
