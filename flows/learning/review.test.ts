import { default_w, forgetting_curve } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { dueItems, firstAnswer, leeches, newCard, reviewAnswer, type ReviewCard } from './review.js';

const DAY = 86_400_000;
const start = new Date('2026-05-04T05:00:00Z');
const days = (from: Date, to: string) => (Date.parse(to) - from.getTime()) / DAY;

/** Answer the card on its due date each time. */
function answerInTurn(card: ReviewCard, answers: boolean[]): ReviewCard {
  return answers.reduce((c, correct) => reviewAnswer(c, correct, new Date(c.due)), card);
}

describe('spaced review of answered questions', () => {
  it('brings a wrong answer back tomorrow and a right one later, in whole days', () => {
    const wrong = firstAnswer('q1', false, start);
    const right = firstAnswer('q1', true, start);
    expect(days(start, wrong.due)).toBe(1);
    expect(days(start, right.due)).toBeGreaterThan(1);
    expect(Number.isInteger(days(start, right.due))).toBe(true);
    expect(right).toMatchObject({ questionId: 'q1', reps: 1, lapses: 0, state: 'Review', leech: false });
  });

  it('spaces each right answer further out, and pulls a forgotten one back in', () => {
    let card = firstAnswer('q1', true, start);
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = new Date(card.due);
      card = reviewAnswer(card, true, at);
      gaps.push(days(at, card.due));
    }
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    expect(gaps[3]!).toBeGreaterThan(gaps[0]! * 3);
    const at = new Date(card.due);
    const forgotten = reviewAnswer(card, false, at);
    expect(forgotten.lapses).toBe(1);
    expect(days(at, forgotten.due)).toBeLessThan(gaps[3]!);
  });

  it('schedules each review where recall has fallen to about 90 %', () => {
    const card = answerInTurn(firstAnswer('q1', true, start), [true, true]);
    const recall = forgetting_curve(default_w, card.scheduledDays, card.stability);
    expect(recall).toBeGreaterThan(0.88);
    expect(recall).toBeLessThan(0.92);
  });

  it('flags a question forgotten 8 times as a leech and keeps it out of the daily review', () => {
    const seven = answerInTurn(firstAnswer('q1', true, start), Array(7).fill(false));
    expect(seven).toMatchObject({ lapses: 7, leech: false });
    const eight = reviewAnswer(seven, false, new Date(seven.due));
    expect(eight).toMatchObject({ lapses: 8, leech: true });
    const later = new Date(Date.parse(eight.due) + 30 * DAY);
    expect(dueItems([eight], later)).toEqual([]);
    expect(leeches([seven, eight])).toEqual([eight]);
    // Answering it right afterwards does not quietly clear the flag: the question needs an author.
    expect(reviewAnswer(eight, true, later).leech).toBe(true);
  });

  it('offers at most 10 due items, most overdue first, nothing not yet due', () => {
    const cards = Array.from({ length: 14 }, (_, i) => ({
      ...newCard(`q${String(i).padStart(2, '0')}`, start),
      due: new Date(start.getTime() + (i - 12) * DAY).toISOString(),
    }));
    const due = dueItems(cards, start);
    expect(due.map((card) => card.questionId)).toEqual([
      'q00',
      'q01',
      'q02',
      'q03',
      'q04',
      'q05',
      'q06',
      'q07',
      'q08',
      'q09',
    ]);
    expect(dueItems(cards, start, 3).map((card) => card.questionId)).toEqual(['q00', 'q01', 'q02']);
    expect(dueItems(cards, new Date(start.getTime() - 12 * DAY)).map((card) => card.questionId)).toEqual([
      'q00',
    ]);
  });

  it('stores as plain JSON and carries on the same after a round trip', () => {
    const card = answerInTurn(firstAnswer('q1', true, start), [true, false]);
    const stored = JSON.parse(JSON.stringify(card)) as ReviewCard;
    expect(stored).toEqual(card);
    expect(typeof stored.due).toBe('string');
    const at = new Date(card.due);
    expect(reviewAnswer(stored, true, at)).toEqual(reviewAnswer(card, true, at));
  });
});
