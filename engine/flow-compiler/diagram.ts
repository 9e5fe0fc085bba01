import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { AWAITING } from '../actor.js';

type Transition = {
  eventType: string;
  target?: readonly AnyStateNode[];
  guard?: unknown;
};

/** Mermaid stops a label at `:`, `;` or `#`; quotes break it. */
const clean = (text: string) =>
  text
    .replace(/[:;#"]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** Words Mermaid reads as syntax get an id with `_` and their name as a label. */
const RESERVED = new Set(['end', 'state', 'note', 'class', 'classDef', 'direction', 'default', 'style']);
const idOf = (node: AnyStateNode) => {
  const id = node.path.join('_');
  return RESERVED.has(id) ? `${id}_` : id;
};

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guardLabel({ type: guard });
  if (typeof guard === 'function') return guard.name && guard.name !== 'guard' ? guard.name : 'guard';
  const { type, params } = guard as { type: string; params?: Record<string, unknown> };
  // The compiler's named guards read better as what they mean.
  if (type === 'timerIs') return String(params?.timer);
  if (type === 'answers') return 'valid answer';
  if (type === 'mayRetry') return 'not valid, re-ask';
  if (type === 'outOfRetries') return 'not valid, no re-asks left';
  if (type === 'isTyped') return 'typed';
  if (type === 'holds' && params) {
    const {
      if: subject,
      equals,
      in: among,
      exists,
    } = params as {
      if: string;
      equals?: unknown;
      in?: unknown[];
      exists?: boolean;
    };
    if (equals !== undefined) return `${subject} = ${String(equals)}`;
    if (among) return `${subject} in ${among.join(', ')}`;
    return `${subject} ${exists ? 'given' : 'not given'}`;
  }
  return type;
}

function label(transition: Transition): string {
  const event = transition.eventType;
  const guard = guardLabel(transition.guard);
  const text =
    (transition.guard as { type?: string } | undefined)?.type === 'timerIs'
      ? `timer ${guard}`
      : [event, guard ? `[${guard}]` : ''].join(' ');
  return clean(text);
}

function transitionsOf(node: AnyStateNode): Transition[] {
  const byEvent = [...(node.transitions as Map<string, Transition[]>).values()].flat();
  const always = ((node.always ?? []) as Transition[]).map((t) => ({ ...t, eventType: '' }));
  return [...byEvent, ...always];
}

function lines(node: AnyStateNode, indent: string, out: string[], waiting: string[]): void {
  const children = Object.values(node.states) as AnyStateNode[];
  if (node.initial?.target?.[0]) out.push(`${indent}[*] --> ${idOf(node.initial.target[0] as AnyStateNode)}`);
  for (const child of children) {
    const id = idOf(child);
    if (id !== child.path.join('_')) out.splice(1, 0, `  state "${child.key}" as ${id}`);
    if (child.tags.includes(AWAITING)) waiting.push(id);
    if (Object.keys(child.states).length > 0) {
      out.push(`${indent}state ${id} {`);
      lines(child, `${indent}  `, out, waiting);
      out.push(`${indent}}`);
    }
    for (const transition of transitionsOf(child)) {
      const text = label(transition);
      for (const target of transition.target ?? [child])
        out.push(`${indent}${id} --> ${idOf(target)}${text ? ` : ${text}` : ''}`);
    }
    if (child.type === 'final') out.push(`${indent}${id} --> [*]`);
  }
}

/**
 * A Mermaid `stateDiagram-v2` of a flow, read from its machine definition: states, transitions
 * labelled with their event and guard, and the states that wait for the learner highlighted.
 */
export function flowDiagram(machine: AnyStateMachine): string {
  const out = ['stateDiagram-v2'];
  const waiting: string[] = [];
  lines(machine.root, '  ', out, waiting);
  if (waiting.length) {
    out.push('  classDef awaiting fill:#e7f5e9,stroke:#2e7d32');
    out.push(`  class ${waiting.join(',')} awaiting`);
  }
  return out.join('\n') + '\n';
}

/** `docs/flows/<id>.md`: what `npm run flows:diagram` writes for a flow. */
export function flowDoc(flow: {
  id: string;
  version: number;
  description: string;
  machine: AnyStateMachine;
}): string {
  return [
    `# Flow \`${flow.id}\` (version ${flow.version})`,
    '',
    `${flow.description}.`,
    '',
    'Highlighted states wait for the learner. Generated from the machine definition by',
    '`npm run flows:diagram`; do not edit by hand.',
    '',
    '```mermaid',
    flowDiagram(flow.machine).trimEnd(),
    '```',
    '',
  ].join('\n');
}
