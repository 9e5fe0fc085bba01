/**
 * Effects: what flows ask the engine to do. Flows call these as named actions with params
 * (`{ type: 'send', params: { key: 'welcome.hello' } }`); the actions only hand them to the
 * collector the turn runner registered for the actor system, and the engine acts on them after
 * the turn commits.
 */
export type Vars = Record<string, string | number>;

export interface SendParams {
  /** Message key in content/messages/<lang>.yaml. */
  key: string;
  vars?: Vars;
  /** Reply buttons (≤ 3), each titled by a message key. */
  buttons?: { id: string; key: string; vars?: Vars }[];
  /** A list (≤ 10 rows) opened by a button titled by `buttonKey`. */
  list?: { buttonKey: string; rows: { id: string; key: string; vars?: Vars; descriptionKey?: string }[] };
  media?: { type: 'image' | 'audio' | 'video' | 'document'; url: string; caption?: string };
  /**
   * The approved WhatsApp template (content/templates.yaml) sent instead when the learner's 24-hour
   * window has closed, filled from `vars` and the learner's name. Without one the message waits.
   */
  template?: string;
  /** Delivered even though the learner just opted out (the opt-out confirmation only). */
  afterOptOut?: boolean;
  /** Sent instead when this message cannot be delivered: the apology for a promised file. */
  fallback?: { key: string; vars?: Vars };
}

export interface ScheduleParams {
  /** One pending timer per name and learner: scheduling again replaces it. */
  name: string;
  /** A delay like `30m`, `2h`, `1d` … */
  delay?: string;
  /** … or a local wall-clock time: `{ time: '07:30', days: 1 }` is tomorrow 07:30 in the learner's zone. */
  at?: { time: string; days?: number; zone?: string };
  /** … or an exact instant (ISO 8601) a flow computed itself, say out of quiet hours. */
  dueAt?: string;
  payload?: Record<string, unknown>;
}

export interface CancelTimerParams {
  name: string;
}
export interface StartFlowParams {
  flow: string;
  input?: Record<string, unknown>;
}
/**
 * Asks the running flow to show its pending question again (the engine sends it `flow.reprompt`
 * after this turn's effects): after an interruption, or with `lessonTime` when the daily lesson is
 * held back by an unfinished quiz, or with `later` when the learner put the question off (LATER):
 * the flow then says it waits instead of showing it.
 */
export interface RepromptParams {
  reason: 'interruption' | 'lessonTime' | 'later';
}
export interface CallServiceParams {
  service: string;
  input?: Record<string, unknown>;
}
export interface UpdateProfileParams {
  name?: string;
  language?: string;
  timezone?: string;
  status?: 'active' | 'opted_out';
  learning?: Record<string, unknown>;
}

export type Effect =
  | { type: 'send'; params: SendParams }
  | { type: 'schedule'; params: ScheduleParams }
  | { type: 'cancelTimer'; params: CancelTimerParams }
  | { type: 'startFlow'; params: StartFlowParams }
  | { type: 'reprompt'; params: RepromptParams }
  /** Ends the running flow (its timers go with it); the conversation rests at the root. */
  | { type: 'endFlow'; params: Record<string, never> }
  | { type: 'callService'; params: CallServiceParams }
  | { type: 'updateProfile'; params: UpdateProfileParams };

export type EffectType = Effect['type'];

/** Receives each effect with the id of the actor that emitted it ('flow' for the running flow). */
export type EffectCollector = (effect: Effect, source: string) => void;

const collectors = new WeakMap<object, EffectCollector>();

/**
 * Routes the effects every actor of one actor system emits (the root and its children) to
 * `collect`. Cheaper than XState's inspection, which copies every event, snapshot and microstep.
 */
export function collectEffects(system: object, collect: EffectCollector): void {
  collectors.set(system, collect);
}

type EffectArgs = { self: { id: string }; system: object };

function emitting<T extends EffectType>(type: T) {
  return ({ self, system }: EffectArgs, params: Extract<Effect, { type: T }>['params']) => {
    collectors.get(system)?.({ type, params } as Effect, self.id);
  };
}

/** Spread into a flow's `setup({ actions })` so effects are typed by name and params. */
export const effectActions = {
  send: emitting('send'),
  schedule: emitting('schedule'),
  cancelTimer: emitting('cancelTimer'),
  startFlow: emitting('startFlow'),
  reprompt: emitting('reprompt'),
  endFlow: emitting('endFlow'),
  callService: emitting('callService'),
  updateProfile: emitting('updateProfile'),
};

/**
 * An action performing effects worked out at run time from the context and event (a list whose
 * length and kinds only the flow's logic knows), in order, as if each were its named action.
 */
export function perform<TContext, TEvent>(pick: (context: TContext, event: TEvent) => Effect[]) {
  return ({ context, event, self, system }: { context: TContext; event: TEvent } & EffectArgs) => {
    const collect = collectors.get(system);
    for (const effect of pick(context, event)) collect?.(effect, self.id);
  };
}
