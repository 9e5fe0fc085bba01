/*
 * What every receive strategy shares: computing a turn (pure, engine/turn.ts), running one inside
 * the learner's lock, and the work a committed turn leaves for afterwards (timer jobs, the sender,
 * service calls), which never delays or undoes the commit.
 */
import type { AnyStateMachine } from 'xstate';
import type { ConversationEvent } from '../events.js';
import type { CallServiceParams } from '../effects.js';
import type { InboundRef, LearnerTx, PendingInbound, TurnCommit } from '../ports.js';
import type { EngineLogger, EngineOptions } from '../options.js';
import { computeTurn, eventForTurn, failedTurn, type LearnerView, type TurnDeps } from '../turn.js';

export type AfterCommit = () => Promise<void>;

export class TurnRunner {
  private readonly deps: TurnDeps;

  constructor(
    readonly options: EngineOptions,
    readonly log: EngineLogger,
    root: AnyStateMachine,
  ) {
    this.deps = { ...options, root };
  }

  /** The turn an event makes of what the learner sees now; logs a conversation reset by a flow change. */
  async compute(seen: LearnerView, inbound: InboundRef, event: ConversationEvent) {
    const planned = await computeTurn(this.deps, seen, inbound, event);
    if (planned.resetReason) {
      this.log.warn(
        { userId: seen.learner.id, reason: planned.resetReason },
        'conversation reset after a flow change',
      );
    }
    return planned;
  }

  /**
   * One turn inside the learner's lock; a failing flow resets the conversation instead of throwing.
   * Returns the stored inbound id, or null when the event ran nothing (a stale or cancelled timer).
   */
  async runLocked(tx: LearnerTx, pending: PendingInbound, after: AfterCommit[]): Promise<number | null> {
    const event = await eventForTurn(tx, pending);
    if (!event) return null;
    try {
      const { commit, services } = await this.compute(tx, pending.ref, event);
      const { cancelledJobIds, inboundId } = await tx.commit(commit);
      this.queueAfterCommit(after, commit, cancelledJobIds, tx.learner.id, services);
      return inboundId;
    } catch (error) {
      this.log.error({ err: error, userId: tx.learner.id }, 'turn failed; conversation reset');
      const { inboundId } = await tx.commit(failedTurn(this.deps, tx, pending.ref, error));
      return inboundId;
    }
  }

  queueAfterCommit(
    after: AfterCommit[],
    commit: TurnCommit,
    cancelledJobIds: string[],
    userId: string,
    services: CallServiceParams[],
  ) {
    const { scheduler, onOutbox } = this.options;
    for (const jobId of cancelledJobIds) after.push(() => scheduler.cancel(jobId));
    for (const timer of commit.timers.create)
      after.push(() => this.scheduleTimer({ id: timer.id, userId, dueAt: timer.dueAt }));
    if (commit.outbox.length > 0 && onOutbox) after.push(async () => onOutbox());
    for (const call of services)
      after.push(() => this.options.services?.call(userId, call) ?? Promise.resolve());
  }

  async runAfterCommit(after: AfterCommit[], userId: string) {
    const run = async () => {
      for (const task of after) {
        await task().catch((error) => this.log.error({ err: error, userId }, 'after-commit task failed'));
      }
    };
    // Scheduling a timer's job need not delay the reply: recover() schedules any left without one,
    // and a job that missed its cancel finds its timer cancelled and does nothing.
    if (this.options.afterCommitInBackground) void run();
    else await run();
  }

  async scheduleTimer(timer: { id: string; userId: string; dueAt: Date }) {
    const jobId = await this.options.scheduler.schedule(timer);
    if (jobId) await this.options.store.setTimerJob(timer.id, jobId);
  }
}
