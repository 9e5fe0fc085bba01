import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_DIR, checkFile, problemAt } from './sources.js';
import type { Course, Plan } from './types.js';
import { formatProblem, type Problem } from './yaml-source.js';

/**
 * Reads and checks content/plans.yaml against the courses it unlocks. A content folder without
 * the file has no plans (every course is free to learners); with the file, every plan must be
 * sound before any is offered: a price or course mistake there would charge learners wrongly.
 */
export function checkPlans(dir: string, courses: readonly Course[]): { problems: Problem[]; plans: Plan[] } {
  const path = join(dir, 'plans.yaml');
  if (!existsSync(path)) return { problems: [], plans: [] };
  const { source, problems, ok } = checkFile(path, 'plans');
  if (!ok) return { problems, plans: [] };
  const plans = (source.value as { plans: Plan[] }).plans;
  const bySlug = new Map(courses.map((course) => [course.slug, course]));
  const seen = new Set<string>();
  plans.forEach((plan, index) => {
    if (seen.has(plan.id))
      problems.push(
        problemAt(
          source,
          ['plans', index, 'id'],
          'duplicate-plan',
          `two plans have the id "${plan.id}"`,
          'give each plan its own id',
        ),
      );
    seen.add(plan.id);
    if (plan.courses === 'premium') return;
    plan.courses.forEach((slug, at) => {
      const course = bySlug.get(slug);
      if (!course)
        problems.push(
          problemAt(
            source,
            ['plans', index, 'courses', at],
            'unknown-course',
            `plan "${plan.id}" unlocks the course "${slug}", which is not in content/courses`,
            `use a course folder name: ${[...bySlug.keys()].join(', ')}`,
          ),
        );
      else if (!course.premium)
        problems.push(
          problemAt(
            source,
            ['plans', index, 'courses', at],
            'free-course-in-plan',
            `plan "${plan.id}" sells the course "${slug}", which is free (premium: false)`,
            `mark the course \`premium: true\` in its course.yaml, or remove it from the plan`,
            'warning',
          ),
        );
    });
  });
  for (const course of courses.filter((c) => c.premium && !unlockedBy(plans, c.slug).length))
    problems.push(
      problemAt(
        source,
        ['plans'],
        'unsold-course',
        `the premium course "${course.slug}" is in no plan, so nobody can buy it`,
        "add `courses: premium` to a plan, or the slug to a plan's courses",
        'warning',
      ),
    );
  const errors = problems.some((p) => p.severity === 'error');
  return { problems, plans: errors ? [] : plans };
}

/** The plans that unlock a course (`courses: premium` unlocks it only when the course is premium: ask with a premium course). */
export function unlockedBy(plans: readonly Plan[], courseSlug: string): Plan[] {
  return plans.filter((plan) => plan.courses === 'premium' || plan.courses.includes(courseSlug));
}

export class PlansError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`content/plans.yaml has errors:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'PlansError';
  }
}

/** The plans learners can buy; throws PlansError listing every error. */
export function loadPlans(courses: readonly Course[], dir = CONTENT_DIR): Plan[] {
  const { problems, plans } = checkPlans(dir, courses);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new PlansError(errors);
  return plans;
}
