import type { AnyStateMachine, Snapshot } from 'xstate';
import { EngineError } from './errors.js';
import type { ConversationEvent } from './events.js';

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

/** The flows a deployment runs, by name and version. `entry` is where a new learner starts. */
export class FlowRegistry {
  private readonly flows = new Map<string, FlowDefinition>();

  constructor(
    flows: FlowDefinition[],
    readonly entry: string,
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
