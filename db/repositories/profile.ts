import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { users, type User } from '../schema/users.js';

/**
 * The learner's profile as operators see and change it. The daily lesson time and the pause live
 * in `preferences` (`lessonTime`, `paused`), where the flows read them on every event: `paused` is
 * `learner` after PAUSE, `reminders` after every quiz reminder went unanswered, else absent.
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

export type PauseReason = 'learner' | 'reminders';
const PAUSE_REASONS: readonly unknown[] = ['learner', 'reminders'];

export interface ProfileChange {
  name?: string | null;
  language?: string;
  timezone?: string;
  dailyTime?: string;
  paused?: boolean;
}

function viewOf(user: User): LearnerProfileView {
  const preferences = user.preferences ?? {};
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    language: user.language,
    timezone: user.timezone,
    dailyTime: typeof preferences.lessonTime === 'string' ? preferences.lessonTime : null,
    paused: PAUSE_REASONS.includes(preferences.paused),
    pausedReason: PAUSE_REASONS.includes(preferences.paused) ? (preferences.paused as PauseReason) : null,
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
     * Changes only the fields given. Preferences are merged, not replaced (the flows keep learning
     * state there), and `updated_at` moves, so a turn computed before this change is re-run.
     */
    async update(id: string, change: ProfileChange): Promise<LearnerProfileView | undefined> {
      const preferences: Record<string, unknown> = {};
      if (change.dailyTime !== undefined) preferences.lessonTime = change.dailyTime;
      // Pausing for the learner is their own PAUSE (RESUME undoes it); unpausing clears either reason.
      if (change.paused !== undefined) preferences.paused = change.paused ? 'learner' : null;
      const [row] = await db
        .update(users)
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.language !== undefined ? { language: change.language } : {}),
          ...(change.timezone !== undefined ? { timezone: change.timezone } : {}),
          preferences: sql`${users.preferences} || ${JSON.stringify(preferences)}::jsonb`,
          updatedAt: sql`greatest(now(), ${users.updatedAt} + interval '1 microsecond')`,
        })
        .where(eq(users.id, id))
        .returning();
      return row && viewOf(row);
    },
  };
}
