import { describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../content/catalog.js';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { learningStateOf } from './learning/index.js';
import { nextDailyLessonAt } from './learning/lesson-time.js';
import { upNext } from './up-next.js';

const catalog = catalogFromCourses([
  testCourse('water', 'Safe water', {
    count: 2,
    prefix: 'w',
    quiz: (n) => [trueFalse(`q${n}`, `Fact ${n}`)],
  }),
]);
const NAIROBI = 'Africa/Nairobi';
const at = (iso: string) => new Date(iso);
const state = (extra: Record<string, unknown> = {}, completed: string[] = []) =>
  learningStateOf({
    course: 'water',
    courses: ['water'],
    lessonTime: '07:30',
    progress: { water: { completed, attempts: {} } },
    ...extra,
  });

describe('what comes next, as messages say it', () => {
  it("is today's lesson before its time, tomorrow's once today's went", () => {
    expect(upNext(catalog, state(), NAIROBI, at('2026-03-02T03:00:00Z'), false)).toEqual({
      kind: 'today',
      time: '07:30',
    });
    const pulled = state({ lastLessonDay: '2026-03-02' });
    expect(upNext(catalog, pulled, NAIROBI, at('2026-03-02T03:00:00Z'), false).kind).toBe('tomorrow');
  });

  it('is no lesson after the course is done, none while paused, the open quiz first', () => {
    expect(upNext(catalog, state({}, ['w-1', 'w-2']), NAIROBI, at('2026-03-02T03:00:00Z'), true).kind).toBe(
      'courseDone',
    );
    expect(
      upNext(catalog, state({ paused: 'learner' }), NAIROBI, at('2026-03-02T03:00:00Z'), true).kind,
    ).toBe('paused');
    expect(upNext(catalog, state(), NAIROBI, at('2026-03-02T03:00:00Z'), true).kind).toBe('quizOpen');
  });
});

describe('the next scheduled lesson, one a local day', () => {
  it('skips the day a lesson already went, even at a later hour', () => {
    const morning = at('2026-03-02T05:00:00Z'); // Monday 08:00 Nairobi, after the 07:30 lesson
    expect(nextDailyLessonAt(morning, NAIROBI, '18:00').toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(nextDailyLessonAt(morning, NAIROBI, '18:00', '2026-03-02').toISOString()).toBe(
      '2026-03-03T15:00:00.000Z',
    );
    expect(nextDailyLessonAt(morning, NAIROBI, '18:00', '2026-03-01').toISOString()).toBe(
      '2026-03-02T15:00:00.000Z',
    );
  });
});
