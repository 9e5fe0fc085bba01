import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language } from './types.js';
import { checkSchema, parseYaml, type Problem, type YamlSource } from './yaml-source.js';

export const CONTENT_DIR = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_DIR = join(CONTENT_DIR, 'schema');

export type FileKind = 'course' | 'lesson' | 'messages' | 'templates' | 'plans' | 'badges';

const schemas = new Map<FileKind, object>();

export function schemaFor(kind: FileKind): object {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8')) as object;
    schemas.set(kind, schema);
  }
  return schema;
}

/** A parsed file and everything wrong with it on its own; `ok` means later checks may trust its shape. */
export interface CheckedFile {
  source: YamlSource;
  problems: Problem[];
  ok: boolean;
}

/** Reads, parses and schema-checks one file; a file with syntax errors is not schema-checked (positions would mislead). */
export function checkFile(path: string, kind: FileKind): CheckedFile {
  const source = parseYaml(displayPath(path), readFileSync(path, 'utf8'));
  const problems = [...source.problems, ...checkSchemaLine(source, path, kind)];
  if (source.problems.some((p) => p.severity === 'error')) return { source, problems, ok: false };
  const schemaProblems = checkSchema(source, schemaFor(kind));
  return { source, problems: [...problems, ...schemaProblems], ok: schemaProblems.length === 0 };
}

const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)\s*$/;

/** The first line tells editors which schema to validate and autocomplete with. */
function checkSchemaLine(source: YamlSource, path: string, kind: FileKind): Problem[] {
  const expected = relative(dirname(path), join(SCHEMA_DIR, `${kind}.schema.json`))
    .split(sep)
    .join('/');
  const line = `# yaml-language-server: $schema=${expected}`;
  const match = SCHEMA_LINE.exec(source.text.split('\n', 1)[0] ?? '');
  if (match && resolve(dirname(path), match[1]!) === resolve(SCHEMA_DIR, `${kind}.schema.json`)) return [];
  return [
    {
      file: source.file,
      line: 1,
      col: 1,
      severity: 'error',
      rule: 'schema-line',
      message: match
        ? `the first line points to ${match[1]}, not the ${kind} schema`
        : `the file does not start with the line that tells editors its schema`,
      hint: `make the first line \`${line}\``,
    },
  ];
}

/** Paths in problems are relative to where the command runs, so editors and terminals can open them. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return (shown.startsWith('..') ? path : shown).split(sep).join('/');
}

export function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

export function foldersIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

export function problemAt(
  source: YamlSource,
  path: (string | number)[],
  rule: string,
  message: string,
  hint?: string,
  severity: Problem['severity'] = 'error',
): Problem {
  return { file: source.file, ...source.at(path), severity, rule, message, ...(hint ? { hint } : {}) };
}

export type Fields = Record<string, unknown>;

/** A YAML group read leniently: a file that broke a schema rule still has its well-shaped parts checked. */
export const fieldsOf = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
export const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const isLanguage = (value: unknown): value is Language =>
  (LANGUAGES as readonly unknown[]).includes(value);
