/*
 * What a learner hears when a course has no lesson left (after its last quiz, or on NEXT).
 * Decisions (issue 11): no "next lesson at 07:30" promise; the course suggested next is one the
 * learner started and has not finished, else any other unfinished course in their language (in
 * catalog order), offered with a button that switches to it; with none left, REVIEW is suggested.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import { courseState, type LearningState } from './learning/index.js';
import { courseProgress } from './learning/sequence.js';
import { inLanguage } from './questions.js';

/** Another course worth going on with: started and unfinished first, then any unfinished. */
export function nextCourse(
  catalog: ContentCatalog,
  state: LearningState,
  finished: string,
  language: string,
): string | undefined {
  const unfinished = catalog
    .courses()
    .filter((c) => c.slug !== finished && c.languages.includes(language as never))
    .filter((c) => {
      const { done, total } = courseProgress(catalog.lessons(c.slug), courseState(state, c.slug).completed);
      return done < total;
    })
    .map((c) => c.slug);
  return unfinished.find((slug) => state.courses.includes(slug)) ?? unfinished[0];
}

/** The message saying `course` is done, with the next course offered when there is one. */
export function courseEnd(
  catalog: ContentCatalog,
  state: LearningState,
  course: string,
  language: string,
): Effect {
  const title = inLanguage(catalog.course(course)?.title, language);
  const next = nextCourse(catalog, state, course, language);
  if (!next) return { type: 'send', params: { key: 'lesson.courseDoneAll', vars: { course: title } } };
  return {
    type: 'send',
    params: {
      key: 'lesson.courseDoneNext',
      vars: { course: title, nextCourse: inLanguage(catalog.course(next)?.title, language) },
      buttons: [{ id: `COURSE ${next}`, key: 'lesson.goOn' }],
    },
  };
}
