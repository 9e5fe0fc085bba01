/*
 * What a learner hears when a course has no lesson left (after its last quiz, or on NEXT).
 * Decisions (issue 11): no "next lesson at 07:30" promise; the course suggested next is one the
 * learner started and has not finished, else any other unfinished course in their language (in
 * catalog order), offered with a button that switches to it; with none left, REVIEW is suggested.
 * Review questions due then are said in the same message with a [Review now] button (issue 13
 * item 6: after a course, the next course and the due reviews).
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

/** The message saying `course` is done, with the next course and the `due` review questions offered. */
export function courseEnd(
  catalog: ContentCatalog,
  state: LearningState,
  course: string,
  language: string,
  due = 0,
): Effect {
  const title = inLanguage(catalog.course(course)?.title, language);
  const next = nextCourse(catalog, state, course, language);
  const review = due > 0 ? [{ id: 'REVIEW', key: 'review.now' }] : [];
  const withReview = due > 0 ? 'Review' : '';
  if (!next)
    return {
      type: 'send',
      params: {
        key: `lesson.courseDoneAll${withReview}`,
        vars: { course: title, ...(due > 0 ? { count: due } : {}) },
        ...(due > 0 ? { buttons: review } : {}),
      },
    };
  return {
    type: 'send',
    params: {
      key: `lesson.courseDoneNext${withReview}`,
      vars: {
        course: title,
        nextCourse: inLanguage(catalog.course(next)?.title, language),
        ...(due > 0 ? { count: due } : {}),
      },
      buttons: [{ id: `COURSE ${next}`, key: 'lesson.goOn' }, ...review],
    },
  };
}
