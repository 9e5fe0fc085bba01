import { Hono, type Context } from 'hono';
import type { Language, Lesson, Question } from '../../../content/types.js';
import type { RefreshableCatalog } from '../../../db/repositories/content.js';
import { contentAdmin, type ContentWrite } from '../../../db/repositories/content-admin.js';
import type { AppDeps } from '../../deps.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppEnv } from '../env.js';
import { HttpError, notFound, validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { lessonProblems, questionProblems } from './content-validate.js';

interface Target {
  course: string;
  lesson: string;
  question?: string;
}

const describe = ({ course, lesson, question }: Target) =>
  question ? `question "${question}" of lesson "${lesson}"` : `lesson "${lesson}" of course "${course}"`;

/** A refused write as the HTTP answer an admin can act on. */
function refusal(result: Exclude<ContentWrite<unknown>, { ok: true }>, target: Target): HttpError {
  switch (result.reason) {
    case 'no-course':
      return notFound(`course "${target.course}"`);
    case 'no-lesson':
      return notFound(`lesson "${target.lesson}" of course "${target.course}"`);
    case 'no-question':
      return notFound(describe(target));
    case 'exists':
      return new HttpError(
        409,
        'conflict',
        `${describe(target)} already exists${result.archived ? ' (archived: PUT it to bring it back)' : ''}`,
      );
    case 'from-files':
      return new HttpError(
        409,
        'conflict',
        `${describe(target)} comes from content/courses/${target.course}/lessons/${target.lesson}.yaml: edit that file and run npm run content:sync`,
      );
    case 'quiz-full':
      return new HttpError(
        409,
        'conflict',
        `lesson "${target.lesson}" already has ${result.limit} questions, the most a quiz may have`,
      );
    case 'last-question':
      return new HttpError(
        409,
        'conflict',
        `${describe(target)} is its only question: a lesson needs at least one`,
      );
  }
}

/** The body as JSON, or 400/415 as the other JSON routes answer (see validate.ts). */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/([\w.-]+\+)?json$/i.test(c.req.header('Content-Type')?.split(';')[0]?.trim() ?? ''))
    throw new HttpError(415, 'unsupported_media_type', 'expected Content-Type: application/json');
  try {
    return (await c.req.json()) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A PUT names what it replaces in the address; the body may leave the key out but not change it. */
function withKey(body: unknown, field: 'slug' | 'id', expected: string | undefined): unknown {
  if (expected === undefined || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  const value = (body as Record<string, unknown>)[field];
  if (value !== undefined && value !== expected)
    throw validationFailed([
      { field: `/${field}`, reason: `must be "${expected}", as in the address (a ${field} never changes)` },
    ]);
  return { ...body, [field]: expected };
}

/**
 * Admin JWT: lessons (text and media) and quiz questions of every type. Each write is checked
 * with the content files' JSON Schemas and cross-checks, then the in-memory catalog is refreshed.
 */
export function adminContentRoutes(
  deps: AppDeps,
  options: { catalog: () => Promise<RefreshableCatalog> },
): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const admin = contentAdmin(deps.database.db);
  routes.use('*', requireAdmin(deps, { role: 'owner' }));

  /** The course's languages (its texts must all be translated), or 404. */
  const languagesOf = async (course: string): Promise<Language[]> => {
    const languages = await admin.courseLanguages(course);
    if (!languages) throw notFound(`course "${course}"`);
    return languages;
  };

  /** Runs a write, mapping refusals and a lost race on the same slug to HTTP, and refreshes the catalog. */
  const write = async <T>(target: Target, run: () => Promise<ContentWrite<T>>): Promise<T> => {
    let result: ContentWrite<T>;
    try {
      result = await run();
    } catch (error) {
      if (isUniqueViolation(error)) throw refusal({ ok: false, reason: 'exists', archived: false }, target);
      throw error;
    }
    if (!result.ok) throw refusal(result, target);
    await (await options.catalog()).refresh();
    return result.value;
  };

  /** The checked lesson; a PUT passes the slug in its address (the body may leave it out). */
  const lessonBody = async (c: Context<AppEnv>, course: string, slug?: string): Promise<Lesson> => {
    const body = withKey(await jsonBody(c), 'slug', slug);
    const problems = lessonProblems(body, await languagesOf(course));
    if (problems.length) throw validationFailed(problems);
    return body as Lesson;
  };

  const questionBody = async (c: Context<AppEnv>, course: string, id?: string): Promise<Question> => {
    const body = withKey(await jsonBody(c), 'id', id);
    const problems = questionProblems(body, await languagesOf(course));
    if (problems.length) throw validationFailed(problems);
    return body as Question;
  };

  routes.post('/:course/lessons', async (c) => {
    const course = c.req.param('course');
    const lesson = await lessonBody(c, course);
    const target = { course, lesson: lesson.slug };
    return c.json(await write(target, () => admin.createLesson(course, lesson)), 201);
  });

  routes.put('/:course/lessons/:lesson', async (c) => {
    const { course, lesson: slug } = c.req.param();
    const lesson = await lessonBody(c, course, slug);
    return c.json(await write({ course, lesson: slug }, () => admin.updateLesson(course, lesson)));
  });

  routes.delete('/:course/lessons/:lesson', async (c) => {
    const { course, lesson } = c.req.param();
    await write({ course, lesson }, () => admin.archiveLesson(course, lesson));
    return c.body(null, 204);
  });

  routes.post('/:course/lessons/:lesson/questions', async (c) => {
    const { course, lesson } = c.req.param();
    const question = await questionBody(c, course);
    const target = { course, lesson, question: question.id };
    return c.json(await write(target, () => admin.createQuestion(course, lesson, question)), 201);
  });

  routes.put('/:course/lessons/:lesson/questions/:id', async (c) => {
    const { course, lesson, id } = c.req.param();
    const question = await questionBody(c, course, id);
    const target = { course, lesson, question: id };
    return c.json(await write(target, () => admin.updateQuestion(course, lesson, question)));
  });

  routes.delete('/:course/lessons/:lesson/questions/:id', async (c) => {
    const { course, lesson, id } = c.req.param();
    await write({ course, lesson, question: id }, () => admin.archiveQuestion(course, lesson, id));
    return c.body(null, 204);
  });

  return routes;
}
