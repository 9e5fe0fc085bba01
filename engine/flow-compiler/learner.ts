import type { ConversationEvent, LearnerProfile } from '../events.js';
import { UNKNOWN_LEARNER, type LearnerValue } from './extensions.js';
import type { FlowContext, Scope } from './values.js';

export type ScopeArgs = { context: FlowContext; event: ConversationEvent };

/**
 * The learner as this run sees them: the event's profile (or, before an event brings it, the one
 * the run was started with as `input.learner`) with what its `set` steps changed.
 */
export function learnerOf(context: FlowContext, event: ConversationEvent): LearnerProfile {
  const started = context.input.learner as LearnerProfile | undefined;
  const base = ('learner' in event && event.learner) || started || UNKNOWN_LEARNER;
  const { learning, ...fields } = context.profile ?? {};
  return {
    ...base,
    ...(fields as Partial<LearnerProfile>),
    learning: { ...base.learning, ...(learning as Record<string, unknown> | undefined) },
  };
}

/** When the turn runs (the epoch for an event without a time, as in the path tests). */
export const atOf = (event: ConversationEvent) => new Date(('at' in event && event.at) || 0);

/**
 * Placeholders' scope: the context, and the learner with the values TypeScript provides. Those are
 * computed when a text uses them, once per scope (parsing a phone number on every turn adds up).
 */
export function scopeWith(learnerValues: Record<string, LearnerValue>) {
  return ({ context, event }: ScopeArgs): Scope => {
    const learner = learnerOf(context, event);
    const scoped: Record<string, unknown> = { ...learner };
    for (const [name, value] of Object.entries(learnerValues)) {
      Object.defineProperty(scoped, name, {
        enumerable: true,
        configurable: true,
        get() {
          const computed = value(learner, atOf(event), context.input);
          Object.defineProperty(scoped, name, { value: computed, enumerable: true });
          return computed;
        },
      });
    }
    return { context, learner: scoped as Scope['learner'] };
  };
}
