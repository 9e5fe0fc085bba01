import { Hono } from 'hono';
import type { Database } from '../../../db/client.js';
import { progressRepository } from '../../../db/repositories/progress.js';
import type { QuizAnswer } from '../../../db/schema/progress.js';
import { cardId, itemStats, type Attempt } from '../../../flows/learning/index.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateQuery, type JSONSchemaType } from '../validate.js';

interface ItemsQuery {
  course: string;
  lesson?: string | null;
}

const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
const itemsSchema: JSONSchemaType<ItemsQuery> = {
  type: 'object',
  properties: {
    course: { type: 'string', pattern: SLUG, maxLength: 200 },
    lesson: { type: 'string', nullable: true, pattern: SLUG, maxLength: 200 },
  },
  required: ['course'],
  additionalProperties: false,
  errorMessage: { properties: { course: 'must be a course slug', lesson: 'must be a lesson slug' } },
};

interface AttemptRow {
  userId: string;
  lesson: string;
  answers: QuizAnswer[];
}

/**
 * Per question of each lesson, in the order learners met them: every answer given (`attempts`,
 * retries included) and itemStats on the learners' first answers, with discrimination within the
 * lesson's quiz (the test the question belongs to).
 */
function itemsOf(course: string, rows: AttemptRow[], leeches: Map<string, number>) {
  const lessons = new Map<string, AttemptRow[]>();
  for (const row of rows) lessons.set(row.lesson, [...(lessons.get(row.lesson) ?? []), row]);
  return [...lessons].flatMap(([lesson, attempts]) => {
    const answers: Attempt[] = attempts.flatMap((row) =>
      row.answers.map((a) => ({
        learnerId: row.userId,
        questionId: a.question,
        correct: a.correct,
        answer: a.answer,
      })),
    );
    return itemStats(answers).map(({ questionId, answered, ...stats }) => ({
      lesson,
      question: questionId,
      attempts: answers.filter((a) => a.questionId === questionId).length,
      learners: answered,
      ...stats,
      leeches: leeches.get(cardId(course, lesson, questionId)) ?? 0,
    }));
  });
}

export type ItemStatistics = ReturnType<typeof itemsOf>[number];

/** The item statistics of a course's questions (or one lesson's): the JSON route's and the dashboard's. */
export async function itemStatistics(
  db: Database,
  scope: { course: string; lesson?: string },
): Promise<ItemStatistics[]> {
  const progress = progressRepository(db);
  const [attempts, leeches] = await Promise.all([
    progress.quizAttemptsAt(scope),
    progress.leechLearners(scope),
  ]);
  return itemsOf(scope.course, attempts, leeches);
}

/**
 * `GET /admin/api/items?course=&lesson=`: item statistics for authors from the stored quiz
 * attempts: facility (share right on the first try), discrimination, the most common wrong answers,
 * and how many learners have the question as a leech (from the review events).
 */
export function itemsRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  routes.get('/', validateQuery(itemsSchema), async (c) => {
    const { course, lesson } = c.req.valid('query');
    const scope = { course, ...(lesson ? { lesson } : {}) };
    const items = await itemStatistics(deps.database.db, scope);
    return c.json({ course, lesson: lesson ?? null, items });
  });

  return routes;
}
