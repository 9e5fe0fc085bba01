/*
 * PROGRESS: the learner's courses, last quiz and streak as a picture with the text as its caption.
 * The picture is drawn by the `progress.picture` service after the turn, which answers with
 * `system.progressPicture` { url } (or `progressPictureFailed`, and the text goes alone). The
 * command is answered later, so a quiz question waiting follows the picture, not the command.
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootCommand, RootExtensions, RootInput } from '../engine/registry.js';
import { command, journeyOf, onboardedOnly, send } from './command-kit.js';
import { courseState, streakAsOf } from './learning/index.js';
import { courseProgress } from './learning/sequence.js';
import { inLanguage } from './questions.js';

export const PROGRESS_PICTURE_SERVICE = 'progress.picture';

export function createProgressExtensions(catalog: ContentCatalog): RootExtensions {
  const coursesOf = (input: RootInput) => {
    const { state, language } = journeyOf(input);
    return (state.courses.length ? state.courses : state.course ? [state.course] : []).map((slug) => ({
      title: inLanguage(catalog.course(slug)?.title, language),
      ...courseProgress(catalog.lessons(slug), courseState(state, slug).completed),
    }));
  };

  /** The text summary (the picture's caption, or the whole answer when there is no picture). */
  const summary = (input: RootInput): { key: string; vars: Record<string, string | number> } => {
    const { state, language, zone, now } = journeyOf(input);
    const courses = coursesOf(input)
      .map((course) => `${course.title}: ${course.done}/${course.total}`)
      .join('\n📚 ');
    const vars = { courses, streak: streakAsOf(state.streak, now, zone), count: state.streak.longest };
    const last = state.lastQuiz;
    if (!last) return { key: 'commands.progressNoQuiz', vars };
    const lesson = inLanguage(catalog.lesson(last.course, last.lesson)?.title, language);
    return { key: 'commands.progress', vars: { ...vars, score: last.score, total: last.total, lesson } };
  };

  const progress = (input: RootInput): Effect[] => {
    const { state, language, zone, now } = journeyOf(input);
    return [
      {
        type: 'callService',
        params: {
          service: PROGRESS_PICTURE_SERVICE,
          input: {
            // The turn's time names the request: a rerun after a crash draws and sends nothing new.
            requestId: input.at,
            language,
            zone,
            name: input.learner?.name ?? null,
            streak: streakAsOf(state.streak, now, zone),
            longest: state.streak.longest,
            courses: coursesOf(input),
          },
        },
      },
    ];
  };

  // In a flow, its pending question follows the answer (a quiz goes on where it was).
  const resume = (input: RootInput): Effect[] =>
    input.activeFlow ? [{ type: 'reprompt', params: { reason: 'interruption' } }] : [];

  const progressCommand: RootCommand = {
    ...command('progress', onboardedOnly(progress), 'none'),
    answersLater: true,
  };

  return {
    commands: [progressCommand],
    events: {
      progressPicture: (input) => {
        const { key, vars } = summary(input);
        const media = { type: 'image', url: String(input.data.url ?? '') };
        // WhatsApp refused the picture: the figures still reach the learner, as text.
        return [send(key, vars, { media, fallback: { key, vars } }), ...resume(input)];
      },
      progressPictureFailed: (input) => {
        const { key, vars } = summary(input);
        return [send(key, vars), ...resume(input)];
      },
    },
  };
}
