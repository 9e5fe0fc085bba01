import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPlaceholder, placeholdersIn } from './placeholders.js';
import { CONTENT_DIR, checkFile, displayPath, fieldsOf, problemAt } from './sources.js';
import { LANGUAGES, type WhatsAppTemplate } from './types.js';
import { formatProblem, type Problem } from './yaml-source.js';

/** Templates the code sends by name; each must be in templates.yaml in every language. */
export const TEMPLATE_NAMES = [
  'lesson_ready',
  'quiz_reminder',
  'streak_nudge',
  'welcome_back',
  // The weekly insight (flows/insight.ts), one per shape of it.
  'weekly_insight_both',
  'weekly_insight_strong',
  'weekly_insight_weak',
  // Renewals (flows/renewal.ts): before the end, the grace, the downgrade.
  'renewal_reminder',
  'renewal_grace',
  'renewal_ended',
  // A badge's celebration (flows/badges.ts), should it arrive after the window closed.
  'badge_earned',
  // The Sunday league nudge (flows/league.ts).
  'league_nudge',
  // An operator's bulk message (adapters/bulk), outside the learner's 24-hour window.
  'announcement',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Reads and checks content/templates.yaml: placeholders the code knows, and texts that use exactly the variables. */
export function checkTemplates(dir: string): {
  problems: Problem[];
  templates: Map<string, WhatsAppTemplate>;
} {
  const templates = new Map<string, WhatsAppTemplate>();
  const path = join(dir, 'templates.yaml');
  if (!existsSync(path)) {
    const problem: Problem = {
      file: displayPath(path),
      line: 1,
      col: 1,
      severity: 'error',
      rule: 'missing-file',
      message: 'there is no templates file',
      hint: 'create templates.yaml with the approved WhatsApp templates (see content/templates.yaml)',
    };
    return { problems: [problem], templates };
  }
  const { source, problems, ok } = checkFile(path, 'templates');
  if (source.problems.some((p) => p.severity === 'error')) return { problems, templates };
  const file = fieldsOf(fieldsOf(source.value).templates);
  for (const name of TEMPLATE_NAMES.filter((n) => !Object.hasOwn(file, n)))
    problems.push(
      problemAt(
        source,
        ['templates'],
        'missing-template',
        `there is no "${name}" template, which the code sends`,
        `add \`${name}:\` under \`templates:\` with its approved Twilio and Meta names`,
      ),
    );
  for (const [name, entry] of Object.entries(file)) {
    const template = fieldsOf(entry);
    const variables = Array.isArray(template.variables)
      ? template.variables.filter((v): v is string => typeof v === 'string')
      : [];
    const languages = fieldsOf(template.languages);
    for (const language of LANGUAGES.filter((l) => !Object.hasOwn(languages, l)))
      problems.push(
        problemAt(
          source,
          ['templates', name, 'languages'],
          'missing-translation',
          `template "${name}" has no ${language} version`,
          `add \`${language}:\` under \`languages:\` once the ${language} template is approved`,
        ),
      );
    variables.forEach((variable, index) => {
      if (!isPlaceholder(variable))
        problems.push(
          problemAt(
            source,
            ['templates', name, 'variables', index],
            'unknown-placeholder',
            `template "${name}" uses the variable "${variable}", which the code never supplies`,
            'use one of the names in PLACEHOLDERS (content/placeholders.ts), or add it there with the code that fills it',
          ),
        );
    });
    for (const [language, approval] of Object.entries(languages)) {
      const body = fieldsOf(approval).text;
      if (typeof body !== 'string') continue;
      const used = placeholdersIn(body);
      for (const variable of new Set(used.filter((v) => !variables.includes(v))))
        problems.push(
          problemAt(
            source,
            ['templates', name, 'languages', language, 'text'],
            'unknown-placeholder',
            `template "${name}" (${language}) says {{${variable}}}, which is not in its variables`,
            `add ${variable} to \`variables:\` or remove it from the text`,
          ),
        );
      for (const variable of variables.filter((v) => !used.includes(v)))
        problems.push(
          problemAt(
            source,
            ['templates', name, 'languages', language, 'text'],
            'unused-variable',
            `template "${name}" (${language}) never says {{${variable}}}`,
            `put {{${variable}}} in the text where the approved template has it`,
          ),
        );
    }
    if (ok) templates.set(name, { name, ...(entry as Omit<WhatsAppTemplate, 'name'>) });
  }
  return { problems, templates };
}

export class TemplatesError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`content/templates.yaml has errors:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'TemplatesError';
  }
}

/** The approved WhatsApp templates by name; throws TemplatesError listing every problem when the file has errors. */
export function loadTemplates(dir = CONTENT_DIR): Map<string, WhatsAppTemplate> {
  const { problems, templates } = checkTemplates(dir);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new TemplatesError(errors);
  return templates;
}

/** Twilio ContentVariables for a template: `{"1": "Amina", "2": "Money basics"}` in the approved order. */
export function contentVariables(
  template: WhatsAppTemplate,
  vars: Record<string, string | number>,
): Record<string, string> {
  return Object.fromEntries(
    template.variables.map((name, index) => [String(index + 1), String(vars[name] ?? '')]),
  );
}
