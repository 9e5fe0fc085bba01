import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { catalogFromCourses, type ContentCatalog } from '../../content/catalog.js';
import { checkCourses } from '../../content/course-check.js';
import { CONTENT_DIR } from '../../content/sources.js';
import { LANGUAGES } from '../../content/types.js';
import { formatProblem } from '../../content/yaml-source.js';
import type { SeededLearner } from '../../db/repositories/seed-learner.js';
import { createConversationMachine } from '../../engine/conversation.js';
import type { FlowRegistry } from '../../engine/registry.js';
import { restingSnapshot } from '../../engine/versions.js';
import { DAILY_LESSON_TIMER } from '../../flows/commands.js';
import { cityOf, emptyStreak, nextLessonAt, type StreakState } from '../../flows/learning/index.js';

/*
 * A transcript's `given:` block: the learner as they are after onboarding (and maybe some
 * lessons), seeded straight into the database before the first step, so the transcript starts
 * where it has something to say. `content:` picks the courses it runs on (docs/testing.md).
 */

export const GIVEN_KEYS = [
  'name',
  'language',
  'timezone',
  'course',
  'lessonTime',
  'paused',
  'completed',
  'streak',
] as const;
const STREAK_KEYS = ['current', 'longest', 'lastDay', 'freezes'] as const;
const PAUSED = ['learner', 'reminders'] as const;

export interface Given {
  name?: string;
  language: string;
  timezone: string;
  course: string;
  lessonTime: string;
  paused?: (typeof PAUSED)[number];
  /** Lesson slugs of `course` whose quiz the learner finished, in order. */
  completed: string[];
  streak?: StreakState;
  /** `file:line:col` of each field, for problems found once the content is known. */
  where: Partial<Record<(typeof GIVEN_KEYS)[number] | 'given', string>>;
}

type At = (node: Node | null | undefined) => { where: string };

/** Parses a `given:` mapping (every scalar is text: the failsafe schema); problems name file:line:col and field. */
export function parseGiven(node: Node, at: At, problems: string[]): Given | undefined {
  if (!isMap(node)) {
    problems.push(`${at(node).where}: "given" is a mapping of ${GIVEN_KEYS.join(', ')}`);
    return undefined;
  }
  const given: Given = {
    language: 'en',
    timezone: 'Africa/Nairobi',
    course: '',
    lessonTime: '',
    completed: [],
    where: { given: at(node).where },
  };
  const before = problems.length;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyWhere = at(pair.key as Node).where;
    const value = pair.value as Node | null;
    if (!(GIVEN_KEYS as readonly string[]).includes(key)) {
      problems.push(`${keyWhere}: unknown key "given.${key}": use ${GIVEN_KEYS.join(', ')}`);
      continue;
    }
    const field = key as (typeof GIVEN_KEYS)[number];
    const where = at(value ?? (pair.key as Node)).where;
    given.where[field] = where;
    const bad = (what: string) => problems.push(`${where}: given.${field} ${what}`);
    if (field === 'completed') {
      if (isSeq(value) && value.items.every((item) => isScalar(item) && String(item.value) !== ''))
        given.completed = value.items.map((item) => String((item as { value: unknown }).value));
      else bad('is a list of lesson slugs of the course, like [needs-and-wants]');
      continue;
    }
    if (field === 'streak') {
      given.streak = parseStreak(value, at, problems);
      continue;
    }
    const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
    if (text === undefined || text === '') {
      bad('must be a text');
      continue;
    }
    if (field === 'language' && !(LANGUAGES as readonly string[]).includes(text))
      bad(`"${text}" is not one of ${LANGUAGES.join(', ')}`);
    else if (field === 'timezone' && !IANAZone.isValidZone(text))
      bad(`"${text}" is not an IANA time zone like Africa/Nairobi`);
    else if (field === 'lessonTime' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(text))
      bad(`"${text}" is not a local time like 07:30`);
    else if (field === 'paused' && !(PAUSED as readonly string[]).includes(text))
      bad(`"${text}" is not one of ${PAUSED.join(', ')}`);
    else if (field === 'paused') given.paused = text as Given['paused'];
    else given[field] = text;
  }
  for (const required of ['course', 'lessonTime'] as const)
    if (!given.where[required])
      problems.push(
        `${given.where.given}: given.${required} is required (the learner has finished onboarding)`,
      );
  return problems.length === before ? given : undefined;
}

function parseStreak(node: Node | null, at: At, problems: string[]): StreakState | undefined {
  const where = at(node).where;
  if (!isMap(node)) {
    problems.push(`${where}: given.streak is a mapping of ${STREAK_KEYS.join(', ')}`);
    return undefined;
  }
  const streak = emptyStreak();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const valueWhere = at(value ?? (pair.key as Node)).where;
    const text = isScalar(value) ? String(value.value) : '';
    if (!(STREAK_KEYS as readonly string[]).includes(key))
      problems.push(
        `${at(pair.key as Node).where}: unknown key "given.streak.${key}": use ${STREAK_KEYS.join(', ')}`,
      );
    else if (key === 'lastDay') {
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) streak.lastDay = text;
      else problems.push(`${valueWhere}: given.streak.lastDay "${text}" is not a day like 2026-03-01`);
    } else if (/^\d+$/.test(text)) streak[key as 'current' | 'longest' | 'freezes'] = Number(text);
    else problems.push(`${valueWhere}: given.streak.${key} "${text}" is not a whole number`);
  }
  streak.longest = Math.max(streak.longest, streak.current);
  return streak;
}

/** The repository root: `content:` paths are relative to it, like `tests/fixtures/content`. */
const ROOT = resolve(CONTENT_DIR, '..');

/** The courses under `<dir>/courses` (dir relative to the repository root); problems as TranscriptError lines. */
export function catalogAt(dir: string, where: string): { catalog?: ContentCatalog; problems: string[] } {
  const full = resolve(ROOT, dir);
  if (!existsSync(join(full, 'courses')))
    return {
      problems: [
        `${where}: content "${dir}" has no courses/ folder (paths are relative to the repository root)`,
      ],
    };
  const checked = checkCourses(full);
  const errors = checked.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) return { problems: errors.map((problem) => `${where}: ${formatProblem(problem)}`) };
  return { catalog: catalogFromCourses(checked.courses), problems: [] };
}

/** What seedLearner writes for a `given:` block, checked against the transcript's courses. */
export function givenLearner(
  given: Given,
  phone: string,
  start: Date,
  catalog: ContentCatalog,
  registry: FlowRegistry,
): { learner?: SeededLearner; problems: string[] } {
  const course = catalog.course(given.course);
  if (!course) {
    const known = catalog
      .courses()
      .map((c) => c.slug)
      .join(', ');
    return {
      problems: [
        `${given.where.course}: given.course "${given.course}" is not a course here (known: ${known})`,
      ],
    };
  }
  const slugs = catalog.lessons(given.course).map((lesson) => lesson.slug);
  const unknown = given.completed.filter((slug) => !slugs.includes(slug));
  if (unknown.length > 0)
    return {
      problems: [
        `${given.where.completed}: given.completed has ${unknown.map((s) => `"${s}"`).join(', ')}, not a lesson of ${given.course} (lessons: ${slugs.join(', ')})`,
      ],
    };
  if (!(course.languages as readonly string[]).includes(given.language))
    return {
      problems: [
        `${given.where.language}: given.language "${given.language}" is not taught in ${given.course}`,
      ],
    };
  const learning: Record<string, unknown> = {
    course: given.course,
    courses: [given.course],
    lessonTime: given.lessonTime,
    onboardedAt: start.toISOString(),
    place: cityOf(given.timezone),
    // As onboarding writes it (paused cleared with null), then what the learner did since.
    paused: given.paused ?? null,
    ...(given.completed.length > 0
      ? { progress: { [given.course]: { completed: given.completed, attempts: {} } } }
      : {}),
    ...(given.streak ? { streak: given.streak } : {}),
  };
  // At rest after one flow run (onboarding), with the daily lesson scheduled as onboarding does.
  const snapshot = restingSnapshot(createConversationMachine(registry), {
    activeFlow: null,
    flowRun: 'none',
    runs: 1,
    started: true,
  });
  const dueAt = nextLessonAt(start, given.timezone, given.lessonTime);
  return {
    learner: {
      phone,
      ...(given.name ? { name: given.name } : {}),
      language: given.language,
      timezone: given.timezone,
      learning,
      snapshot,
      rootTimers: [{ id: `given-${DAILY_LESSON_TIMER}`, name: DAILY_LESSON_TIMER, dueAt }],
    },
    problems: [],
  };
}
