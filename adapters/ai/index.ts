export { CircuitBreaker } from './circuit-breaker.js';
export { estimatedCostUsd } from './cost.js';
export type { ChatFailure, ChatMessage, ChatModel, ChatResult, TokenUsage } from './model.js';
export { openAiModel, type OpenAiModelOptions } from './openai.js';
