import { existsSync } from 'node:fs';
import { choiceSlot, titleLength } from '../shared/whatsapp-limits.js';
import { join } from 'node:path';
import {
  checkFile,
  displayPath,
  fieldsOf,
  foldersIn,
  isLanguage,
  problemAt,
  textOf,
  yamlFilesIn,
} from './sources.js';
import { LANGUAGES, type Course, type CourseFile, type Language, type Lesson } from './types.js';
import { checkLesson, missingTranslations } from './lesson-check.js';
import type { Problem, YamlSource } from './yaml-source.js';

/*
 * The checks below also run on files that broke a schema rule, reading only the parts whose
 * shape is right, so an author sees every problem in one run rather than one layer at a time.
 */

/**
 * Checks every course folder under <dir>/courses and returns the valid courses with their lessons in
 * order; with `badgeIds` (content/badges.yaml's), each `bonus:` must name one of them.
 */
export function checkCourses(
  dir: string,
  badgeIds?: ReadonlySet<string>,
): { problems: Problem[]; courses: Course[] } {
  const problems: Problem[] = [];
  const courses: Course[] = [];
  const coursesDir = join(dir, 'courses');
  const seen = new Map<string, YamlSource>();
  const orders = new Map<number, string>();
  const offered: { source: YamlSource; title: Record<string, unknown> }[] = [];
  for (const folder of foldersIn(coursesDir)) {
    const path = join(coursesDir, folder, 'course.yaml');
    if (!existsSync(path)) {
      problems.push({
        file: displayPath(path),
        line: 1,
        col: 1,
        severity: 'error',
        rule: 'missing-file',
        message: `the folder courses/${folder} has no course.yaml`,
        hint: 'add course.yaml (copy one from another course) or remove the folder',
      });
      continue;
    }
    const checked = checkFile(path, 'course');
    problems.push(...checked.problems);
    const { source } = checked;
    const course = fieldsOf(source.value);
    const slug = textOf(course.slug);
    if (slug !== undefined && slug !== folder)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'slug-mismatch',
          `the course slug "${slug}" is not its folder name "${folder}"`,
          `make them the same: \`slug: ${folder}\` or rename the folder`,
        ),
      );
    const first = slug === undefined ? undefined : seen.get(slug);
    if (first)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'duplicate-slug',
          `the course slug "${slug}" is also used by ${first.file}`,
          'give each course its own slug',
        ),
      );
    else if (slug !== undefined) seen.set(slug, source);
    const order = typeof course.order === 'number' ? course.order : undefined;
    const before = order === undefined ? undefined : orders.get(order);
    if (before !== undefined)
      problems.push(
        problemAt(
          source,
          ['order'],
          'duplicate-order',
          `courses/${folder} has order ${order}, like courses/${before}`,
          `give each course its own number; the next free one is ${Math.max(...orders.keys()) + 1}`,
        ),
      );
    else if (order !== undefined) orders.set(order, folder);
    if (badgeIds) problems.push(...unknownBonusBadges(source, course.bonus, badgeIds));
    offered.push({ source, title: fieldsOf(course.title) });
    const declared = Array.isArray(course.languages) ? course.languages.filter(isLanguage) : [];
    const languages = declared.length ? declared : [...LANGUAGES];
    problems.push(...missingTranslations(source, course, [], languages));
    const start = problems.length;
    const lessons = checkLessons(join(coursesDir, folder), source, course.lessons, languages, problems);
    // A course is valid only when neither its course.yaml nor any of its lessons has an error.
    const lessonErrors = problems.slice(start).some((p) => p.severity === 'error');
    if (
      checked.ok &&
      !lessonErrors &&
      !problems.some((p) => p.file === source.file && p.severity === 'error')
    )
      courses.push({ ...(course as unknown as CourseFile), lessons });
  }
  problems.push(...shortenedCourseTitles(offered));
  return { problems, courses };
}

/** A bonus unlocked by a badge that does not exist would never be sent: an error at its `badge:`. */
function unknownBonusBadges(source: YamlSource, bonus: unknown, badgeIds: ReadonlySet<string>): Problem[] {
  if (!Array.isArray(bonus)) return [];
  const known = [...badgeIds].join(', ');
  return bonus.flatMap((entry, index) => {
    const badge = textOf(fieldsOf(entry).badge);
    return badge === undefined || badgeIds.has(badge)
      ? []
      : [
          problemAt(
            source,
            ['bonus', index, 'badge'],
            'unknown-badge',
            `bonus ${index + 1} is unlocked by the badge "${badge}", which content/badges.yaml does not have`,
            `use one of ${known}, or add the badge to content/badges.yaml`,
          ),
        ];
  });
}

/** Courses are offered as choices (onboarding, COURSES): a warning per title WhatsApp would shorten there. */
function shortenedCourseTitles(offered: { source: YamlSource; title: Record<string, unknown> }[]): Problem[] {
  const { max } = choiceSlot(offered.length);
  if (max === null) return [];
  return offered.flatMap(({ source, title }) =>
    Object.entries(title)
      .filter(
        ([language, text]) => isLanguage(language) && typeof text === 'string' && titleLength(text) > max,
      )
      .map(([language, text]) =>
        problemAt(
          source,
          ['title', language],
          'title-shortened',
          `the ${language} title is ${titleLength(String(text))} characters; offered as a choice among ${offered.length} courses, WhatsApp shows at most ${max}, so it will be shortened`,
          `say it in ${max} characters or fewer to fit; a longer title is shown whole only in the message text`,
          'warning',
        ),
      ),
  );
}

function checkLessons(
  courseDir: string,
  courseSource: YamlSource,
  list: unknown,
  languages: Language[],
  problems: Problem[],
): Lesson[] {
  const lessonsDir = join(courseDir, 'lessons');
  const bySlug = new Map<string, { lesson: Lesson; source: YamlSource; ok: boolean }>();
  // Files that did not parse: their syntax error is the one to fix, not "listed but missing".
  const unreadable = new Set<string>();
  for (const name of yamlFilesIn(lessonsDir)) {
    const checked = checkFile(join(lessonsDir, name), 'lesson');
    problems.push(...checked.problems);
    const { source } = checked;
    if (source.problems.some((p) => p.severity === 'error')) {
      unreadable.add(name.replace(/\.yaml$/, ''));
      continue;
    }
    const lesson = fieldsOf(source.value);
    const fileSlug = name.replace(/\.yaml$/, '');
    const slug = textOf(lesson.slug) ?? fileSlug;
    if (slug !== fileSlug)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'slug-mismatch',
          `the lesson slug "${slug}" is not its file name "${fileSlug}"`,
          `make them the same: \`slug: ${fileSlug}\` or rename the file`,
        ),
      );
    const first = bySlug.get(slug);
    if (first) {
      problems.push(
        problemAt(
          source,
          ['slug'],
          'duplicate-slug',
          `the lesson slug "${slug}" is also used by ${first.source.file}`,
          'give each lesson of a course its own slug',
        ),
      );
      continue;
    }
    bySlug.set(slug, { lesson: lesson as unknown as Lesson, source, ok: checked.ok });
    problems.push(...checkLesson(source, lesson, languages));
  }
  if (!Array.isArray(list)) return [];

  const listed = new Set<string>();
  const ordered: Lesson[] = [];
  list.forEach((slug: unknown, index) => {
    if (typeof slug !== 'string') return;
    if (listed.has(slug)) {
      problems.push(
        problemAt(
          courseSource,
          ['lessons', index],
          'duplicate-slug',
          `lesson "${slug}" is listed twice`,
          'list each lesson once',
        ),
      );
      return;
    }
    listed.add(slug);
    const found = bySlug.get(slug);
    if (found?.ok) ordered.push(found.lesson);
    else if (!found && !unreadable.has(slug))
      problems.push(
        problemAt(
          courseSource,
          ['lessons', index],
          'missing-lesson',
          `lesson "${slug}" is listed but there is no lessons/${slug}.yaml`,
          `create lessons/${slug}.yaml or fix the spelling`,
        ),
      );
  });
  for (const [slug, { source }] of bySlug)
    if (!listed.has(slug))
      problems.push(
        problemAt(
          source,
          ['slug'],
          'unlisted-lesson',
          `lesson "${slug}" is not listed in ${courseSource.file}, so learners never get it`,
          `add \`- ${slug}\` under \`lessons:\` in course.yaml where it belongs`,
          'warning',
        ),
      );
  return ordered;
}
