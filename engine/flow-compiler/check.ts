import { parseAnswer } from './answers.js';
import { closestName } from '../text-distance.js';
import { LANGUAGE_OPTIONS } from './answers.js';
import { LEARNER_FIELDS } from './extensions.js';
import {
  END,
  isOptionsFrom,
  kindOf,
  staticOptions,
  type AskStep,
  type FlowSpec,
  type Step,
  type Value,
} from './spec.js';
import { referencesIn } from './values.js';

/** A problem the schema cannot see; `path` leads to the YAML node it is about. */
export interface FlowIssue {
  path: (string | number)[];
  rule: string;
  message: string;
  hint?: string;
}

export interface CheckOptions {
  /** The languages whose messages file lacks this key (empty when every language has it). */
  missingMessage(key: string): string[];
  /** Every flow id a `start` step may name (TypeScript and YAML flows). */
  flows: ReadonlySet<string>;
  /** Names TypeScript provides (FlowExtensions): `options: { from }`, `{{learner.<value>}}`, `finish:`. */
  optionSources?: ReadonlySet<string>;
  learnerValues?: ReadonlySet<string>;
  finishers?: ReadonlySet<string>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type Path = (string | number)[];
const TRANSIENT = new Set(['say', 'set', 'call', 'schedule', 'branch']);

/** Where each step can go next, with the path of the field that says so (null: the list order). */
function exitsOf(step: Step, index: number, steps: Step[]): { target: string; path: Path | null }[] {
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

/** Every message key the flow sends, with where it is written. */
function messageKeys(spec: FlowSpec): { key: string; path: Path }[] {
  const keys: { key: string; path: Path }[] = spec.menu ? [{ key: spec.menu, path: ['menu'] }] : [];
  spec.steps.forEach((step, index) => {
    const at = (...path: Path) => ['steps', index, ...path];
    const add = (key: string | undefined, path: Path) => key && keys.push({ key, path });
    if ('say' in step) add(step.say, at('say'));
    if ('message' in step) add(step.message, at('message'));
    if ('reply' in step) add(step.reply, at('reply'));
    if ('ask' in step) {
      add(step.retry?.message, at('retry', 'message'));
      add(step.list, at('list'));
      add(step.default?.button, at('default', 'button'));
      add(step.default?.message, at('default', 'message'));
      if (isOptionsFrom(step.options)) add(step.options.message, at('options', 'message'));
      staticOptions(step).forEach((option, i) => add(option.message, at('options', i, 'message')));
      if (step.ask === 'language') for (const option of LANGUAGE_OPTIONS) add(option.message, at('ask'));
    }
  });
  return keys;
}

/** `{{answer}}` and `if:` references, with where they are written. */
function answerReferences(spec: FlowSpec, all = false): { name: string; path: Path }[] {
  const found: { name: string; path: Path }[] = [];
  const scan = (values: Record<string, Value> | undefined, path: Path) => {
    for (const [key, value] of Object.entries(values ?? {}))
      for (const name of referencesIn(value)) found.push({ name, path: [...path, key] });
  };
  spec.steps.forEach((step, index) => {
    const at = (...path: Path) => ['steps', index, ...path];
    if ('vars' in step) scan(step.vars, at('vars'));
    if ('with' in step) scan(step.with, at('with'));
    if ('set' in step) scan(step.set, at('set'));
    if ('default' in step && step.default) scan({ value: step.default.value }, at('default'));
    if ('schedule' in step) scan({ at: step.at ?? '', delay: step.delay ?? '', zone: step.zone ?? '' }, at());
    if ('branch' in step)
      step.branch.forEach((condition, i) => found.push({ name: condition.if, path: at('branch', i, 'if') }));
  });
  return all
    ? found
    : found.filter(
        (reference) => !reference.name.startsWith('input.') && !reference.name.startsWith('learner.'),
      );
}

/** `{{learner.<name>}}` must be a profile field or a value TypeScript provides. */
function learnerReferences(spec: FlowSpec, provided: ReadonlySet<string>): FlowIssue[] {
  const known = [...LEARNER_FIELDS, ...provided];
  return answerReferences(spec, true)
    .filter((reference) => reference.name.startsWith('learner.'))
    .filter((reference) => !known.includes(reference.name.slice('learner.'.length)))
    .map(({ name, path }) => {
      const near = closestName(name.slice('learner.'.length), known);
      return {
        path,
        rule: 'unknown-learner-value',
        message: `the learner has no value "${name.slice('learner.'.length)}"`,
        hint: near
          ? `did you mean \`learner.${near}\`?`
          : `use one of: ${known.map((k) => `learner.${k}`).join(', ')}`,
      };
    });
}

function askRules(step: AskStep, path: Path, sources: ReadonlySet<string>): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const problem = (field: string, message: string, hint: string) =>
    issues.push({ path: [...path, field], rule: 'ask-field', message, hint });
  const only = (field: keyof AskStep, kinds: AskStep['ask'][]) => {
    if (step[field] !== undefined && !kinds.includes(step.ask))
      problem(
        field,
        `"${field}" does not apply to ask: ${step.ask}`,
        `it applies to ask: ${kinds.join(' or ')}; remove it`,
      );
  };
  only('options', ['choice', 'time']);
  only('list', ['choice']);
  only('min', ['text', 'number', 'time']);
  only('max', ['text', 'number', 'time']);
  only('pattern', ['text']);
  for (const field of ['min', 'max'] as const) {
    const value = step[field];
    if (value === undefined || !['text', 'number', 'time'].includes(step.ask)) continue;
    if (step.ask === 'time' ? typeof value !== 'string' || !TIME.test(value) : typeof value !== 'number')
      problem(
        field,
        `${field} of ask: ${step.ask} must be ${step.ask === 'time' ? 'a time HH:MM' : 'a number'}`,
        step.ask === 'time' ? `e.g. \`${field}: '07:00'\`` : `e.g. \`${field}: 1\``,
      );
  }
  if (isOptionsFrom(step.options)) {
    if (step.ask !== 'choice')
      problem('options', `options from a source apply to ask: choice only`, 'write the options out instead');
    else if (!sources.has(step.options.from)) {
      const near = closestName(step.options.from, [...sources]);
      issues.push({
        path: [...path, 'options', 'from'],
        rule: 'unknown-option-source',
        message: `there is no option source "${step.options.from}"`,
        hint: near ? `did you mean \`${near}\`?` : `known sources: ${[...sources].join(', ') || 'none'}`,
      });
    }
    if (!step.list)
      problem(
        'options',
        'options from a source may be more than 3, which show as a list with a button title',
        'add `list: <message key>`, e.g. "Choose"',
      );
  } else if (step.ask === 'time' && step.options && issues.length === 0)
    step.options.forEach((option, i) => {
      if (!parseAnswer(step, option.id, () => []).ok)
        issues.push({
          path: [...path, 'options', i, 'id'],
          rule: 'ask-field',
          message: `the option "${option.id}" is not an answer this step accepts`,
          hint: `a button of ask: ${step.ask} answers with its id: make it a valid ${step.ask}`,
        });
    });
  if (step.ask === 'choice') {
    const options = staticOptions(step);
    if (!step.options)
      problem('ask', 'a choice has no options', 'add `options:` with at least two `- { id: …, message: … }`');
    else if (options.length > 3 && !step.list)
      problem(
        'options',
        `${options.length} options show as a list, which needs a button title`,
        'add `list: <message key>`, e.g. "Choose"',
      );
    const ids = new Set<string>();
    options.forEach((option, i) => {
      if (ids.has(option.id))
        issues.push({
          path: [...path, 'options', i, 'id'],
          rule: 'duplicate-option',
          message: `option id "${option.id}" is used twice`,
          hint: 'give each option its own id',
        });
      ids.add(option.id);
    });
  }
  if (step.default && step.ask === 'choice')
    problem('default', 'a choice cannot offer a default', 'make the default one of the options instead');
  if (step.pattern) {
    try {
      new RegExp(step.pattern, 'u');
    } catch (error) {
      problem(
        'pattern',
        `pattern is not a valid regular expression: ${(error as Error).message}`,
        'check the brackets and backslashes',
      );
    }
  }
  if (step.example !== undefined && issues.length === 0 && !parseAnswer(step, step.example, () => []).ok)
    problem(
      'example',
      `the example "${step.example}" is not an answer this step accepts`,
      'change the example or the rules (min, max, pattern)',
    );
  if (step.ask === 'text' && step.pattern && step.example === undefined)
    problem(
      'pattern',
      'a text with a pattern needs an example',
      'add `example:` with an answer that matches the pattern',
    );
  return issues;
}

/**
 * What the schema cannot check: targets and flows that exist, steps that can be reached, names
 * used once, message keys present in every language, answers that some step saves.
 */
export function checkFlow(spec: FlowSpec, options: CheckOptions): FlowIssue[] {
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

  const known = [...names.keys()];
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
  spec.steps.forEach((step, index) => {
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
    if ('ask' in step) issues.push(...askRules(step, ['steps', index], options.optionSources ?? new Set()));
    if ('finish' in step && !(options.finishers ?? new Set()).has(step.finish)) {
      const finishers = [...(options.finishers ?? [])];
      const near = closestName(step.finish, finishers);
      issues.push({
        path: ['steps', index, 'finish'],
        rule: 'unknown-finisher',
        message: `there is no finisher "${step.finish}"`,
        hint: near ? `did you mean \`${near}\`?` : `known finishers: ${finishers.join(', ') || 'none'}`,
      });
    }
    if ('start' in step && !options.flows.has(step.start)) {
      const near = closestName(step.start, [...options.flows]);
      issues.push({
        path: ['steps', index, 'start'],
        rule: 'unknown-flow',
        message: `there is no flow "${step.start}"`,
        hint: near ? `did you mean \`${near}\`?` : `known flows: ${[...options.flows].join(', ')}`,
      });
    }
    if ('wait' in step) {
      const timer = step.wait === 'timer';
      if (timer && !step.timer)
        issues.push({
          path: ['steps', index, 'wait'],
          rule: 'wait-timer',
          message: "wait: timer needs the timer's name",
          hint: "add `timer: <name of a schedule step's timer>`",
        });
      if (
        timer &&
        step.timer &&
        !spec.steps.some((other) => 'schedule' in other && other.schedule === step.timer)
      )
        issues.push({
          path: ['steps', index, 'timer'],
          rule: 'wait-timer',
          message: `no schedule step sets the timer "${step.timer}"`,
          hint: 'add a step `schedule: ' + step.timer + '` before this one',
        });
      for (const field of timer ? (['save', 'message', 'vars'] as const) : (['timer', 'reply'] as const))
        if (step[field] !== undefined)
          issues.push({
            path: ['steps', index, field],
            rule: 'wait-field',
            message: `"${field}" does not apply to wait: ${step.wait}`,
            hint: 'remove it',
          });
    }
  });

  const saved = new Set(
    spec.steps.flatMap((step) =>
      'ask' in step || ('wait' in step && step.wait === 'message') ? [step.save ?? step.name] : [],
    ),
  );
  for (const reference of answerReferences(spec))
    if (!saved.has(reference.name))
      issues.push({
        path: reference.path,
        rule: 'unknown-answer',
        message: `no step saves an answer named "${reference.name}"`,
        hint: `use one of: ${[...saved].join(', ') || 'none yet'} (or input.<key>)`,
      });
  issues.push(...learnerReferences(spec, options.learnerValues ?? new Set()));

  for (const { key, path } of messageKeys(spec)) {
    const missing = options.missingMessage(key);
    if (missing.length)
      issues.push({
        path,
        rule: 'unknown-message',
        message: `message "${key}" is not in ${missing.map((language) => `content/messages/${language}.yaml`).join(' or ')}`,
        hint: 'add it to every language, or fix the key',
      });
  }
  issues.push(...loopsWithoutWait(spec));
  return issues;
}

/** Steps that go round in a circle without waiting for the learner would never let a turn end. */
function loopsWithoutWait(spec: FlowSpec): FlowIssue[] {
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
