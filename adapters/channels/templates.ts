import { loadTemplates } from '../../content/templates.js';
import type { Language, TemplateApproval, WhatsAppTemplate } from '../../content/types.js';

/** One approved WhatsApp template in one language. */
export interface TemplateChoice {
  template: WhatsAppTemplate;
  approval: TemplateApproval;
}

export interface TemplateCatalog {
  /** The template in the learner's language, else in English; null when neither is approved. */
  find(name: string, language: string): TemplateChoice | null;
}

export function templateCatalog(
  templates: Map<string, WhatsAppTemplate>,
  fallback: Language = 'en',
): TemplateCatalog {
  return {
    find(name, language) {
      const template = templates.get(name);
      const approval = template?.languages[language as Language] ?? template?.languages[fallback];
      return template && approval ? { template, approval } : null;
    },
  };
}

/** content/templates.yaml, checked (throws TemplatesError listing every problem). */
export function loadTemplateCatalog(dir?: string): TemplateCatalog {
  return templateCatalog(loadTemplates(dir));
}
