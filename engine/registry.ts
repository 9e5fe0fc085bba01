import type { AnyStateMachine, Snapshot } from 'xstate';
import { EngineError } from './errors.js';
import type { Effect } from './effects.js';
import type { ConversationEvent, LearnerProfile } from './events.js';

/** A flow's persisted snapshot as XState stores it under the conversation's `children.flow`. */
export type PersistedFlowSnapshot = Snapshot<unknown> & { value?: unknown; context?: unknown };

export interface FlowDefinition {
  id: string;
  /** Bump when a change could strand a learner's saved state; declare `migrate` if it can be mapped. */
  version: number;
  description: string;
  machine: AnyStateMachine;
  /** Message key of this flow's MENU entry; flows without one are not offered in MENU. */
  menuKey?: string;
  /** Events a learner or the clock may send this flow; path tests explore the flow with them. */
  samples: ConversationEvent[];
  /** Maps a snapshot saved by an older version; return null to reset the learner politely. */
  migrate?: (fromVersion: number, snapshot: PersistedFlowSnapshot) => PersistedFlowSnapshot | null;
}

/** What a root handler knows: who, when (the engine's clock), and which flow runs now. */
export interface RootInput {
  learner: LearnerProfile | undefined;
  /** ISO instant of the turn. */
  at: string;
  activeFlow: string | null;
}

/**
 * A global command the root answers in any state without disturbing the running flow. The effects
 * are the root's own: its timers outlive every flow run, a `startFlow` replaces the running flow.
 */
export interface RootCommand {
  id: string;
  /** Upper-case words that start the command (`TIME`, `SAA`); the rest of the message is the argument. */
  words: string[];
  /** Whole messages, upper-case, that run the command without an argument (`NEXT LESSON`, `SOMO LINALOFUATA`). */
  phrases?: string[];
  /** Only with an argument (`COURSE money-basics`) or only without one; either when left out. */
  argument?: 'required' | 'none';
  /** Flows whose questions take these words as an answer: while one runs, the message goes to it ("saa moja asubuhi" at a time question). */
  notDuring?: string[];
  /**
   * The command is answered in a later turn (a service replies with a system event, as the tutor
   * does): the running flow's question is not asked now but by that answer's `reprompt`.
   */
  answersLater?: boolean;
  /** `word` is the command word or phrase the learner used, upper-case (ENDELEA or RESUME). */
  run(input: RootInput & { argument: string; word?: string }): Effect[];
}

/** Behaviour the flows give the root: commands, root timers and system events, all handled in any state. */
export interface RootExtensions {
  commands?: RootCommand[];
  /** Root timers by name (scheduled by these handlers or by a flow's `rootEffects` output). */
  timers?: Record<string, (input: RootInput & { payload: Record<string, unknown> }) => Effect[]>;
  /** `system.<name>` events, handled even while the learner has opted out (nothing is sent then). */
  events?: Record<string, (input: RootInput & { data: Record<string, unknown> }) => Effect[]>;
  /** The reply to MENU (and START while a flow runs); the flows' menu entries as buttons when left out. */
  menu?: (input: RootInput) => Effect[];
  /** The reply to a message nothing else takes while no flow runs (`text` is what was sent); the menu when left out. */
  fallback?: (input: RootInput & { text: string }) => Effect[];
  /** Run when an opted-out learner says START again (say, to schedule their lessons again). */
  onStart?: (input: RootInput) => Effect[];
  /** Run when the learner says STOP (say, to forget what they asked the tutor). */
  onStop?: (input: RootInput) => Effect[];
}

/** The flows a deployment runs, by name and version. `entry` is where a new learner starts. */
export class FlowRegistry {
  private readonly flows = new Map<string, FlowDefinition>();

  constructor(
    flows: FlowDefinition[],
    readonly entry: string,
    readonly root: RootExtensions = {},
  ) {
    for (const flow of flows) {
      if (!/^[a-z][a-zA-Z0-9]*$/.test(flow.id)) {
        throw new EngineError('bad_flow_id', `Flow id "${flow.id}" must be camelCase letters and digits`);
      }
      if (this.flows.has(flow.id))
        throw new EngineError('duplicate_flow', `Flow "${flow.id}" is registered twice`);
      this.flows.set(flow.id, flow);
    }
    if (!this.flows.has(entry))
      throw new EngineError('unknown_flow', `Entry flow "${entry}" is not registered`);
  }

  get(id: string): FlowDefinition | undefined {
    return this.flows.get(id);
  }

  list(): FlowDefinition[] {
    return [...this.flows.values()];
  }

  menu(): FlowDefinition[] {
    return this.list().filter((flow) => flow.menuKey);
  }

  versions(): Record<string, number> {
    return Object.fromEntries(this.list().map((flow) => [flow.id, flow.version]));
  }
}
