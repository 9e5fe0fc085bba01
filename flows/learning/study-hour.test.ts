import { describe, expect, it } from 'vitest';
import { bestStudyHour, type HourSample } from './study-hour.js';

const quizzes = (hour: number, scores: number[], total = 3): HourSample[] =>
  scores.map((score) => ({ hour, score, total }));

describe('the best study hour', () => {
  it('is the evening hour where the learner gets far more right than at their morning lesson time', () => {
    const samples = [...quizzes(7, [1, 2, 1, 1]), ...quizzes(19, [3, 3, 2])];
    expect(bestStudyHour(samples, '07:30')).toEqual({ time: '19:00', share: 8 / 9, lessonShare: 5 / 12 });
  });

  it('is not offered when the lesson hour does about as well', () => {
    const samples = [...quizzes(7, [3, 2, 3]), ...quizzes(19, [3, 3, 3])];
    expect(bestStudyHour(samples, '07:30')).toBeUndefined();
  });

  it('is not offered when it is the lesson hour or the next (answering after the lesson arrives)', () => {
    expect(bestStudyHour(quizzes(19, [3, 3, 3]), '19:15')).toBeUndefined();
    expect(bestStudyHour(quizzes(8, [3, 3, 3]), '07:30')).toBeUndefined();
    expect(bestStudyHour(quizzes(9, [3, 3, 3]), '07:30')?.time).toBe('09:00');
  });

  it('is not offered when the learner does poorly at every hour', () => {
    expect(bestStudyHour(quizzes(19, [2, 2, 2]), '07:30')).toBeUndefined();
  });

  it('needs three quizzes at an hour before it judges it', () => {
    expect(bestStudyHour(quizzes(19, [3, 3]), '07:30')).toBeUndefined();
    // Too few quizzes at the lesson hour to compare: the well-tried hour is offered.
    const samples = [...quizzes(7, [0]), ...quizzes(18, [3, 2, 3])];
    expect(bestStudyHour(samples, '07:30')?.time).toBe('18:00');
  });

  it('never offers a quiet hour, however well the learner does then', () => {
    const samples = [...quizzes(22, [3, 3, 3, 3]), ...quizzes(6, [3, 3, 3]), ...quizzes(12, [3, 2, 3])];
    expect(bestStudyHour(samples, '07:30')?.time).toBe('12:00');
  });

  it('breaks a tie by the hour with more quizzes, and ignores empty quizzes', () => {
    const samples = [...quizzes(9, [3, 3, 3]), ...quizzes(17, [3, 3, 3, 3]), ...quizzes(18, [0, 0, 0, 0], 0)];
    expect(bestStudyHour(samples, '07:30')?.time).toBe('17:00');
  });
});
