import { describe, expect, it } from 'vitest';
import {
  chooseQuestion,
  itemStats,
  nextDifficulty,
  quizOrder,
  withRecentAnswer,
  type Attempt,
} from './difficulty.js';

const answers = (right: number, wrong: number) => [...Array(right).fill(true), ...Array(wrong).fill(false)];

describe('the next question’s difficulty', () => {
  it('goes up after more than 80 % right, down under 50 %, otherwise stays', () => {
    expect(nextDifficulty(answers(9, 1), 'medium')).toBe('hard');
    expect(nextDifficulty(answers(8, 2), 'medium')).toBe('medium');
    expect(nextDifficulty(answers(5, 5), 'medium')).toBe('medium');
    expect(nextDifficulty(answers(4, 6), 'medium')).toBe('easy');
  });

  it('looks only at the last 10 answers', () => {
    const history = [...answers(0, 20), ...answers(10, 0)];
    expect(nextDifficulty(history, 'easy')).toBe('medium');
  });

  it('stays put until there are 5 answers, and never leaves the scale', () => {
    expect(nextDifficulty(answers(4, 0), 'medium')).toBe('medium');
    expect(nextDifficulty(answers(5, 0), 'medium')).toBe('hard');
    expect(nextDifficulty(answers(10, 0), 'hard')).toBe('hard');
    expect(nextDifficulty(answers(0, 10), 'easy')).toBe('easy');
    expect(nextDifficulty([])).toBe('medium');
  });

  it('picks a question at that difficulty, else the nearest, easier on a tie', () => {
    const q = (id: string, difficulty: 'easy' | 'medium' | 'hard') => ({ id, difficulty });
    expect(chooseQuestion([q('1', 'easy'), q('2', 'hard'), q('3', 'hard')], 'hard')?.id).toBe('2');
    expect(chooseQuestion([q('1', 'easy'), q('2', 'medium')], 'hard')?.id).toBe('2');
    expect(chooseQuestion([q('1', 'hard'), q('2', 'easy')], 'medium')?.id).toBe('2');
    expect(chooseQuestion([], 'easy')).toBeNull();
  });
});

describe('the order a quiz asks its questions', () => {
  const quiz = [
    { id: 'q1', difficulty: 'easy' as const },
    { id: 'q2', difficulty: 'easy' as const },
    { id: 'q3', difficulty: 'medium' as const },
    { id: 'q4', difficulty: 'hard' as const },
  ];
  const ids = (recent: boolean[]) => quizOrder(quiz, recent).map((q) => q.id);

  it('opens with the question that matches the learner’s recent accuracy, the rest as written', () => {
    expect(ids(answers(10, 0))).toEqual(['q4', 'q1', 'q2', 'q3']);
    expect(ids(answers(7, 3))).toEqual(['q3', 'q1', 'q2', 'q4']);
    expect(ids(answers(2, 8))).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(quizOrder(quiz.slice(0, 3), answers(10, 0)).map((q) => q.id)).toEqual(['q3', 'q1', 'q2']);
  });

  it('asks as written until there are 5 answers to go on', () => {
    expect(ids(answers(4, 0))).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(quizOrder([], answers(10, 0))).toEqual([]);
  });

  it('keeps the last 10 answers', () => {
    let recent: boolean[] = [];
    for (let i = 0; i < 12; i++) recent = withRecentAnswer(recent, i >= 2);
    expect(recent).toEqual(answers(10, 0));
    expect(withRecentAnswer(answers(1, 0), false)).toEqual([true, false]);
  });
});

describe('item statistics for authors', () => {
  // Ten learners, two questions. q1 is answered right by the strong learners only (it discriminates);
  // q2 is right for everybody except l0, the strongest (a question that misleads people who know more).
  const WRONG_Q1 = ['C ', 'a', 'c', 'a', 'a', 'a'];
  const attempts: Attempt[] = [];
  for (let i = 0; i < 10; i++) {
    const learnerId = `l${i}`;
    attempts.push({ learnerId, questionId: 'q1', correct: i < 4, answer: WRONG_Q1[i - 4] ?? 'b' });
    attempts.push({ learnerId, questionId: 'q2', correct: i !== 0, answer: i === 0 ? 'savings' : 'budget' });
  }
  // l9 retries q1 and gets it right: only first attempts count.
  attempts.push({ learnerId: 'l9', questionId: 'q1', correct: true, answer: 'b' });

  it('reports facility as the share right on the first attempt', () => {
    const [q1, q2] = itemStats(attempts);
    expect(q1).toMatchObject({ questionId: 'q1', answered: 10, facility: 0.4 });
    expect(q2).toMatchObject({ questionId: 'q2', answered: 10, facility: 0.9 });
  });

  it('reports discrimination between the top and bottom 27 % by total score', () => {
    const [q1, q2] = itemStats(attempts);
    // Top 3: l1, l2, l3 (2 right each); bottom 3: l7, l8, l9 (1 right each, q2).
    expect(q1!.discrimination).toBe(1);
    expect(q2!.discrimination).toBe(0);
    const reversed = itemStats([
      ...['a', 'b', 'c'].map((l) => ({ learnerId: l, questionId: 'x', correct: false })),
      ...['a', 'b', 'c'].map((l) => ({ learnerId: l, questionId: 'y', correct: true })),
      ...['a', 'b', 'c'].map((l) => ({ learnerId: l, questionId: 'z', correct: true })),
      ...['d', 'e', 'f'].map((l) => ({ learnerId: l, questionId: 'x', correct: true })),
    ]);
    expect(reversed.find((s) => s.questionId === 'x')!.discrimination).toBe(-1);
  });

  it('lists the most common wrong answers, grouped ignoring case and spaces', () => {
    const [q1, q2] = itemStats(attempts);
    expect(q1!.commonWrongAnswers).toEqual([
      { answer: 'a', count: 4 },
      { answer: 'C', count: 2 },
    ]);
    expect(q2!.commonWrongAnswers).toEqual([{ answer: 'savings', count: 1 }]);
  });

  it('gives no discrimination when there are too few learners to form groups', () => {
    expect(itemStats([{ learnerId: 'l0', questionId: 'q1', correct: true }])).toEqual([
      { questionId: 'q1', answered: 1, facility: 1, discrimination: null, commonWrongAnswers: [] },
    ]);
    expect(itemStats([])).toEqual([]);
  });
});
