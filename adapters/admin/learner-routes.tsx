import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { learnerNameOf, UUID } from '../http/routes/admin-query.js';
import { conversationSnapshot } from '../../db/repositories/conversation-snapshot.js';
import {
  chosenCourses,
  LEARNER_STATUSES,
  learnerProgressByCourse,
  learnerTimeline,
  optOutLearner,
  searchLearners,
  type LearnerSearch,
} from '../../db/repositories/dashboard-learners.js';
import { identitiesOf, learnersNamed } from '../../db/repositories/learner-lookup.js';
import { learnerPayments } from '../../db/repositories/payments-queries.js';
import { exportFile, learnerExport } from '../../db/repositories/learner-export.js';
import { profileRepository } from '../../db/repositories/profile.js';
import { usersRepository } from '../../db/repositories/users.js';
import { contentDisposition } from '../http/routes/files.js';
import { readPreferences } from './learner-preferences.js';
import type { SettingsProblems } from './pages/learner-settings.js';
import type { DashboardEnv } from './env.js';
import { EXPORT_LIMIT, exportFormatOf, pageOrDownload } from './export.js';
import { learnersTable } from './learners-table.js';
import { LearnerPage } from './pages/learner.js';
import { LearnersPage, type LearnersQuery } from './pages/learners.js';
import { page, refusal } from './refusal.js';
import { requireRole } from './session.js';
import { stateName } from './state-name.js';
import { viewerOf } from './viewer.js';

const PAGE_SIZE = 20;
const TIMELINE_SIZE = 25;

const DONE: Record<string, string> = {
  paused: 'Paused: no lessons or reminders go to this learner until they are resumed.',
  resumed: 'Resumed: lessons and reminders go to this learner again.',
  optedOut: 'Opted out: no message goes to this learner unless they write START.',
  preferencesChanged: 'Preferences saved: the next lesson follows the new language, time zone and time.',
};

const pageNumber = (raw: string | undefined) => {
  const n = Number(raw ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : undefined;
};

/** How the search box named learners: ids (phone, BSUID, username) or a part of their name. */
export async function namedBy(deps: AppDeps, q: string): Promise<Pick<LearnerSearch, 'ids' | 'nameLike'>> {
  if (!q) return {};
  if (UUID.test(q)) return { ids: [q.toLowerCase()] };
  const name = learnerNameOf(q);
  if (name && name.kind !== 'username') return { ids: await learnersNamed(deps.database.db, name) };
  const byUsername = name ? await learnersNamed(deps.database.db, name) : [];
  return byUsername.length ? { ids: byUsername } : { nameLike: q };
}

/** /admin/learners: search, a learner's profile and timeline, pause/resume and (owner) opt out. */
export function learnerRoutes(deps: AppDeps): Hono<DashboardEnv> {
  const db = deps.database.db;
  const profiles = profileRepository(db);
  const routes = new Hono<DashboardEnv>();

  routes.get('/learners', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    const status = c.req.query('status') ?? '';
    const course = (c.req.query('course') ?? '').slice(0, 100);
    const pageNo = pageNumber(c.req.query('page'));
    if (!pageNo) return refusal(c, 400, 'The page must be a whole number from 1.');
    if (status && !(LEARNER_STATUSES as readonly string[]).includes(status))
      return refusal(c, 400, `Status must be one of ${LEARNER_STATUSES.join(', ')}.`);
    const query: LearnersQuery = { q, status, course, page: pageNo };
    const filter: LearnerSearch = {
      ...(await namedBy(deps, q)),
      status: (status || undefined) as LearnerSearch['status'],
      course: course || undefined,
      page: pageNo,
      pageSize: PAGE_SIZE,
    };
    if (exportFormatOf(c)) {
      const all = await searchLearners(db, { ...filter, page: 1, pageSize: EXPORT_LIMIT });
      return pageOrDownload(c, learnersTable(all.items), () => c.notFound());
    }
    const [{ items, total }, courses] = await Promise.all([searchLearners(db, filter), chosenCourses(db)]);
    const pages = Math.ceil(total / PAGE_SIZE);
    return page(c, <LearnersPage viewer={viewerOf(c)} {...{ query, courses, items, total, pages }} />);
  });

  /** The profile page; `problems` are said beside the preference or erase fields (400). */
  const showProfile = async (c: Context<DashboardEnv>, id: string, problems?: SettingsProblems) => {
    const timelinePage = pageNumber(c.req.query('page'));
    if (!UUID.test(id) || !timelinePage) return refusal(c, 404, 'There is no such learner.');
    const profile = await profiles.find(id.toLowerCase());
    if (!profile) return refusal(c, 404, 'There is no such learner.');
    const [identities, snapshot, progress, orders, timeline] = await Promise.all([
      identitiesOf(db, profile.id),
      conversationSnapshot(db, profile.id),
      learnerProgressByCourse(db, profile.id),
      learnerPayments(db, profile.id),
      learnerTimeline(db, profile.id, timelinePage, TIMELINE_SIZE),
    ]);
    const payments = orders.map(({ order, attempt }) => ({
      plan: order.planId,
      amount: order.amount,
      status: attempt?.status ?? order.status,
      at: order.createdAt,
    }));
    return page(
      c,
      <LearnerPage
        viewer={viewerOf(c)}
        profile={profile}
        identities={identities}
        flowState={stateName(snapshot)}
        progress={progress}
        payments={payments}
        timeline={{ ...timeline, page: timelinePage, pages: Math.ceil(timeline.total / TIMELINE_SIZE) }}
        done={DONE[c.req.query('done') ?? '']}
        problems={problems}
      />,
      problems ? 400 : 200,
    );
  };

  routes.get('/learners/:id', (c) => showProfile(c, c.req.param('id')));

  /** Tells the audit trail what changed (before and after) and shows the profile saying what it did. */
  const acted = (c: Context<DashboardEnv>, id: string, action: string, before: unknown, after: unknown) => {
    c.set('audit', { action: `learner.${action}`, subject: `learner:${id}`, before, after });
    return c.redirect(`/admin/learners/${id}?done=${action}`, 303);
  };

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    routes.post(`/learners/:id/${action}`, async (c) => {
      const id = c.req.param('id').toLowerCase();
      const before = UUID.test(id) ? await profiles.find(id) : undefined;
      if (!before) return refusal(c, 404, 'There is no such learner.');
      const after = await profiles.update(id, { paused });
      return acted(
        c,
        id,
        paused ? 'paused' : 'resumed',
        { paused: before.paused },
        { paused: after?.paused },
      );
    });
  }

  routes.post('/learners/:id/opt-out', requireRole('owner'), async (c) => {
    const id = c.req.param('id').toLowerCase();
    const before = UUID.test(id) ? await profiles.find(id) : undefined;
    if (!before) return refusal(c, 404, 'There is no such learner.');
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes')
      return refusal(c, 400, 'Tick "Stop every message to this learner" to confirm the opt-out.');
    const status = await optOutLearner(db, id);
    return acted(c, id, 'optedOut', { status: before.status }, { status });
  });

  routes.post('/learners/:id/preferences', async (c) => {
    const id = c.req.param('id').toLowerCase();
    const before = UUID.test(id) ? await profiles.find(id) : undefined;
    if (!before) return refusal(c, 404, 'There is no such learner.');
    const { change, problems } = readPreferences(await c.req.parseBody());
    if (Object.keys(problems).length) return showProfile(c, id, problems);
    const after = await profiles.update(id, change);
    const pick = (p: typeof before) => ({
      language: p.language,
      timezone: p.timezone,
      dailyTime: p.dailyTime,
    });
    return acted(c, id, 'preferencesChanged', pick(before), after && pick(after));
  });

  routes.get('/learners/:id/export', async (c) => {
    const id = c.req.param('id').toLowerCase();
    const document = UUID.test(id) ? await learnerExport(db, id, new Date()) : undefined;
    if (!document) return refusal(c, 404, 'There is no such learner.');
    const { bytes, filename } = exportFile(document);
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', contentDisposition(filename, 'application/json'));
    c.header('Cache-Control', 'private, no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  routes.post('/learners/:id/erase', requireRole('owner'), async (c) => {
    const id = c.req.param('id').toLowerCase();
    const before = UUID.test(id) ? await profiles.find(id) : undefined;
    if (!before) return refusal(c, 404, 'There is no such learner.');
    const form = await c.req.parseBody();
    const typed = typeof form.phone === 'string' ? form.phone.replace(/[\s-]/g, '') : '';
    if (typed !== before.phone)
      return showProfile(c, id, {
        phone: `Type the learner's phone exactly, ${before.phone}, to confirm; nothing was erased.`,
      });
    await usersRepository(db).remove(id);
    c.set('audit', {
      action: 'learner.erased',
      subject: `learner:${id}`,
      before: { phone: before.phone, name: before.name, status: before.status },
      after: null,
    });
    return c.redirect('/admin/learners', 303);
  });

  return routes;
}
