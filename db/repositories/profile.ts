import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { learningStateOf, type PauseReason } from '../../flows/learning/index.js';
import { users, type User } from '../schema/users.js';

/**
 * The learner's profile as operators see and change it. The daily lesson time and the pause live
 * in the learning state (`lessonTime`, `paused`), where the flows read them on every event: `paused`
 * is `learner` after PAUSE, `reminders` after every quiz reminder went unanswered, else absent.
 */
export interface LearnerProfileView {
  id: string;
  phone: string;
  name: string | null;
  language: string;
  timezone: string;
  dailyTime: string | null;
  paused: boolean;
  /** Why: `learner` (PAUSE, or an operator on their behalf) or `reminders`. */
  pausedReason: PauseReason | null;
  status: User['status'];
  subscriptionTier: string;
  createdAt: Date;
  updatedAt: Date;
  lastInboundAt: Date | null;
}

export interface ProfileChange {
  name?: string | null;
  language?: string;
  timezone?: string;
  dailyTime?: string;
  paused?: boolean;
}

function viewOf(user: User): LearnerProfileView {
  const { lessonTime, paused } = learningStateOf(user.learningState);
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    language: user.language,
    timezone: user.timezone,
    dailyTime: lessonTime ?? null,
    paused: paused !== undefined,
    pausedReason: paused ?? null,
    status: user.status,
    subscriptionTier: user.subscriptionTier,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastInboundAt: user.lastInboundAt,
  };
}

export function profileRepository(db: Database) {
  return {
    async find(id: string): Promise<LearnerProfileView | undefined> {
      const user = await db.query.users.findFirst({ where: eq(users.id, id) });
      return user && viewOf(user);
    },

    /**
     * Changes only the fields given. The learning state is merged, not replaced (the flows keep the
     * rest of it there), and `updated_at` moves, so a turn computed before this change is re-run.
     */
    async update(id: string, change: ProfileChange): Promise<LearnerProfileView | undefined> {
      const learning: Record<string, unknown> = {};
      if (change.dailyTime !== undefined) learning.lessonTime = change.dailyTime;
      // Pausing for the learner is their own PAUSE (RESUME undoes it); unpausing clears either reason.
      if (change.paused !== undefined) learning.paused = change.paused ? 'learner' : null;
      const [row] = await db
        .update(users)
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.language !== undefined ? { language: change.language } : {}),
          ...(change.timezone !== undefined ? { timezone: change.timezone } : {}),
          learningState: sql`${users.learningState} || ${JSON.stringify(learning)}::jsonb`,
          updatedAt: sql`greatest(now(), ${users.updatedAt} + interval '1 microsecond')`,
        })
        .where(eq(users.id, id))
        .returning();
      return row && viewOf(row);
    },
  };
}
