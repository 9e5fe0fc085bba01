/*
 * What the tutor keeps in the cache (Redis, or in-process without it): each learner's last
 * exchanges, so a follow-up question makes sense; the daily token budgets; the usage by day that
 * the admin reads. Decisions: 3 exchanges kept for 6 hours after the last; budgets count per UTC
 * day; usage is kept 90 days (in-process, until restart).
 */
import type { ChatMessage, ChatModel, ChatResult } from '../ai/model.js';
import type { Cache } from '../cache/cache.js';
import type { Clock } from '../../engine/ports.js';
import { dayOf } from './input.js';

export interface TutorExchange {
  question: string;
  answer: string;
}

const MEMORY_TTL = 6 * 3600;
const KEEP = 3;
const DAY_TTL = 2 * 24 * 3600;
const USAGE_TTL = 90 * 24 * 3600;

const memoryKey = (userId: string) => `tutor:memory:${userId}`;

/** The learner's last exchanges, oldest first; [] when none or unreadable. */
export async function recallExchanges(cache: Cache, userId: string): Promise<TutorExchange[]> {
  const raw = await cache.get(memoryKey(userId));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as TutorExchange[]) : [];
  } catch {
    return [];
  }
}

export async function rememberExchange(cache: Cache, userId: string, exchange: TutorExchange): Promise<void> {
  const kept = [...(await recallExchanges(cache, userId)), exchange].slice(-KEEP);
  await cache.set(memoryKey(userId), JSON.stringify(kept), MEMORY_TTL);
}

/** Forgets the learner's exchanges: on STOP and on erasure. */
export async function forgetExchanges(cache: Cache, userId: string): Promise<void> {
  await cache.del(memoryKey(userId));
}

export interface TutorBudgetLimits {
  dailyTokensPerLearner: number;
  dailyTokens: number;
}

export type BudgetState = 'available' | 'learnerSpent' | 'allSpent';

/** Daily token budgets, per learner and for everyone, in cache counters shared by every process. */
export function tutorBudget(cache: Cache, clock: Clock, limits: TutorBudgetLimits) {
  const learnerKey = (userId: string) => `tutor:tokens:${dayOf(clock.now())}:${userId}`;
  const allKey = () => `tutor:tokens:${dayOf(clock.now())}`;
  const spent = async (key: string) => Number((await cache.get(key)) ?? 0);
  return {
    async state(userId: string): Promise<BudgetState> {
      if ((await spent(allKey())) >= limits.dailyTokens) return 'allSpent';
      if ((await spent(learnerKey(userId))) >= limits.dailyTokensPerLearner) return 'learnerSpent';
      return 'available';
    },
    async spend(userId: string, tokens: number): Promise<void> {
      if (tokens <= 0) return;
      await cache.incr(learnerKey(userId), DAY_TTL, tokens);
      await cache.incr(allKey(), DAY_TTL, tokens);
    },
  };
}

export interface TutorUsageDay {
  day: string;
  calls: number;
  /** Answers given from the course text without the model (offline, budget spent, model failed). */
  offline: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

const USAGE_FIELDS = ['calls', 'offline', 'promptTokens', 'completionTokens', 'costMicroUsd'] as const;
const usageKey = (day: string, field: string) => `tutor:usage:${day}:${field}`;

/** Counts one tutor answer in the day's usage (what GET /admin/api/tutor/usage reports). */
export async function recordUsage(
  cache: Cache,
  at: Date,
  call: { model: boolean; promptTokens: number; completionTokens: number; costUsd: number },
): Promise<void> {
  const day = dayOf(at);
  const add = (field: string, by: number) =>
    by > 0 ? cache.incr(usageKey(day, field), USAGE_TTL, by) : Promise.resolve(0);
  await add(call.model ? 'calls' : 'offline', 1);
  await add('promptTokens', call.promptTokens);
  await add('completionTokens', call.completionTokens);
  await add('costMicroUsd', Math.round(call.costUsd * 1_000_000));
}

/**
 * One model call on the tutor's account: the tokens it used come off the learner's and the global
 * budget and the day's usage counts it, whether it succeeded or not (a failed call may have cost).
 */
export async function completeOnBudget(
  deps: { model: ChatModel; cache: Cache; clock: Clock; budget: ReturnType<typeof tutorBudget> },
  userId: string,
  messages: ChatMessage[],
  maxTokens: number,
): Promise<ChatResult> {
  const result = await deps.model.complete(messages, { maxTokens });
  const usage = result.usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  await deps.budget.spend(userId, usage.totalTokens);
  await recordUsage(deps.cache, deps.clock.now(), {
    model: true,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    costUsd: result.ok ? result.costUsd : 0,
  });
  return result;
}

/** The usage of each UTC day from `from` to `to` (inclusive), oldest first. */
export async function usageByDay(cache: Cache, from: Date, to: Date): Promise<TutorUsageDay[]> {
  const days: TutorUsageDay[] = [];
  for (let at = new Date(`${dayOf(from)}T00:00:00Z`); at <= to; at = new Date(at.getTime() + 86_400_000)) {
    const day = dayOf(at);
    const [calls, offline, promptTokens, completionTokens, micro] = await Promise.all(
      USAGE_FIELDS.map(async (field) => Number((await cache.get(usageKey(day, field))) ?? 0)),
    );
    days.push({
      day,
      calls: calls!,
      offline: offline!,
      promptTokens: promptTokens!,
      completionTokens: completionTokens!,
      costUsd: micro! / 1_000_000,
    });
  }
  return days;
}
