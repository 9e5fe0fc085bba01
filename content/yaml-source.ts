import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closestName, damerauLevenshtein } from '../shared/text-distance.js';
import { describePath, oneErrorPerMistake, type FoundProblem } from './schema-cascade.js';
import { diagnoseIndentation } from './yaml-indentation.js';
import ajvErrors from 'ajv-errors';
import ajvFormats from 'ajv-formats';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';

import type { Problem } from './problem.js';

export type { Problem } from './problem.js';

export interface Position {
  line: number;
  col: number;
}

export interface YamlSource {
  file: string;
  text: string;
  value: unknown;
  /** YAML syntax errors and warnings, with line/col. */
  problems: Problem[];
  /** Where the node at `path` starts, or the nearest existing ancestor when it does not exist. */
  at(path: (string | number)[]): Position;
}

const SYNTAX_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a group; remove or rename one of them',
  BAD_INDENT: 'indent with spaces so that keys of the same group line up',
  MISSING_CHAR: 'close the quote or bracket that was opened, or add the missing `:`',
  BLOCK_AS_IMPLICIT_KEY: 'a text that contains ": " must be in quotes, e.g. `body: "Note: …"`',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; put a space after its colon',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  UNEXPECTED_TOKEN: 'check the quotes, colons and dashes on this line',
};
const DEFAULT_SYNTAX_HINT = 'check the indentation, colons and quotes on this line';

/** Parses one YAML file, keeping syntax problems and positions instead of throwing. */
export function parseYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], list: typeof doc.errors): void => {
    for (const error of list) {
      const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      problems.push({
        file,
        line: pos.line,
        col: pos.col,
        severity,
        rule: 'yaml-syntax',
        message: error.message.split(' at line ')[0]!.trim(),
        hint: SYNTAX_HINTS[error.code] ?? DEFAULT_SYNTAX_HINT,
      });
    }
  };
  report('error', doc.errors);
  report('warning', doc.warnings);
  diagnoseIndentation(file, text, problems);

  let value: unknown = null;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // Already reported as a syntax problem; the value stays null so schema checks see an empty file.
  }
  const positionOf = (offset: number): Position => lineCounter.linePos(offset);
  const source: YamlSource = { file, text, value, problems, at: (path) => locate(doc, path, positionOf) };
  keyLocators.set(source, (path) => locate(doc, path, positionOf, true));
  return source;
}

const keyLocators = new WeakMap<YamlSource, (path: (string | number)[]) => Position>();

/** Where the key of the pair at `path` is written: an unknown field is shown at its name, not its value. */
function keyPosition(source: YamlSource, path: (string | number)[]): Position {
  return keyLocators.get(source)?.(path) ?? source.at(path);
}

function locate(
  doc: Document,
  path: (string | number)[],
  positionOf: (offset: number) => Position,
  atKey = false,
): Position {
  let node: unknown = doc.contents;
  // A collection under a key is shown at its key: that is the line an author recognises.
  let named: Node | null = null;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let key: Node | null = null;
    if (isSeq(node)) {
      next = node.items[Number(segment)];
    } else if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair) {
        key = isScalar(pair.key) ? pair.key : null;
        // `title:` with nothing after it: the key is the place to point at.
        next = pair.value ?? pair.key;
      }
    }
    if (next === undefined || next === null) break;
    node = next;
    named = key;
  }
  const target = atKey || isMap(node) || isSeq(node) ? (named ?? node) : node;
  const range = (target as Node | null)?.range;
  return range ? positionOf(range[0]) : { line: 1, col: 1 };
}

const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
    ajvFormats(ajv);
    ajvErrors(ajv);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates with ajv (+ajv-formats, ajv-errors, allErrors); maps each ajv instancePath back to the YAML node's line:col; the message says the rule broken and a hint on how to fix it. */
export function checkSchema(source: YamlSource, schema: object): Problem[] {
  const validate = validatorFor(schema);
  if (validate(source.value ?? {})) return [];
  const seen = new Set<string>();
  const found: FoundProblem[] = [];
  for (const error of validate.errors ?? []) {
    // `if` and `propertyNames` only repeat what the error inside them already says.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    const cause = originalError(error);
    const path = pointerToPath(error.instancePath);
    const badKey =
      cause.keyword === 'additionalProperties' ? String(cause.params.additionalProperty) : cause.propertyName;
    const { line, col } = badKey === undefined ? source.at(path) : keyPosition(source, [...path, badKey]);
    const described = describe(error, cause, path);
    const hint = typoHint(cause) ?? described.hint;
    const message =
      cause.propertyName === undefined ? described.message : `"${cause.propertyName}": ${described.message}`;
    const key = `${line}:${col}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem: Problem = {
      file: source.file,
      line,
      col,
      severity: 'error',
      rule: cause.keyword === 'false schema' ? 'not-allowed' : cause.keyword,
      message,
      ...(hint ? { hint } : {}),
    };
    if (cause.keyword === 'false schema' && path.length)
      found.push({ problem, at: path.slice(0, -1), unwanted: String(path.at(-1)) });
    else if (cause.keyword === 'additionalProperties') found.push({ problem, at: path, unwanted: badKey });
    else if (cause.keyword === 'required')
      found.push({
        problem,
        at: path,
        missing: String(cause.params.missingProperty),
        ...(cause.schemaPath.includes('/anyOf/') ? { alternative: true } : {}),
      });
    else found.push({ problem, at: path, ...(cause.keyword === 'anyOf' ? { alternatives: true } : {}) });
  }
  return oneErrorPerMistake(found).sort((a, b) => a.line - b.line || a.col - b.col);
}

/** "did you mean `multiple`?" for a value one or two typos away from an allowed one. */
function typoHint(cause: ErrorObject): string | undefined {
  if (cause.keyword !== 'enum' || typeof cause.data !== 'string') return undefined;
  const allowed = (cause.params as { allowedValues: unknown[] }).allowedValues.filter(
    (value): value is string => typeof value === 'string',
  );
  const near = closestName(cause.data, allowed);
  return near === undefined ? undefined : `did you mean \`${near}\`?`;
}

/** ajv-errors wraps the errors it replaced; the first of them names the rule that was broken. */
function originalError(error: ErrorObject): ErrorObject {
  if (error.keyword !== 'errorMessage') return error;
  const wrapped = (error.params as { errors?: ErrorObject[] }).errors;
  return wrapped?.[0] ?? error;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Custom messages are written `what is wrong (hint: how to fix it)`; the others get a hint here. */
function describe(
  error: ErrorObject,
  cause: ErrorObject,
  path: (string | number)[],
): { message: string; hint?: string } {
  const where = path.length ? `"${describePath(path)}"` : 'this file';
  if (error.keyword === 'errorMessage') {
    const match = /^([\s\S]*?)\s*\(hint: ([\s\S]*)\)$/.exec(error.message ?? '');
    return match ? { message: match[1]!, hint: match[2]! } : { message: error.message ?? 'is not valid' };
  }
  const params = cause.params as Record<string, unknown>;
  switch (cause.keyword) {
    case 'required':
      return {
        message: `${where} has no "${String(params.missingProperty)}"`,
        hint: `add \`${String(params.missingProperty)}:\``,
      };
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(
        (cause.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const near = known
        .map((name) => ({ name, distance: damerauLevenshtein(name, field) }))
        .filter(({ distance }) => distance <= 2)
        .sort((a, b) => a.distance - b.distance)[0]?.name;
      return {
        message: `"${field}" is not a known field${path.length ? ` of ${where}` : ''}`,
        hint: near
          ? `did you mean \`${near}:\`?`
          : known.length
            ? `known fields: ${known.join(', ')}`
            : 'remove it',
      };
    }
    case 'enum':
      return {
        message: `${where} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        hint: 'use one of the listed values',
      };
    case 'type':
      return {
        message: `${where} must be ${article(String(params.type))}`,
        hint: `write ${article(String(params.type))} here`,
      };
    case 'false schema':
      return {
        message: `"${String(path.at(-1))}" does not belong here`,
        hint: 'remove it; it is not used by this kind of question',
      };
    case 'const':
      return {
        message: `${where} must be ${JSON.stringify(params.allowedValue)}`,
        hint: `write ${JSON.stringify(params.allowedValue)}`,
      };
    default:
      return { message: `${where} ${cause.message ?? 'is not valid'}` };
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a group of `key: value` lines',
    array: 'a list of `- item` lines',
    string: 'a text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

/** `content/courses/money/course.yaml:12:5 error required: lesson "x" has no title (hint: add `title:` …)` */
export function formatProblem(problem: Problem): string {
  const hint = problem.hint ? ` (hint: ${problem.hint})` : '';
  return `${problem.file}:${problem.line}:${problem.col} ${problem.severity} ${problem.rule}: ${problem.message}${hint}`;
}
