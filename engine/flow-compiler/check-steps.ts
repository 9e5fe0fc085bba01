import { parseAnswer } from './answers.js';
import { closestName } from '../../shared/text-distance.js';
import type { CheckOptions, FlowIssue } from './check-issue.js';
import type { Path } from './check-targets.js';
import { isOptionsFrom, staticOptions, type AskStep, type FlowSpec, type Step } from './spec.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

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

/** A step's own fields: an ask's rules, and the finisher, flow or timer it names. */
export function stepIssues(spec: FlowSpec, index: number, options: CheckOptions): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const step: Step = spec.steps[index]!;
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
  return issues;
}
