/*
 * Spaced repetition of answered questions with FSRS (ts-fsrs), target retention 0.9. Decisions:
 * short-term (minute) learning steps are off, because reviews are offered once a day with the lesson,
 * so every interval is whole days; no fuzz, so the same answers give the same schedule (tests, replays);
 * a right answer is Good, a wrong one Again; a card forgotten 8 times is a leech: flagged for authors
 * and kept out of the daily review (it stays a leech; authors fix the question, not the learner).
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type StateType } from 'ts-fsrs';

export const TARGET_RETENTION = 0.9;
export const LEECH_LAPSES = 8;
export const DAILY_REVIEW_MAX = 10;

const scheduler = fsrs({ request_retention: TARGET_RETENTION, enable_fuzz: false, enable_short_term: false });

/** A question's memory state as stored (plain JSON, dates as ISO strings). */
export interface ReviewCard {
  questionId: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: StateType;
  lastReview?: string;
  leech: boolean;
}

function toStored(questionId: string, card: Card): ReviewCard {
  return {
    questionId,
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state] as StateType,
    ...(card.last_review ? { lastReview: card.last_review.toISOString() } : {}),
    leech: card.lapses >= LEECH_LAPSES,
  };
}

function toFsrs(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: State[card.state],
    ...(card.lastReview ? { last_review: new Date(card.lastReview) } : {}),
  };
}

/** A card for a question the learner has just met (not yet reviewed; due at once). */
export function newCard(questionId: string, at: Date): ReviewCard {
  return toStored(questionId, createEmptyCard(at));
}

/** The card for a question answered for the first time (in its lesson's quiz). */
export function firstAnswer(questionId: string, correct: boolean, at: Date): ReviewCard {
  return reviewAnswer(newCard(questionId, at), correct, at);
}

/** The card after the learner answered its question at `at`. */
export function reviewAnswer(card: ReviewCard, correct: boolean, at: Date): ReviewCard {
  const { card: next } = scheduler.next(toFsrs(card), at, correct ? Rating.Good : Rating.Again);
  return { ...toStored(card.questionId, next), leech: card.leech || next.lapses >= LEECH_LAPSES };
}

/** Cards due for review at `now`, most overdue first, leeches left out; at most `max`. */
export function dueItems(cards: readonly ReviewCard[], now: Date, max = DAILY_REVIEW_MAX): ReviewCard[] {
  return cards
    .filter((card) => !card.leech && Date.parse(card.due) <= now.getTime())
    .sort((a, b) => Date.parse(a.due) - Date.parse(b.due) || a.questionId.localeCompare(b.questionId))
    .slice(0, Math.max(0, max));
}

export function leeches(cards: readonly ReviewCard[]): ReviewCard[] {
  return cards.filter((card) => card.leech);
}
