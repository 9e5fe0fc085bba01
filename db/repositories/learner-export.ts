import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { Localized, Question } from '../../content/types.js';
import { courses, lessons, questions } from '../schema/content.js';
import { activityLog, conversations } from '../schema/conversations.js';
import { deliveryStatuses } from '../schema/delivery.js';
import { inboundMessages, outbox } from '../schema/messages.js';
import { timers } from '../schema/timers.js';
import { users } from '../schema/users.js';
import { questionFromRow } from './content.js';
import { identitiesOf } from './learner-lookup.js';
import { deliveryColumns, withDelivery } from './message-tracking.js';
import { progressRepository } from './progress.js';

// 2: the profile's `preferences` became `learningState` (migration 0007).
export const EXPORT_FORMAT = 'learnloop.learner-export/2';

/**
 * Everything stored about one learner, as `GET /api/users/:id/export` delivers it (EXPORT makes a
 * readable PDF of it for the learner), every name WhatsApp gave them (`identities`: phone, BSUID,
 * parent BSUID, username) too. Dates are ISO strings once serialised; internal row ids are kept so an operator can
 * match an export line to the database.
 */
export async function learnerExport(db: Database, userId: string, exportedAt: Date) {
  const profile = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!profile) return null;
  const [identities, conversation, inbound, outbound, scheduled, activity, progress] = await Promise.all([
    identitiesOf(db, userId),
    db.query.conversations.findFirst({ where: eq(conversations.userId, userId) }),
    db
      .select({
        id: inboundMessages.id,
        channel: inboundMessages.channel,
        providerId: inboundMessages.providerId,
        receivedAt: inboundMessages.receivedAt,
        processedAt: inboundMessages.processedAt,
        status: inboundMessages.status,
        turn: inboundMessages.turn,
        event: inboundMessages.event,
      })
      .from(inboundMessages)
      .where(eq(inboundMessages.userId, userId))
      .orderBy(asc(inboundMessages.id)),
    db
      .select({
        id: outbox.id,
        turn: outbox.turn,
        channel: outbox.channel,
        recipient: outbox.recipient,
        status: outbox.status,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
        providerId: outbox.providerId,
        lastError: outbox.lastError,
        message: outbox.payload,
        delivery: deliveryColumns,
      })
      .from(outbox)
      .leftJoin(deliveryStatuses, withDelivery)
      .where(eq(outbox.userId, userId))
      .orderBy(asc(outbox.id)),
    db
      .select({
        name: timers.name,
        dueAt: timers.dueAt,
        status: timers.status,
        payload: timers.payload,
        createdAt: timers.createdAt,
        firedAt: timers.firedAt,
      })
      .from(timers)
      .where(eq(timers.userId, userId))
      .orderBy(asc(timers.createdAt)),
    db
      .select({
        turn: activityLog.turn,
        kind: activityLog.kind,
        state: activityLog.state,
        detail: activityLog.detail,
        at: activityLog.createdAt,
      })
      .from(activityLog)
      .where(eq(activityLog.userId, userId))
      .orderBy(asc(activityLog.id)),
    progressRepository(db).ofLearner(userId),
  ]);
  return {
    format: EXPORT_FORMAT,
    exportedAt: exportedAt.toISOString(),
    profile,
    identities,
    conversation: conversation
      ? {
          turn: conversation.turn,
          flowVersions: conversation.flowVersions,
          snapshot: conversation.snapshot,
          updatedAt: conversation.updatedAt,
        }
      : null,
    messages: { inbound, outbound },
    progress: {
      lessons: progress.lessons.map(({ userId: _u, ...row }) => row),
      quizAttempts: progress.attempts.map(({ userId: _u, ...row }) => row),
      reviews: progress.reviews.map(({ userId: _u, idempotencyKey: _k, ...row }) => row),
      feedback: progress.feedback.map(({ userId: _u, idempotencyKey: _k, ...row }) => row),
      pauses: progress.pauses.map(({ userId: _u, idempotencyKey: _k, ...row }) => row),
    },
    timers: scheduled,
    activity,
  };
}

export type LearnerExport = NonNullable<Awaited<ReturnType<typeof learnerExport>>>;

/** The export as the file a learner or operator downloads. */
export function exportFile(document: LearnerExport): { bytes: Uint8Array; filename: string } {
  const day = document.exportedAt.slice(0, 10);
  return {
    bytes: new TextEncoder().encode(JSON.stringify(document, null, 2)),
    filename: `learnloop-export-${day}.json`,
  };
}

/** Course and lesson titles by slug (`course` and `course/lesson`), for a readable export. */
export async function contentTitles(db: Database): Promise<Map<string, Localized>> {
  const [courseRows, lessonRows] = await Promise.all([
    db.select({ slug: courses.slug, title: courses.title }).from(courses),
    db.select({ course: lessons.courseSlug, slug: lessons.slug, title: lessons.title }).from(lessons),
  ]);
  return new Map([
    ...courseRows.map((c) => [c.slug, c.title] as const),
    ...lessonRows.map((l) => [`${l.course}/${l.slug}`, l.title] as const),
  ]);
}

/** The questions the learner's quiz attempts answered, by `course/lesson/question`, to show the answers in words. */
export async function answeredQuestions(
  db: Database,
  document: LearnerExport,
): Promise<Map<string, Question>> {
  const courseSlugs = [...new Set(document.progress.quizAttempts.map((a) => a.course))];
  if (courseSlugs.length === 0) return new Map();
  const rows = await db.select().from(questions).where(inArray(questions.courseSlug, courseSlugs));
  return new Map(rows.map((row) => [`${row.courseSlug}/${row.lessonSlug}/${row.id}`, questionFromRow(row)]));
}

/** Whether the system event with this provider id (an export's `export:<user>:<day>`) was already received. */
export async function systemEventStored(db: Database, providerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, 'system'), eq(inboundMessages.providerId, providerId)));
  return row !== undefined;
}
