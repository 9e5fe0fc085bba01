import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../../tests/harness/db.js';
import { parseBenchOptions } from './options.js';
import { ReplyLedger } from './replies.js';
import { chunks, runBench } from './run.js';
import { burstFailed, formatTable, percentile } from './stats.js';
import { runBurst } from './burst.js';
import { runTwilioBench } from './twilio.js';
import { WELCOME } from './webhooks.js';

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
      warmup: 1000,
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

  it('reads --channel, --burst (alone: 10,000) and --mps, and refuses them where they mean nothing', () => {
    expect(parseBenchOptions([], {})).toMatchObject({ channel: 'console', burst: null, mps: 80 });
    expect(parseBenchOptions(['--channel', 'twilio'], {})).toMatchObject({ channel: 'twilio', burst: null });
    expect(parseBenchOptions(['--channel', 'twilio', '--burst', '--mps', '200'], {})).toMatchObject({
      burst: 10_000,
      mps: 200,
    });
    expect(parseBenchOptions(['--channel', 'twilio', '--mps', '50', '--burst', '100'], {})).toMatchObject({
      burst: 100,
      mps: 50,
    });
    expect(() => parseBenchOptions(['--channel', 'sms'], {})).toThrow(
      /--channel must be one of console, twilio/,
    );
    expect(() => parseBenchOptions(['--burst', '100'], {})).toThrow(/--burst needs --channel twilio/);
    expect(() => parseBenchOptions(['--channel', 'twilio', '--mps', '50'], {})).toThrow(/add --burst/);
    expect(() => parseBenchOptions(['--channel', 'twilio', '--burst', '0'], {})).toThrow(/--burst/);
  });
});

describe('npm run bench -- --channel twilio, with a tiny load on PostgreSQL', () => {
  it('drives signed webhooks through to the fake Twilio and times each reply and each 200', async () => {
    const options = parseBenchOptions(
      ['--channel', 'twilio', '--messages', '40', '--concurrency', '4', '--learners', '8', '--warmup', '8'],
      { DATABASE_URL: TEST_POSTGRES_URL },
    );
    const result = await runTwilioBench(options);

    expect(Object.keys(result.json)).toEqual([
      'throughput_per_s',
      'p50_ms',
      'p95_ms',
      'p99_ms',
      'ack_p99_ms',
      'errors',
      'channel',
    ]);
    expect(result.errorSamples).toEqual([]);
    expect(result.json).toMatchObject({ errors: 0, channel: 'twilio' });
    expect([result.endToEnd.ok, result.ack.ok]).toEqual([40, 40]);
    expect(result.json.throughput_per_s).toBeGreaterThan(0);
    expect(result.json.ack_p99_ms).toBeGreaterThan(0);
  }, 60_000);

  it('sends a burst at no more than --mps in any wall-clock second, every reply once', async () => {
    const options = parseBenchOptions(
      ['--channel', 'twilio', '--burst', '100', '--mps', '50', '--learners', '10'],
      { DATABASE_URL: TEST_POSTGRES_URL },
    );
    const { json } = await runBurst(options);

    expect(Object.keys(json)).toEqual([
      'peak_per_s',
      'mps',
      'sent',
      'duplicates',
      'missing',
      'seconds',
      'errors',
      'channel',
    ]);
    expect(json).toMatchObject({ mps: 50, sent: 100, duplicates: 0, missing: 0, errors: 0 });
    expect(json.peak_per_s).toBeGreaterThan(0);
    expect(json.peak_per_s).toBeLessThanOrEqual(50);
    expect(burstFailed(json)).toBe(false);
  }, 60_000);

  it('counts a reply sent twice and fails a burst over MPS, missing or doubled', () => {
    const ledger = new ReplyLedger();
    const reply = { sid: 'SM1', to: 'whatsapp:+254700000001', from: 'whatsapp:+1', body: WELCOME };
    for (const message of [reply, reply]) ledger.received({ ...message, mediaUrls: [], at: new Date() });
    expect(ledger.counts.get(ReplyLedger.key('+254700000001', WELCOME))).toBe(2);
    const ok = { peak_per_s: 80, mps: 80, sent: 10, duplicates: 0, missing: 0, seconds: 1, errors: 0 };
    expect(burstFailed({ ...ok, channel: 'twilio' })).toBe(false);
    for (const bad of [{ peak_per_s: 81 }, { duplicates: 1 }, { missing: 1 }, { errors: 1 }]) {
      expect(burstFailed({ ...ok, ...bad, channel: 'twilio' })).toBe(true);
    }
  });
});
