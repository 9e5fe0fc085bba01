import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { RefreshableCatalog } from '../../db/repositories/content.js';
import { conversationSnapshot } from '../../db/repositories/conversation-snapshot.js';
import { usersRepository } from '../../db/repositories/users.js';
import { ADMIN_MOVE_EVENT, ADMIN_RESET_EVENT } from '../../flows/admin-actions.js';
import { learningStateOf, nextLesson } from '../../flows/learning/index.js';
import { inLanguage } from '../../flows/questions.js';
import type { AppDeps } from '../deps.js';
import { UUID } from '../http/routes/admin-query.js';
import type { DashboardEnv } from './env.js';
import { LearnerConversationPage } from './pages/learner-conversation.js';
import { page, refusal } from './refusal.js';
import { stateName } from './state-name.js';
import { viewerOf } from './viewer.js';

const DONE: Record<string, string> = {
  reset: 'Reset: the conversation is at rest and the learner was told to send NEXT or MENU.',
  moved: 'Moved: the lesson chosen is the learner’s next one, and they were told.',
};

/**
 * /admin/learners/:id/conversation: reset a stuck conversation, move a learner to a lesson. Both go
 * through the engine as `system.*` events (flows/admin-actions.ts), so the turn's rules hold; open
 * to operators and owners, each leaving an audit entry.
 */
export function conversationRoutes(
  deps: AppDeps,
  options: { catalog: () => Promise<RefreshableCatalog> },
): Hono<DashboardEnv> {
  const db = deps.database.db;
  const users = usersRepository(db);
  const routes = new Hono<DashboardEnv>();

  const learnerOf = async (c: Context<DashboardEnv>) => {
    const id = c.req.param('id')?.toLowerCase() ?? '';
    return UUID.test(id) ? users.findById(id) : undefined;
  };

  const show = async (c: Context<DashboardEnv>, status: 200 | 400 | 503 = 200, problem?: string) => {
    const profile = await learnerOf(c);
    if (!profile) return refusal(c, 404, 'There is no such learner.');
    const catalog = await options.catalog();
    const state = learningStateOf(profile.learningState);
    const language = profile.language;
    const current = state.course ? catalog.course(state.course) : undefined;
    const next = current
      ? nextLesson(catalog.lessons(current.slug), state.progress[current.slug]?.completed ?? [])
      : null;
    const choices = catalog.courses().map((course) => ({
      course: course.slug,
      courseTitle: inLanguage(course.title, language),
      lessons: catalog
        .lessons(course.slug)
        .map((lesson) => ({ slug: lesson.slug, title: inLanguage(lesson.title, language) })),
    }));
    return page(
      c,
      <LearnerConversationPage
        viewer={viewerOf(c)}
        learner={{
          id: profile.id,
          title: profile.name ?? profile.phone,
          course: current ? inLanguage(current.title, language) : undefined,
          next: next ? inLanguage(next.title, language) : undefined,
        }}
        flowState={stateName(await conversationSnapshot(db, profile.id))}
        choices={choices}
        done={DONE[c.req.query('done') ?? '']}
        problem={problem}
      />,
      status,
    );
  };

  routes.get('/learners/:id/conversation', (c) => show(c));

  /** Runs `name` as the learner's turn, then shows the page saying what it did. */
  const tell = async (
    c: Context<DashboardEnv>,
    name: string,
    data: Record<string, unknown>,
    done: string,
  ) => {
    const profile = await learnerOf(c);
    if (!profile) return refusal(c, 404, 'There is no such learner.');
    if (!deps.conversations)
      return show(c, 503, 'This server runs no conversation engine: use a server started with npm start.');
    const before = { flowState: stateName(await conversationSnapshot(db, profile.id)) };
    await deps.conversations.tell({
      type: 'system',
      channel: 'system',
      providerId: `admin:${name}:${profile.id}:${randomUUID()}`,
      userId: profile.id,
      at: new Date().toISOString(),
      name,
      data,
    });
    const after = { flowState: stateName(await conversationSnapshot(db, profile.id)), ...data };
    c.set('audit', {
      action: `learner.${done === 'reset' ? 'conversationReset' : 'movedToLesson'}`,
      subject: `learner:${profile.id}`,
      before,
      after,
    });
    return c.redirect(`/admin/learners/${profile.id}/conversation?done=${done}`, 303);
  };

  routes.post('/learners/:id/conversation/reset', (c) => tell(c, ADMIN_RESET_EVENT, {}, 'reset'));

  routes.post('/learners/:id/conversation/move', async (c) => {
    const form = await c.req.parseBody();
    const [course = '', lesson = ''] = String(form.lesson ?? '').split('/');
    const catalog = await options.catalog();
    if (!catalog.lessons(course).some((known) => known.slug === lesson))
      return show(c, 400, 'Choose a lesson from the list: that one is not in any course.');
    return tell(c, ADMIN_MOVE_EVENT, { course, lesson }, 'moved');
  });

  return routes;
}
