import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAi } from '../../tests/harness/fake-openai.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ChatMessage } from './model.js';
import { openAiModel, type OpenAiModelOptions } from './openai.js';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer from the passages only.' },
  { role: 'user', content: 'What is a chama?' },
];

describe('openAiModel against a fake Chat Completions server (the real openai package)', () => {
  let fake: FakeOpenAi;
  let logged: Record<string, unknown>[];
  const model = (overrides: Partial<OpenAiModelOptions> = {}) =>
    openAiModel({
      apiKey: 'sk-test',
      baseUrl: fake.baseUrl,
      model: 'gpt-4o-mini',
      timeoutMs: 2000,
      maxRetries: 2,
      log: (detail) => logged.push(detail),
      ...overrides,
    });

  beforeEach(async () => {
    fake = await new FakeOpenAi(() => 'A chama is a savings group.').start();
    logged = [];
  });
  afterEach(() => fake.stop());

  it('answers with the text, the usage and an estimated cost; sends the model, key and messages', async () => {
    const result = await model().complete(messages, { maxTokens: 300 });
    expect(result).toMatchObject({ ok: true, text: 'A chama is a savings group.', model: 'gpt-4o-mini' });
    if (!result.ok) throw new Error('expected an answer');
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.promptTokens + result.usage.completionTokens);
    expect(result.costUsd).toBeCloseTo(
      (result.usage.promptTokens * 0.15 + result.usage.completionTokens * 0.6) / 1e6,
    );
    expect(fake.requests).toEqual([
      { model: 'gpt-4o-mini', messages, maxTokens: 300, authorization: 'Bearer sk-test' },
    ]);
  });

  it('logs model, tokens, latency and cost, never the message text', async () => {
    await model().complete(messages);
    expect(logged).toHaveLength(1);
    expect(Object.keys(logged[0]!).sort()).toEqual(
      ['completionTokens', 'costUsd', 'latencyMs', 'model', 'outcome', 'promptTokens'].sort(),
    );
    expect(JSON.stringify(logged)).not.toMatch(/chama|passages/);
  });

  it('retries a 429 (honouring retry-after-ms) and then answers', async () => {
    fake.queue({ status: 429, retryAfterMs: 5 });
    const result = await model().complete(messages);
    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('a 500 on every attempt: server_error after the retries', async () => {
    fake.queue(
      { status: 500, retryAfterMs: 1 },
      { status: 500, retryAfterMs: 1 },
      { status: 500, retryAfterMs: 1 },
    );
    const result = await model().complete(messages);
    expect(result).toMatchObject({ ok: false, reason: 'server_error' });
    expect(fake.requests).toHaveLength(3);
  });

  it('a server that never answers: timeout, no crash', async () => {
    fake.queue({ hang: true });
    const result = await model({ timeoutMs: 150, maxRetries: 0 }).complete(messages);
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it.each(['not-json', 'no-choices', 'empty-content'] as const)(
    'malformed output (%s): malformed',
    async (kind) => {
      fake.queue({ malformed: kind });
      const result = await model({ maxRetries: 0 }).complete(messages);
      expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    },
  );

  it('a server that is down: network', async () => {
    const url = fake.baseUrl;
    await fake.stop();
    const result = await model({ baseUrl: url, maxRetries: 0 }).complete(messages);
    expect(result).toMatchObject({ ok: false, reason: 'network' });
  });

  it('a wrong key (401): refused, not retried', async () => {
    fake.queue({ status: 401 });
    const result = await model().complete(messages);
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    expect(fake.requests).toHaveLength(1);
  });

  it('opens the circuit after 3 failures in a row: no more requests until the cooldown', async () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker({ failures: 3, cooldownMs: 30_000, now: () => now });
    const failing = model({ maxRetries: 0, breaker });
    fake.queue({ status: 500 }, { status: 500 }, { status: 500 });
    for (let i = 0; i < 3; i++) expect((await failing.complete(messages)).ok).toBe(false);
    expect(await failing.complete(messages)).toMatchObject({ ok: false, reason: 'circuit_open' });
    expect(fake.requests).toHaveLength(3);
    now += 30_000;
    expect((await failing.complete(messages)).ok).toBe(true);
    expect(breaker.state).toBe('closed');
  });
});
