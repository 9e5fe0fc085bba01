import type { ContentCatalog } from '../../content/catalog.js';
import type { Database } from '../../db/client.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import { indexFor, type Passage } from '../ai/course-index.js';
import type { ChatModel, TokenUsage } from '../ai/model.js';
import { firstNameOf, shortened, tutorPrompt } from '../ai/tutor-prompt.js';
import type { Cache } from '../cache/cache.js';
import { answerOnce } from './answer-once.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';
import {
  completeOnBudget,
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
  /** The learner is in a review: no question explanation is quoted. */
  reviewInProgress?: boolean;
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
    reviewInProgress: { type: 'boolean', nullable: true },
  },
  required: ['question', 'requestId', 'language'],
});

const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

const QUOTE_CHARS = 700;
const order = (passage: Passage) => Number(/\/p(\d+)$/.exec(passage.id)?.[1] ?? Infinity);

/** The best passage, with the runner-up paragraph of the same lesson when both are short, in lesson order. */
function quoted(passages: Passage[]): TutorAnswer {
  const [best, second] = passages as [Passage, Passage | undefined];
  const pair =
    second &&
    second.lesson === best.lesson &&
    best.kind === 'paragraph' &&
    second.kind === 'paragraph' &&
    best.text.length + second.text.length <= QUOTE_CHARS
      ? [best, second].sort((a, b) => order(a) - order(b))
      : [best];
  return { kind: 'passage', text: shortened(pair.map((p) => p.text).join('\n\n')), lesson: best.title };
}

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
      reviewInProgress: request.reviewInProgress === true,
      limit: 4,
    });
    const best = passages[0];
    if (!best) {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return { kind: 'unknown', text: '', lesson: '' };
    }
    if (!deps.model) {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return quoted(passages);
    }
    if ((await budget.state(userId)) !== 'available') {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE, costUsd: 0 });
      return { ...quoted(passages), notice: 'budget' };
    }
    const history = await recallExchanges(cache, userId);
    const messages = tutorPrompt({
      firstName: firstNameOf(request.name),
      language: request.language,
      passages,
      history,
      question: request.question,
    });
    const result = await completeOnBudget({ model: deps.model, cache, clock, budget }, userId, messages, 300);
    if (!result.ok) {
      log?.('tutor model failed: the learner gets the passage', { userId, reason: result.reason });
      return { ...quoted(passages), notice: 'failed' };
    }
    const text = shortened(result.text);
    await rememberExchange(cache, userId, { question: request.question, answer: text });
    return { kind: 'model', text, lesson: best.title };
  };

  return async (userId, raw) => {
    const request = tutorRequest(raw);
    const providerId = `tutor:${userId}:${request.requestId}`;
    const reply = await answerOnce(
      { db, cache, clock, receive },
      { userId, providerId, event: 'tutorAnswer' },
      () => answer(userId, request),
    );
    if (!reply) log?.('tutor answer already delivered: nothing sent again', { userId, providerId });
    else log?.('tutor answered', { userId, kind: reply.kind, notice: reply.notice ?? null });
  };
}
