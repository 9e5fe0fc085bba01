import type { ContentCatalog } from '../../content/catalog.js';
import type { Database } from '../../db/client.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import { indexFor, type Passage } from '../ai/course-index.js';
import type { ChatModel, TokenUsage } from '../ai/model.js';
import { firstNameOf, shortened, tutorPrompt } from '../ai/tutor-prompt.js';
import type { Cache } from '../cache/cache.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';
import {
  recallExchanges,
  recordUsage,
  rememberExchange,
  tutorBudget,
  type TutorBudgetLimits,
} from './tutor-state.js';

export interface TutorServiceDeps {
  db: Database;
  cache: Cache;
  clock: Clock;
  /** The courses answers come from (a function: content may reload). */
  catalog: () => ContentCatalog;
  /** The model; null: the offline tutor, which quotes the best-matching passage. */
  model: ChatModel | null;
  budget: TutorBudgetLimits;
  /** Hands the learner's turn the answer (`system.tutorAnswer`): the engine's `receive`. */
  receive: (event: Inbound) => Promise<unknown>;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface TutorRequest {
  question: string;
  /** Names this question: a repeated call with it neither asks the model again nor answers twice. */
  requestId: string;
  language: string;
  name?: string | null;
  course?: string | null;
  lesson?: string | null;
  /** The learner is in this lesson's quiz: the tutor does not quote its answers. */
  quizInProgress?: boolean;
}

/**
 * What the learner's flows get as `system.tutorAnswer` data. `model`: the model's answer;
 * `passage`: the best passage quoted, labelled as such (offline, or with a `notice` saying why the
 * model was not used); `unknown`: the course does not cover the question.
 */
export interface TutorAnswer {
  kind: 'model' | 'passage' | 'unknown';
  text: string;
  /** The lesson the answer comes from, by title. */
  lesson: string;
  notice?: 'failed' | 'budget';
}

const tutorRequest = inputChecker<TutorRequest>('tutor.ask', {
  type: 'object',
  properties: {
    question: { type: 'string', minLength: 1, maxLength: 2000 },
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    name: { type: 'string', nullable: true, maxLength: 100 },
    course: { type: 'string', nullable: true, maxLength: 100 },
    lesson: { type: 'string', nullable: true, maxLength: 100 },
    quizInProgress: { type: 'boolean', nullable: true },
  },
  required: ['question', 'requestId', 'language'],
});

const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
const ANSWER_TTL = 24 * 3600;

const quoted = (passage: Passage): TutorAnswer => ({
  kind: 'passage',
  text: shortened(passage.text),
  lesson: passage.title,
});

/**
 * ASK: answers a learner's question from the course. Passages are retrieved first (current lesson,
 * then the course); with none the learner hears "I don't know from this course" and no model is
 * asked. With a model and budget left, the model answers from those passages; otherwise, or when
 * it fails, the best passage is quoted. The answer is stored under the request before it is
 * handed to the learner's turn, whose inbox ignores a second copy.
 */
export function tutorService(deps: TutorServiceDeps): ServiceHandler {
  const { db, cache, clock, receive, log } = deps;
  const budget = tutorBudget(cache, clock, deps.budget);

  const answer = async (userId: string, request: TutorRequest): Promise<TutorAnswer> => {
    const passages = indexFor(deps.catalog()).search({
      question: request.question,
      language: request.language,
      course: request.course ?? undefined,
      lesson: request.lesson ?? undefined,
      ...(request.quizInProgress && request.lesson ? { quizInProgress: request.lesson } : {}),
      limit: 4,
    });
    const best = passages[0];
    if (!best) {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return { kind: 'unknown', text: '', lesson: '' };
    }
    if (!deps.model) {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return quoted(best);
    }
    if ((await budget.state(userId)) !== 'available') {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return { ...quoted(best), notice: 'budget' };
    }
    const history = await recallExchanges(cache, userId);
    const messages = tutorPrompt({
      firstName: firstNameOf(request.name),
      language: request.language,
      passages,
      history,
      question: request.question,
    });
    const result = await deps.model.complete(messages, { maxTokens: 300 });
    const usage = result.usage ?? NO_USAGE;
    await budget.spend(userId, usage.totalTokens);
    await recordUsage(cache, clock.now(), {
      model: true,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: result.ok ? result.costUsd : 0,
    });
    if (!result.ok) {
      log?.('tutor model failed: the learner gets the passage', { userId, reason: result.reason });
      return { ...quoted(best), notice: 'failed' };
    }
    const text = shortened(result.text);
    await rememberExchange(cache, userId, { question: request.question, answer: text });
    return { kind: 'model', text, lesson: best.title };
  };

  return async (userId, raw) => {
    const request = tutorRequest(raw);
    const providerId = `tutor:${userId}:${request.requestId}`;
    if (await systemEventStored(db, providerId)) {
      log?.('tutor answer already delivered: nothing sent again', { userId, providerId });
      return;
    }
    const answerKey = `tutor:answer:${providerId}`;
    const stored = await cache.get(answerKey);
    const reply: TutorAnswer = stored ? (JSON.parse(stored) as TutorAnswer) : await answer(userId, request);
    if (!stored) await cache.set(answerKey, JSON.stringify(reply), ANSWER_TTL);
    log?.('tutor answered', { userId, kind: reply.kind, notice: reply.notice ?? null });
    await receive({
      type: 'system',
      channel: 'system',
      providerId,
      userId,
      at: clock.now().toISOString(),
      name: 'tutorAnswer',
      data: { ...reply },
    });
  };
}
