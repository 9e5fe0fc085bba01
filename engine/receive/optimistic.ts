/*
 * The optimistic strategy, the common case: a known learner with nothing waiting. One statement
 * and no transaction: read the conversation (or reuse the one this process last wrote), run the
 * turn, and write it only if the conversation is still at that turn (compare-and-set). Anything
 * else (another turn, a waiting event, a duplicate, a failing flow) answers "not taken" and the
 * engine falls back to the locked strategy.
 */
import { inputOf, type Inbound } from '../events.js';
import type { Accepted, Learner, TurnCommit } from '../ports.js';
import type { LearnerView } from '../turn.js';
import type { AfterCommit, TurnRunner } from './turn-runner.js';

type Message = Extract<Inbound, { type: 'message' }>;

/** What the optimistic strategy did: wrote the turn, or did not take it (and why). */
export type Optimistic = { taken: true; accepted: Accepted } | { taken: false; unknownLearner: boolean };

const NOT_TAKEN: Optimistic = { taken: false, unknownLearner: false };
const RECENT_LEARNERS = 10_000;

export class OptimisticReceive {
  /** The last conversation this process wrote per phone (a hint: every write re-checks it). */
  private readonly recent = new Map<string, LearnerView>();

  constructor(private readonly runner: TurnRunner) {}

  async receive(event: Inbound): Promise<Optimistic> {
    if (event.type !== 'message') return NOT_TAKEN;
    const remembered = this.recent.get(event.from);
    const written = remembered ? await this.attempt(event, remembered) : null;
    if (written) return { taken: true, accepted: written };
    // A remembered view that is out of date (another process ran a turn) costs one fresh read.
    const seen = await this.runner.options.store.peek(event);
    if (!seen) return { taken: false, unknownLearner: true };
    const fresh = await this.attempt(event, seen);
    return fresh ? { taken: true, accepted: fresh } : NOT_TAKEN;
  }

  private async attempt(event: Message, seen: LearnerView): Promise<Accepted | null> {
    this.recent.delete(event.from);
    if (seen.conversation.backlog > 0) return null;
    const turn = { type: 'learner.message' as const, message: event.message, input: inputOf(event.message) };
    const planned = await this.runner.compute(seen, { event }, turn).catch(() => null);
    if (!planned) return null;
    const written = await this.runner.options.store.commitIfCurrent(seen.learner, planned.commit);
    if (!written) return null;
    if (!planned.commit.profile) this.remember(seen.learner, planned.commit);
    const after: AfterCommit[] = [];
    const userId = seen.learner.id;
    this.runner.queueAfterCommit(after, planned.commit, written.cancelledJobIds, userId, planned.services);
    await this.runner.runAfterCommit(after, userId);
    return { duplicate: false, userId, inboundId: written.inboundId };
  }

  /** Keeps the conversation a turn just wrote, so this learner's next message needs no read. */
  private remember(learner: Learner, commit: TurnCommit) {
    if (this.recent.size >= RECENT_LEARNERS) this.recent.delete(this.recent.keys().next().value!);
    // No copy: the snapshot came fresh from the stopped actor and is already written; the next turn
    // takes the view out of `recent` before restoring from it.
    const conversation = {
      snapshot: commit.snapshot,
      flowVersions: commit.flowVersions,
      turn: commit.turn,
      backlog: 0,
    };
    this.recent.set(learner.phone, { learner, conversation });
  }
}
