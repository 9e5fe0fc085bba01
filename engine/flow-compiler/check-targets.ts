import { closestName } from '../../shared/text-distance.js';
import type { FlowIssue } from './check-issue.js';
import { END, kindOf, type AskStep, type FlowSpec, type Step } from './spec.js';

export type Path = (string | number)[];
const TRANSIENT = new Set(['say', 'set', 'call', 'schedule', 'branch']);

/** Where each step can go next, with the path of the field that says so (null: the list order). */
export function exitsOf(step: Step, index: number, steps: Step[]): { target: string; path: Path | null }[] {
  const here: Path = ['steps', index];
  const following = steps[index + 1]?.name ?? END;
  const next = step.goto ? { target: step.goto, path: [...here, 'goto'] } : { target: following, path: null };
  const timeout =
    'timeout' in step && step.timeout
      ? [{ target: step.timeout.goto, path: [...here, 'timeout', 'goto'] }]
      : [];
  switch (kindOf(step)) {
    case 'ask': {
      const { then, limit } = (step as AskStep).retry;
      if (limit === 'unlimited') return [next, ...timeout];
      return [
        next,
        then ? { target: then, path: [...here, 'retry', 'then'] } : { target: END, path: null },
        ...timeout,
      ];
    }
    case 'wait':
      return [next, ...timeout];
    case 'branch': {
      const branch = step as Extract<Step, { branch: unknown }>;
      return [
        ...branch.branch.map((condition, i) => ({
          target: condition.goto,
          path: [...here, 'branch', i, 'goto'],
        })),
        branch.otherwise
          ? { target: branch.otherwise, path: [...here, 'otherwise'] }
          : { target: following, path: null },
      ];
    }
    case 'start':
    case 'end':
    case 'finish':
      return [];
    default:
      return [next];
  }
}

/** Each step name with the index of the first step that uses it; later uses are issues. */
export function stepNames(spec: FlowSpec): { names: Map<string, number>; issues: FlowIssue[] } {
  const issues: FlowIssue[] = [];
  const names = new Map<string, number>();
  spec.steps.forEach((step, index) => {
    const first = names.get(step.name);
    if (first !== undefined)
      issues.push({
        path: ['steps', index, 'name'],
        rule: 'duplicate-step',
        message: `step name "${step.name}" is used twice (first by step ${first + 1})`,
        hint: 'give each step its own name',
      });
    else names.set(step.name, index);
  });
  return { names, issues };
}

/** The indexes of the steps the first step can lead to (itself included). */
export function reachedSteps(spec: FlowSpec, names: ReadonlyMap<string, number>): Set<number> {
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length) {
    const index = queue.shift()!;
    for (const exit of exitsOf(spec.steps[index]!, index, spec.steps)) {
      const to = names.get(exit.target);
      if (to !== undefined && !reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  return reached;
}

/** A step's targets that name no step, and the step itself if nothing leads to it. */
export function targetIssues(
  spec: FlowSpec,
  index: number,
  names: ReadonlyMap<string, number>,
  reached: ReadonlySet<number>,
): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const step = spec.steps[index]!;
  const known = [...names.keys()];
  for (const exit of exitsOf(step, index, spec.steps))
    if (exit.path && exit.target !== END && !names.has(exit.target)) {
      const near = closestName(exit.target, known);
      issues.push({
        path: exit.path,
        rule: 'unknown-step',
        message: `there is no step named "${exit.target}"`,
        hint: near ? `did you mean \`${near}\`?` : `use a step name (${known.join(', ')}) or end`,
      });
    }
  if (!reached.has(index) && names.get(step.name) === index)
    issues.push({
      path: ['steps', index],
      rule: 'unreachable-step',
      message: `step "${step.name}" is never reached`,
      hint: 'go to it from another step with `goto:`, or remove it',
    });
  return issues;
}

/** Steps that go round in a circle without waiting for the learner would never let a turn end. */
export function loopsWithoutWait(spec: FlowSpec): FlowIssue[] {
  const index = new Map(spec.steps.map((step, i) => [step.name, i]));
  const issues: FlowIssue[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number): void => {
    state.set(i, 'visiting');
    for (const exit of exitsOf(spec.steps[i]!, i, spec.steps)) {
      const to = index.get(exit.target);
      if (to === undefined || !TRANSIENT.has(kindOf(spec.steps[to]!))) continue;
      if (state.get(to) === 'visiting')
        issues.push({
          path: exit.path ?? ['steps', i],
          rule: 'loop-without-wait',
          message: `steps "${spec.steps[to]!.name}" … "${spec.steps[i]!.name}" go round in a circle without waiting for the learner`,
          hint: 'put an ask or wait step in the circle, or end it',
        });
      else if (!state.has(to)) visit(to);
    }
    state.set(i, 'done');
  };
  spec.steps.forEach((step, i) => {
    if (TRANSIENT.has(kindOf(step)) && !state.has(i)) visit(i);
  });
  return issues;
}
