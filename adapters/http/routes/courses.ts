import { Hono } from 'hono';
import type { ContentCatalog } from '../../../content/catalog.js';
import type { Category, Course, CourseDifficulty, Language } from '../../../content/types.js';
import { LANGUAGES } from '../../../content/types.js';
import type { Database } from '../../../db/client.js';
import { catalogFromDatabase, type RefreshableCatalog } from '../../../db/repositories/content.js';
import type { AppEnv } from '../env.js';
import { notFound } from '../errors.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';

const CATEGORIES: Category[] = ['money', 'digital-safety', 'health', 'farming', 'business', 'life-skills'];
const DIFFICULTIES: CourseDifficulty[] = ['beginner', 'intermediate', 'advanced'];

/** The catalog the app serves: the runtime's, or one read from the database on first use (tests). */
export function lazyCatalog(db: Database, given?: RefreshableCatalog): () => Promise<RefreshableCatalog> {
  let catalog: Promise<RefreshableCatalog> | undefined = given && Promise.resolve(given);
  return () => (catalog ??= catalogFromDatabase(db));
}

interface CatalogQuery {
  category?: Category;
  difficulty?: CourseDifficulty;
  language?: Language;
  limit: number;
  offset: number;
}

const catalogQuerySchema: JSONSchemaType<CatalogQuery> = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: CATEGORIES, nullable: true },
    difficulty: { type: 'string', enum: DIFFICULTIES, nullable: true },
    language: { type: 'string', enum: [...LANGUAGES], nullable: true },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
  required: ['limit', 'offset'],
  additionalProperties: false,
};

function summaryOf(course: Course) {
  const { slug, title, description, category, difficulty, languages, premium, passMark, lessons } = course;
  return {
    slug,
    title,
    description,
    category,
    difficulty,
    languages,
    premium,
    passMark,
    lessonCount: lessons.length,
    estimatedMinutes: lessons.reduce((sum, lesson) => sum + lesson.estimatedMinutes, 0),
  };
}

/**
 * The public course catalog for learner-facing pages, read from the in-memory catalog (what
 * learners get on WhatsApp): published courses only, archived lessons left out.
 */
export function coursesRoutes(options: { catalog: () => Promise<ContentCatalog> }): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/', validateQuery(catalogQuerySchema), async (c) => {
    const { category, difficulty, language, limit, offset } = c.req.valid('query');
    const matching = (await options.catalog())
      .courses()
      .filter(
        (course) =>
          (!category || course.category === category) &&
          (!difficulty || course.difficulty === difficulty) &&
          (!language || course.languages.includes(language)),
      );
    return c.json({
      courses: matching.slice(offset, offset + limit).map(summaryOf),
      total: matching.length,
      limit,
      offset,
    });
  });

  routes.get('/:slug', async (c) => {
    const slug = c.req.param('slug');
    const course = (await options.catalog()).course(slug);
    if (!course || course.archived) throw notFound(`course "${slug}"`);
    return c.json({
      ...summaryOf(course),
      lessons: course.lessons.map((lesson, index) => ({
        number: index + 1,
        slug: lesson.slug,
        title: lesson.title,
        estimatedMinutes: lesson.estimatedMinutes,
        media: lesson.media?.type ?? null,
        questionCount: lesson.quiz.length,
      })),
    });
  });

  return routes;
}
