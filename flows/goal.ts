/*
 * The learning path (issue 16 item 6): GOAL <words> (LENGO), or a plain reply to "What do you want
 * to learn next?" asked at a course's end, gets the next course and the lessons to review, with a
 * one-line reason and a button that switches to the course. The rule (below) picks offline; the
 * `goal.recommend` service lets the model pick among the same courses when one is configured (it
 * may only name one of them, else the rule's pick stands) and answers as `system.goalRecommended`.
 * Decisions: the courses offered are the unfinished ones in the learner's language; the one whose
 * words best match the goal wins, else the next unfinished one (started first, as at a course's
 * end); lessons to review are the learner's weakest (the weekly insight's rule); a plain reply
 * counts as the goal for a day after the question, unless it is a greeting, thanks or OK.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Course } from '../content/types.js';
import type { Effect } from '../engine/effects.js';
import type { RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { ALL_COMMAND_WORDS } from './command-words.js';
import { nextCourse } from './course-end.js';
import { courseState, type LearningState } from './learning/index.js';
import { goalMatch } from './learning/goal.js';
import { weeklyInsight } from './learning/insight.js';
import { replyKind } from './learning/replies.js';
import { courseProgress } from './learning/sequence.js';
import { inLanguage } from './questions.js';

export const GOAL_EVENT = 'goalRecommended';
const GOAL_CHARS = 200;
const QUESTION_HOURS = 24;

export interface GoalPick {
  course: string;
  reason: 'match' | 'next';
  words: string[];
}

/** The unfinished courses in the learner's language, catalog order. */
export function goalCandidates(catalog: ContentCatalog, state: LearningState, language: string): Course[] {
  return catalog.courses().filter((c) => {
    if (!c.languages.includes(language as never)) return false;
    const { done, total } = courseProgress(catalog.lessons(c.slug), courseState(state, c.slug).completed);
    return done < total;
  });
}

/** The rule's course for a goal: the best word match, else the next unfinished course; null when all are done. */
export function ruleForGoal(
  catalog: ContentCatalog,
  state: LearningState,
  language: string,
  goal: string,
): GoalPick | null {
  const candidates = goalCandidates(catalog, state, language);
  let best: { course: string; score: number; words: string[] } | null = null;
  for (const course of candidates) {
    const lessons = catalog.lessons(course.slug);
    const match = goalMatch(goal, {
      main: [course.title, course.description, ...lessons.map((l) => l.title)]
        .flatMap((text) => Object.values(text))
        .join(' '),
      more: lessons.flatMap((l) => Object.values(l.body)).join(' '),
    });
    // Ties go to a course the learner already started.
    const started = state.courses.includes(course.slug) ? 0.5 : 0;
    if (match.score > 0 && (!best || match.score + started > best.score))
      best = { course: course.slug, score: match.score + started, words: match.words };
  }
  if (best) return { course: best.course, reason: 'match', words: best.words };
  const next =
    candidates.find((c) => c.slug === state.course && state.courses.includes(c.slug))?.slug ??
    nextCourse(catalog, state, '', language);
  return next ? { course: next, reason: 'next', words: [] } : null;
}

/** At a course's end: "What do you want to learn next?", whose plain reply is taken as the goal; not when every course is done. */
export function askGoal(
  catalog: ContentCatalog,
  state: LearningState,
  language: string,
  at: string,
): Effect[] {
  if (goalCandidates(catalog, state, language).length === 0) return [];
  return [{ type: 'updateProfile', params: { learning: { goalAskedAt: at } } }, send('goal.askAfterCourse')];
}

export function createGoalExtensions(catalog: ContentCatalog) {
  const title = (slug: string, language: string) => inLanguage(catalog.course(slug)?.title, language);

  const recommend = (input: RootInput, text: string): Effect[] => {
    const { state, language } = journeyOf(input);
    const goal = text.trim().slice(0, GOAL_CHARS);
    // Answered now, not by the service: a waiting question follows at once.
    const resume: Effect[] = input.activeFlow
      ? [{ type: 'reprompt', params: { reason: 'interruption' } }]
      : [];
    if (!goal) return [send('goal.ask'), ...resume];
    const pick = ruleForGoal(catalog, state, language, goal);
    if (!pick) return [send('goal.allDone'), ...resume];
    const review = weeklyInsight(state).weak.map(
      (l) => `*${inLanguage(catalog.lesson(l.course, l.lesson)?.title, language)}*`,
    );
    return [
      {
        type: 'callService',
        params: {
          service: 'goal.recommend',
          input: {
            requestId: `${input.at}:goal`,
            language,
            goal,
            candidates: goalCandidates(catalog, state, language).map((c) => c.slug),
            rule: pick,
            review: review.join(', '),
          },
        },
      },
    ];
  };

  const recommended = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const { state, language } = journeyOf(input);
    const course = String(input.data.course ?? '');
    if (!catalog.course(course)) return [send('goal.allDone')];
    const kind = input.data.kind === 'model' ? 'model' : input.data.kind === 'match' ? 'match' : 'next';
    const vars = {
      goal: String(input.data.goal ?? ''),
      course: title(course, language),
      words: ((input.data.words as string[] | undefined) ?? []).join(', '),
      reason: String(input.data.reason ?? ''),
    };
    // Already the learner's course: the button goes on with it instead of switching.
    const button =
      course === state.course
        ? { id: 'NEXT', key: 'goal.continue' }
        : { id: `COURSE ${course}`, key: 'goal.switch' };
    const review = String(input.data.review ?? '');
    const resume: Effect[] = input.activeFlow
      ? [{ type: 'reprompt', params: { reason: 'interruption' } }]
      : [];
    return [
      send(`goal.${kind}`, vars, { buttons: [button] }),
      ...(review
        ? [send('goal.review', { lessons: review }, { buttons: [{ id: 'REVIEW', key: 'insight.review' }] })]
        : []),
      ...resume,
    ];
  };

  /** A plain reply within a day of the course-end question is the learner's goal; null when it is not one. */
  const goalReply = (input: RootInput & { text: string }): Effect[] | null => {
    const { state, now, onboarded } = journeyOf(input);
    if (!onboarded || !state.goalAskedAt) return null;
    if (now.getTime() - new Date(state.goalAskedAt).getTime() > QUESTION_HOURS * 3_600_000) return null;
    const kind = replyKind(input.text, ALL_COMMAND_WORDS).kind;
    if (kind !== 'unknown' && kind !== 'question') return null;
    return [
      { type: 'updateProfile', params: { learning: { goalAskedAt: null } } },
      ...recommend(input, input.text),
    ];
  };

  const extensions: RootExtensions = {
    commands: [
      {
        ...command(
          'goal',
          // A GOAL answers the course-end question too: the next plain message is no goal.
          onboardedOnly((input) => [
            ...(journeyOf(input).state.goalAskedAt
              ? [{ type: 'updateProfile', params: { learning: { goalAskedAt: null } } } as Effect]
              : []),
            ...recommend(input, input.argument),
          ]),
        ),
        answersLater: true,
      },
    ],
    events: { [GOAL_EVENT]: recommended },
  };
  return { ...extensions, goalReply };
}
