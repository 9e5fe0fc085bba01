import { closestName } from '../../shared/text-distance.js';
import { LANGUAGE_OPTIONS } from './answers.js';
import type { CheckOptions, FlowIssue } from './check-issue.js';
import type { Path } from './check-targets.js';
import { LEARNER_FIELDS } from './extensions.js';
import { isOptionsFrom, staticOptions, type FlowSpec, type Value } from './spec.js';
import { referencesIn } from './values.js';

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
export function learnerReferences(spec: FlowSpec, provided: ReadonlySet<string>): FlowIssue[] {
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

/** `{{answer}}` and `if:` references to answers that no ask or wait step saves. */
export function unknownAnswers(spec: FlowSpec): FlowIssue[] {
  const issues: FlowIssue[] = [];
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
  return issues;
}

/** Message keys the flow sends that some language's messages file lacks. */
export function unknownMessages(spec: FlowSpec, missingMessage: CheckOptions['missingMessage']): FlowIssue[] {
  const issues: FlowIssue[] = [];
  for (const { key, path } of messageKeys(spec)) {
    const missing = missingMessage(key);
    if (missing.length)
      issues.push({
        path,
        rule: 'unknown-message',
        message: `message "${key}" is not in ${missing.map((language) => `content/messages/${language}.yaml`).join(' or ')}`,
        hint: 'add it to every language, or fix the key',
      });
  }
  return issues;
}
