import { checkLesson } from '../../../content/lesson-check.js';
import { schemaFor } from '../../../content/sources.js';
import type { Language } from '../../../content/types.js';
import { checkSchema, type Position, type Problem, type YamlSource } from '../../../content/yaml-source.js';
import type { ValidationDetail } from '../errors.js';

/*
 * Admin writes are checked exactly as content files are: the same JSON Schemas (compiled with
 * ajv by content/yaml-source.ts) and the same cross-checks, so a lesson the API accepts would
 * pass `npm run content:check` too. Warnings (a body over 1,200 characters) are refused here.
 */

type Path = (string | number)[];

/**
 * A YamlSource over a parsed JSON body. The checks ask it where each path is; the "line" it
 * answers is the index of that path, so every problem maps back to the field it is about.
 */
function bodySource(value: unknown): { source: YamlSource; pathOf(problem: Problem): Path } {
  const paths: Path[] = [];
  const at = (path: Path): Position => {
    paths.push([...path]);
    return { line: paths.length - 1, col: 1 };
  };
  const source: YamlSource = { file: 'request body', text: '', value, problems: [], at };
  return { source, pathOf: (problem) => paths[problem.line] ?? [] };
}

const pointer = (path: Path): string =>
  path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

/** Advice for authors that content:check prints as a warning, and no reason to refuse a body. */
const ADVICE = new Set(['title-shortened']);

function detailsOf(problems: Problem[], pathOf: (problem: Problem) => Path): ValidationDetail[] {
  const seen = new Set<string>();
  const details: ValidationDetail[] = [];
  for (const problem of problems) {
    if (ADVICE.has(problem.rule)) continue;
    const detail = {
      field: pointer(pathOf(problem)),
      reason: problem.hint ? `${problem.message} (hint: ${problem.hint})` : problem.message,
    };
    const key = `${detail.field} ${detail.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  return details;
}

/** lesson.schema.json's own `question` definition, as a schema of its own. */
let questionSchema: object | undefined;
function questionSchemaOf(): object {
  const lesson = schemaFor('lesson') as { $schema: string; definitions: object };
  questionSchema ??= {
    $schema: lesson.$schema,
    definitions: lesson.definitions,
    allOf: [{ $ref: '#/definitions/question' }],
  };
  return questionSchema;
}

/** Everything wrong with a lesson body (with its quiz) for a course in `languages`; [] when it may be stored. */
export function lessonProblems(body: unknown, languages: Language[]): ValidationDetail[] {
  const { source, pathOf } = bodySource(body);
  const problems = [
    ...checkSchema(source, schemaFor('lesson')),
    ...checkLesson(source, asFields(body), languages),
  ];
  return detailsOf(problems, pathOf);
}

/** Everything wrong with one quiz question for a course in `languages`; [] when it may be stored. */
export function questionProblems(body: unknown, languages: Language[]): ValidationDetail[] {
  const schema = bodySource(body);
  const schemaDetails = detailsOf(checkSchema(schema.source, questionSchemaOf()), schema.pathOf);
  // The cross-checks read a lesson: wrap the question as its only one and drop `/quiz/0` again.
  const lesson = bodySource({ quiz: [body] });
  const crossDetails = detailsOf(checkLesson(lesson.source, { quiz: [body] }, languages), (problem) =>
    lesson.pathOf(problem).slice(2),
  );
  return [...schemaDetails, ...crossDetails];
}

function asFields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
