import type { Hono } from 'hono';
import type { ConsoleChannel } from '../../channels/console.js';
import type { DatabaseHandle } from '../../../db/client.js';
import { usersRepository } from '../../../db/repositories/users.js';
import type { Engine } from '../../../engine/engine.js';
import type { AppEnv } from '../env.js';
import { validationFailed } from '../errors.js';
import { loadSimulatorAssets } from '../simulator/assets.js';
import { phoneParam } from './users.js';
import { statePath } from '../../../engine/state-path.js';
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../../../content/catalog.js';
import type { Language, Localized } from '../../../content/types.js';
import { nextTimerOf } from '../../../db/repositories/timers.js';
import { courseState, learningStateOf } from '../../../flows/learning/index.js';

export interface SimulatorDeps {
  engine: Engine;
  channel: ConsoleChannel;
  database: DatabaseHandle;
  catalog: ContentCatalog;
}

/** The learner's state as the simulator shows it, e.g. `welcome.askName`, `idle`, `stopped`. */
export interface LearnerStateView {
  phone: string;
  userId: string;
  timezone: string;
  language: string;
  status: string;
  state: string;
  turn: number;
  /** The course lessons come from now, in the learner's language. */
  course: { slug: string; title: string } | null;
  /** The lesson under way, or the next one: the first of the course whose quiz is not done. */
  lesson: { slug: string; title: string; number: number; of: number } | null;
  /** The learner's earliest pending timer, `local` in their zone like `Tue 3 Mar 07:30`. */
  nextTimer: { name: string; dueAt: string; local: string } | null;
  detail: { conversation: unknown; flow?: unknown; flowId?: string };
}

/**
 * GET /simulator: a WhatsApp-like chat page on the console channel (its HTML, CSS and JS under
 * /simulator/assets), and GET /bot/console/state?phone= for its state panel (`{ phone, known: false }`
 * for a phone with no conversation yet).
 */
export function mountSimulator(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const assets = loadSimulatorAssets();
  const users = usersRepository(deps.database.db);
  const noCache = { 'cache-control': 'no-store' };

  app.get('/simulator', (c) => c.html(assets.html, 200, noCache));
  app.get('/simulator/assets/simulator.css', (c) =>
    c.body(assets.css, 200, { ...noCache, 'content-type': 'text/css; charset=utf-8' }),
  );
  app.get('/simulator/assets/simulator.js', (c) =>
    c.body(assets.js, 200, { ...noCache, 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/simulator/assets/whatsapp-format.js', (c) =>
    c.body(assets.formatJs, 200, { ...noCache, 'content-type': 'text/javascript; charset=utf-8' }),
  );

  app.get('/bot/console/state', async (c) => {
    const raw = c.req.query('phone');
    if (!raw)
      throw validationFailed([
        { field: '/phone', reason: 'query parameter is required, like ?phone=%2B254712345678' },
      ]);
    const phone = phoneParam(raw);
    const user = await users.findByPhone(phone);
    const inspected = user ? await deps.engine.inspect(user.id) : null;
    // A phone that has not written yet is a normal first view, not a missing resource (no 404 on first load).
    if (!user || !inspected) return c.json({ phone, known: false });
    const view: LearnerStateView = {
      phone,
      userId: user.id,
      timezone: user.timezone,
      language: user.language,
      status: user.status,
      state: statePath(inspected.state),
      turn: inspected.turn,
      ...(await whereInCourse(deps.catalog, user)),
      nextTimer: await nextTimerView(deps.database, user),
      detail: inspected.state,
    };
    return c.json(view);
  });
}

type LearnerRow = NonNullable<Awaited<ReturnType<ReturnType<typeof usersRepository>['findByPhone']>>>;

function whereInCourse(
  catalog: ContentCatalog,
  user: LearnerRow,
): Pick<LearnerStateView, 'course' | 'lesson'> {
  const learning = learningStateOf(user.learningState);
  const course = learning.course ? catalog.course(learning.course) : undefined;
  if (!course) return { course: null, lesson: null };
  const title = (text: Localized) =>
    text[user.language as Language] ?? text.en ?? Object.values(text)[0] ?? '';
  const done = new Set(courseState(learning, course.slug).completed);
  const lessons = catalog.lessons(course.slug);
  const index = lessons.findIndex((lesson) => !done.has(lesson.slug));
  const lesson = lessons[index];
  return {
    course: { slug: course.slug, title: title(course.title) },
    lesson: lesson
      ? { slug: lesson.slug, title: title(lesson.title), number: index + 1, of: lessons.length }
      : null,
  };
}

async function nextTimerView(
  database: DatabaseHandle,
  user: LearnerRow,
): Promise<LearnerStateView['nextTimer']> {
  const timer = await nextTimerOf(database.db, user.id);
  if (!timer) return null;
  const local = DateTime.fromJSDate(timer.dueAt, { zone: user.timezone }).toFormat('ccc d LLL HH:mm');
  return { name: timer.name, dueAt: timer.dueAt.toISOString(), local };
}
