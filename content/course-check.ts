import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile, displayPath, foldersIn, problemAt, yamlFilesIn } from './sources.js';
import {
  LANGUAGES,
  type Course,
  type CourseFile,
  type Language,
  type Lesson,
  type Question,
} from './types.js';
import type { Problem, YamlSource } from './yaml-source.js';

/** DESIGN.md: one idea per lesson, at most 1,200 characters. */
export const MAX_BODY_LENGTH = 1200;

/** File endings WhatsApp accepts for each media type (DESIGN.md: images are JPEG or PNG). */
export const MEDIA_EXTENSIONS: Record<string, string[]> = {
  image: ['jpg', 'jpeg', 'png'],
  audio: ['aac', 'amr', 'mp3', 'm4a', 'ogg', 'opus'],
  video: ['mp4', '3gp'],
  document: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt'],
};

type Path = (string | number)[];

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const lengthOf = (text: string): number => [...graphemes.segment(text)].length;

/** Checks every course folder under <dir>/courses and returns the courses with their lessons in order. */
export function checkCourses(dir: string): { problems: Problem[]; courses: Course[] } {
  const problems: Problem[] = [];
  const courses: Course[] = [];
  const coursesDir = join(dir, 'courses');
  const seen = new Map<string, YamlSource>();
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
    if (!checked.ok) continue;
    const source = checked.source;
    const file = source.value as CourseFile;
    if (file.slug !== folder)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'slug-mismatch',
          `the course slug "${file.slug}" is not its folder name "${folder}"`,
          `make them the same: \`slug: ${folder}\` or rename the folder`,
        ),
      );
    const first = seen.get(file.slug);
    if (first)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'duplicate-slug',
          `the course slug "${file.slug}" is also used by ${first.file}`,
          'give each course its own slug',
        ),
      );
    else seen.set(file.slug, source);
    problems.push(...missingTranslations(source, file, [], file.languages));
    const lessons = checkLessons(join(coursesDir, folder), source, file, problems);
    courses.push({ ...file, lessons });
  }
  return { problems, courses };
}

function checkLessons(
  courseDir: string,
  courseSource: YamlSource,
  course: CourseFile,
  problems: Problem[],
): Lesson[] {
  const lessonsDir = join(courseDir, 'lessons');
  const bySlug = new Map<string, { lesson: Lesson; source: YamlSource }>();
  for (const name of yamlFilesIn(lessonsDir)) {
    const checked = checkFile(join(lessonsDir, name), 'lesson');
    problems.push(...checked.problems);
    if (!checked.ok) continue;
    const { source } = checked;
    const lesson = source.value as Lesson;
    const fileSlug = name.replace(/\.yaml$/, '');
    if (lesson.slug !== fileSlug)
      problems.push(
        problemAt(
          source,
          ['slug'],
          'slug-mismatch',
          `the lesson slug "${lesson.slug}" is not its file name "${fileSlug}"`,
          `make them the same: \`slug: ${fileSlug}\` or rename the file`,
        ),
      );
    const first = bySlug.get(lesson.slug);
    if (first) {
      problems.push(
        problemAt(
          source,
          ['slug'],
          'duplicate-slug',
          `the lesson slug "${lesson.slug}" is also used by ${first.source.file}`,
          'give each lesson of a course its own slug',
        ),
      );
      continue;
    }
    bySlug.set(lesson.slug, { lesson, source });
    problems.push(...checkLesson(source, lesson, course.languages));
  }

  const listed = new Set<string>();
  const ordered: Lesson[] = [];
  course.lessons.forEach((slug, index) => {
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
    if (found) ordered.push(found.lesson);
    else
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

function checkLesson(source: YamlSource, lesson: Lesson, languages: Language[]): Problem[] {
  const problems = missingTranslations(source, lesson, [], languages);
  for (const [language, text] of Object.entries(lesson.body)) {
    const length = lengthOf(text);
    if (length > MAX_BODY_LENGTH)
      problems.push(
        problemAt(
          source,
          ['body', language],
          'body-length',
          `the ${language} body is ${length} characters, over ${MAX_BODY_LENGTH}`,
          'keep one idea per lesson: cut it down or split it into two lessons',
          'warning',
        ),
      );
  }
  if (lesson.media) {
    const extension = /\.([a-z0-9]+)$/i.exec(new URL(lesson.media.url).pathname)?.[1]?.toLowerCase();
    const allowed = MEDIA_EXTENSIONS[lesson.media.type] ?? [];
    if (!extension || !allowed.includes(extension))
      problems.push(
        problemAt(
          source,
          ['media', 'url'],
          'media-type',
          `WhatsApp cannot send ${extension ? `a .${extension} file` : 'a file without an extension'} as ${lesson.media.type}`,
          `use a ${allowed.map((e) => `.${e}`).join(', ')} file, or change \`type:\``,
        ),
      );
  }
  const ids = new Set<string>();
  lesson.quiz.forEach((question, index) => {
    const at: Path = ['quiz', index];
    if (ids.has(question.id))
      problems.push(
        problemAt(
          source,
          [...at, 'id'],
          'duplicate-id',
          `question id "${question.id}" is used twice in this lesson`,
          'give each question its own id, e.g. q1, q2, q3',
        ),
      );
    ids.add(question.id);
    problems.push(...checkQuestion(source, question, at));
  });
  return problems;
}

function checkQuestion(source: YamlSource, question: Question, at: Path): Problem[] {
  const problems: Problem[] = [];
  if (question.type === 'text' && question.pattern !== undefined) {
    try {
      new RegExp(question.pattern, 'iu');
    } catch (error) {
      problems.push(
        problemAt(
          source,
          [...at, 'pattern'],
          'bad-pattern',
          `the pattern is not a valid regular expression: ${(error as Error).message}`,
          'check brackets and backslashes, or list `accepted:` answers instead',
        ),
      );
    }
  }
  if (question.type !== 'single' && question.type !== 'multiple') return problems;
  const optionIds = new Set<string>();
  question.options.forEach((option, index) => {
    if (optionIds.has(option.id))
      problems.push(
        problemAt(
          source,
          [...at, 'options', index, 'id'],
          'duplicate-id',
          `option id "${option.id}" is used twice in question "${question.id}"`,
          'give each option its own id: a, b, c …',
        ),
      );
    optionIds.add(option.id);
  });
  const right = question.type === 'single' ? [question.answer] : question.answers;
  const answerPath: Path = question.type === 'single' ? [...at, 'answer'] : [...at, 'answers'];
  right.forEach((id, index) => {
    if (!optionIds.has(id))
      problems.push(
        problemAt(
          source,
          question.type === 'single' ? answerPath : [...answerPath, index],
          'answer-not-an-option',
          `the answer "${id}" of question "${question.id}" is not one of its options`,
          `use an option id: ${[...optionIds].join(', ')}`,
        ),
      );
  });
  if (new Set(right).size !== right.length)
    problems.push(
      problemAt(
        source,
        answerPath,
        'duplicate-id',
        `question "${question.id}" lists a right answer twice`,
        'list each right option once',
      ),
    );
  question.options.forEach((option, index) => {
    if (!right.includes(option.id) && !option.explanation)
      problems.push(
        problemAt(
          source,
          [...at, 'options', index],
          'missing-explanation',
          `wrong option "${option.id}" of question "${question.id}" has no explanation`,
          'add `explanation:` saying why a learner who picks it is mistaken',
        ),
      );
  });
  return problems;
}

function isLocalized(node: object): boolean {
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every((key) => (LANGUAGES as readonly string[]).includes(key));
}

/** Every per-language text must have every language the course is written in. */
function missingTranslations(
  source: YamlSource,
  node: unknown,
  path: Path,
  languages: Language[],
): Problem[] {
  if (!node || typeof node !== 'object') return [];
  if (!Array.isArray(node) && isLocalized(node))
    return languages
      .filter((language) => !Object.hasOwn(node, language))
      .map((language) =>
        problemAt(
          source,
          path,
          'missing-translation',
          `"${path.join('.')}" has no ${language} text, and the course is in ${languages.join(', ')}`,
          `add \`${language}:\` under \`${String(path.at(-1))}:\``,
        ),
      );
  return Object.entries(node).flatMap(([key, value]) =>
    missingTranslations(source, value, [...path, Array.isArray(node) ? Number(key) : key], languages),
  );
}
