/*
 * The lesson itself as WhatsApp shows it: its intro (the daily one as the `lesson_ready` template)
 * and its body with the media; and the lesson's and course's titles in the learner's language.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { LessonContext } from './lesson-context.js';
import { inLanguage } from './questions.js';

export const lessonTitle = (catalog: ContentCatalog, context: LessonContext) =>
  inLanguage(catalog.lesson(context.course, context.lesson)?.title, context.language);

export const courseTitle = (catalog: ContentCatalog, context: LessonContext) =>
  inLanguage(catalog.course(context.course)?.title, context.language);

/** The intro and body of the lesson; none on a retry, which is the quiz alone. */
export const lessonMessages = (catalog: ContentCatalog, context: LessonContext): Effect[] => {
  const lesson = catalog.lesson(context.course, context.lesson);
  if (!lesson || context.retry) return [];
  const lessons = catalog.lessons(context.course);
  const position = lessons.findIndex((l) => l.slug === lesson.slug) + 1;
  const media = lesson.media
    ? {
        media: {
          type: lesson.media.type,
          url: lesson.media.url,
          ...(lesson.media.caption ? { caption: inLanguage(lesson.media.caption, context.language) } : {}),
        },
      }
    : {};
  return [
    {
      type: 'send',
      params: {
        key: 'lesson.intro',
        vars: { count: position || 1, total: lessons.length, course: courseTitle(catalog, context) },
        // Outside the 24-hour window the daily lesson opens with its approved template.
        ...(context.daily ? { template: 'lesson_ready' } : {}),
      },
    },
    {
      type: 'send',
      params: { key: 'lesson.body', vars: { body: inLanguage(lesson.body, context.language) }, ...media },
    },
  ];
};
