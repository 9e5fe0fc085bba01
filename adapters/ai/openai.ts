import OpenAI from 'openai';
import { CircuitBreaker } from './circuit-breaker.js';
import { estimatedCostUsd } from './cost.js';
import type { ChatFailure, ChatMessage, ChatModel, ChatResult, TokenUsage } from './model.js';

export interface OpenAiModelOptions {
  apiKey: string;
  /** An OpenAI-compatible server (Ollama, vLLM, LM Studio); OpenAI's own when left out. */
  baseUrl?: string;
  model: string;
  /** One request's time limit, retries included in none: each attempt gets this long. */
  timeoutMs: number;
  /** Retries on 408/409/429/5xx and network errors, with the package's backoff (honours Retry-After). */
  maxRetries: number;
  breaker?: CircuitBreaker;
  now?: () => number;
  /** Model, tokens, latency and cost of each call at info; never the messages. */
  log?: (detail: Record<string, unknown>, message: string) => void;
}

/** What went wrong, from the error the `openai` package threw (after its own retries). */
function failureOf(error: unknown): { reason: ChatFailure; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timeout', detail };
  if (error instanceof OpenAI.APIConnectionError) return { reason: 'network', detail };
  if (error instanceof OpenAI.RateLimitError) return { reason: 'rate_limited', detail };
  if (error instanceof OpenAI.APIError && (error.status ?? 0) >= 500)
    return { reason: 'server_error', detail };
  if (error instanceof OpenAI.APIError) return { reason: 'refused', detail };
  // A body that is not the Chat Completions format (bad JSON, no choices).
  return { reason: 'malformed', detail };
}

const usageOf = (usage: OpenAI.CompletionUsage | undefined): TokenUsage => ({
  promptTokens: usage?.prompt_tokens ?? 0,
  completionTokens: usage?.completion_tokens ?? 0,
  totalTokens: usage?.total_tokens ?? (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0),
});

/**
 * The tutor's model over the real `openai` package (Chat Completions, so any compatible server
 * works). Never throws: a timeout, a 429 or 5xx after the retries, a refused request, an answer
 * that is not the expected format or an open circuit is a `ChatResult` with `ok: false`.
 */
export function openAiModel(options: OpenAiModelOptions): ChatModel {
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  const breaker = options.breaker ?? new CircuitBreaker({ now: options.now });
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});

  return {
    name: options.model,
    async complete(messages: ChatMessage[], { maxTokens = 400 } = {}): Promise<ChatResult> {
      const started = now();
      if (!breaker.allows()) {
        log({ model: options.model, outcome: 'circuit_open' }, 'tutor model skipped: circuit open');
        return { ok: false, reason: 'circuit_open', detail: 'too many failures in a row', latencyMs: 0 };
      }
      let result: ChatResult;
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          messages,
          max_tokens: maxTokens,
          temperature: 0.2,
        });
        const usage = usageOf(completion.usage);
        const text = completion.choices?.[0]?.message?.content?.trim();
        const latencyMs = now() - started;
        result = text
          ? {
              ok: true,
              text,
              usage,
              model: completion.model || options.model,
              latencyMs,
              costUsd: estimatedCostUsd(options.model, usage),
            }
          : { ok: false, reason: 'malformed', detail: 'the answer holds no text', latencyMs, usage };
      } catch (error) {
        result = { ok: false, ...failureOf(error), latencyMs: now() - started };
      }
      // A refusal (400, 401) is the request's fault or a wrong key: it still counts, a key stays wrong.
      if (result.ok) breaker.succeeded();
      else breaker.failed();
      const usage = result.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
      log(
        {
          model: options.model,
          outcome: result.ok ? 'answered' : result.reason,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
          latencyMs: result.latencyMs,
          costUsd: result.ok ? result.costUsd : estimatedCostUsd(options.model, usage),
        },
        'tutor model call',
      );
      return result;
    },
  };
}
