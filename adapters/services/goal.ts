/*
 * `goal.recommend`: the course for a learner's goal (flows/goal.ts). The flow's rule has picked
 * already; with a model configured and budget left, the model picks among the same unfinished
 * courses and says why in one line. Its answer is checked (JSON, one of those courses, one short
 * line, no link); anything else, a failure or no model, and the rule's pick stands. The answer goes
 * back as `system.goalRecommended`, once per request.
 */
import { GOAL_EVENT } from '../../flows/goal.js';
import { inLanguage } from '../../flows/questions.js';
import { checkedGoalPick, goalPrompt } from '../ai/goal-prompt.js';
import { answerOnce } from './answer-once.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';
import type { TutorServiceDeps } from './tutor.js';
import { completeOnBudget, recordUsage, tutorBudget } from './tutor-state.js';

export interface GoalRequest {
  requestId: string;
  language: string;
  goal: string;
  candidates: string[];
  rule: { course: string; reason: 'match' | 'next'; words: string[] };
  review: string;
}

export interface GoalAnswer {
  kind: 'model' | 'match' | 'next';
  course: string;
  goal: string;
  words: string[];
  reason: string;
  review: string;
}

const goalInput = inputChecker<GoalRequest>('goal.recommend', {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    goal: { type: 'string', minLength: 1, maxLength: 200 },
    candidates: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 100 },
    rule: {
      type: 'object',
      properties: {
        course: { type: 'string' },
        reason: { type: 'string', enum: ['match', 'next'] },
        words: { type: 'array', items: { type: 'string' } },
      },
      required: ['course', 'reason', 'words'],
    },
    review: { type: 'string', maxLength: 400 },
  },
  required: ['requestId', 'language', 'goal', 'candidates', 'rule', 'review'],
});

const OFFLINE = { model: false, promptTokens: 0, completionTokens: 0, costUsd: 0 };

export function goalService(deps: TutorServiceDeps): ServiceHandler {
  const { cache, clock, log } = deps;
  const budget = tutorBudget(cache, clock, deps.budget);

  const pick = async (userId: string, request: GoalRequest): Promise<GoalAnswer> => {
    const { rule, goal, review } = request;
    const byRule: GoalAnswer = {
      kind: rule.reason,
      course: rule.course,
      goal,
      words: rule.words,
      reason: '',
      review,
    };
    if (!deps.model || (await budget.state(userId)) !== 'available') {
      await recordUsage(cache, clock.now(), OFFLINE);
      return byRule;
    }
    const catalog = deps.catalog();
    const courses = request.candidates.flatMap((slug) => {
      const course = catalog.course(slug);
      return course
        ? [
            {
              slug,
              title: inLanguage(course.title, request.language),
              description: inLanguage(course.description, request.language),
            },
          ]
        : [];
    });
    const result = await completeOnBudget(
      { model: deps.model, cache, clock, budget },
      userId,
      goalPrompt({ language: request.language, courses, goal }),
      150,
    );
    if (!result.ok) {
      log?.('goal: model failed, the rule recommends', { userId, reason: result.reason });
      return byRule;
    }
    const checked = checkedGoalPick(
      result.text,
      courses.map((c) => c.slug),
    );
    if (!checked) {
      log?.(
        'goal: model answer unusable (not JSON, not a listed course or a bad reason), the rule recommends',
        {
          userId,
        },
      );
      return byRule;
    }
    return { ...byRule, kind: 'model', course: checked.course, reason: checked.reason, words: [] };
  };

  return async (userId, raw) => {
    const request = goalInput(raw);
    const answer = await answerOnce(
      deps,
      { userId, providerId: `goal:${userId}:${request.requestId}`, event: GOAL_EVENT },
      () => pick(userId, request),
    );
    log?.('goal recommended', {
      userId,
      kind: answer?.kind ?? 'already delivered',
      course: answer?.course ?? null,
    });
  };
}
