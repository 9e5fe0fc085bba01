import type { AnyStateMachine } from 'xstate';
import { runActorTurn, type ActorTurn } from './actor.js';
import { createConversationMachine } from './conversation.js';
import type { Inbound } from './events.js';
import type { EngineLogger, EngineOptions } from './options.js';
import type { Accepted } from './ports.js';
import { reconcile } from './versions.js';
import { Drain } from './receive/drain.js';
import { receiveLocked } from './receive/locked.js';
import { OptimisticReceive } from './receive/optimistic.js';
import { TurnRunner } from './receive/turn-runner.js';

export type { EngineLogger, EngineOptions } from './options.js';

const silent: EngineLogger = { info() {}, warn() {}, error() {} };

/**
 * The turn runner's entry point. Each inbound event takes the first strategy that can run it
 * (engine/receive/): optimistic (no lock, compare-and-set), then locked (one transaction), and
 * an event that has to wait is stored and run by the drain, in order, one turn at a time.
 */
export class Engine {
  readonly root: AnyStateMachine;
  private readonly runner: TurnRunner;
  private readonly optimistic: OptimisticReceive;
  private readonly drain: Drain;

  constructor(private readonly options: EngineOptions) {
    this.root = createConversationMachine(options.registry);
    this.runner = new TurnRunner(options, options.logger ?? silent, this.root);
    this.optimistic = new OptimisticReceive(this.runner);
    this.drain = new Drain(this.runner);
  }

  /** Stores the event (a duplicate is a no-op) and runs the learner's turn; `process: false` only stores it. */
  async receive(event: Inbound, options: { process?: boolean } = {}): Promise<Accepted> {
    if (options.process !== false) {
      const ran = await this.runNow(event);
      if (ran) return ran;
    }
    const accepted = await this.options.store.accept(event);
    if (!accepted.duplicate && options.process !== false) await this.drain.process(accepted.userId);
    return accepted;
  }

  /** Optimistic, else locked; a first message creates its learner and tries again. Null: store and drain. */
  private async runNow(event: Inbound): Promise<Accepted | null> {
    const isMessage = event.type === 'message';
    let optimistic = await this.optimistic.receive(event);
    if (!optimistic.taken && optimistic.unknownLearner && isMessage) {
      await this.options.store.ensureLearner(event.from);
      optimistic = await this.optimistic.receive(event);
    }
    if (optimistic.taken) return optimistic.accepted;
    const locked = await receiveLocked(this.runner, this.drain, event);
    if (locked || !isMessage) return locked;
    await this.options.store.ensureLearner(event.from);
    return receiveLocked(this.runner, this.drain, event);
  }

  /**
   * Stores a learner message without running a turn for it, ever (its phone is over the rate
   * limit): durable and deduplicated like any message, recorded as handled with `reason`.
   */
  async receiveWithoutTurn(event: Extract<Inbound, { type: 'message' }>, reason: string): Promise<Accepted> {
    const { store } = this.options;
    const userId = await store.ensureLearner(event.from);
    return store.withLearner(userId, async (tx): Promise<Accepted> => {
      if ((await tx.standing(event)).duplicate) return { duplicate: true, userId, inboundId: null };
      await tx.skip({ event }, reason);
      return { duplicate: false, userId, inboundId: null };
    });
  }

  /** Runs every pending turn of one learner; concurrent calls in this process coalesce. */
  process(userId: string): Promise<void> {
    return this.drain.process(userId);
  }

  /** After a restart: run every accepted-but-unprocessed event and schedule timers left unscheduled. */
  async recover(): Promise<{ learners: number; timers: number }> {
    const learners = await this.options.store.learnersWithBacklog();
    for (const userId of learners) await this.drain.process(userId);
    const timers = await this.options.store.unscheduledTimers();
    for (const timer of timers) await this.runner.scheduleTimer(timer);
    return { learners: learners.length, timers: timers.length };
  }

  /** The learner's current state, for /state and the simulators. */
  async inspect(userId: string): Promise<{ state: ActorTurn['state']; turn: number } | null> {
    return this.options.store.withLearner(userId, async (tx) => {
      const { snapshot } = reconcile(
        this.root,
        this.options.registry,
        tx.conversation.snapshot,
        tx.conversation.flowVersions,
      );
      const result = await runActorTurn(this.root, snapshot, [], this.options.settleTimeoutMs);
      return { state: result.state, turn: tx.conversation.turn };
    });
  }
}
