import { createActor, type AnyMachineSnapshot } from 'xstate';
import { parse } from 'yaml';
import { collectEffects, type Effect } from '../../engine/effects.js';
import type { ConversationEvent, LearnerProfile } from '../../engine/events.js';
import { compileFlow, type CompileOptions } from '../../engine/flow-compiler/compile.js';
import type { FlowSpec } from '../../engine/flow-compiler/spec.js';

/** What every event carries when the engine sends it: the learner and the turn's time. */
export interface EventExtras {
  learner?: LearnerProfile;
  at?: string;
}

/**
 * Test helper: compiles a YAML flow (steps only; id `test`) and runs it as an actor, collecting
 * the effects it emits like the engine does. Each action returns the effects it caused.
 */
export function runCompiled(
  yaml: string,
  options: { compile?: CompileOptions; input?: Record<string, unknown>; extras?: EventExtras } = {},
) {
  const spec = parse(`flow: test\nversion: 1\ndescription: A test\n${yaml}`) as FlowSpec;
  const flow = compileFlow(spec, options.compile);
  let effects: Effect[] = [];
  const actor = createActor(flow.machine, { input: options.input });
  collectEffects(actor.system, (effect) => effects.push(effect));
  actor.start();
  const snapshot = () => actor.getSnapshot() as AnyMachineSnapshot;
  const take = () => {
    const taken = effects;
    effects = [];
    return taken;
  };
  const send = (event: ConversationEvent) => {
    actor.send({ ...event, ...options.extras } as ConversationEvent);
    return take();
  };
  return {
    flow,
    started: take(),
    says: (text: string, input = text.trim()) =>
      send({ type: 'learner.message', message: { kind: 'text', text }, input }),
    taps: (id: string) => send({ type: 'learner.message', message: { kind: 'button', id }, input: id }),
    fires: (name: string) => send({ type: 'timer.fired', name, payload: {} }),
    state: () => snapshot().value,
    done: () => snapshot().status === 'done',
    answers: () => (snapshot().context as { answers: Record<string, unknown> }).answers,
    output: () => snapshot().output as unknown,
    waiting: () => snapshot().hasTag('awaiting'),
  };
}

/** The params of the `send` effects among these. */
export const sent = (effects: Effect[]) => effects.filter((e) => e.type === 'send').map((e) => e.params);
