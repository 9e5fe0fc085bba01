import { describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../content/catalog.js';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { courseEnd, nextCourse } from './course-end.js';
import { learningStateOf } from './learning/index.js';

const quiz = (n: number) => [trueFalse(`q${n}`, `Statement ${n}`)];
const catalog = catalogFromCourses([
  testCourse('budget', 'Budgeting', { count: 2, prefix: 'b', quiz }),
  testCourse('phones', 'Phone safety', { count: 2, prefix: 'p', quiz }),
  testCourse('water', 'Safe water', { count: 1, prefix: 'w', quiz }),
]);
const state = (progress: Record<string, string[]>, courses: string[]) =>
  learningStateOf({
    courses,
    progress: Object.fromEntries(
      Object.entries(progress).map(([slug, completed]) => [slug, { completed, attempts: {} }]),
    ),
  });

describe('the end of a course', () => {
  it('suggests a course the learner started and has not finished before any other', () => {
    const started = state({ budget: ['b-1', 'b-2'], water: [] }, ['budget', 'water']);
    expect(nextCourse(catalog, started, 'budget', 'en')).toBe('water');
    expect(nextCourse(catalog, state({ budget: ['b-1', 'b-2'] }, ['budget']), 'budget', 'en')).toBe('phones');
  });

  it('offers the next course with a button that switches to it, and REVIEW when every course is done', () => {
    const one = courseEnd(catalog, state({ budget: ['b-1', 'b-2'] }, ['budget']), 'budget', 'en');
    expect(one).toEqual({
      type: 'send',
      params: {
        key: 'lesson.courseDoneNext',
        vars: { course: 'Budgeting', nextCourse: 'Phone safety' },
        buttons: [{ id: 'COURSE phones', key: 'lesson.goOn' }],
      },
    });
    const all = state({ budget: ['b-1', 'b-2'], phones: ['p-1', 'p-2'], water: ['w-1'] }, ['budget']);
    expect(courseEnd(catalog, all, 'water', 'en')).toEqual({
      type: 'send',
      params: { key: 'lesson.courseDoneAll', vars: { course: 'Safe water' } },
    });
  });

  it('says the review questions due in the same message, with a Review now button beside the next course', () => {
    const one = courseEnd(catalog, state({ budget: ['b-1', 'b-2'] }, ['budget']), 'budget', 'en', 4);
    expect(one).toEqual({
      type: 'send',
      params: {
        key: 'lesson.courseDoneNextReview',
        vars: { course: 'Budgeting', nextCourse: 'Phone safety', count: 4 },
        buttons: [
          { id: 'COURSE phones', key: 'lesson.goOn' },
          { id: 'REVIEW', key: 'review.now' },
        ],
      },
    });
    const all = state({ budget: ['b-1', 'b-2'], phones: ['p-1', 'p-2'], water: ['w-1'] }, ['budget']);
    expect(courseEnd(catalog, all, 'water', 'en', 1)).toEqual({
      type: 'send',
      params: {
        key: 'lesson.courseDoneAllReview',
        vars: { course: 'Safe water', count: 1 },
        buttons: [{ id: 'REVIEW', key: 'review.now' }],
      },
    });
  });

  it('never suggests a course not taught in the learner language', () => {
    expect(
      nextCourse(catalog, state({ budget: ['b-1', 'b-2'] }, ['budget']), 'budget', 'sw'),
    ).toBeUndefined();
  });
});
