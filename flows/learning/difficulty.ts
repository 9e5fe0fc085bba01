/*
 * Adaptive difficulty and item statistics. Decisions: the next question's difficulty moves one step
 * on the last 10 answers (over 80 % right → harder, under 50 % → easier, else the same), and only once
 * there are at least 5 answers, so one lucky or unlucky start does not swing it. Item statistics count
 * each learner's first attempt at a question only (retries come after seeing the explanation);
 * discrimination compares the top and bottom 27 % of learners by total score and is null when those
 * groups would be empty; wrong answers are grouped ignoring case, accents and punctuation.
 */
import { normalise } from './text-match.js';

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const RECENT_ANSWERS = 10;
export const MIN_ANSWERS = 5;

/** The difficulty for the next question, from answers oldest first (true = right). */
export function nextDifficulty(recent: readonly boolean[], current: Difficulty = 'medium'): Difficulty {
  const window = recent.slice(-RECENT_ANSWERS);
  if (window.length < MIN_ANSWERS) return current;
  const accuracy = window.filter(Boolean).length / window.length;
  const step = accuracy > 0.8 ? 1 : accuracy < 0.5 ? -1 : 0;
  const index = Math.min(DIFFICULTIES.length - 1, Math.max(0, DIFFICULTIES.indexOf(current) + step));
  return DIFFICULTIES[index]!;
}

/** The first question at the wanted difficulty, else the nearest one (easier on a tie); null if none. */
export function chooseQuestion<Q extends { difficulty: Difficulty }>(
  questions: readonly Q[],
  wanted: Difficulty,
): Q | null {
  const level = (difficulty: Difficulty) => DIFFICULTIES.indexOf(difficulty);
  const rank = (q: Q) =>
    Math.abs(level(q.difficulty) - level(wanted)) * DIFFICULTIES.length + level(q.difficulty);
  return questions.reduce<Q | null>((best, q) => (best === null || rank(q) < rank(best) ? q : best), null);
}

/** The answers kept for the next quiz's difficulty: the last RECENT_ANSWERS, oldest first. */
export function withRecentAnswer(recent: readonly boolean[], correct: boolean): boolean[] {
  return [...recent, correct].slice(-RECENT_ANSWERS);
}

/**
 * A lesson's questions in the order its quiz asks them. Every question is still asked (quizzes ask
 * the whole lesson); only the first changes: the one nearest the difficulty the learner's recent
 * accuracy calls for (from medium: over 80 % right → hard, under 50 % → easy), the others after it
 * in the order the author wrote them. With fewer than MIN_ANSWERS answers there is no accuracy to
 * go on yet, so the quiz is asked as written (authors usually open with an easy question).
 */
export function quizOrder<Q extends { difficulty: Difficulty }>(
  questions: readonly Q[],
  recent: readonly boolean[],
): Q[] {
  if (recent.slice(-RECENT_ANSWERS).length < MIN_ANSWERS) return [...questions];
  const first = chooseQuestion(questions, nextDifficulty(recent));
  return first ? [first, ...questions.filter((q) => q !== first)] : [];
}

export interface Attempt {
  learnerId: string;
  questionId: string;
  correct: boolean;
  /** What the learner answered (option id or text), for the common wrong answers. */
  answer?: string;
}

export interface ItemStats {
  questionId: string;
  /** Learners who answered it. */
  answered: number;
  /** Share of learners right on their first attempt, 0–1. */
  facility: number;
  /** Facility among the top 27 % minus the bottom 27 % by total score, −1–1; null with too few learners. */
  discrimination: number | null;
  /** The most common wrong answers, most frequent first (at most 3). */
  commonWrongAnswers: { answer: string; count: number }[];
}

const TAIL = 0.27;

/** Statistics per question for authors, from attempts in the order they were made. */
export function itemStats(attempts: readonly Attempt[]): ItemStats[] {
  const first = new Map<string, Attempt>();
  for (const attempt of attempts) {
    const key = `${attempt.questionId}\u0000${attempt.learnerId}`;
    if (!first.has(key)) first.set(key, attempt);
  }
  const firsts = [...first.values()];
  const totals = new Map<string, number>();
  for (const a of firsts) totals.set(a.learnerId, (totals.get(a.learnerId) ?? 0) + (a.correct ? 1 : 0));
  const ranked = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
  const size = Math.round(ranked.length * TAIL);
  const upper = new Set(ranked.slice(0, size));
  const lower = new Set(size > 0 ? ranked.slice(-size) : []);

  const questionIds = [...new Set(firsts.map((a) => a.questionId))];
  return questionIds.map((questionId) => {
    const answers = firsts.filter((a) => a.questionId === questionId);
    const share = (group: Attempt[]) =>
      group.length === 0 ? null : group.filter((a) => a.correct).length / group.length;
    const top = share(answers.filter((a) => upper.has(a.learnerId)));
    const bottom = share(answers.filter((a) => lower.has(a.learnerId)));
    return {
      questionId,
      answered: answers.length,
      facility: share(answers)!,
      discrimination: top === null || bottom === null ? null : top - bottom,
      commonWrongAnswers: commonWrong(answers),
    };
  });
}

function commonWrong(answers: Attempt[]): { answer: string; count: number }[] {
  const groups = new Map<string, { answer: string; count: number }>();
  for (const { correct, answer } of answers) {
    if (correct || answer === undefined || normalise(answer) === '') continue;
    const key = normalise(answer);
    const group = groups.get(key) ?? { answer: answer.trim(), count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count).slice(0, 3);
}
