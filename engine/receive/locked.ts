/*
 * The locked strategy: one transaction holds the learner's conversation row, checks the event is
 * new and nothing waits before it, runs the turn and commits it with the event. When events do
 * wait, this one joins the queue and the drain runs them in order.
 */
import type { Inbound } from '../events.js';
import type { Accepted } from '../ports.js';
import type { Drain } from './drain.js';
import type { AfterCommit, TurnRunner } from './turn-runner.js';

/** Runs the event as one locked turn; null when its learner does not exist yet. */
export async function receiveLocked(
  runner: TurnRunner,
  drain: Drain,
  event: Inbound,
): Promise<Accepted | null> {
  const after: AfterCommit[] = [];
  let queued = false;
  const accepted = await runner.options.store.withLearnerOf(event, async (tx): Promise<Accepted> => {
    const userId = tx.learner.id;
    const standing = await tx.standing(event);
    if (standing.duplicate) return { duplicate: true, userId, inboundId: null };
    if (standing.backlog) {
      queued = true;
      return { duplicate: false, userId, inboundId: await tx.enqueue(event) };
    }
    const inboundId = await runner.runLocked(tx, { ref: { event }, event, more: false }, after);
    return { duplicate: false, userId, inboundId };
  });
  if (!accepted) return null;
  await runner.runAfterCommit(after, accepted.userId);
  if (queued) await drain.process(accepted.userId);
  return accepted;
}
