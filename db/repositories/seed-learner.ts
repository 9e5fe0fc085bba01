import type { Database } from '../client.js';
import { conversations, timers, users } from '../schema/index.js';

/** A learner written straight into the database, as if their earlier conversations had happened. */
export interface SeededLearner {
  phone: string;
  name?: string;
  language: string;
  timezone: string;
  /** The learning state flows read (course, lesson time, progress, streak, ...). */
  learning: Record<string, unknown>;
  /** The persisted root conversation the learner's next turn starts from. */
  snapshot: unknown;
  /** Root timers (they outlive every flow run), such as the daily lesson. */
  rootTimers: { id: string; name: string; dueAt: Date }[];
}

/** Inserts the learner, their conversation and root timers in one transaction; returns the user id. */
export async function seedLearner(db: Database, learner: SeededLearner): Promise<string> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        phone: learner.phone,
        name: learner.name ?? null,
        language: learner.language,
        timezone: learner.timezone,
        learningState: learner.learning,
      })
      .returning({ id: users.id });
    const userId = user!.id;
    await tx.insert(conversations).values({ userId, snapshot: learner.snapshot });
    if (learner.rootTimers.length > 0)
      await tx.insert(timers).values(
        learner.rootTimers.map((timer) => ({
          id: timer.id,
          userId,
          name: timer.name,
          flowRun: 'root',
          dueAt: timer.dueAt,
          turn: 0,
        })),
      );
    return userId;
  });
}
