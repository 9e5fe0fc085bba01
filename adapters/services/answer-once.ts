import type { Database } from '../../db/client.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import type { Cache } from '../cache/cache.js';

const ANSWER_TTL = 24 * 3600;

/**
 * Hands a service's answer to the learner's turn as `system.<event>`, at most once per request: an
 * answer already delivered is not made again, and one made but not delivered (a crash between) is
 * taken from the cache, so a rerun never asks the model twice or gives a second, different answer.
 */
export async function answerOnce<T extends object>(
  deps: { db: Database; cache: Cache; clock: Clock; receive: (event: Inbound) => Promise<unknown> },
  request: { userId: string; providerId: string; event: string },
  make: () => Promise<T>,
): Promise<T | null> {
  const { db, cache, clock, receive } = deps;
  if (await systemEventStored(db, request.providerId)) return null;
  const key = `answer:${request.providerId}`;
  const stored = await cache.get(key);
  const answer = stored ? (JSON.parse(stored) as T) : await make();
  if (!stored) await cache.set(key, JSON.stringify(answer), ANSWER_TTL);
  await receive({
    type: 'system',
    channel: 'system',
    providerId: request.providerId,
    userId: request.userId,
    at: clock.now().toISOString(),
    name: request.event,
    data: { ...(answer as Record<string, unknown>) },
  });
  return answer;
}
