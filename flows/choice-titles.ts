import type { Catalog } from '../content/messages.js';
import type { Problem, YamlSource } from '../content/yaml-source.js';
import { staticOptions, type AskStep, type FlowSpec } from '../engine/flow-compiler/spec.js';
import { titleLength, titlesToShorten, WHATSAPP_LIMITS } from '../shared/whatsapp-limits.js';

/**
 * `content:check` warnings for a flow's choices whose titles (their message texts, per language)
 * WhatsApp would shorten: options on buttons or list rows, and the one button of a `default`.
 */
export function shortenedChoiceTitles(source: YamlSource, spec: FlowSpec, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const warn = (path: (string | number)[], key: string, language: string, length: number, max: number) =>
    problems.push({
      file: source.file,
      ...source.at(path),
      severity: 'warning',
      rule: 'title-shortened',
      message: `the ${language} text of "${key}" is ${length} characters; WhatsApp shows at most ${max} on a choice, so it will be shortened`,
      hint: `say it in ${max} characters or fewer in content/messages/${language}.yaml`,
    });
  (Array.isArray(spec.steps) ? spec.steps : []).forEach((step, index) => {
    if (!('ask' in step)) return;
    const ask = step as AskStep;
    const options = Array.isArray(ask.options) ? staticOptions(ask) : [];
    for (const [language, texts] of catalog) {
      for (const { index: option, length, max } of titlesToShorten(
        options.map((o) => texts.get(o.message) ?? ''),
      ))
        warn(['steps', index, 'options', option, 'message'], options[option]!.message, language, length, max);
      const button = ask.default?.button;
      const length = titleLength(button === undefined ? '' : (texts.get(button) ?? ''));
      if (button !== undefined && length > WHATSAPP_LIMITS.buttonTitle)
        warn(['steps', index, 'default', 'button'], button, language, length, WHATSAPP_LIMITS.buttonTitle);
    }
  });
  return problems;
}
