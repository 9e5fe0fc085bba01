import type { Inbound } from './events.js';
import type { CallServiceParams, UpdateProfileParams } from './effects.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  next(): string;
}

/** Message copy per language (content/messages/<lang>.yaml). */
export interface Messages {
  render(language: string, key: string, vars?: Record<string, string | number>): string;
}

/** The learner as a turn sees them. */
export interface Learner {
  id: string;
  phone: string;
  name: string | null;
  language: string;
  timezone: string;
  status: string;
  /** Learner settings and the learning state flows keep (updateProfile merges into it). */
  learning?: Record<string, unknown>;
  /** Opaque version of the learner's profile row; a write without the lock checks it is unchanged. */
  version?: string;
}

export interface ConversationRecord {
  snapshot: unknown;
  flowVersions: Record<string, number>;
  turn: number;
  /** Stored events not yet run as a turn. */
  backlog: number;
}

/** An inbound event already stored (`id`), or one a turn will store as it commits (`event`). */
export type InboundRef = { id: number } | { event: Inbound };

export interface PendingInbound {
  ref: InboundRef;
  event: Inbound;
  /** Another event of this learner waits behind this one. */
  more: boolean;
}

/** A rendered outbound message, as the outbox stores it and channels send it. */
export interface OutboundMessage {
  text: string;
  buttons?: { id: string; title: string }[];
  list?: { button: string; rows: { id: string; title: string; description?: string }[] };
  media?: { type: 'image' | 'audio' | 'video' | 'document'; url: string; caption?: string };
  /**
   * The approved WhatsApp template (content/templates.yaml) to send instead when the learner's
   * 24-hour window has closed; without one, such a message waits until the learner writes again.
   */
  template?: { name: string; language: string; variables: Record<string, string> };
  /** Sent even though the learner opted out: only the opt-out confirmation itself. */
  afterOptOut?: boolean;
  /**
   * Sent instead when this message cannot be delivered (the channel refused it, or it gave up):
   * a message that promised something ("your file comes in a moment") carries its apology here.
   */
  fallback?: OutboundMessage;
}

/** How the sender wants one message delivered. */
export interface SendOptions {
  /** The learner's 24-hour window is closed: send `message.template`, never free-form text. */
  asTemplate?: boolean;
  /**
   * Called by the channel immediately before the request that hands the message to the provider
   * (after building it and checking its media): the sender records the attempt and keeps to its
   * rate there. Throws `NotThisSender` when another sender now owns the row: nothing is sent.
   */
  beforeCall?: () => Promise<void>;
}

/** The row was claimed again by another sender while this one waited: it must not send it. */
export class NotThisSender extends Error {
  constructor() {
    super('another sender owns this outbox row now');
    this.name = 'NotThisSender';
  }
}

export interface NewTimer {
  id: string;
  name: string;
  flowRun: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export interface ScheduledTimer {
  id: string;
  userId: string;
  dueAt: Date;
}

export interface TimerRecord {
  id: string;
  name: string;
  flowRun: string;
  status: 'pending' | 'fired' | 'cancelled';
  payload: Record<string, unknown>;
}

/** Everything one turn writes, in one transaction. */
export interface TurnCommit {
  inbound: InboundRef;
  /** The engine clock's now: outbox rows become due at it (the database clock may differ in sims). */
  at: Date;
  turn: number;
  snapshot: unknown;
  flowVersions: Record<string, number>;
  outbox: { channel: string; recipient: string; payload: OutboundMessage }[];
  timers: { create: NewTimer[]; cancelNames: string[]; cancelOtherRunsThan?: string };
  profile?: UpdateProfileParams;
  activity: { kind: string; state: unknown; detail: Record<string, unknown> };
}

/** A transaction holding one learner's conversation lock. */
export interface LearnerTx {
  learner: Learner;
  conversation: ConversationRecord;
  /** The oldest stored inbound event of this learner not yet run as a turn. */
  nextPending(): Promise<PendingInbound | null>;
  /** Whether this event was stored before, and whether older events of this learner still wait. */
  standing(event: Inbound): Promise<{ duplicate: boolean; backlog: boolean }>;
  /** Stores the event to run after the ones waiting before it. */
  enqueue(event: Inbound): Promise<number>;
  /** Marks a timer fired if it is still pending; null when it was cancelled or already fired. */
  claimTimer(timerId: string): Promise<TimerRecord | null>;
  commit(turn: TurnCommit): Promise<{ cancelledJobIds: string[]; inboundId: number }>;
  /** Records an inbound event that ran no turn (stale or cancelled timer). */
  skip(inbound: InboundRef, reason: string): Promise<void>;
}

export interface Accepted {
  duplicate: boolean;
  userId: string;
  inboundId: number | null;
}

export interface Store {
  /** Stores the inbound event (unique on channel + provider id) and creates the learner if new. */
  accept(event: Inbound): Promise<Accepted>;
  /** The learner with this phone (and their conversation), created on first contact; returns the id. */
  ensureLearner(phone: string): Promise<string>;
  /** Runs `fn` in one transaction with the learner's conversation row locked. */
  withLearner<T>(userId: string, fn: (tx: LearnerTx) => Promise<T>): Promise<T>;
  /** The learner an event comes from and their conversation, read without a lock; null if new. */
  peek(event: Inbound): Promise<{ learner: Learner; conversation: ConversationRecord } | null>;
  /**
   * Writes a turn computed without the lock, only if the conversation is still at that turn, has
   * nothing waiting, has not seen this event, and the learner's profile is still at `version`;
   * null when any of that changed (nothing written).
   */
  commitIfCurrent(
    learner: Learner,
    turn: TurnCommit,
  ): Promise<{ inboundId: number; cancelledJobIds: string[] } | null>;
  /** The same for the learner an event comes from; null (and `fn` not run) for a learner not seen yet. */
  withLearnerOf<T>(event: Inbound, fn: (tx: LearnerTx) => Promise<T>): Promise<T | null>;
  /** Learners with accepted-but-unprocessed events (after a crash), oldest first. */
  learnersWithBacklog(): Promise<string[]>;
  /** Pending timers that have no scheduler job yet (crash between commit and scheduling). */
  unscheduledTimers(): Promise<ScheduledTimer[]>;
  setTimerJob(timerId: string, jobId: string): Promise<void>;
}

export interface Scheduler {
  /** Arranges for `engine.receive({ type: 'timer', … })` at `dueAt`; returns the job id. */
  schedule(timer: ScheduledTimer): Promise<string | null>;
  cancel(jobId: string): Promise<void>;
}

/** A delivery channel (console, Twilio, Meta). */
export interface Channel {
  readonly name: string;
  /** WhatsApp's 24-hour customer-service window applies: outside it only templates may be sent. */
  readonly window?: boolean;
  /** Sends one message; the idempotency key is the outbox row id. Throws ChannelError on failure. */
  send(
    to: string,
    message: OutboundMessage,
    idempotencyKey: string,
    options?: SendOptions,
  ): Promise<{ providerId: string }>;
  /**
   * The provider id of this message if the channel already accepted it: asked after a sender died
   * between handing a row to the channel and recording the answer. Null: it never arrived.
   */
  findSent?(attempt: SentQuery): Promise<string | null>;
}

/** What the sender knows of a message it may have sent before it crashed. */
export interface SentQuery {
  /** The outbox row id, the idempotency key `send` was given. */
  key: string;
  to: string;
  message: OutboundMessage;
  /** It went (or would have gone) as its template. */
  asTemplate: boolean;
  /** When the row was handed to the channel: the provider cannot have accepted it earlier. */
  since: Date;
}

/** A committed outbox row, leased to one sender. */
export interface OutboxRow {
  id: number;
  userId: string;
  channel: string;
  recipient: string;
  payload: OutboundMessage;
  /** Claims so far, this one included; with `id`, it identifies this claim. */
  attempts: number;
  /**
   * A sender handed this row to its channel and its lease ran out before the answer was recorded
   * (it died mid-send, or the call's outcome was unknown): ask the channel before sending again.
   */
  recovered: boolean;
  /** When it was handed to the channel, for `recovered` rows. */
  attemptedAt: Date | null;
  /** The channel refused it as free-form text outside the 24-hour window: template or hold. */
  asTemplate: boolean;
  /** The learner's status now (active, opted_out, blocked) and when they last wrote. */
  learnerStatus: string;
  lastInboundAt: Date | null;
}

/** A row the channel accepted, with the id the provider gave it. */
export interface SentRow {
  id: number;
  channel: string;
  providerId: string;
}

/** The outbox as the sender and the delivery-status handler use it: the one owner of a row's state. */
export interface OutboxStore {
  /** Leases the oldest unsent row of each learner that is due, so rows leave in order per learner. */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]>;
  /**
   * Stamps rows as handed to the channel, immediately before the provider call, and extends their
   * lease to cover it; only rows this sender's claim still holds (`id` + `attempts`). Returns those.
   */
  markAttempted(rows: Pick<OutboxRow, 'id' | 'attempts'>[], at: Date, leaseUntil: Date): Promise<Set<number>>;
  /** Records the provider id of each accepted row, in one write per batch. */
  markSent(sent: SentRow[], at: Date): Promise<void>;
  /** Due again at `at`; `uncertain`: the call may have reached the provider (ask it before resending). */
  retryLater(id: number, error: string, at: Date, options?: { uncertain?: boolean }): Promise<void>;
  /** Gives up on a row; its `fallback` message, if any, is queued for the learner in the same write. */
  markDead(id: number, reason: string, options?: { fallback?: boolean }): Promise<void>;
  /** Gives claimed rows back unsent (the sender is stopping). */
  release(ids: number[]): Promise<void>;
  /**
   * Keeps a row unsent until the learner writes again (outside the 24-hour window, no template);
   * `at` is when its window was seen closed: a message written after it releases the row.
   */
  hold(id: number, at: Date): Promise<void>;
  /** Makes held rows sendable again for learners whose window opened after `windowStart`. */
  releaseHeld(windowStart: Date): Promise<number>;
  /**
   * The channel refused a sent row as free-form text outside the 24-hour window (63016): it goes
   * again as its template, or is held until the learner writes; null when the row is not known.
   */
  refusedOutsideWindow(id: number, at: Date): Promise<'template' | 'held' | null>;
  /**
   * The channel accepted a row, then reported it failed: its `fallback` message, if it has one, is
   * queued for the learner, due at `at`. Returns whether one was queued.
   */
  queueFallback(id: number, at: Date): Promise<boolean>;
}

export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly code?: string,
    /** No answer came (a timeout, a dropped connection): the provider may have accepted the message. */
    readonly uncertain = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Fire-and-forget services a flow may call (analytics, payments later). */
export interface Services {
  call(userId: string, params: CallServiceParams): Promise<void>;
}
