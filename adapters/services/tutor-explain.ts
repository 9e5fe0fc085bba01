/*
 * `tutor.explain`: the tutor's follow-ups (WHY, HINT, SIMPLER, MORE; flows/tutor-commands.ts).
 * WHY grounds on the last answered question (its text, right answer and the author's explanation)
 * and its lesson; HINT on the question waiting, read from the learner's conversation; SIMPLER and
 * MORE on the current lesson. Offline, or when the model fails or the budget is spent: the
 * course's own words, labelled as such (WHY: the explanation and a passage; HINT: a lesson
 * passage that does not contain the answer, else a pointer to re-read the lesson; SIMPLER: the
 * lesson's first paragraph; MORE: the whole lesson, cut to 1,000 characters). Budget, memory and
 * idempotency work as for ASK (adapters/services/tutor.ts).
 */
import type { ContentCatalog } from '../../content/catalog.js';
import type { Lesson, Question } from '../../content/types.js';
import type { Database } from '../../db/client.js';
import { conversationSnapshot } from '../../db/repositories/conversation-snapshot.js';
import { parseCardId } from '../../flows/learning/index.js';
import type { LessonContext } from '../../flows/lesson-context.js';
import { questionsOf } from '../../flows/lesson-quiz.js';
import { inLanguage, rightAnswer } from '../../flows/questions.js';
import { TUTOR_EXPLAINED_EVENT } from '../../flows/tutor-commands.js';
import { indexFor, lessonPassages, STOP_WORDS } from '../ai/course-index.js';
import { explainPrompt, explainRequest, type ExplainMode } from '../ai/tutor-explain-prompt.js';
import { firstNameOf, shortened } from '../ai/tutor-prompt.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';
import type { TutorServiceDeps } from './tutor.js';
import { answerOnce } from './answer-once.js';
import {
  completeOnBudget,
  recallExchanges,
  recordUsage,
  rememberExchange,
  tutorBudget,
} from './tutor-state.js';

export interface ExplainRequest {
  mode: ExplainMode;
  requestId: string;
  language: string;
  name?: string | null;
  course?: string | null;
  lesson?: string | null;
  /** WHY: the card id (course/lesson/question) of the last question answered. */
  question?: string | null;
}

/**
 * What flows get as `system.tutorExplained` data: `model`, the model's words; `course`, the
 * course's own words (offline or fallback, with a `notice` saying why the model was not used);
 * `noQuestion` (WHY: none answered yet) / `noWaiting` (HINT: none waits) / `noLesson`: nothing to explain; `hintReread`: no passage hints without the answer.
 */
export interface ExplainAnswer {
  mode: ExplainMode;
  kind: 'model' | 'course' | 'noQuestion' | 'noWaiting' | 'noLesson' | 'hintReread';
  text: string;
  lesson: string;
  notice?: 'failed' | 'budget';
}

const explainInput = inputChecker<ExplainRequest>('tutor.explain', {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: ['why', 'hint', 'simpler', 'more'] },
    requestId: { type: 'string', minLength: 1, maxLength: 200 },
    language: { type: 'string', minLength: 2, maxLength: 10 },
    name: { type: 'string', nullable: true, maxLength: 100 },
    course: { type: 'string', nullable: true, maxLength: 100 },
    lesson: { type: 'string', nullable: true, maxLength: 100 },
    question: { type: 'string', nullable: true, maxLength: 300 },
  },
  required: ['mode', 'requestId', 'language'],
});

const NO_USAGE = { promptTokens: 0, completionTokens: 0, costUsd: 0 };

type Fields = Record<string, unknown>;
const objectAt = (value: unknown, key: string): Fields | undefined => {
  const found = (value as Fields | undefined)?.[key];
  return found && typeof found === 'object' ? (found as Fields) : undefined;
};

/**
 * The card id of the question the learner's lesson quiz or review waits on, read from their
 * stored conversation (the service runs after the turn committed it); null when none waits.
 */
export async function waitingQuestion(
  db: Database,
  catalog: ContentCatalog,
  userId: string,
): Promise<string | null> {
  const snapshot = await conversationSnapshot(db, userId);
  const active = objectAt(snapshot, 'context')?.activeFlow;
  // XState's persisted snapshot: the running flow is the child invoked as `flow`.
  const context = objectAt(objectAt(objectAt(objectAt(snapshot, 'children'), 'flow'), 'snapshot'), 'context');
  if (!context) return null;
  if (active === 'review') {
    const ids = context.ids as string[] | undefined;
    return ids?.[context.index as number] ?? null;
  }
  if (active === 'lesson') {
    const lesson = context as unknown as LessonContext;
    const question = questionsOf(catalog, lesson)[lesson.index];
    return question ? `${lesson.course}/${lesson.lesson}/${question.id}` : null;
  }
  return null;
}

const wordsOf = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3 && !STOP_WORDS.has(word)),
  );

/**
 * Whether a text gives the question's answer away: it holds the whole right answer, or a word of
 * a right option that no wrong option shares ("rent" for "Rent for your house").
 */
export function answerGiver(question: Question | undefined, language: string): (text: string) => boolean {
  if (!question) return () => false;
  const answer = rightAnswer(question, language).trim().toLowerCase();
  let telling = new Set<string>();
  if (question.type === 'single' || question.type === 'multiple') {
    const right = (id: string) =>
      question.type === 'single' ? question.answer === id : question.answers.includes(id);
    const wrongWords = new Set(
      question.options.filter((o) => !right(o.id)).flatMap((o) => [...wordsOf(inLanguage(o.text, language))]),
    );
    telling = new Set(
      question.options
        .filter((o) => right(o.id))
        .flatMap((o) => [...wordsOf(inLanguage(o.text, language))])
        .filter((word) => !wrongWords.has(word)),
    );
  }
  return (text) => {
    // 1,500 and 1 500 are 1500.
    const lower = text.toLowerCase().replace(/(\d)[,\s.](?=\d{3}\b)/g, '$1');
    if (answer.length >= 3 && lower.includes(answer)) return true;
    const words = wordsOf(text);
    return [...telling].some((word) => words.has(word));
  };
}

interface Focus {
  course: string;
  lesson: Lesson;
  question?: Question;
}

function focusOf(catalog: ContentCatalog, card: string | null | undefined): Focus | null {
  const parts = card ? parseCardId(card) : null;
  const lesson = parts ? catalog.lesson(parts.course, parts.lesson) : undefined;
  const question = lesson?.quiz.find((q) => q.id === parts?.question);
  return parts && lesson && question ? { course: parts.course, lesson, question } : null;
}

export function tutorExplainService(deps: TutorServiceDeps): ServiceHandler {
  const { db, cache, clock, receive, log } = deps;
  const budget = tutorBudget(cache, clock, deps.budget);

  const answer = async (userId: string, request: ExplainRequest): Promise<ExplainAnswer> => {
    const catalog = deps.catalog();
    const { mode, language } = request;
    const none = (kind: ExplainAnswer['kind']): ExplainAnswer => ({ mode, kind, text: '', lesson: '' });
    let focus: Focus | null;
    if (mode === 'why') focus = focusOf(catalog, request.question);
    else if (mode === 'hint') focus = focusOf(catalog, await waitingQuestion(db, catalog, userId));
    else {
      const lesson =
        request.course && request.lesson ? catalog.lesson(request.course, request.lesson) : undefined;
      focus = lesson && request.course ? { course: request.course, lesson } : null;
    }
    if (!focus) return none(mode === 'why' ? 'noQuestion' : mode === 'hint' ? 'noWaiting' : 'noLesson');

    const paragraphs = lessonPassages(focus.course, focus.lesson, language).filter(
      (p) => p.kind === 'paragraph',
    );
    const title = paragraphs[0]?.title ?? inLanguage(focus.lesson.title, language);
    const question = focus.question && {
      text: inLanguage(focus.question.question, language),
      answer: rightAnswer(focus.question, language),
      explanation: inLanguage(focus.question.explanation, language),
    };
    // The lesson paragraphs that best match the question, best first (explanations left out).
    const matching = question
      ? indexFor(catalog)
          .search({
            question: question.text,
            language,
            course: focus.course,
            lesson: focus.lesson.slug,
            quizInProgress: focus.lesson.slug,
            reviewInProgress: true,
            limit: 12,
          })
          .filter((p) => p.lesson === focus.lesson.slug && p.kind === 'paragraph')
      : [];
    const gives = answerGiver(focus.question, language);
    const offline = (): ExplainAnswer => {
      const course = (text: string): ExplainAnswer => ({
        mode,
        kind: 'course',
        text: shortened(text),
        lesson: title,
      });
      switch (mode) {
        case 'why': {
          const passage = matching[0]?.text ?? paragraphs[0]?.text;
          const head = `${question!.text}\n✅ ${question!.answer}\n\n${question!.explanation}`.replace(
            '✅ \n',
            '',
          );
          return course(passage ? `${head}\n\n${passage}` : head);
        }
        case 'hint': {
          const passage = matching.find((p) => !gives(p.text));
          return passage ? course(passage.text) : { mode, kind: 'hintReread', text: '', lesson: title };
        }
        case 'simpler':
          return course(paragraphs[0]?.text ?? '');
        case 'more':
          return course(paragraphs.map((p) => p.text).join('\n\n'));
      }
    };

    if (!deps.model) {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE });
      return offline();
    }
    if ((await budget.state(userId)) !== 'available') {
      await recordUsage(cache, clock.now(), { model: false, ...NO_USAGE });
      return { ...offline(), notice: 'budget' };
    }
    const messages = explainPrompt({
      mode,
      firstName: firstNameOf(request.name),
      language,
      lessonTitle: title,
      passages: (mode === 'hint'
        ? matching.filter((p) => !gives(p.text))
        : mode === 'why'
          ? matching.slice(0, 3)
          : paragraphs
      ).map((p) => p.text),
      ...(question ? { question } : {}),
      history: await recallExchanges(cache, userId),
    });
    const result = await completeOnBudget(
      { model: deps.model, cache, clock, budget },
      userId,
      messages,
      mode === 'more' ? 400 : 300,
    );
    if (!result.ok) {
      log?.('tutor model failed: the learner gets the course text', { userId, mode, reason: result.reason });
      return { ...offline(), notice: 'failed' };
    }
    // A hint that gives the answer away anyway is not sent: the course passage goes instead.
    if (mode === 'hint' && gives(result.text)) {
      log?.('tutor hint gave the answer away: the learner gets a passage', { userId });
      return offline();
    }
    const text = shortened(result.text);
    await rememberExchange(cache, userId, { question: explainRequest(mode, language), answer: text });
    return { mode, kind: 'model', text, lesson: title };
  };

  return async (userId, raw) => {
    const request = explainInput(raw);
    const providerId = `tutor-explain:${userId}:${request.requestId}`;
    const reply = await answerOnce(
      { db, cache, clock, receive },
      { userId, providerId, event: TUTOR_EXPLAINED_EVENT },
      () => answer(userId, request),
    );
    if (!reply) log?.('tutor explanation already delivered: nothing sent again', { userId, providerId });
    else
      log?.('tutor explained', { userId, mode: reply.mode, kind: reply.kind, notice: reply.notice ?? null });
  };
}
