import type { Condition, Value } from './spec.js';

export type Answer = string | number;

/** What a compiled flow remembers while it runs. */
export interface FlowContext {
  /** How the flow was started: `{ fromMenu: true }` or a `start` step's `with`. */
  input: Record<string, unknown>;
  answers: Record<string, Answer>;
  /** Re-asks so far, per ask step; cleared once it is answered. */
  retries: Record<string, number>;
  /** The default each ask step offered, when it offered one. */
  offered: Record<string, string>;
  /** Profile fields this run's `set` steps changed, which the event's learner does not show yet. */
  profile?: Record<string, unknown>;
  /** What a `finish` step hands the root. */
  output?: { rootEffects?: unknown[] };
}

/** What placeholders are filled from: the flow's context and the learner as the flow sees them. */
export interface Scope {
  context: FlowContext;
  /** `{{learner.<field>}}`: the profile's fields and the values TypeScript provides. */
  learner?: Record<string, unknown>;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
const ONLY_PLACEHOLDER = /^\{\{\s*([\w.]+)\s*\}\}$/;

/** `rating` is an answer; `input.fromMenu` is what the flow was started with; `learner.name` is the learner's. */
export function lookup({ context, learner }: Scope, reference: string): unknown {
  if (reference.startsWith('input.')) return context.input[reference.slice('input.'.length)];
  if (reference.startsWith('learner.')) return learner?.[reference.slice('learner.'.length)];
  return context.answers[reference];
}

/** The placeholders a text refers to: `'{{rating}} of 5'` → `['rating']`. */
export function referencesIn(value: Value): string[] {
  return typeof value === 'string' ? [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!) : [];
}

/** `'{{rating}}'` alone keeps the answer's own type (a number stays a number, a missing one is null). */
export function resolve(value: Value, scope: Scope): unknown {
  if (typeof value !== 'string') return value;
  const only = ONLY_PLACEHOLDER.exec(value);
  if (only) return lookup(scope, only[1]!) ?? null;
  return fill(value, scope);
}

export function fill(text: string, scope: Scope): string {
  return text.replace(PLACEHOLDER, (_, reference: string) => {
    const found = lookup(scope, reference);
    return found === undefined || found === null ? '' : String(found);
  });
}

export function resolveAll(values: Record<string, Value> | undefined, scope: Scope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, resolve(value, scope)]));
}

/** Message vars: every answer, then the step's own `vars` (texts and numbers only). */
export function messageVars(
  vars: Record<string, Value> | undefined,
  scope: Scope,
): Record<string, string | number> {
  const own = Object.fromEntries(
    Object.entries(vars ?? {}).map(([key, value]) => {
      const resolved = resolve(value, scope);
      return [key, typeof resolved === 'number' ? resolved : resolved === null ? '' : String(resolved)];
    }),
  );
  return { ...scope.context.answers, ...own };
}

const same = (a: unknown, b: Value) => String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

/** Text is compared ignoring case and surrounding spaces: learners type `Skip`, `skip ` or `SKIP`. */
export function holds(condition: Omit<Condition, 'goto'>, scope: Scope): boolean {
  const value = lookup(scope, condition.if);
  const present = value !== undefined && value !== null && value !== '';
  if (condition.exists !== undefined && present !== condition.exists) return false;
  if (condition.equals !== undefined && !(present && same(value, condition.equals))) return false;
  if (condition.in !== undefined && !(present && condition.in.some((option) => same(value, option))))
    return false;
  return true;
}
