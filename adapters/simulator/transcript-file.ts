import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { parseYaml } from '../../content/yaml-source.js';
import { parseAdvance } from '../../engine/time.js';
import { parseGiven, type Given } from './transcript-given.js';

/** A transcript file: `tests/conversations/<flow>.<name>.yaml`. */

export const STEP_KINDS = ['learner', 'tap', 'bot', 'advance', 'state', 'no_reply', 'system'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
/** Keys a `bot` step may carry besides the text. */
const BOT_EXTRAS = ['buttons', 'list', 'image', 'at'] as const;

export type Expected = { kind: 'exact'; text: string } | { kind: 'regex'; regex: RegExp; source: string };

interface StepBase {
  /** Position of the step in `steps`, for UPDATE_GOLDEN. */
  index: number;
  line: number;
}
export interface BotStep extends StepBase {
  kind: 'bot';
  expected: Expected;
  buttons?: string[];
  list?: string[];
  image?: string;
  /** Local delivery time in the learner's zone, like `Tue 07:30`. */
  at?: string;
}
/**
 * A step that makes something happen: the learner writes or taps, time passes, or a service
 * answers (`system: payment` with `data:`, the event `system.payment` as the service would send it).
 */
export type ActionStep =
  | (StepBase & { kind: 'learner' | 'tap' | 'advance'; value: string })
  | (StepBase & { kind: 'system'; value: string; data: Record<string, unknown> });
export const isAction = (step: Step): step is ActionStep =>
  ['learner', 'tap', 'advance', 'system'].includes(step.kind);

export type Step =
  ActionStep | (StepBase & { kind: 'state'; value: string }) | (StepBase & { kind: 'no_reply' }) | BotStep;

export interface TranscriptSpec {
  file: string;
  flow: string;
  start: string;
  phone: string;
  /** `content:`: the folder with `courses/` the transcript runs on (relative to the repository root). */
  content?: { dir: string; where: string };
  /** `given:`: the learner seeded before the first step instead of replaying onboarding. */
  given?: Given;
  steps: Step[];
  /** The parsed document, kept for UPDATE_GOLDEN rewrites (comments included). */
  document: Document;
}

/** Keys a transcript may have besides flow and steps. */
const OPTIONAL_KEYS = ['start', 'phone', 'content', 'given'];

export const DEFAULT_START = '2026-03-02T04:00:00Z';
export const DEFAULT_PHONE = '+254700000001';

export class TranscriptError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TranscriptError';
  }
}

/** `/Welcome/i` is a regular expression; anything else is the exact text. */
export function expectedOf(text: string): Expected {
  const match = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!match) return { kind: 'exact', text };
  return { kind: 'regex', regex: new RegExp(match[1]!, match[2]), source: text };
}

export function describeExpected(expected: Expected): string {
  return expected.kind === 'exact' ? expected.text : expected.source;
}

export function readTranscript(file: string): TranscriptSpec {
  return parseTranscript(readFileSync(file, 'utf8'), file);
}

/** Parses and validates a transcript; every problem is reported with file:line:col. */
export function parseTranscript(source: string, file: string): TranscriptSpec {
  const lines = new LineCounter();
  // Failsafe: every scalar stays text, so `+2547…`, `007` and `06:45` survive a rewrite untouched.
  const document = parseDocument(source, { lineCounter: lines, schema: 'failsafe', prettyErrors: false });
  const problems: string[] = [];
  const at = (node: Node | null | undefined) => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    return { line: pos.line, where: `${file}:${pos.line}:${pos.col}` };
  };
  // Syntax errors as content:check words them: at their own line, with a hint (indentation named).
  if (document.errors.length > 0)
    throw new TranscriptError(
      parseYaml(file, source)
        .problems.filter((problem) => problem.severity === 'error')
        .map(
          ({ line, col, message, hint }) =>
            `${file}:${line}:${col}: ${message}${hint ? ` (hint: ${hint})` : ''}`,
        ),
    );

  const root = document.contents;
  if (!isMap(root))
    throw new TranscriptError([
      `${at(root).where}: a transcript is a mapping with flow, steps and optionally ${OPTIONAL_KEYS.join(', ')}`,
    ]);
  const text = (key: string, required: boolean): string | undefined => {
    const node = root.get(key, true);
    if (node === undefined) {
      if (required) problems.push(`${file}:1:1: "${key}" is required`);
      return undefined;
    }
    if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
    problems.push(`${at(node as Node).where}: "${key}" must be a text`);
    return undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['flow', 'steps', ...OPTIONAL_KEYS].includes(key))
      problems.push(
        `${at(pair.key as Node).where}: unknown key "${key}": use flow, steps, ${OPTIONAL_KEYS.join(', ')}`,
      );
  }
  const flow = text('flow', true) ?? '';
  const start = text('start', false) ?? DEFAULT_START;
  const phone = text('phone', false) ?? DEFAULT_PHONE;
  const contentDir = text('content', false);
  const content = contentDir
    ? { dir: contentDir, where: at(root.get('content', true) as Node).where }
    : undefined;
  const givenNode = root.get('given', true) as Node | undefined;
  const given = givenNode === undefined ? undefined : parseGiven(givenNode, at, problems);
  if (Number.isNaN(Date.parse(start)))
    problems.push(
      `${at(root.get('start', true) as Node).where}: start "${start}" is not an ISO time like ${DEFAULT_START}`,
    );
  if (flow && !basename(file).startsWith(`${flow}.`))
    problems.push(
      `${at(root.get('flow', true) as Node).where}: the file name should start with "${flow}." (tests/conversations/<flow>.<name>.yaml)`,
    );

  const stepsNode = root.get('steps', true);
  const steps: Step[] = [];
  if (!isSeq(stepsNode) || stepsNode.items.length === 0)
    problems.push(`${at(stepsNode as Node).where}: "steps" must be a non-empty list`);
  else stepsNode.items.forEach((item, index) => parseStep(item as Node, index, at, problems, steps));

  if (problems.length > 0) throw new TranscriptError(problems);
  return {
    file,
    flow,
    start,
    phone,
    ...(content ? { content } : {}),
    ...(given ? { given } : {}),
    steps,
    document,
  };
}

function parseStep(
  item: Node,
  index: number,
  at: (node: Node | null | undefined) => { line: number; where: string },
  problems: string[],
  steps: Step[],
) {
  const { line, where } = at(item);
  if (!isMap(item)) {
    problems.push(`${where}: a step is a mapping like "- learner: hi"; use one of ${STEP_KINDS.join(', ')}`);
    return;
  }
  const keys = item.items.map((pair) => ({
    key: isScalar(pair.key) ? String(pair.key.value) : '',
    node: pair.key as Node,
  }));
  const kinds = keys.filter((k) => (STEP_KINDS as readonly string[]).includes(k.key));
  for (const k of keys) {
    const allowed =
      (kinds[0]?.key === 'bot' && (BOT_EXTRAS as readonly string[]).includes(k.key)) ||
      (kinds[0]?.key === 'system' && k.key === 'data');
    if (!allowed && !kinds.includes(k))
      problems.push(
        `${at(k.node).where}: unknown step "${k.key}": use one of ${STEP_KINDS.join(', ')}${kinds[0]?.key === 'bot' ? ` (a bot step may also have ${BOT_EXTRAS.join(', ')})` : ''}`,
      );
  }
  if (kinds.length !== 1) {
    if (kinds.length > 1)
      problems.push(`${where}: one step per list item; found ${kinds.map((k) => k.key).join(' and ')}`);
    else if (keys.length === 0) problems.push(`${where}: empty step; use one of ${STEP_KINDS.join(', ')}`);
    return;
  }
  const kind = kinds[0]!.key as StepKind;
  const valueNode = item.get(kind, true) as Node | undefined;
  const value = isScalar(valueNode) && typeof valueNode.value === 'string' ? valueNode.value : undefined;
  if (value === undefined) {
    problems.push(`${at(valueNode ?? item).where}: "${kind}" needs a text value`);
    return;
  }
  if (kind === 'no_reply') {
    if (value !== 'true') problems.push(`${at(valueNode).where}: write "no_reply: true"`);
    steps.push({ kind, index, line });
  } else if (kind === 'bot') {
    steps.push(botStep(item, value, index, line, at, problems));
  } else if (kind === 'system') {
    const dataNode = item.get('data', true) as Node | undefined;
    if (dataNode !== undefined && !isMap(dataNode))
      problems.push(`${at(dataNode).where}: "data" is a mapping, like { status: prompted, orderId: o1 }`);
    const data = dataNode === undefined ? {} : (typed(dataNode.toJSON()) as Record<string, unknown>);
    steps.push({ kind, value, data, index, line });
  } else {
    if (kind === 'advance') {
      try {
        parseAdvance(value);
      } catch (error) {
        problems.push(`${at(valueNode).where}: ${(error as Error).message}`);
      }
    }
    steps.push({ kind, value, index, line });
  }
}

/**
 * A `data:` value as JSON would have it: the file is read with every scalar as text (so phone
 * numbers and times survive rewrites), so `true`, `false`, `null` and numbers are turned back.
 */
function typed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typed);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, typed(inner)]));
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 'null') return null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function botStep(
  item: YAMLMap,
  value: string,
  index: number,
  line: number,
  at: (node: Node | null | undefined) => { where: string },
  problems: string[],
): BotStep {
  let expected: Expected = { kind: 'exact', text: value };
  try {
    expected = expectedOf(value);
  } catch (error) {
    problems.push(`${at(item.get('bot', true) as Node).where}: ${(error as Error).message}`);
  }
  const titles = (key: 'buttons' | 'list') => {
    const node = item.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (isSeq(node) && node.items.every((i) => isScalar(i)))
      return node.items.map((i) => String((i as { value: unknown }).value));
    problems.push(`${at(node).where}: "${key}" is a list of titles, like [Morning 07:30, Midday 12:30]`);
    return undefined;
  };
  const scalar = (key: 'image' | 'at') => {
    const node = item.get(key, true);
    return isScalar(node) ? String(node.value) : undefined;
  };
  const step: BotStep = { kind: 'bot', expected, index, line };
  const buttons = titles('buttons');
  const list = titles('list');
  const image = scalar('image');
  const when = scalar('at');
  if (buttons) step.buttons = buttons;
  if (list) step.list = list;
  if (image) step.image = image;
  if (when) step.at = when;
  return step;
}
