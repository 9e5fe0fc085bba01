/*
 * A lesson as a learner on WhatsApp gets it: the same send params the lesson flow emits
 * (flows/lesson-delivery.ts, flows/questions.ts), rendered by the engine's renderMessage with the
 * message copy and split and laid out by the Meta channel's formatter (≤ 3 reply buttons, titles
 * ≤ 20 characters, a list beyond). Decisions: the lesson is shown as a learner asking for it
 * (not the daily template), with every quiz question in order, for a learner named Amina.
 */
import type { ContentCatalog } from '../../content/catalog.js';
import { catalogMessages } from '../../content/messages.js';
import type { SendParams } from '../../engine/effects.js';
import { renderMessage } from '../../engine/plan.js';
import type { Messages, OutboundMessage } from '../../engine/ports.js';
import type { LessonContext } from '../../flows/lesson-context.js';
import { lessonMessages } from '../../flows/lesson-delivery.js';
import { questionPrompt } from '../../flows/questions.js';
import { formatFor } from '../channels/format/index.js';

export const PREVIEW_LEARNER_NAME = 'Amina';

let messages: Messages | undefined;

/** The WhatsApp messages of the lesson and its quiz, in order; [] for a lesson the catalog lacks. */
export function lessonPreview(
  catalog: ContentCatalog,
  course: string,
  lessonSlug: string,
  language: string,
): OutboundMessage[] {
  const lesson = catalog.lesson(course, lessonSlug);
  if (!lesson) return [];
  messages ??= catalogMessages();
  const context = {
    course,
    lesson: lessonSlug,
    language,
    daily: false,
    retry: false,
  } as LessonContext;
  const sends: SendParams[] = lessonMessages(catalog, context).flatMap((effect) =>
    effect.type === 'send' ? [effect.params as SendParams] : [],
  );
  lesson.quiz.forEach((question, i) =>
    sends.push(questionPrompt(question, language, i + 1, lesson.quiz.length, 'quiz')),
  );
  const learner = {
    id: 'preview',
    phone: '+254700000000',
    name: PREVIEW_LEARNER_NAME,
    language,
    timezone: 'Africa/Nairobi',
    status: 'active',
  };
  return sends.flatMap((params) => formatFor('meta', renderMessage(messages!, learner, params)));
}
