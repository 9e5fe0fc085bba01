/*
 * `insight.weekly`: the words of a learner's weekly insight (flows/insight.ts). Offline, with the
 * budget spent, or when the model fails or writes something unfit (too long, a link, no lesson of
 * the rule's named), the rule's own message goes (`kind: 'rule'`); otherwise the model's note
 * (`kind: 'model'`). Either way the answer goes back as `system.weeklyInsight`, once per request.
 */
import { INSIGHT_EVENT } from '../../flows/insight.js';
import { checkedInsight, insightPrompt } from '../ai/insight-prompt.js';
import { firstNameOf } from '../ai/tutor-prompt.js';
import { answerOnce } from './answer-once.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';
import type { TutorServiceDeps } from './tutor.js';
import { completeOnBudget, recordUsage, tutorBudget } from './tutor-state.js';

export interface InsightRequest {
  requestId: string;
  language: string;
  name?: string | null;
  strong: string;
  weak: string;
}

export interface InsightAnswer {
  kind: 'model' | 'rule';
  text: string;
  strong: string;
  weak: string;
}

const insightInput = inputChecker<InsightRequest>('insight.weekly', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    name: { type: 'string', nullable: true, maxLength: 100 },
    strong: { type: 'string', maxLength: 400 },
    weak: { type: 'string', maxLength: 400 },
  },
  required: ['requestId', 'language', 'strong', 'weak'],
});

const OFFLINE = { model: false, promptTokens: 0, completionTokens: 0, costUsd: 0 };

export function insightService(deps: TutorServiceDeps): ServiceHandler {
  const { cache, clock, log } = deps;
  const budget = tutorBudget(cache, clock, deps.budget);

  const phrase = async (userId: string, request: InsightRequest): Promise<InsightAnswer> => {
    const rule: InsightAnswer = { kind: 'rule', text: '', strong: request.strong, weak: request.weak };
    if (!deps.model || (await budget.state(userId)) !== 'available') {
      await recordUsage(cache, clock.now(), OFFLINE);
      return rule;
    }
    const prompt = { firstName: firstNameOf(request.name), ...request };
    const result = await completeOnBudget(
      { model: deps.model, cache, clock, budget },
      userId,
      insightPrompt(prompt),
      200,
    );
    if (!result.ok) {
      log?.('weekly insight: model failed, the rule phrases it', { userId, reason: result.reason });
      return rule;
    }
    const text = checkedInsight(result.text, prompt);
    if (!text) {
      log?.('weekly insight: model note unfit (length, link or no lesson named), the rule phrases it', {
        userId,
      });
      return rule;
    }
    return { ...rule, kind: 'model', text };
  };

  return async (userId, raw) => {
    const request = insightInput(raw);
    const answer = await answerOnce(
      deps,
      { userId, providerId: `insight:${userId}:${request.requestId}`, event: INSIGHT_EVENT },
      () => phrase(userId, request),
    );
    log?.('weekly insight', { userId, kind: answer?.kind ?? 'already delivered' });
  };
}
