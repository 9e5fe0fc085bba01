/*
 * Which lesson comes next in a course. Decisions: course order decides, the first lesson not yet
 * completed is next (so a lesson skipped earlier comes before later ones), archived lessons (removed
 * from the YAML, kept for history) are never offered; null when every live lesson is done.
 */

export interface SequencedLesson {
  slug: string;
  archived?: boolean;
}

export function nextLesson<T extends SequencedLesson>(
  courseLessons: readonly T[],
  completedSlugs: Iterable<string>,
): T | null {
  const completed = new Set(completedSlugs);
  return courseLessons.find((lesson) => !lesson.archived && !completed.has(lesson.slug)) ?? null;
}

/** Lessons done and lessons in the course, archived ones left out of both: for PROGRESS. */
export function courseProgress(
  courseLessons: readonly SequencedLesson[],
  completedSlugs: Iterable<string>,
): { done: number; total: number } {
  const completed = new Set(completedSlugs);
  const live = courseLessons.filter((lesson) => !lesson.archived);
  return { done: live.filter((lesson) => completed.has(lesson.slug)).length, total: live.length };
}
