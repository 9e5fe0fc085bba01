import { join } from 'node:path';
import { isPlaceholder, placeholdersIn } from './placeholders.js';
import { checkFile, displayPath, problemAt, yamlFilesIn } from './sources.js';
import { LANGUAGES, type Language, type MessageCatalog } from './types.js';
import type { Problem, YamlSource } from './yaml-source.js';

interface Entry {
  text: string;
  path: string[];
}

function flatten(node: unknown, path: string[], out: Map<string, Entry>): void {
  if (typeof node === 'string') out.set(path.join('.'), { text: node, path });
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) flatten(value, [...path, key], out);
}

/**
 * Checks content/messages/<lang>.yaml: one file per language, the same keys in every language,
 * and only placeholders the code supplies.
 */
export function checkMessages(dir: string): { problems: Problem[]; messages: MessageCatalog } {
  const problems: Problem[] = [];
  const messages: MessageCatalog = {};
  const files = new Map<Language, { source: YamlSource; entries: Map<string, Entry> }>();
  const messagesDir = join(dir, 'messages');
  for (const name of yamlFilesIn(messagesDir)) {
    const checked = checkFile(join(messagesDir, name), 'messages');
    problems.push(...checked.problems);
    const language = name.replace(/\.yaml$/, '');
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      problems.push(
        problemAt(
          checked.source,
          [],
          'unknown-language',
          `"${language}" is not a language the bot speaks`,
          `name message files after a language: ${LANGUAGES.map((l) => `${l}.yaml`).join(', ')}`,
        ),
      );
      continue;
    }
    // Keys and placeholders are still compared when a schema rule is broken, so every problem shows at once.
    if (checked.source.problems.some((p) => p.severity === 'error')) continue;
    const entries = new Map<string, Entry>();
    flatten(checked.source.value, [], entries);
    files.set(language as Language, { source: checked.source, entries });
    messages[language as Language] = Object.fromEntries(
      [...entries].map(([key, entry]) => [key, entry.text]),
    );
  }
  for (const language of LANGUAGES.filter((l) => !yamlFilesIn(messagesDir).includes(`${l}.yaml`)))
    problems.push({
      file: displayPath(join(messagesDir, `${language}.yaml`)),
      line: 1,
      col: 1,
      severity: 'error',
      rule: 'missing-file',
      message: `there are no ${language} messages`,
      hint: `copy ${LANGUAGES[0]}.yaml to ${language}.yaml and translate every text`,
    });

  const allKeys = new Set([...files.values()].flatMap(({ entries }) => [...entries.keys()]));
  for (const [language, { source, entries }] of files) {
    for (const key of allKeys) {
      if (entries.has(key)) continue;
      const others = [...files].filter(([, file]) => file.entries.has(key)).map(([l]) => l);
      problems.push(
        problemAt(
          source,
          key.split('.'),
          'missing-translation',
          `message "${key}" is in ${others.join(', ')} but not in ${language}`,
          `add \`${key.split('.').at(-1)}:\` with the ${language} text under \`${key.split('.').slice(0, -1).join('.') || 'the top level'}\``,
        ),
      );
    }
    // Plural forms (content/messages.ts): a group with `one:` must say what every other number reads as.
    for (const [key, { path }] of entries)
      if (path.at(-1) === 'one' && !entries.has(`${key.slice(0, -'.one'.length)}.other`))
        problems.push(
          problemAt(
            source,
            path,
            'missing-plural',
            `message "${key.slice(0, -'.one'.length)}" has a \`one:\` form but no \`other:\``,
            'add `other:` with the text for every number but 1, using {{count}}',
          ),
        );
    for (const [key, { text, path }] of entries)
      for (const name of new Set(placeholdersIn(text)))
        if (!isPlaceholder(name))
          problems.push(
            problemAt(
              source,
              path,
              'unknown-placeholder',
              `message "${key}" uses {{${name}}}, which the code never fills in`,
              'use one of the names in PLACEHOLDERS (content/placeholders.ts), or add it there with the code that fills it',
            ),
          );
  }
  return { problems, messages };
}
