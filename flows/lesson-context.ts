/*
 * The lesson flow's input and context, and the readers its actions share: what the learner typed,
 * when, and their learning state.
 */
import type { ConversationEvent } from '../engine/events.js';
import { learningStateOf, type LearningState } from './learning/index.js';

export interface Answered {
  question: string;
  answer: string;
  correct: boolean;
}

export interface LessonInput {
  course?: string;
  lesson?: string;
  language?: string;
  zone?: string;
  at?: string;
  /** Sent by the daily timer: the first message may go as the `lesson_ready` template. */
  daily?: boolean;
  /** A retry of the quiz alone (RETRY), as attempt number `attempt`. */
  retry?: boolean;
  attempt?: number;
  /** Review cards due when the lesson started, offered after its quiz. */
  review?: string[];
  /** The learner's last quiz answers (learning state `recentAnswers`): the quiz's first question follows them. */
  recent?: boolean[];
}

export interface LessonContext {
  course: string;
  lesson: string;
  language: string;
  zone: string;
  startedAt: string;
  daily: boolean;
  retry: boolean;
  attempt: number;
  review: number;
  /** Question ids in the order this quiz asks them (flows/learning/difficulty.ts quizOrder). */
  order?: string[];
  index: number;
  score: number;
  answers: Answered[];
  /** When the question now waiting was sent: reminders count from it. */
  askedAt: string;
  reminders: number;
  /** The daily lesson time already said once that this open quiz holds the next lesson back. */
  heldBack?: boolean;
  /** The learner put the question off with LATER: "OK" shows it again. */
  later?: boolean;
}

export const inputOf = (event: ConversationEvent) => (event.type === 'learner.message' ? event.input : '');
export const atOf = (event: ConversationEvent, fallback: string) => event.at ?? fallback;
export const prefsOf = (event: ConversationEvent): LearningState => learningStateOf(event.learner?.learning);
