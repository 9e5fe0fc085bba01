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

/** The engine's Messages port: the learner's language, falling back to English, `{{var}}` filled. */
export function catalogMessages(catalog: Catalog = loadCatalog()): RenderedMessages {
  return {
    render(language, key, vars = {}) {
      const text = catalog.get(language)?.get(key) ?? catalog.get(DEFAULT_LANGUAGE)?.get(key);
      if (text === undefined)
        throw new Error(`Message "${key}" is missing from content/messages/${DEFAULT_LANGUAGE}.yaml`);
      const name = String(vars.name ?? '');
      const all: Record<string, string | number> = { name_suffix: name ? `, ${name}` : '', ...vars };
      return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, variable: string) => String(all[variable] ?? ''));
    },
  };
}
