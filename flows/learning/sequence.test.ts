import { describe, expect, it } from 'vitest';
import { courseProgress, nextLesson } from './sequence.js';

const course = [
  { slug: 'what-is-a-budget' },
  { slug: 'needs-and-wants', archived: true },
  { slug: 'saving-a-little' },
  { slug: 'mpesa-pin-safety' },
];

describe('the next lesson in a course', () => {
  it('is the first lesson of a new course', () => {
    expect(nextLesson(course, [])?.slug).toBe('what-is-a-budget');
  });

  it('follows course order and skips archived lessons', () => {
    expect(nextLesson(course, ['what-is-a-budget'])?.slug).toBe('saving-a-little');
    expect(nextLesson(course, new Set(['what-is-a-budget', 'saving-a-little']))?.slug).toBe(
      'mpesa-pin-safety',
    );
  });

  it('comes back to a lesson left out before going on', () => {
    expect(nextLesson(course, ['saving-a-little', 'mpesa-pin-safety'])?.slug).toBe('what-is-a-budget');
  });

  it('is null when the course is finished, archived lessons not needed', () => {
    expect(nextLesson(course, ['what-is-a-budget', 'saving-a-little', 'mpesa-pin-safety'])).toBeNull();
    expect(nextLesson([], [])).toBeNull();
  });

  it('keeps the caller’s lesson type', () => {
    const lessons = [{ slug: 'one', title: 'One' }];
    expect(nextLesson(lessons, [])?.title).toBe('One');
  });

  it('counts progress over live lessons, history of archived ones kept out', () => {
    expect(courseProgress(course, ['what-is-a-budget', 'needs-and-wants'])).toEqual({ done: 1, total: 3 });
  });
});
