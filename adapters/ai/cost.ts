import type { TokenUsage } from './model.js';

/** US dollars per million tokens (input, output), from the providers' price pages (2025). */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
};

/**
 * The estimated cost of one call. A model not in the table (a local server, a new model) costs 0:
 * an estimate, logged and summed for the admin, never a bill.
 */
export function estimatedCostUsd(model: string, usage: TokenUsage): number {
  const known = Object.keys(PRICES)
    .sort((a, b) => b.length - a.length)
    .find((name) => model === name || model.startsWith(`${name}-`));
  const price = known ? PRICES[known]! : { input: 0, output: 0 };
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
}
