import {
  createActor,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type StateValue,
} from 'xstate';
import { collectEffects, type Effect, type UpdateProfileParams } from './effects.js';
import { EngineError } from './errors.js';
import type { ConversationEvent, LearnerProfile } from './events.js';
import type { ConversationContext } from './conversation.js';

export const AWAITING = 'awaiting';
const MAX_CHAINED_EVENTS = 8;

export type CollectedEffect = Effect & { source: string };

export interface ActorTurn {
  snapshot: unknown;
  context: ConversationContext;
  /** The root's state and, when a flow runs, the flow's: `{ conversation: …, flow: … }`. */
  state: { conversation: StateValue; flow?: StateValue; flowId?: string };
  effects: CollectedEffect[];
}

function withProfileChange(
  learner: LearnerProfile | undefined,
  change: UpdateProfileParams,
): LearnerProfile | undefined {
  if (!learner) return learner;
  const { learning, status: _status, ...fields } = change;
  return { ...learner, ...fields, learning: { ...learner.learning, ...learning } };
}

function isMachineSnapshot(snapshot: unknown): snapshot is AnyMachineSnapshot {
  return typeof (snapshot as AnyMachineSnapshot | undefined)?.hasTag === 'function';
}

/** Settled: every actor in the tree waits for the learner (tag) or is done; nothing is mid-work. */
export function isSettled(snapshot: unknown): boolean {
  const status = (snapshot as { status?: string }).status;
  if (status !== 'active') return true;
  if (!isMachineSnapshot(snapshot)) return false;
  if (snapshot.hasTag(AWAITING)) return true;
  const children = Object.values(snapshot.children as Record<string, AnyActorRef | undefined>);
  return children.length > 0 && children.every((child) => !child || isSettled(child.getSnapshot()));
}

function waitUntilSettled(actor: AnyActorRef, timeoutMs: number): Promise<void> {
  if (isSettled(actor.getSnapshot())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new EngineError('not_settled', `The conversation did not settle within ${timeoutMs} ms`, true));
    }, timeoutMs);
    // Children change without notifying the root's subscribers, so look at the whole tree.
    const poll = setInterval(() => {
      if (!isSettled(actor.getSnapshot())) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 5);
  });
}

/**
 * Restores the conversation from its persisted snapshot, sends the events, waits until it is
 * settled and returns the new snapshot with the effects the flows emitted. Performs no I/O.
 * `startFlow` effects chain a `flow.start` event into the same turn.
 */
export async function runActorTurn(
  machine: AnyStateMachine,
  snapshot: unknown,
  events: ConversationEvent[],
  settleTimeoutMs = 10_000,
): Promise<ActorTurn> {
  const effects: CollectedEffect[] = [];
  let failure: unknown;
  // Chained events see the learner as the effects so far changed them (LANGUAGE, then the question).
  let learner = events[0]?.learner;
  const at = events[0]?.at;
  const actor = createActor(machine, { snapshot: snapshot as never });
  collectEffects(actor.system, (effect, source) => effects.push({ ...effect, source } as CollectedEffect));
  actor.subscribe({ error: (error) => (failure = error) });
  actor.start();
  try {
    const queue = [...events];
    for (let sent = 0; queue.length > 0; sent++) {
      if (sent >= MAX_CHAINED_EVENTS)
        throw new EngineError('flow_loop', 'Flows started each other too many times in one turn');
      const before = effects.length;
      actor.send(queue.shift()!);
      if (failure) throw failure;
      await waitUntilSettled(actor, settleTimeoutMs);
      if (failure) throw failure;
      for (const effect of effects.slice(before)) {
        if (effect.type === 'updateProfile') learner = withProfileChange(learner, effect.params);
        if (effect.type === 'startFlow')
          queue.push({ type: 'flow.start', flow: effect.params.flow, input: effect.params.input });
        if (effect.type === 'reprompt')
          queue.push({ type: 'flow.reprompt', reason: effect.params.reason, learner, at });
        if (effect.type === 'endFlow') queue.push({ type: 'flow.end', learner, at });
      }
    }
    const current = actor.getSnapshot() as AnyMachineSnapshot;
    const flowRef = (current.children as Record<string, AnyActorRef | undefined>).flow;
    const flowSnapshot = flowRef?.getSnapshot() as AnyMachineSnapshot | undefined;
    return {
      snapshot: actor.getPersistedSnapshot(),
      context: current.context as ConversationContext,
      state: {
        conversation: current.value,
        ...(flowSnapshot?.status === 'active'
          ? { flow: flowSnapshot.value, flowId: flowRef?.src as string }
          : {}),
      },
      effects,
    };
  } finally {
    actor.stop();
  }
}
