import type { CourseState, LearningState } from './state.js';

export function courseState(state: LearningState, course: string): CourseState {
  const found = state.progress[course];
  return { completed: found?.completed ?? [], attempts: found?.attempts ?? {} };
}

/** `progress` with one course's state replaced: the whole field, as updateProfile needs it. */
export function withCourse(
  state: LearningState,
  course: string,
  change: (current: CourseState) => CourseState,
): Record<string, CourseState> {
  return { ...state.progress, [course]: change(courseState(state, course)) };
}

/** A review card's question id: unique across courses and lessons. */
export const cardId = (course: string, lesson: string, question: string) => `${course}/${lesson}/${question}`;

export function parseCardId(id: string): { course: string; lesson: string; question: string } | null {
  const [course, lesson, question] = id.split('/');
  return course && lesson && question ? { course, lesson, question } : null;
}
