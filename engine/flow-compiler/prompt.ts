import type { OfferedChoice } from '../choices.js';
import type { SendParams } from '../effects.js';
import { DEFAULT_BUTTON_ID, LANGUAGE_OPTIONS } from './answers.js';
import { isOptionsFrom, staticOptions, type AskStep } from './spec.js';
import { messageVars, type Scope } from './values.js';

/**
 * What an ask step sends: its question (`key` is the step's message or its re-ask) with the
 * default's button and the options as buttons, or as a list behind the step's `list` button.
 * `provided` are the options a source gave (`options: { from: … }`).
 */
export function askPrompt(step: AskStep, key: string, scope: Scope, provided: OfferedChoice[]): SendParams {
  const offered = scope.context.offered[step.name];
  const from = isOptionsFrom(step.options) ? step.options : undefined;
  const vars = {
    ...messageVars(step.vars, scope),
    ...(step.example ? { example: step.example } : {}),
    ...(offered ? { default: offered } : {}),
    // Options from a source are listed by number too, as `{{<source>}}`.
    ...(from ? { [from.from]: provided.map((c, i) => `${i + 1}. ${c.title}`).join('\n') } : {}),
  };
  // A default with its own question is proposed once: re-asks leave its button out ("yes" still takes it).
  const proposing = offered && (!step.default?.message || key === step.message);
  const defaultButton = proposing
    ? [{ id: DEFAULT_BUTTON_ID, key: step.default!.button, vars: { value: offered } }]
    : [];
  const choices = from
    ? provided.map((c) => ({ id: c.id, key: from.message, vars: { answer: c.title } }))
    : (step.ask === 'language' ? LANGUAGE_OPTIONS : staticOptions(step)).map((option) => ({
        id: option.id,
        key: option.message,
      }));
  // A default may come with its own question ("You seem to be in … Is that right?").
  const asked = offered && key === step.message && step.default?.message ? step.default.message : key;
  if (choices.length + defaultButton.length > 3 && step.list)
    return { key: asked, vars, list: { buttonKey: step.list, rows: [...defaultButton, ...choices] } };
  const buttons = [...defaultButton, ...choices];
  return { key: asked, vars, ...(buttons.length ? { buttons } : {}) };
}
