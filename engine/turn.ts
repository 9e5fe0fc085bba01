import type { AnyStateMachine } from 'xstate';
import { runActorTurn, type ActorTurn } from './actor.js';
import { errorMessage } from './errors.js';
import { inputOf, type ConversationEvent } from './events.js';
import { planTurn, renderMessage, type TurnPlan } from './plan.js';
import type {
  Clock,
  ConversationRecord,
  Ids,
  InboundRef,
  Learner,
  LearnerTx,
  Messages,
  OutboundMessage,
  PendingInbound,
  TurnCommit,
} from './ports.js';
import type { FlowRegistry } from './registry.js';
import { reconcile, restingSnapshot } from './versions.js';

export interface TurnDeps {
  root: AnyStateMachine;
  registry: FlowRegistry;
  messages: Messages;
  clock: Clock;
  ids: Ids;
  channel: string;
  format?: (message: OutboundMessage) => OutboundMessage[];
  settleTimeoutMs?: number;
}

export interface LearnerView {
  learner: Learner;
  conversation: ConversationRecord;
}

function versionsOf(registry: FlowRegistry, result: ActorTurn): Record<string, number> {
  const flow = result.state.flowId ? registry.get(result.state.flowId) : undefined;
  return flow ? { [flow.id]: flow.version } : {};
}

/** Runs the flows for one event and returns what the turn writes. Pure: no I/O. */
export async function computeTurn(
  deps: TurnDeps,
  { learner, conversation }: LearnerView,
  inbound: InboundRef,
  event: ConversationEvent,
): Promise<{ commit: TurnCommit; services: TurnPlan['services']; resetReason?: string }> {
  const { registry, messages, clock, ids } = deps;
  const saved = reconcile(deps.root, registry, conversation.snapshot, conversation.flowVersions);
  const profile = {
    phone: learner.phone,
    name: learner.name,
    language: learner.language,
    timezone: learner.timezone,
    learning: learner.learning ?? {},
  };
  const result = await runActorTurn(
    deps.root,
    saved.snapshot,
    [{ ...event, learner: profile, at: clock.now().toISOString() }],
    deps.settleTimeoutMs,
  );
  const runBefore =
    (saved.snapshot as { context?: { flowRun?: string } } | undefined)?.context?.flowRun ?? 'none';
  const flowAlive = result.state.flowId !== undefined;
  const plan = planTurn(result.effects, learner, {
    messages,
    clock,
    ids,
    timerOwner: (source) => (source === 'flow' ? (flowAlive ? result.context.flowRun : null) : 'root'),
  });
  if (saved.kind === 'reset')
    plan.outbox.unshift(renderMessage(messages, learner, { key: 'system.flowUpdated' }));
  const commit: TurnCommit = {
    inbound,
    at: clock.now(),
    turn: conversation.turn + 1,
    snapshot: result.snapshot,
    flowVersions: versionsOf(registry, result),
    outbox: plan.outbox
      .flatMap((message) => (deps.format ? deps.format(message) : [message]))
      .map((payload) => ({ channel: deps.channel, recipient: learner.phone, payload })),
    timers: {
      ...plan.timers,
      ...(runBefore !== result.context.flowRun ? { cancelOtherRunsThan: result.context.flowRun } : {}),
    },
    profile: plan.profile,
    activity: {
      kind: event.type,
      state: result.state,
      detail: {
        effects: result.effects.map((e) => e.type),
        ...(saved.kind !== 'current' && saved.kind !== 'fresh' ? { versions: saved.kind } : {}),
      },
    },
  };
  return { commit, services: plan.services, resetReason: saved.kind === 'reset' ? saved.reason : undefined };
}

/** A flow threw: the learner is told politely and their conversation rests at the root, usable. */
export function failedTurn(
  deps: TurnDeps,
  { learner, conversation }: LearnerView,
  inbound: InboundRef,
  error: unknown,
): TurnCommit {
  const context = (conversation.snapshot as { context?: Parameters<typeof restingSnapshot>[1] } | null)
    ?.context;
  return {
    inbound,
    at: deps.clock.now(),
    turn: conversation.turn + 1,
    snapshot: restingSnapshot(deps.root, context),
    flowVersions: {},
    outbox: [
      {
        channel: deps.channel,
        recipient: learner.phone,
        payload: renderMessage(deps.messages, learner, { key: 'system.error' }),
      },
    ],
    timers: { create: [], cancelNames: [], cancelOtherRunsThan: 'none' },
    activity: { kind: 'turn.failed', state: null, detail: { error: errorMessage(error) } },
  };
}

/**
 * The event a stored inbound runs as. A fired timer is claimed first; one that was cancelled,
 * already fired, or belongs to a flow run that has ended is recorded and runs nothing (null).
 */
export async function eventForTurn(
  tx: LearnerTx,
  pending: PendingInbound,
): Promise<ConversationEvent | null> {
  const inbound = pending.event;
  if (inbound.type === 'message') {
    return { type: 'learner.message', message: inbound.message, input: inputOf(inbound.message) };
  }
  if (inbound.type === 'system' && inbound.name === 'startFlow') {
    const input = inbound.data?.input as Record<string, unknown> | undefined;
    return { type: 'flow.start', flow: String(inbound.data?.flow), input };
  }
  if (inbound.type === 'system') return { type: `system.${inbound.name}`, data: inbound.data };
  const timer = await tx.claimTimer(inbound.timerId);
  const context = (tx.conversation.snapshot as { context?: { flowRun?: string } } | null)?.context;
  if (!timer || (timer.flowRun !== 'root' && timer.flowRun !== context?.flowRun)) {
    await tx.skip(
      pending.ref,
      timer ? 'stale timer: its flow run ended' : 'timer cancelled or already fired',
    );
    return null;
  }
  return { type: 'timer.fired', name: timer.name, payload: timer.payload };
}
