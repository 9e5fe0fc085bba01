/** A learner's state as `engine.inspect()` reports it. */
export interface ConversationState {
  conversation: unknown;
  flow?: unknown;
  flowId?: string;
}

/** `{ flowId: 'welcome', flow: 'askName' }` → `welcome.askName`; without a flow, the root's state (`idle`). */
export function statePath(state: ConversationState | null | undefined): string {
  if (!state) return '';
  const flatten = (value: unknown): string =>
    typeof value === 'string'
      ? value
      : Object.entries(value as Record<string, unknown>)
          .map(([key, inner]) => `${key}.${flatten(inner)}`)
          .join(',');
  return state.flowId && state.flow !== undefined
    ? `${state.flowId}.${flatten(state.flow)}`
    : flatten(state.conversation);
}
