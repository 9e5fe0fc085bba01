import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const MESSAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'messages');
export const DEFAULT_LANGUAGE = 'en';

export type Catalog = Map<string, Map<string, string>>;

function flatten(node: unknown, prefix: string, out: Map<string, string>, file: string): void {
  if (typeof node === 'string') {
    out.set(prefix, node);
    return;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`${file}: "${prefix}" must be a text or a group of texts`);
  }
  for (const [key, value] of Object.entries(node))
    flatten(value, prefix ? `${prefix}.${key}` : key, out, file);
}

/** Reads content/messages/<lang>.yaml into key → text per language. */
export function loadCatalog(dir = MESSAGES_DIR): Catalog {
  const catalog: Catalog = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const texts = new Map<string, string>();
    flatten(parse(readFileSync(join(dir, file), 'utf8')), '', texts, file);
    catalog.set(file.replace(/\.yaml$/, ''), texts);
  }
  return catalog;
}

/** Message copy rendered for a learner; matches the engine's Messages port by shape (content/ does not import engine/). */
export interface RenderedMessages {
  render(language: string, key: string, vars?: Record<string, string | number>): string;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural form (`one`, `other` …) a number takes in a language, by the Unicode CLDR rules Intl knows. */
export function pluralForm(language: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

/**
 * A message's text in one language. A message that depends on a number is a group of plural
 * forms (`one:`, `other:`; `few:`, `many:` … where a language has them) chosen by `{{count}}`:
 * "1 question", "2 questions"; "swali 1", "maswali 2".
 */
function textOf(
  texts: Map<string, string> | undefined,
  language: string,
  key: string,
  vars: Record<string, string | number>,
) {
  const plain = texts?.get(key);
  if (plain !== undefined || !texts?.has(`${key}.other`)) return plain;
  const count = Number(vars.count);
  const form = Number.isFinite(count) ? pluralForm(language, count) : 'other';
  return texts.get(`${key}.${form}`) ?? texts.get(`${key}.other`);
}

/** The engine's Messages port: the learner's language, falling back to English, `{{var}}` filled. */
export function catalogMessages(catalog: Catalog = loadCatalog()): RenderedMessages {
  return {
    render(language, key, vars = {}) {
      const text =
        textOf(catalog.get(language), language, key, vars) ??
        textOf(catalog.get(DEFAULT_LANGUAGE), DEFAULT_LANGUAGE, key, vars);
      if (text === undefined)
        throw new Error(`Message "${key}" is missing from content/messages/${DEFAULT_LANGUAGE}.yaml`);
      const name = String(vars.name ?? '');
      const all: Record<string, string | number> = { name_suffix: name ? `, ${name}` : '', ...vars };
      return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, variable: string) => String(all[variable] ?? ''));
    },
  };
}
