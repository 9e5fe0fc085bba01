import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { usersRepository } from '../../../db/repositories/users.js';
import type { AppEnv } from '../env.js';
import { notFound } from '../errors.js';
import { lessonTimeOf, nextLessonAt } from '../lesson-schedule.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { addressParam } from './users.js';

/** Lesson views for operators (admin JWT: they reveal a learner's time zone and habits). */
export function lessonsRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<AppEnv> {
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  const users = usersRepository(deps.database.db);
  routes.use('*', requireAdmin(deps));

  routes.get('/schedule/:phone', async (c) => {
    const user = await users.findByPhone(addressParam(c.req.param('phone')));
    if (!user) throw notFound('learner');
    const localTime = lessonTimeOf(user.learningState);
    const next = nextLessonAt(user.timezone, localTime, now());
    return c.json({
      timezone: user.timezone,
      localTime,
      nextAt: next.toUTC().toISO(),
      nextAtLocal: next.toISO(),
    });
  });

  return routes;
}
