/*
 * `insight.weekly`: the words of a learner's weekly insight (flows/insight.ts). Offline, with the
 * budget spent, or when the model fails or writes something unfit (too long, a link, no lesson of
 * the rule's named), the rule's own message goes (`kind: 'rule'`); otherwise the model's note
 * (`kind: 'model'`). Either way the answer goes back as `system.weeklyInsight`, once per request,
 * with the learner's best study hour when one is worth offering (flows/learning/study-hour.ts),
 * from their quizzes of the last STUDY_HOUR_WEEKS weeks in their zone.
 */
import { DateTime } from 'luxon';
import { progressRepository } from '../../db/repositories/progress.js';
import { INSIGHT_EVENT } from '../../flows/insight.js';
import { bestStudyHour, type StudyHour } from '../../flows/learning/index.js';
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
  /** The learner's zone and lesson time: their best study hour is offered against it. */
  zone?: string | null;
  lessonTime?: string | null;
}

export interface InsightAnswer {
  kind: 'model' | 'rule';
  text: string;
  strong: string;
  weak: string;
  bestHour?: StudyHour | null;
}

export const STUDY_HOUR_WEEKS = 8;

const insightInput = inputChecker<InsightRequest>('insight.weekly', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    name: { type: 'string', nullable: true, maxLength: 100 },
    strong: { type: 'string', maxLength: 400 },
    weak: { type: 'string', maxLength: 400 },
    zone: { type: 'string', nullable: true, maxLength: 64 },
    lessonTime: { type: 'string', nullable: true, pattern: '^\\d{2}:\\d{2}$' },
  },
  required: ['requestId', 'language', 'strong', 'weak'],
});

const OFFLINE = { model: false, promptTokens: 0, completionTokens: 0, costUsd: 0 };

export function insightService(deps: TutorServiceDeps): ServiceHandler {
  const { cache, clock, log } = deps;
  const budget = tutorBudget(cache, clock, deps.budget);

  /** When the learner does best, from the local hour of each quiz they took lately. */
  const studyHour = async (userId: string, request: InsightRequest): Promise<StudyHour | null> => {
    const { zone, lessonTime } = request;
    if (!zone || !lessonTime) return null;
    const since = DateTime.fromJSDate(clock.now()).minus({ weeks: STUDY_HOUR_WEEKS }).toJSDate();
    const rows = await progressRepository(deps.db).quizScoresSince(userId, since);
    const samples = rows.map((row) => ({
      hour: DateTime.fromJSDate(row.at, { zone }).hour,
      score: row.score,
      total: row.total,
    }));
    return bestStudyHour(samples, lessonTime) ?? null;
  };

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
      async () => ({ ...(await phrase(userId, request)), bestHour: await studyHour(userId, request) }),
    );
    log?.('weekly insight', { userId, kind: answer?.kind ?? 'already delivered' });
  };
}
