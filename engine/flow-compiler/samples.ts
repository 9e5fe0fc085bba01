import type { ConversationEvent } from '../events.js';
import { DEFAULT_BUTTON_ID, LANGUAGE_OPTIONS, parseAnswer, type TextsOf } from './answers.js';
import type { OfferedChoice } from '../choices.js';
import {
  isOptionsFrom,
  kindOf,
  scheduledTimer,
  staticOptions,
  timeoutTimer,
  type AskStep,
  type FlowSpec,
  type Step,
} from './spec.js';
import { referencesIn } from './values.js';

/** The options a source gives a learner the flow knows nothing about yet. */
export type SampleChoices = (source: string) => OfferedChoice[];

const typed = (text: string): ConversationEvent => ({
  type: 'learner.message',
  message: { kind: 'text', text },
  input: text.trim(),
});
const tapped = (id: string): ConversationEvent => ({
  type: 'learner.message',
  message: { kind: 'button', id },
  input: id,
});
const fired = (name: string): ConversationEvent => ({ type: 'timer.fired', name, payload: {} });

/** One answer no step of any kind takes (except a free-text wait), to walk every re-ask. */
const NONSENSE = '?';
const VALID_EXAMPLE: Record<AskStep['ask'], string> = {
  text: 'Juma',
  choice: '',
  number: '3',
  time: '07:30',
  timezone: 'Africa/Nairobi',
  language: '',
};

function askSamples(step: AskStep, textsOf: TextsOf, sampleChoices: SampleChoices): ConversationEvent[] {
  const provided = isOptionsFrom(step.options) ? sampleChoices(step.options.from) : [];
  const accepts = (text: string) => parseAnswer(step, text, textsOf, undefined, provided).ok;
  const events: ConversationEvent[] = [];
  const options = isOptionsFrom(step.options) ? provided : staticOptions(step);
  if (step.ask === 'choice') events.push(...options.map((option) => tapped(option.id)));
  else if (step.ask === 'language') events.push(...LANGUAGE_OPTIONS.map((option) => tapped(option.id)));
  else {
    events.push(...options.map((option) => tapped(option.id)));
    const numberExample = String(step.min ?? step.max ?? VALID_EXAMPLE.number);
    const valid = step.example ?? (step.ask === 'number' ? numberExample : VALID_EXAMPLE[step.ask]);
    if (accepts(valid)) events.push(typed(valid));
  }
  // A default from the learner (their phone's zone) is offered or not by who they are: the tests
  // cannot know, so they leave its button alone.
  const fromLearner = step.default && referencesIn(step.default.value).some((r) => r.startsWith('learner.'));
  if (step.default && !fromLearner) events.push(tapped(DEFAULT_BUTTON_ID));
  const max = typeof step.max === 'number' ? step.max : undefined;
  const wrong = [NONSENSE, 'x'.repeat((max ?? 1000) + 1), String((max ?? 0) + 1)].find(
    (text) => !accepts(text),
  );
  if (wrong) events.push(typed(wrong));
  return events;
}

function stepSamples(
  flow: string,
  step: Step,
  textsOf: TextsOf,
  sampleChoices: SampleChoices,
): ConversationEvent[] {
  const events: ConversationEvent[] = [];
  const kind = kindOf(step);
  if (kind === 'ask') events.push(...askSamples(step as AskStep, textsOf, sampleChoices));
  if ('timeout' in step && step.timeout) events.push(fired(timeoutTimer(flow, step.name)));
  if ('wait' in step) {
    if (step.wait === 'timer' && step.timer) events.push(fired(scheduledTimer(flow, step.timer)));
    else events.push(typed('Thank you'));
  }
  if ('branch' in step)
    for (const condition of step.branch)
      for (const value of [condition.equals, ...(condition.in ?? [])])
        if (value !== undefined) events.push(typed(String(value)));
  return events;
}

/**
 * The events the path tests explore a compiled flow with: every option of every choice, one good
 * and one bad answer per ask, each timer it sets, and the values its branches test.
 */
export function samplesOf(
  spec: FlowSpec,
  textsOf: TextsOf,
  sampleChoices: SampleChoices = () => [],
): ConversationEvent[] {
  const seen = new Set<string>();
  return spec.steps
    .flatMap((step) => stepSamples(spec.flow, step, textsOf, sampleChoices))
    .filter((event) => {
      const key = JSON.stringify(event);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
