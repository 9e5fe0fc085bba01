import type { AnyStateMachine } from 'xstate';
import { runActorTurn, type ActorTurn } from './actor.js';
import { createConversationMachine } from './conversation.js';
import { inputOf, type ConversationEvent, type Inbound } from './events.js';
import type {
  Accepted,
  InboundRef,
  Learner,
  Clock,
  Ids,
  LearnerTx,
  Messages,
  OutboundMessage,
  PendingInbound,
  Scheduler,
  Services,
  Store,
  TurnCommit,
} from './ports.js';
import type { FlowRegistry } from './registry.js';
import { reconcile } from './versions.js';
import {
  computeTurn,
  eventForTurn,
  failedTurn,
  type LearnerView,
  type TurnDeps,
  type TurnPlan,
} from './turn.js';

export interface EngineLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface EngineOptions {
  registry: FlowRegistry;
  store: Store;
  scheduler: Scheduler;
  clock: Clock;
  ids: Ids;
  messages: Messages;
  /** Name of the channel outbound rows go to (console, twilio, meta). */
  channel: string;
  /** The channel's formatter: one message as the parts it is sent in (split text, laid-out choices). */
  format?: (message: OutboundMessage) => OutboundMessage[];
  services?: Services;
  logger?: EngineLogger;
  /** Called after a turn committed outbox rows, so the sender can run at once. */
  onOutbox?: () => void;
  settleTimeoutMs?: number;
  /** Don't make receive() wait for after-commit work (scheduling timer jobs, service calls). */
  afterCommitInBackground?: boolean;
}

type AfterCommit = () => Promise<void>;
/** No learner has this phone yet. */
const UNKNOWN_LEARNER = Symbol('unknown learner');
const RECENT_LEARNERS = 10_000;
const silent: EngineLogger = { info() {}, warn() {}, error() {} };

/** The turn runner: stores inbound events, then runs each learner's turns one at a time, in order. */
export class Engine {
  readonly root: AnyStateMachine;
  private readonly log: EngineLogger;
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** The last conversation this process wrote per phone (a hint: every write re-checks it). */
  private readonly recent = new Map<string, LearnerView>();

  private readonly turnDeps: TurnDeps;

  constructor(private readonly options: EngineOptions) {
    this.root = createConversationMachine(options.registry);
    this.log = options.logger ?? silent;
    this.turnDeps = { ...options, root: this.root };
  }

  /**
   * Stores the event (a duplicate is a no-op) and runs the learner's turn. A known learner with
   * nothing waiting takes the fast path: one transaction stores the event with the turn's writes.
   * Otherwise the event is stored first, then the learner's waiting events run in order.
   */
  async receive(event: Inbound, options: { process?: boolean } = {}): Promise<Accepted> {
    if (options.process !== false) {
      let fast = await this.receiveWithoutLock(event);
      if (fast === UNKNOWN_LEARNER && event.type === 'message') {
        // First contact: create the learner, then the same turn without a lock, else the locked one.
        await this.options.store.ensureLearner(event.from);
        fast = await this.receiveWithoutLock(event);
      }
      if (fast && fast !== UNKNOWN_LEARNER) return fast;
      const locked = await this.receiveInOneTurn(event);
      if (locked) return locked;
      if (event.type === 'message') {
        await this.options.store.ensureLearner(event.from);
        const first = await this.receiveInOneTurn(event);
        if (first) return first;
      }
    }
    const accepted = await this.options.store.accept(event);
    if (!accepted.duplicate && options.process !== false) await this.process(accepted.userId);
    return accepted;
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

  /**
   * The common case in one statement and no transaction: read the conversation, run the turn,
   * and write it only if the conversation is still at that turn (compare-and-set). Any change
   * (another turn, a waiting event, a duplicate, a failing flow) falls back to the locked path.
   */
  private async receiveWithoutLock(event: Inbound): Promise<Accepted | typeof UNKNOWN_LEARNER | null> {
    if (event.type !== 'message') return null;
    const remembered = this.recent.get(event.from);
    const written = remembered ? await this.tryWithoutLock(event, remembered) : null;
    if (written) return written;
    // A remembered view that is out of date (another process ran a turn) costs one fresh read.
    const seen = await this.options.store.peek(event);
    return seen ? this.tryWithoutLock(event, seen) : UNKNOWN_LEARNER;
  }

  private async tryWithoutLock(event: Extract<Inbound, { type: 'message' }>, seen: LearnerView | null) {
    this.recent.delete(event.from);
    if (!seen || seen.conversation.backlog > 0) return null;
    const message: ConversationEvent = {
      type: 'learner.message',
      message: event.message,
      input: inputOf(event.message),
    };
    const planned = await this.computeTurn(seen, { event }, message).catch(() => null);
    if (!planned) return null;
    const written = await this.options.store.commitIfCurrent(seen.learner, planned.commit);
    if (!written) return null;
    if (!planned.commit.profile) this.remember(seen.learner, planned.commit);
    const after: AfterCommit[] = [];
    this.queueAfterCommit(after, planned.commit, written.cancelledJobIds, seen.learner.id, planned.services);
    await this.runAfterCommit(after, seen.learner.id);
    return { duplicate: false, userId: seen.learner.id, inboundId: written.inboundId };
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

  private async receiveInOneTurn(event: Inbound): Promise<Accepted | null> {
    const after: AfterCommit[] = [];
    let backlog = false;
    const accepted = await this.options.store.withLearnerOf(event, async (tx): Promise<Accepted> => {
      const userId = tx.learner.id;
      const standing = await tx.standing(event);
      if (standing.duplicate) return { duplicate: true, userId, inboundId: null };
      if (standing.backlog) {
        backlog = true;
        return { duplicate: false, userId, inboundId: await tx.enqueue(event) };
      }
      const inboundId = await this.runTurn(tx, { ref: { event }, event, more: false }, after);
      return { duplicate: false, userId, inboundId };
    });
    if (!accepted) return null;
    await this.runAfterCommit(after, accepted.userId);
    if (backlog) await this.process(accepted.userId);
    return accepted;
  }

  /** Runs every pending turn of one learner; concurrent calls in this process coalesce. */
  process(userId: string): Promise<void> {
    const running = this.draining.get(userId);
    if (running) {
      this.again.add(userId);
      return running;
    }
    const drain = (async () => {
      try {
        do {
          this.again.delete(userId);
          while (await this.runOneTurn(userId));
        } while (this.again.has(userId));
      } finally {
        this.draining.delete(userId);
      }
    })();
    this.draining.set(userId, drain);
    return drain;
  }

  /** After a restart: run every accepted-but-unprocessed event and schedule timers left unscheduled. */
  async recover(): Promise<{ learners: number; timers: number }> {
    const learners = await this.options.store.learnersWithBacklog();
    for (const userId of learners) await this.process(userId);
    const timers = await this.options.store.unscheduledTimers();
    for (const timer of timers) await this.scheduleTimer(timer);
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

  /** Runs the oldest pending event; true when another one is already waiting. */
  private async runOneTurn(userId: string): Promise<boolean> {
    const after: AfterCommit[] = [];
    const more = await this.options.store.withLearner(userId, async (tx) => {
      const pending = await tx.nextPending();
      if (!pending) return false;
      await this.runTurn(tx, pending, after);
      // Events accepted later by this process re-run the drain (`again`); other processes drain their own.
      return pending.more;
    });
    await this.runAfterCommit(after, userId);
    return more;
  }

  /** One turn inside the learner's lock; a failing flow resets the conversation instead of throwing. */
  private async runTurn(tx: LearnerTx, pending: PendingInbound, after: AfterCommit[]): Promise<number> {
    const event = await eventForTurn(tx, pending);
    if (!event) return -1;
    try {
      return await this.turn(tx, pending, event, after);
    } catch (error) {
      this.log.error({ err: error, userId: tx.learner.id }, 'turn failed; conversation reset');
      return this.failTurn(tx, pending, error);
    }
  }

  private async runAfterCommit(after: AfterCommit[], userId: string) {
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

  private async turn(tx: LearnerTx, pending: PendingInbound, event: ConversationEvent, after: AfterCommit[]) {
    const { commit, services } = await this.computeTurn(tx, pending.ref, event);
    const { cancelledJobIds, inboundId } = await tx.commit(commit);
    this.queueAfterCommit(after, commit, cancelledJobIds, tx.learner.id, services);
    return inboundId;
  }

  private async computeTurn(seen: LearnerView, inbound: InboundRef, event: ConversationEvent) {
    const planned = await computeTurn(this.turnDeps, seen, inbound, event);
    if (planned.resetReason) {
      this.log.warn(
        { userId: seen.learner.id, reason: planned.resetReason },
        'conversation reset after a flow change',
      );
    }
    return planned;
  }

  private async failTurn(tx: LearnerTx, pending: PendingInbound, error: unknown): Promise<number> {
    const { inboundId } = await tx.commit(failedTurn(this.turnDeps, tx, pending.ref, error));
    return inboundId;
  }

  private queueAfterCommit(
    after: AfterCommit[],
    commit: TurnCommit,
    cancelledJobIds: string[],
    userId: string,
    services: TurnPlan['services'],
  ) {
    const { scheduler } = this.options;
    for (const jobId of cancelledJobIds) after.push(() => scheduler.cancel(jobId));
    for (const timer of commit.timers.create)
      after.push(() => this.scheduleTimer({ id: timer.id, userId, dueAt: timer.dueAt }));
    if (commit.outbox.length > 0 && this.options.onOutbox) after.push(async () => this.options.onOutbox!());
    for (const call of services)
      after.push(() => this.options.services?.call(userId, call) ?? Promise.resolve());
  }

  private async scheduleTimer(timer: { id: string; userId: string; dueAt: Date }) {
    const jobId = await this.options.scheduler.schedule(timer);
    if (jobId) await this.options.store.setTimerJob(timer.id, jobId);
  }
}
