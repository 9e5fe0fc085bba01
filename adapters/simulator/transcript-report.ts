import type { OutboundMessage } from '../../engine/ports.js';
import { choicesOf } from './choices.js';
import { describeExpected, type BotStep } from './transcript-file.js';

/** What a transcript run reports: the readable transcript and the first difference. */

export interface Mismatch {
  file: string;
  line: number;
  /** What went wrong, in words. */
  problem: string;
  expected: string;
  actual: string;
}

export interface TranscriptResult {
  file: string;
  flow: string;
  ok: boolean;
  /** What the learner saw: `> hi`, `< Welcome…`, `~ advance 1d`, `= state welcome.askName`. */
  transcript: string[];
  mismatch?: Mismatch;
  /** UPDATE_GOLDEN wrote new `bot:` lines into the file. */
  updated: boolean;
}

export type Difference = Pick<Mismatch, 'problem' | 'expected' | 'actual'>;
export const NOTHING = '(no message)';

/** A bot message as transcript lines; `at` (local time) is shown for messages timers produced. */
export function bubble(message: OutboundMessage, at?: string): string[] {
  const [first = '', ...rest] = message.text.split('\n');
  const lines = [`< ${at ? `[${at}] ` : ''}${first}`, ...rest.map((l) => `  ${l}`)];
  const choices = choicesOf(message);
  if (choices.length > 0) lines.push(`  ${choices.map((c) => `[${c.title}]`).join(' ')}`);
  if (message.media) lines.push(`  (${message.media.type} ${message.media.url})`);
  return lines;
}

const titles = (list: { title: string }[] | undefined) => (list ?? []).map((x) => x.title).join(' | ');

/** Why a reply does not match a `bot:` step, or null when it does. */
export function botMismatch(step: BotStep, message: OutboundMessage, at: string): Difference | null {
  const expected = step.expected;
  const textOk =
    expected.kind === 'exact' ? message.text === expected.text : expected.regex.test(message.text);
  if (!textOk)
    return {
      problem: 'the bot said something else',
      expected: describeExpected(expected),
      actual: message.text,
    };
  if (step.buttons && titles(message.buttons) !== step.buttons.join(' | '))
    return {
      problem: 'the buttons differ',
      expected: step.buttons.join(' | '),
      actual: titles(message.buttons),
    };
  if (step.list && titles(message.list?.rows) !== step.list.join(' | '))
    return {
      problem: 'the list rows differ',
      expected: step.list.join(' | '),
      actual: titles(message.list?.rows),
    };
  if (step.image && stableImageUrl(message.media?.url) !== stableImageUrl(step.image))
    return { problem: 'the image differs', expected: step.image, actual: message.media?.url ?? NOTHING };
  if (step.at && at !== step.at)
    return { problem: 'the message came at another time', expected: step.at, actual: at };
  return null;
}

/** The readable transcript and, on failure, where and how it differs. */
export function formatResult(result: TranscriptResult): string {
  const lines = [`# ${result.file}`, ...result.transcript.map((l) => `  ${l}`)];
  if (result.updated) lines.push(`✎ updated the bot lines in ${result.file}`);
  const m = result.mismatch;
  if (m)
    lines.push(
      `✗ ${m.file}:${m.line}: ${m.problem}`,
      `  - expected: ${m.expected}`,
      `  + actual:   ${m.actual}`,
    );
  else lines.push('✓ matches');
  return lines.join('\n');
}

/**
 * An image URL as transcripts keep it: a generated file's link carries a random token
 * (`/files/<token>/progress-….png`), so the token is left out and only its name compared.
 */
export function stableImageUrl(url: string | undefined): string | undefined {
  return url?.replace(/\/files\/[A-Za-z0-9_-]{43}\//, '/files/<token>/');
}
