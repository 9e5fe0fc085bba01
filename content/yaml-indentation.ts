/**
 * The first line of a block-style YAML file whose indentation puts a key where no group is open:
 * more indented than the line above when that line opened nothing (`en: text` then `   sw:`), or
 * lined up with no group above (`      en:` then `     sw:`). The YAML parser reports these as
 * "nested mappings" or "implicit keys" somewhere near; authors need the line and the spaces.
 *
 * Decisions: lines that are not `key:` or `- ` lines (continued text, flow `{ … }` lines) are
 * skipped, as are block texts (`|`, `>`) and quoted texts spanning lines; only spaces count.
 */
import type { Problem } from './problem.js';

export interface IndentationMistake {
  line: number;
  indent: number;
  /** The number of spaces the line's group uses. */
  expected: number;
  kind: 'deeper' | 'unaligned';
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\]},][^#]*?)\s*:(?:\s+(.*))?$/;
const BLOCK_TEXT = /^[|>][-+0-9]*(\s+#.*)?$/;

/** Where the mapping inside a line starts once its `- ` item markers are stepped over. */
function stepOverItems(line: string, indent: number): { column: number; rest: string; items: number } {
  let column = indent;
  let rest = line.slice(indent);
  let items = 0;
  for (let match = /^-(\s+|$)/.exec(rest); match; match = /^-(\s+|$)/.exec(rest)) {
    column += match[0].length;
    rest = rest.slice(match[0].length);
    items++;
  }
  return { column, rest, items };
}

/** A quote or bracket the value opens and does not close on its own line. */
function unclosed(value: string): string | null {
  const first = value[0];
  if (first === "'" || first === '"') return value.split(first).length % 2 === 0 ? first : null;
  if (first === '{' || first === '[') {
    const close = first === '{' ? '}' : ']';
    return value.split(first).length > value.split(close).length ? close : null;
  }
  return null;
}

export function findIndentationMistake(text: string): IndentationMistake | null {
  const levels = [0];
  let opened: number | null = null;
  let blockText: number | null = null;
  let closing: string | null = null;
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const indent = /^ */.exec(line)![0].length;
    const content = line.slice(indent);
    if (content === '' || content.startsWith('#') || line.startsWith('---')) continue;
    if (closing !== null) {
      if (line.includes(closing)) closing = null;
      continue;
    }
    if (blockText !== null && indent > blockText) continue;
    blockText = null;
    const { column, rest, items } = stepOverItems(line, indent);
    const key = KEY.exec(rest);
    if (!items && !key) continue;
    if (opened !== null && (indent > opened || (items && indent === opened))) levels.push(indent);
    else if (indent > levels.at(-1)!) {
      return { line: index + 1, indent, expected: levels.at(-1)!, kind: 'deeper' };
    }
    opened = null;
    let popped = indent;
    while (levels.at(-1)! > indent) popped = levels.pop()!;
    // A `- ` item belongs with the items of the group it dropped back to; a key with the keys it left.
    if (levels.at(-1) !== indent)
      return { line: index + 1, indent, expected: items ? levels.at(-1)! : popped, kind: 'unaligned' };
    if (items && column !== indent) levels.push(column);
    if (!key) {
      if (items && rest === '') opened = column;
      continue;
    }
    const value = (key[2] ?? '').trim();
    if (value === '' || /^&\S+$/.test(value)) opened = column;
    else if (BLOCK_TEXT.test(value)) blockText = column;
    else closing = unclosed(value);
  }
  return null;
}

/**
 * One mistake, one error: a key indented wrongly makes the parser report two or three errors
 * near it (none naming indentation), so they become one at the line itself; otherwise only the
 * first error of each line is kept.
 */
export function diagnoseIndentation(file: string, text: string, problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (!errors.length) return;
  const mistake = findIndentationMistake(text);
  const first = Math.min(...errors.map((p) => p.line));
  const kept =
    mistake && Math.abs(mistake.line - first) <= 2
      ? [indentationProblem(file, mistake)]
      : errors.filter((p, i) => errors.findIndex((q) => q.line === p.line) === i);
  problems.splice(0, problems.length, ...kept, ...problems.filter((p) => p.severity === 'warning'));
}

function indentationProblem(file: string, mistake: IndentationMistake): Problem {
  const { line, indent, expected, kind } = mistake;
  const spaces = (n: number): string => `${n} space${n === 1 ? '' : 's'}`;
  return {
    file,
    line,
    col: indent + 1,
    severity: 'error',
    rule: 'yaml-syntax',
    message:
      kind === 'deeper'
        ? `this line is indented ${spaces(indent)}, deeper than the line above it, which opens no group`
        : `this line is indented ${spaces(indent)} and lines up with no group above it`,
    hint:
      kind === 'deeper'
        ? `indentation: give it ${spaces(expected)} like the line above, or end that line with \`:\` to start a group`
        : `indentation: give it ${spaces(expected)} like the other lines of its group`,
  };
}
