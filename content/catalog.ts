import { unlockedBy } from './plans.js';
import type { ContentSet, Course, Lesson, Plan } from './types.js';

/**
 * The courses and lessons a turn reads, held in memory so a turn never waits on the database.
 * Archived lessons and courses stay reachable by slug for learners already in them.
 */
export interface ContentCatalog {
  /** Published (not archived) courses, by their `order:` (then slug). */
  courses(): Course[];
  /** A course by slug, archived ones included; its `lessons` are the published ones in order. */
  course(slug: string): Course | undefined;
  /** The course's published lessons in teaching order; [] for an unknown course. */
  lessons(courseSlug: string): Lesson[];
  /** A lesson by slug, archived ones included (a learner mid-lesson keeps it). */
  lesson(courseSlug: string, lessonSlug: string): Lesson | undefined;
  /** What learners can buy (content/plans.yaml), in the file's order. */
  plans(): Plan[];
  /** A plan by id. */
  plan(id: string): Plan | undefined;
  /** The plans that unlock a course: [] for a free or unknown course. */
  plansFor(courseSlug: string): Plan[];
}

interface IndexedCourse {
  course: Course;
  lessons: Map<string, Lesson>;
}

/** A lesson's questions without the drafts (`draft: true`), which no learner sees and no sync publishes. */
export function publishedQuestions(lesson: Lesson): Lesson['quiz'] {
  return lesson.quiz.some((question) => question.draft)
    ? lesson.quiz.filter((question) => !question.draft)
    : lesson.quiz;
}

/** A catalog of courses whose `lessons` may include archived ones (`archived: true`), in teaching order. */
export function catalogFromCourses(all: readonly Course[], plans: readonly Plan[] = []): ContentCatalog {
  const bySlug = new Map<string, IndexedCourse>();
  // Authors' `order:` keeps numbered course choices stable when a course is added.
  for (const original of [...all].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))) {
    // Draft questions wait for their author: learners never get one.
    const lessons = original.lessons.map((lesson) => ({ ...lesson, quiz: publishedQuestions(lesson) }));
    const course = { ...original, lessons };
    const published = course.lessons.filter((lesson) => !lesson.archived);
    bySlug.set(course.slug, {
      course: { ...course, lessons: published },
      lessons: new Map(course.lessons.map((lesson) => [lesson.slug, lesson])),
    });
  }
  const listed = [...bySlug.values()].filter(({ course }) => !course.archived).map(({ course }) => course);
  return {
    courses: () => [...listed],
    course: (slug) => bySlug.get(slug)?.course,
    lessons: (courseSlug) => [...(bySlug.get(courseSlug)?.course.lessons ?? [])],
    lesson: (courseSlug, lessonSlug) => bySlug.get(courseSlug)?.lessons.get(lessonSlug),
    plans: () => [...plans],
    plan: (id) => plans.find((plan) => plan.id === id),
    plansFor: (courseSlug) => (bySlug.get(courseSlug)?.course.premium ? unlockedBy(plans, courseSlug) : []),
  };
}

/** The catalog of a checked content set (from content/ files): every course and lesson is published. */
export function catalogFromContent(set: ContentSet): ContentCatalog {
  return catalogFromCourses(set.courses, set.plans);
}
