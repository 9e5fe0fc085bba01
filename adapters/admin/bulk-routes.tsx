/*
 * /admin/bulk: message a segment of learners through the outbox (docs/dashboard.md).
 * Decisions:
 * - The form is previewed first (GET with preview=1): the page says how many learners the segment
 *   holds and how many a message reaches; sending posts that count back, and a segment that
 *   changed since (someone wrote, opted out) is shown again instead of sent.
 * - An operator may send to at most OPERATOR_LIMIT reachable learners at once; more needs the owner.
 * - The message is at most MAX_MESSAGE characters: it must fit the `announcement` template's
 *   variable (Meta allows 1,024 in a template body, which also holds the template's own words).
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { countSegment, createCampaign } from '../../db/repositories/bulk.js';
import {
  campaignProgress,
  campaignRecipients,
  findCampaign,
  moveCampaign,
  recentCampaigns,
  type CampaignAction,
} from '../../db/repositories/bulk-queries.js';
import { chosenCourses, LEARNER_STATUSES, learnerFilter } from '../../db/repositories/dashboard-learners.js';
import type { BulkSegment } from '../../db/schema/bulk.js';
import type { DashboardEnv } from './env.js';
import { namedBy } from './learner-routes.js';
import { BulkPage, type BulkForm } from './pages/bulk.js';
import { CampaignPage, ProgressPanel } from './pages/bulk-campaign.js';
import { page, refusal } from './refusal.js';
import { viewerOf } from './viewer.js';

export const OPERATOR_LIMIT = 500;
export const MAX_MESSAGE = 900;
const RECIPIENTS_PAGE = 50;

type Problems = Partial<Record<keyof BulkForm, string>>;

/** The form's fields, and what is wrong with each (said beside it). */
function readForm(fields: Record<string, unknown>): { form: BulkForm; problems: Problems } {
  const text = (name: string, max: number) =>
    (typeof fields[name] === 'string' ? (fields[name] as string) : '').trim().slice(0, max);
  const form: BulkForm = {
    q: text('q', 200),
    status: text('status', 20),
    course: text('course', 100),
    activeDays: text('activeDays', 6),
    message: typeof fields.message === 'string' ? fields.message.trim() : '',
  };
  const problems: Problems = {};
  if (form.status && !(LEARNER_STATUSES as readonly string[]).includes(form.status))
    problems.status = `Status must be one of ${LEARNER_STATUSES.join(', ')}, or Any.`;
  if (form.activeDays && !/^\d+$/.test(form.activeDays)) problems.activeDays = 'Days must be a whole number.';
  else if (form.activeDays && (Number(form.activeDays) < 1 || Number(form.activeDays) > 365))
    problems.activeDays = 'Days must be from 1 to 365, or empty for any time.';
  if (!form.message) problems.message = 'Write the message to send.';
  else if ([...form.message].length > MAX_MESSAGE)
    problems.message = `The message is ${[...form.message].length} characters; at most ${MAX_MESSAGE} fit the announcement template.`;
  return { form, problems };
}

/** /admin/bulk: the segment form with its preview, a campaign's progress and results, pause/resume/cancel. */
export function bulkRoutes(deps: AppDeps): Hono<DashboardEnv> {
  const db = deps.database.db;
  const routes = new Hono<DashboardEnv>();
  const now = () => new Date();

  /** The segment the form names, as stored on the campaign and as a condition on users. */
  const segmentOf = async (form: BulkForm) => {
    const segment: BulkSegment = {
      ...(form.q ? { q: form.q } : {}),
      ...(form.status ? { status: form.status as BulkSegment['status'] } : {}),
      ...(form.course ? { course: form.course } : {}),
      ...(form.activeDays ? { activeDays: Number(form.activeDays) } : {}),
    };
    const filter = learnerFilter({
      ...(await namedBy(deps, form.q)),
      status: segment.status,
      course: segment.course,
    });
    return { segment, filter, count: await countSegment(db, filter, segment.activeDays, now()) };
  };

  const showForm = async (
    c: Context<DashboardEnv>,
    form: BulkForm,
    problems: Problems,
    options: { preview?: boolean; notice?: string; status?: 200 | 400 } = {},
  ) => {
    const hasProblems = Object.keys(problems).length > 0;
    const [courses, campaigns, count] = await Promise.all([
      chosenCourses(db),
      recentCampaigns(db),
      options.preview && !hasProblems ? segmentOf(form).then((s) => s.count) : undefined,
    ]);
    const viewer = viewerOf(c);
    const limit = viewer.role === 'owner' ? undefined : OPERATOR_LIMIT;
    return page(
      c,
      <BulkPage {...{ viewer, form, problems, courses, campaigns, count, limit }} notice={options.notice} />,
      options.status ?? (hasProblems ? 400 : 200),
    );
  };

  routes.get('/bulk', async (c) => {
    const preview = c.req.query('preview') === '1';
    const { form, problems } = readForm(c.req.query());
    // Before a preview, an empty message is not yet a problem.
    if (!preview) delete problems.message;
    return showForm(c, form, problems, {
      preview,
      status: preview && Object.keys(problems).length ? 400 : 200,
    });
  });

  routes.post('/bulk', async (c) => {
    const fields = await c.req.parseBody();
    const { form, problems } = readForm(fields);
    if (Object.keys(problems).length) return showForm(c, form, problems);
    if (!deps.bulk)
      return refusal(c, 503, 'Bulk sending needs the job scheduler, which this process does not run.');
    const { segment, filter, count } = await segmentOf(form);
    if (count.reachable === 0)
      return showForm(
        c,
        form,
        {},
        { preview: true, notice: 'No learner in this segment can be messaged.', status: 400 },
      );
    if (String(count.total) !== fields.expected)
      return showForm(
        c,
        form,
        {},
        {
          preview: true,
          notice: `The segment changed since the preview: it now holds ${count.total} learners. Check the count and send again.`,
          status: 400,
        },
      );
    const admin = c.get('admin');
    if (admin.role !== 'owner' && count.reachable > OPERATOR_LIMIT)
      return refusal(
        c,
        403,
        `Only an owner can message more than ${OPERATOR_LIMIT} learners at once; this segment reaches ${count.reachable}. Narrow it or ask an owner.`,
      );
    const campaign = await createCampaign(db, {
      body: form.message,
      segment,
      filter,
      admin: { id: admin.id, email: c.get('adminEmail') },
      now: now(),
    });
    if (!campaign)
      return showForm(c, form, {}, { preview: true, notice: 'The segment is empty now.', status: 400 });
    await deps.bulk.start(campaign.id);
    c.set('audit', {
      action: 'bulk.sent',
      subject: `bulk:${campaign.id}`,
      before: null,
      after: { message: form.message, segment, recipients: campaign.total, reachable: count.reachable },
    });
    return c.redirect(`/admin/bulk/${campaign.id}`, 303);
  });

  const campaignId = (c: Context<DashboardEnv>) => {
    const raw = c.req.param('id') ?? '';
    return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  };

  routes.get('/bulk/:id', async (c) => {
    const id = campaignId(c);
    const pageNo = Number(c.req.query('page') ?? '1');
    const campaign = id ? await findCampaign(db, id) : undefined;
    if (!campaign || !Number.isInteger(pageNo) || pageNo < 1)
      return refusal(c, 404, 'There is no such campaign.');
    const [progress, recipients] = await Promise.all([
      campaignProgress(db, campaign.id),
      campaignRecipients(db, campaign.id, pageNo, RECIPIENTS_PAGE),
    ]);
    const pages = Math.ceil(recipients.total / RECIPIENTS_PAGE);
    return page(
      c,
      <CampaignPage
        viewer={viewerOf(c)}
        {...{ campaign, progress }}
        recipients={{ ...recipients, page: pageNo, pages }}
      />,
    );
  });

  routes.get('/bulk/:id/progress', async (c) => {
    const id = campaignId(c);
    const campaign = id ? await findCampaign(db, id) : undefined;
    if (!campaign) return refusal(c, 404, 'There is no such campaign.');
    return c.html(<ProgressPanel campaign={campaign} progress={await campaignProgress(db, campaign.id)} />);
  });

  for (const action of ['pause', 'resume', 'cancel'] as const satisfies CampaignAction[]) {
    routes.post(`/bulk/:id/${action}`, async (c) => {
      const id = campaignId(c);
      if (!id) return refusal(c, 404, 'There is no such campaign.');
      const moved = await moveCampaign(db, id, action, now());
      if (!moved.before) return refusal(c, 404, 'There is no such campaign.');
      if (!moved.moved)
        return refusal(
          c,
          400,
          `This campaign is ${moved.before}, so it cannot be ${action === 'cancel' ? 'cancelled' : `${action}d`}.`,
        );
      if (action === 'resume') await deps.bulk?.start(id);
      c.set('audit', {
        action: `bulk.${action === 'cancel' ? 'cancelled' : `${action}d`}`,
        subject: `bulk:${id}`,
        before: { status: moved.before },
        after: { status: moved.after },
      });
      return c.redirect(`/admin/bulk/${id}`, 303);
    });
  }

  return routes;
}
