import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeTwilio } from '../../scripts/bench/fake-twilio.js';
import { fixtureMessages, whatsappRegistry } from '../../scripts/bench/whatsapp-flow.js';
import { twilioChannelConfig } from '../../tests/harness/channel-config.js';
import { configuredDriver } from '../../tests/harness/db.js';
import { parsePrometheusText, sampleValue, type Sample } from '../../tests/harness/prometheus-text.js';
import { serveTestRuntime, type ServedRuntime } from '../../tests/harness/runtime.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The real runtime on Twilio (fake, on loopback): a signed webhook turn moves the counters /metrics shows. */
describe(`/metrics on the real runtime (${configuredDriver()})`, () => {
  let fake: FakeTwilio;
  let served: ServedRuntime;

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    served = await serveTestRuntime(
      () => ({ ...twilioChannelConfig(fake), metrics: { token: TOKEN, slowQueryMs: 0 } }),
      { registry: whatsappRegistry(), messages: fixtureMessages() },
    );
  });
  afterAll(async () => {
    await served?.close();
    await fake?.stop();
  });

  async function scrape(): Promise<Sample[]> {
    const response = await fetch(`${served.base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  it('refuses a scrape without the token, or with a wrong one, with 401 and says what to send', async () => {
    const missing = await fetch(`${served.base}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await missing.json()).toMatchObject({
      error: { code: 'unauthorized', message: '/metrics needs Authorization: Bearer <METRICS_TOKEN>' },
    });
    const wrong = await fetch(`${served.base}/metrics`, {
      headers: { Authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: { message: '/metrics: the bearer token does not match METRICS_TOKEN' },
    });
  });

  it('scrapes as valid exposition text with the process, pool and queue figures', async () => {
    const samples = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
      'learnloop_db_pool_size',
      'learnloop_db_statements_in_flight',
    ])
      expect(names, name).toContain(name);
    expect(sampleValue(samples, 'learnloop_db_pool_size')).toBe(configuredDriver() === 'pglite' ? 1 : 10);
    const timerQueue = samples.filter(
      (s) => s.name === 'learnloop_queue_jobs' && s.labels.queue === 'conversation-timer',
    );
    expect(timerQueue.map((s) => s.labels.state).sort()).toEqual(['active', 'deferred', 'failed', 'queued']);
  });

  it('counts a webhook turn, its Twilio send and the request by route pattern', async () => {
    const before = await scrape();
    const phone = '+254712345678';
    const response = await fake.post(
      `${served.base}/webhooks/twilio`,
      fake.inboundParams(phone, { text: 'hi' }),
    );
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(fake.sentTo(phone)).not.toHaveLength(0));
    // The sender counts a send when Twilio's answer is in: wait for that, not for the fake to see it.
    await vi.waitFor(async () =>
      expect(
        sampleValue(await scrape(), 'learnloop_sends_total', { channel: 'twilio', status: 'sent' }),
      ).toBe(
        sampleValue(before, 'learnloop_sends_total', { channel: 'twilio', status: 'sent' }) +
          fake.sentTo(phone).length,
      ),
    );
    const after = await scrape();
    const turns = { kind: 'message', outcome: 'processed' };
    expect(sampleValue(after, 'learnloop_turn_duration_seconds_count', turns)).toBe(
      sampleValue(before, 'learnloop_turn_duration_seconds_count', turns) + 1,
    );
    const webhook = { method: 'POST', route: '/webhooks/twilio', status: '200' };
    expect(sampleValue(after, 'learnloop_http_request_duration_seconds_count', webhook)).toBe(
      sampleValue(before, 'learnloop_http_request_duration_seconds_count', webhook) + 1,
    );
    expect(sampleValue(after, 'learnloop_db_statement_duration_seconds_count')).toBeGreaterThan(
      sampleValue(before, 'learnloop_db_statement_duration_seconds_count'),
    );
    // Route patterns only: no phone number or raw path becomes a label value.
    const routes = after.filter((s) => s.labels.route).map((s) => s.labels.route!);
    expect(routes.filter((route) => route.includes('254'))).toEqual([]);
  });

  it('labels a request no route matched as unmatched, not by its path', async () => {
    await fetch(`${served.base}/no/such/page/+254700000001`);
    const samples = await scrape();
    expect(
      sampleValue(samples, 'learnloop_http_request_duration_seconds_count', {
        route: 'unmatched',
        status: '404',
      }),
    ).toBeGreaterThan(0);
  });
});
