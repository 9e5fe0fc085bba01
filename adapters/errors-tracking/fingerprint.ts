import { createHash } from 'node:crypto';
import { maskPhones } from '../logger.js';

/*
 * Decisions: one bug is one group, whatever learner, id or amount it met. The message is normalized
 * (UUIDs, hex ids, numbers, quoted values and phones replaced) and the top stack frame is kept
 * without its line and column, so a deploy that moves the code does not split a group. An entry
 * logged at error level without an Error groups by its log message, class `LoggedError`.
 */

export interface ErrorIdentity {
  fingerprint: string;
  errorClass: string;
  message: string;
  topFrame: string | null;
}

const RULES: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/"[^"]*"|'[^']*'/g, '<str>'],
  [/\+?\d+•+\d+/g, '<phone>'],
  [/\+?\d[\d.:,-]*/g, '<n>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
];

export function normalizeMessage(message: string): string {
  let text = maskPhones(message).slice(0, 500);
  for (const [pattern, token] of RULES) text = text.replace(pattern, token);
  return text.replace(/\s+/g, ' ').trim();
}

/** `at fn (/work/app/adapters/x.ts:10:5)` → `fn (adapters/x.ts)`: the first frame outside node_modules. */
export function topFrameOf(stack: string | undefined): string | null {
  const frames = (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const frame = frames.find((line) => !line.includes('node_modules') && !line.includes('node:')) ?? frames[0];
  if (!frame) return null;
  return frame
    .trim()
    .replace(/^at /, '')
    .replace(/:\d+:\d+\)?$/, (end) => (end.endsWith(')') ? ')' : ''))
    .replace(
      /(file:\/\/)?\/[^\s()]*?\/(adapters|engine|flows|db|content|scripts|tests|node_modules)\//,
      '$2/',
    );
}

export function identify(err: unknown, logMessage: string): ErrorIdentity {
  const isError = err instanceof Error;
  const errorClass = isError ? err.constructor.name || err.name : 'LoggedError';
  const message = normalizeMessage(isError ? err.message || logMessage : logMessage);
  const topFrame = isError ? topFrameOf(err.stack) : null;
  const fingerprint = createHash('sha1')
    .update(`${errorClass}\n${message}\n${topFrame ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return { fingerprint, errorClass, message, topFrame };
}
