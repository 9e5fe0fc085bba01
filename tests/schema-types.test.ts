/*
 * The content and flow types are written twice: as TypeScript (content/types.ts,
 * engine/flow-compiler/spec.ts) and as the JSON Schemas authors' files are checked with
 * (content/schema/). This test reads both and fails when they drift: a field added, renamed or
 * made optional in one and not the other, or an enum that lists other values.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  items?: Schema;
  definitions?: Record<string, Schema>;
};

const FILES = ['content/types.ts', 'engine/flow-compiler/spec.ts'];
const program = ts.createProgram(FILES, { strict: true, noEmit: true });
const checker = program.getTypeChecker();

/** A named type (interface or alias) exported by one of FILES. */
function typeNamed(name: string): ts.Type {
  for (const file of FILES) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
    if (symbol) return checker.getDeclaredTypeOfSymbol(symbol);
  }
  throw new Error(`no type ${name} in ${FILES.join(', ')}`);
}

interface Field {
  optional: boolean;
  /** The string literals the field may hold, when it is an enum of them. */
  literals?: string[];
}

/** A type's fields; for a union, every member's fields (optional unless every member requires it). */
function fieldsOf(type: ts.Type): Map<string, Field> {
  const members = type.isUnion() ? type.types : [type];
  const fields = new Map<string, Field>();
  for (const member of members) {
    for (const property of checker.getPropertiesOfType(member)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      const parts = propertyType.isUnion() ? propertyType.types : [propertyType];
      const literals = parts.every((p) => p.isStringLiteral())
        ? parts.map((p) => (p as ts.StringLiteralType).value)
        : undefined;
      const seen = fields.get(property.name);
      fields.set(property.name, {
        optional: optional || (seen?.optional ?? false),
        literals: seen?.literals && literals ? [...new Set([...seen.literals, ...literals])] : literals,
      });
    }
  }
  for (const [name, field] of fields)
    if (members.some((member) => !checker.getPropertyOfType(member, name)))
      fields.set(name, { ...field, optional: true });
  return fields;
}

const schemaFile = (name: string): Schema =>
  JSON.parse(readFileSync(`content/schema/${name}.schema.json`, 'utf8')) as Schema;

function resolve(root: Schema, node: Schema): Schema {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  return resolve(root, root.definitions![name]!);
}

interface Pair {
  type: string;
  file: string;
  /** JSON pointer-ish path inside the schema: `definitions.option`, `properties.media`; the root when absent. */
  at?: string;
  /** Fields only the running program has (never in a file), with why. */
  runtimeOnly?: string[];
  /** Fields optional in the schema that the reader always fills (the schema gives a default). */
  filled?: string[];
}

const PAIRS: Pair[] = [
  { type: 'CourseFile', file: 'course', filled: ['premium', 'passMark'] },
  { type: 'Plan', file: 'plans', at: 'definitions.plan' },
  { type: 'Lesson', file: 'lesson', runtimeOnly: ['archived'] },
  { type: 'Question', file: 'lesson', at: 'definitions.question' },
  { type: 'Option', file: 'lesson', at: 'definitions.option' },
  { type: 'Media', file: 'lesson', at: 'properties.media' },
  { type: 'WhatsAppTemplate', file: 'templates', at: 'definitions.template', runtimeOnly: ['name'] },
  { type: 'TemplateApproval', file: 'templates', at: 'definitions.approval' },
  { type: 'FlowSpec', file: 'flow' },
  { type: 'Step', file: 'flow', at: 'definitions.step' },
  { type: 'ChoiceOption', file: 'flow', at: 'definitions.option' },
  { type: 'OptionsFrom', file: 'flow', at: 'definitions.optionsFrom' },
  { type: 'Timeout', file: 'flow', at: 'definitions.timeout' },
  { type: 'Condition', file: 'flow', at: 'definitions.condition' },
];

function schemaAt(pair: Pair): { root: Schema; node: Schema } {
  const root = schemaFile(pair.file);
  let node = root;
  for (const key of pair.at?.split('.') ?? []) node = resolve(root, (node as Record<string, Schema>)[key]!);
  return { root, node };
}

const title = (pair: Pair) => `${pair.type} matches content/schema/${pair.file}.schema.json ${pair.at ?? ''}`;

describe.each(PAIRS.map((pair) => [title(pair), pair] as const))('%s', (_, pair) => {
  const { root, node } = schemaAt(pair);
  const fields = fieldsOf(typeNamed(pair.type));
  const runtimeOnly = new Set(pair.runtimeOnly);
  const properties = node.properties ?? {};

  it('has the same fields', () => {
    const typed = [...fields.keys()].filter((name) => !runtimeOnly.has(name)).sort();
    expect(typed).toEqual(Object.keys(properties).sort());
  });

  it('requires the same fields', () => {
    const required = new Set(node.required ?? []);
    const filled = new Set(pair.filled);
    const drift = [...fields]
      .filter(([name]) => name in properties)
      .filter(([name, field]) => field.optional === (required.has(name) || filled.has(name)))
      .map(([name, field]) => `${name} is ${field.optional ? 'optional' : 'required'} in ${pair.type}`);
    expect(drift).toEqual([]);
  });

  it('allows the same values where a field is an enum', () => {
    const drift = [...fields]
      .filter(([name, field]) => field.literals && name in properties)
      .flatMap(([name, field]) => {
        const property = resolve(root, properties[name]!);
        const allowed = property.enum ?? (property.items ? resolve(root, property.items).enum : undefined);
        if (!allowed) return [];
        const same = [...field.literals!].sort().join() === allowed.map(String).sort().join();
        return same ? [] : [`${name}: ${field.literals!.join('|')} vs ${allowed.join('|')}`];
      });
    expect(drift).toEqual([]);
  });
});
