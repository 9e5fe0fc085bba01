/** One message of a Chat Completions conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Why the model gave no usable answer; the caller apologises and answers offline. */
export type ChatFailure =
  'timeout' | 'rate_limited' | 'server_error' | 'network' | 'refused' | 'malformed' | 'circuit_open';

export type ChatResult =
  | { ok: true; text: string; usage: TokenUsage; model: string; latencyMs: number; costUsd: number }
  | { ok: false; reason: ChatFailure; detail: string; latencyMs: number; usage?: TokenUsage };

/** A chat model: never throws; every failure is a typed result. */
export interface ChatModel {
  readonly name: string;
  complete(messages: ChatMessage[], options?: { maxTokens?: number }): Promise<ChatResult>;
}
