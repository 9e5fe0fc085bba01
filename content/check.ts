import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkBadges } from './badges.js';
import { checkCourses } from './course-check.js';
import { checkMessages } from './message-check.js';
import { checkPlans } from './plans.js';
import { checkTemplates } from './templates.js';
import type { ContentSet } from './types.js';
import { formatProblem, type Problem } from './yaml-source.js';

/**
 * Checks every course, lesson, message and template file under `dir` and reports every problem
 * in one run. `content` holds what could be read; trust it only when no problem is an error.
 * Reads only courses/, messages/, templates.yaml, plans.yaml and badges.yaml, so fixtures in content/__broken__ stay out.
 */
export async function checkContent(dir = 'content'): Promise<{ problems: Problem[]; content: ContentSet }> {
  const badges = checkBadges(dir);
  // Bonus badges are checked against a badges.yaml that exists and reads cleanly (else its errors say enough).
  const badgesOk =
    existsSync(join(dir, 'badges.yaml')) && !badges.problems.some((problem) => problem.severity === 'error');
  const courses = checkCourses(dir, badgesOk ? new Set(badges.badges.map((badge) => badge.id)) : undefined);
  const messages = checkMessages(dir);
  const templates = checkTemplates(dir);
  const plans = checkPlans(dir, courses.courses);
  const problems = [
    ...courses.problems,
    ...messages.problems,
    ...templates.problems,
    ...plans.problems,
    ...badges.problems,
  ].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return {
    problems,
    content: {
      courses: courses.courses,
      messages: messages.messages,
      templates: templates.templates,
      plans: plans.plans,
    },
  };
}

export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} content error(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** The content set, or a ContentError listing every error (warnings do not stop loading). */
export async function loadContent(dir = 'content'): Promise<ContentSet> {
  const { problems, content } = await checkContent(dir);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new ContentError(errors);
  return content;
}

/** `3 errors, 1 warning in 14 files`-style summary for the command line. */
export function summarize(problems: Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = new Set(problems.map((p) => p.file)).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${files ? ` in ${plural(files, 'file')}` : ''}`;
}

/** `2 valid courses with 12 lessons; 1 course with errors` (a course with any error is never valid). */
export function describeCourses(content: ContentSet, problems: Problem[]): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lessons = content.courses.reduce((sum, course) => sum + course.lessons.length, 0);
  const broken = new Set(
    problems
      .filter((p) => p.severity === 'error')
      .map((p) => /(?:^|\/)courses\/([^/]+)\//.exec(p.file)?.[1])
      .filter((folder) => folder !== undefined),
  );
  const valid = `${plural(content.courses.length, 'valid course')} with ${plural(lessons, 'lesson')}`;
  return broken.size ? `${valid}; ${plural(broken.size, 'course')} with errors` : valid;
}

/** The draft questions (`draft: true`, from `npm run content:draft-quiz`) waiting for their author, as course/lesson/id. */
export function draftQuestions(content: ContentSet): string[] {
  return content.courses.flatMap((course) =>
    course.lessons.flatMap((lesson) =>
      lesson.quiz.filter((q) => q.draft).map((q) => `${course.slug}/${lesson.slug}/${q.id}`),
    ),
  );
}

/** The line `content:check` adds when drafts wait: how many, where, and how to publish them. */
export function describeDrafts(content: ContentSet): string | null {
  const drafts = draftQuestions(content);
  if (drafts.length === 0) return null;
  const lessons = [...new Set(drafts.map((id) => id.split('/').slice(0, 2).join('/')))];
  const count = drafts.length === 1 ? '1 draft question waits' : `${drafts.length} draft questions wait`;
  return `${count} for review in ${lessons.join(', ')}: check them, then remove \`draft: true\` to publish (until then learners never see them)`;
}
