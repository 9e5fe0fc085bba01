import { eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { conversations } from '../schema/index.js';

/** The learner's stored conversation (the persisted XState snapshot) as the last turn left it; null when none. */
export async function conversationSnapshot(db: Database, userId: string): Promise<unknown> {
  const [row] = await db
    .select({ snapshot: conversations.snapshot })
    .from(conversations)
    .where(eq(conversations.userId, userId));
  return row?.snapshot ?? null;
}
