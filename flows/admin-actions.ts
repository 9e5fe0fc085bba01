/*
 * What an operator does to a learner's conversation from the dashboard (issue 14 item 3), as
 * `system.*` events through the engine's own turn, so every rule of a turn holds (one transaction,
 * the learner's lock, the outbox):
 * - `adminReset`: a stuck conversation is put back at rest: the running flow ends (its timers go
 *   with it) and the learner is told what to send next.
 * - `adminMoveTo` { course, lesson }: the learner's next lesson becomes `lesson` of `course`: the
 *   course becomes theirs, the lessons before it count as done and it and the ones after as not
 *   done (their quiz attempts stay), an open quiz closes. Told with the lesson's title.
 * Nothing is sent to a learner who opted out (the engine drops sends then).
 */
import type { ContentCatalog } from '../content/catalog.js';
import type { Effect } from '../engine/effects.js';
import type { RootExtensions, RootInput } from '../engine/registry.js';
import { journeyOf, send } from './command-kit.js';
import { inLanguage } from './questions.js';

export const ADMIN_RESET_EVENT = 'adminReset';
export const ADMIN_MOVE_EVENT = 'adminMoveTo';

export function createAdminActionExtensions(catalog: ContentCatalog): RootExtensions {
  const reset = (input: RootInput): Effect[] => [
    ...(input.activeFlow ? [{ type: 'endFlow', params: {} } as const] : []),
    send('admin.reset'),
  ];

  const moveTo = (input: RootInput & { data: Record<string, unknown> }): Effect[] => {
    const course = catalog.course(String(input.data.course ?? ''));
    const lessons = course ? catalog.lessons(course.slug) : [];
    const at = lessons.findIndex((lesson) => lesson.slug === input.data.lesson);
    if (!course || at < 0) return [];
    const { state, language } = journeyOf(input);
    const before = new Set(lessons.slice(0, at).map((lesson) => lesson.slug));
    const fromHere = new Set(lessons.slice(at).map((lesson) => lesson.slug));
    const kept = (state.progress[course.slug]?.completed ?? []).filter((slug) => !fromHere.has(slug));
    const completed = [...kept, ...[...before].filter((slug) => !kept.includes(slug))];
    const progress = {
      ...state.progress,
      [course.slug]: { attempts: {}, ...state.progress[course.slug], completed },
    };
    const courses = state.courses.includes(course.slug) ? state.courses : [...state.courses, course.slug];
    return [
      ...(input.activeFlow ? [{ type: 'endFlow', params: {} } as const] : []),
      { type: 'updateProfile', params: { learning: { course: course.slug, courses, progress } } },
      send('admin.moved', {
        lesson: inLanguage(lessons[at]!.title, language),
        course: inLanguage(course.title, language),
      }),
    ];
  };

  return { events: { [ADMIN_RESET_EVENT]: reset, [ADMIN_MOVE_EVENT]: moveTo } };
}
