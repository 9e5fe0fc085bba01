/*
 * What every root command handler of the learner's journey shares: the learner's state read from
 * the root's input, a send by key, the daily lesson timer and the command record itself.
 */
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootInput } from '../engine/registry.js';
import { COMMAND_PHRASES, COMMAND_WORDS, type CommandId } from './command-words.js';
import { learningStateOf } from './learning/index.js';
import { nextDailyLessonAt } from './learning/lesson-time.js';

export const DAILY_LESSON_TIMER = 'lesson.daily';

export const send = (key: string, vars?: Record<string, string | number>, extra: object = {}): Effect => ({
  type: 'send',
  params: { key, ...(vars ? { vars } : {}), ...extra },
});

/** The learner's journey as a root handler sees it. */
export const journeyOf = (input: RootInput) => {
  const learner = input.learner;
  const state = learningStateOf(learner?.learning);
  return {
    state,
    language: learner?.language ?? 'en',
    zone: learner?.timezone ?? 'Africa/Nairobi',
    now: new Date(input.at),
    onboarded: state.lessonTime !== undefined && state.course !== undefined,
  };
};

/** The daily lesson timer, never on a local day that already had its lesson (`lastLessonDay`). */
export const scheduleDaily = (now: Date, zone: string, time: string, lastLessonDay?: string): Effect => ({
  type: 'schedule',
  params: {
    name: DAILY_LESSON_TIMER,
    dueAt: nextDailyLessonAt(now, zone, time, lastLessonDay).toISOString(),
  },
});

/** A quiz started and not yet finished: the learner answers it before getting another lesson. */
export const quizPending = (input: RootInput) => input.activeFlow === 'lesson';

export const command = (
  id: CommandId,
  run: RootCommand['run'],
  argument?: RootCommand['argument'],
): RootCommand => ({
  id,
  words: [...COMMAND_WORDS[id]],
  ...(COMMAND_PHRASES[id] ? { phrases: [...COMMAND_PHRASES[id]] } : {}),
  run,
  ...(argument ? { argument } : {}),
});

/** A command whose words are an answer while one of `flows` runs (SAA at onboarding's time question). */
export const notDuring = (flows: string[], root: RootCommand): RootCommand => ({ ...root, notDuring: flows });

/** Before onboarding is done a command only says so (the onboarding question follows). */
export const onboardedOnly =
  (run: RootCommand['run']): RootCommand['run'] =>
  (input) =>
    journeyOf(input).onboarded ? run(input) : [send('commands.notYet')];
