import type { AnyStateMachine } from 'xstate';
import type { ConversationContext } from './conversation.js';
import type { FlowRegistry, PersistedFlowSnapshot } from './registry.js';

interface PersistedConversation {
  status?: string;
  value?: unknown;
  context?: ConversationContext;
  children?: Record<string, { src?: unknown; snapshot?: PersistedFlowSnapshot } | undefined>;
}

export type Reconciled =
  | { kind: 'fresh'; snapshot: undefined }
  | { kind: 'current' | 'migrated'; snapshot: unknown; flowId?: string }
  | { kind: 'reset'; snapshot: unknown; reason: string };

const known = new WeakMap<AnyStateMachine, Map<string, boolean>>();

/**
 * A state the machine can actually enter; resolving an unknown state throws in XState. Remembered
 * per machine and state value (a machine has few), as every turn asks it once or twice.
 */
function stateExists(machine: AnyStateMachine, snapshot: PersistedFlowSnapshot): boolean {
  let answers = known.get(machine);
  if (!answers) known.set(machine, (answers = new Map()));
  const key = JSON.stringify(snapshot.value ?? null);
  let exists = answers.get(key);
  if (exists === undefined) {
    try {
      machine.resolveState({ value: snapshot.value as never, context: snapshot.context as never });
      exists = true;
    } catch {
      exists = false;
    }
    answers.set(key, exists);
  }
  return exists;
}

/** The root at rest, keeping what it knows about the learner (started, run counter). */
export function restingSnapshot(root: AnyStateMachine, context?: ConversationContext): unknown {
  const resting: ConversationContext = {
    activeFlow: null,
    flowRun: 'none',
    runs: context?.runs ?? 0,
    started: true,
  };
  return root.getPersistedSnapshot(root.resolveState({ value: 'idle', context: resting }));
}

/**
 * Checks a saved conversation against the flows deployed now. A flow whose version changed is
 * migrated when it declares how; otherwise kept if its saved state still exists, else reset.
 */
export function reconcile(
  root: AnyStateMachine,
  registry: FlowRegistry,
  saved: unknown,
  savedVersions: Record<string, number>,
): Reconciled {
  if (saved === null || saved === undefined) return { kind: 'fresh', snapshot: undefined };
  const conversation = saved as PersistedConversation;
  const reset = (reason: string): Reconciled => ({
    kind: 'reset',
    snapshot: restingSnapshot(root, conversation.context),
    reason,
  });
  if (!stateExists(root, conversation as PersistedFlowSnapshot))
    return reset('conversation state no longer exists');

  const child = conversation.children?.flow;
  if (!child?.snapshot) return { kind: 'current', snapshot: saved };
  const flowId = typeof child.src === 'string' ? child.src : undefined;
  const flow = flowId ? registry.get(flowId) : undefined;
  if (!flow || !flowId) return reset(`flow "${String(child.src)}" is no longer deployed`);

  const savedVersion = savedVersions[flowId] ?? flow.version;
  if (savedVersion === flow.version) {
    return stateExists(flow.machine, child.snapshot)
      ? { kind: 'current', snapshot: saved, flowId }
      : reset(`${flowId} state is gone`);
  }
  if (flow.migrate) {
    const migrated = flow.migrate(savedVersion, child.snapshot);
    if (!migrated || !stateExists(flow.machine, migrated))
      return reset(`${flowId} v${savedVersion} could not be migrated`);
    const next = {
      ...conversation,
      children: { ...conversation.children, flow: { ...child, snapshot: migrated } },
    };
    return { kind: 'migrated', snapshot: next, flowId };
  }
  return stateExists(flow.machine, child.snapshot)
    ? { kind: 'migrated', snapshot: saved, flowId }
    : reset(`${flowId} v${savedVersion} state is gone in v${flow.version}`);
}
