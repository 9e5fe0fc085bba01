import { Hono, type Context } from 'hono';
import type { Language, Lesson, Question } from '../../content/types.js';
import { contentAdmin, type ContentWrite } from '../../db/repositories/content-admin.js';
import {
  courseWithLessons,
  listCourses,
  storedLesson,
  type LessonStored,
} from '../../db/repositories/content-browse.js';
import type { RefreshableCatalog } from '../../db/repositories/content.js';
import type { AppDeps } from '../deps.js';
import { lessonProblems, questionProblems } from '../http/routes/content-validate.js';
import { itemStatistics } from '../http/routes/items.js';
import {
  formValues,
  lessonFields,
  lessonFormValues,
  questionFields,
  lessonFromForm,
  problemsByField,
  questionFormValues,
  questionFromForm,
  type FormValues,
} from './content-form.js';
import { lessonPreview } from './content-preview.js';
import type { DashboardEnv } from './env.js';
import { CoursePage, CoursesPage } from './pages/content.js';
import { NO_PROBLEMS, type FormProblems } from './pages/content-fields.js';
import { LessonPage, yamlPathOf } from './pages/content-lesson.js';
import { QuestionPage } from './pages/content-question.js';
import { page, refusal } from './refusal.js';
import { requireRole } from './session.js';
import { viewerOf } from './viewer.js';

export interface ContentOptions {
  /** The catalog turns read: refreshed after every edit so the bot's next lesson uses it. */
  catalog: () => Promise<RefreshableCatalog>;
}

const SAVED: Record<string, string> = {
  lesson: 'Saved. Learners get the new text from their next lesson on.',
  question: 'Saved. Learners get the new question from their next quiz on.',
  archived: 'Archived: learners no longer get that question; their past answers are kept.',
};

/** Why a write was refused, said to the operator (the JSON API's rules, content-admin.ts). */
function refusedWrite(result: Exclude<ContentWrite<unknown>, { ok: true }>, course: string, lesson: string) {
  switch (result.reason) {
    case 'from-files':
      return `This comes from ${yamlPathOf(course, lesson)}: edit that file and run npm run content:sync (an edit here would be undone by the next sync).`;
    case 'no-course':
    case 'no-lesson':
    case 'no-question':
      return 'It is no longer there: it was archived or removed meanwhile.';
    case 'last-question':
      return 'It is the lesson’s only question, and a lesson needs at least one: add another first.';
    default:
      return `It cannot be saved (${result.reason}).`;
  }
}

/**
 * /admin/content: courses → lessons → questions, a lesson as WhatsApp shows it with its item
 * statistics, and forms that edit dashboard-owned lessons and questions with the content API's
 * checks. Decisions (docs/dashboard.md): operators and owners edit; archiving stays with the
 * owner-only JSON API; rows from YAML files are shown, never edited here.
 */
export function contentRoutes(deps: AppDeps, options: ContentOptions): Hono<DashboardEnv> {
  const db = deps.database.db;
  const admin = contentAdmin(db);
  const routes = new Hono<DashboardEnv>();

  routes.get('/content', async (c) =>
    page(c, <CoursesPage viewer={viewerOf(c)} courses={await listCourses(db)} />),
  );

  routes.get('/content/:course', async (c) => {
    const found = await courseWithLessons(db, c.req.param('course'));
    if (!found) return refusal(c, 404, 'There is no such course.');
    return page(c, <CoursePage viewer={viewerOf(c)} {...found} />);
  });

  const lessonPage = async (
    c: Context<DashboardEnv>,
    stored: LessonStored,
    values: FormValues,
    problems: FormProblems,
    status: 200 | 400 | 409 = 200,
  ) => {
    const languages = stored.course.languages as string[];
    const asked = c.req.query('lang') ?? '';
    const language = languages.includes(asked) ? asked : (languages[0] ?? 'en');
    const scope = { course: stored.course.slug, lesson: stored.lesson.slug };
    const [catalog, items] = await Promise.all([options.catalog(), itemStatistics(db, scope)]);
    const preview = lessonPreview(catalog, scope.course, scope.lesson, language);
    const done = SAVED[c.req.query('done') ?? ''];
    const props = { viewer: viewerOf(c), stored, values, problems, preview, language, items, done };
    return page(c, <LessonPage {...props} />, status);
  };

  routes.get('/content/:course/:lesson', async (c) => {
    const stored = await storedLesson(db, c.req.param('course'), c.req.param('lesson'));
    if (!stored) return refusal(c, 404, 'There is no such lesson.');
    return lessonPage(c, stored, lessonFormValues(stored.lesson), NO_PROBLEMS);
  });

  routes.post('/content/:course/:lesson', async (c) => {
    const { course, lesson: slug } = c.req.param();
    const stored = await storedLesson(db, course, slug);
    if (!stored) return refusal(c, 404, 'There is no such lesson.');
    const values = formValues(await c.req.parseBody());
    const fromFiles = {
      byField: new Map(),
      general: [refusedWrite({ ok: false, reason: 'from-files' }, course, slug)],
    };
    if (stored.source === 'files')
      return lessonPage(c, stored, lessonFormValues(stored.lesson), fromFiles, 409);
    const body = lessonFromForm(values, stored.course.languages as Language[], stored.lesson);
    const problems = lessonProblems(body, stored.course.languages as Language[]);
    if (problems.length)
      return lessonPage(
        c,
        stored,
        values,
        problemsByField(problems, lessonFields(stored.course.languages as Language[])),
        400,
      );
    const result = await admin.updateLesson(course, body as Lesson);
    if (!result.ok)
      return lessonPage(
        c,
        stored,
        values,
        { byField: new Map(), general: [refusedWrite(result, course, slug)] },
        409,
      );
    await (await options.catalog()).refresh();
    const { quiz: _before, ...before } = stored.lesson;
    const { quiz: _after, ...after } = result.value;
    c.set('audit', { action: 'lesson.edited', subject: `lesson:${course}/${slug}`, before, after });
    return c.redirect(`/admin/content/${course}/${slug}?done=lesson`, 303);
  });

  /** The lesson and the question, or a refusal page. */
  const findQuestion = async (c: Context<DashboardEnv>) => {
    const { course, lesson, id } = c.req.param() as Record<string, string>;
    const stored = await storedLesson(db, course!, lesson!);
    const found = stored?.quiz.find((entry) => entry.question.id === id);
    return stored && found ? { stored, ...found } : undefined;
  };

  const questionPage = (
    c: Context<DashboardEnv>,
    found: { stored: LessonStored; question: Question; source: string },
    values: FormValues,
    problems: FormProblems,
    status: 200 | 400 | 409 = 200,
  ) => {
    const done = SAVED[c.req.query('done') ?? ''];
    return page(c, <QuestionPage viewer={viewerOf(c)} {...found} {...{ values, problems, done }} />, status);
  };

  routes.get('/content/:course/:lesson/questions/:id', async (c) => {
    const found = await findQuestion(c);
    if (!found) return refusal(c, 404, 'There is no such question.');
    return questionPage(c, found, questionFormValues(found.question), NO_PROBLEMS);
  });

  routes.post('/content/:course/:lesson/questions/:id', async (c) => {
    const found = await findQuestion(c);
    if (!found) return refusal(c, 404, 'There is no such question.');
    const { course, lesson } = { course: found.stored.course.slug, lesson: found.stored.lesson.slug };
    const values = formValues(await c.req.parseBody());
    const general = (message: string) => ({ byField: new Map<string, string[]>(), general: [message] });
    if (found.source === 'files')
      return questionPage(
        c,
        found,
        questionFormValues(found.question),
        general(refusedWrite({ ok: false, reason: 'from-files' }, course, lesson)),
        409,
      );
    const languages = found.stored.course.languages as Language[];
    const body = questionFromForm(values, languages, found.question);
    const problems = questionProblems(body, languages);
    if (problems.length)
      return questionPage(
        c,
        found,
        values,
        problemsByField(problems, questionFields(found.question, languages)),
        400,
      );
    const result = await admin.updateQuestion(course, lesson, body as Question);
    if (!result.ok) return questionPage(c, found, values, general(refusedWrite(result, course, lesson)), 409);
    await (await options.catalog()).refresh();
    const subject = `question:${course}/${lesson}/${found.question.id}`;
    c.set('audit', { action: 'question.edited', subject, before: found.question, after: result.value });
    return c.redirect(`/admin/content/${course}/${lesson}/questions/${found.question.id}?done=question`, 303);
  });

  routes.post('/content/:course/:lesson/questions/:id/archive', requireRole('owner'), async (c) => {
    const found = await findQuestion(c);
    if (!found) return refusal(c, 404, 'There is no such question.');
    const { course, lesson } = { course: found.stored.course.slug, lesson: found.stored.lesson.slug };
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes')
      return refusal(c, 400, 'Tick "Learners no longer get this question" to confirm archiving it.');
    const result = await admin.archiveQuestion(course, lesson, found.question.id);
    if (!result.ok) return refusal(c, 409, refusedWrite(result, course, lesson));
    await (await options.catalog()).refresh();
    const subject = `question:${course}/${lesson}/${found.question.id}`;
    c.set('audit', { action: 'question.archived', subject, before: found.question, after: null });
    return c.redirect(`/admin/content/${course}/${lesson}?done=archived`, 303);
  });

  return routes;
}
