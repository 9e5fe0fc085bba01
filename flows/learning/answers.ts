/*
 * Checking a learner's reply against a quiz question of every type content/ defines. Decisions:
 * a choice is read as engine/choices.ts reads it (id, number as shown, text) in the learner's language,
 * then in the others, then by words copied from one option's text ("6-digit PIN"), then with a small
 * typo forgiven when only one option is that close; multiple select
 * takes "1, 3", "1 and 3", "a na c" and must equal the right set; true/false words are in English and
 * Swahili, and 1/2 only when the question was shown numbered; free text is tolerant as text-match.ts
 * says, a pattern must match the whole reply (case ignored); numbers as number-reply.ts reads them.
 * `valid: false` means the reply is not an answer at all (option 9 of 3, "maybe"): ask again, do
 * not mark it wrong.
 */
import { matchChoice, type OfferedChoice } from '../../engine/choices.js';
import { readNumber } from './number-reply.js';
import { bestMatch, closeEnough, normalise } from './text-match.js';

type Localized<T> = Partial<Record<string, T>>;
interface ChoiceOption {
  id: string;
  text: Localized<string>;
}

/** The parts of a content/ question that checking needs (content's Question type fits it). */
export type CheckableQuestion =
  | { type: 'single'; options: ChoiceOption[]; answer: string }
  | { type: 'multiple'; options: ChoiceOption[]; answers: string[] }
  | { type: 'true-false'; answer: boolean }
  | { type: 'text'; accepted?: Localized<string[]>; pattern?: string }
  | { type: 'number'; answer: number; tolerance?: number };

export interface AnswerCheck {
  correct: boolean;
  valid: boolean;
  /** What the reply was read as: option ids (look up that option's explanation), 'true'/'false', the accepted answer it matched, the number. */
  matched?: string[];
  /** The right answer(s): option ids, 'true'/'false', accepted answers in the learner's language, the number. */
  expected: string[];
}

export interface CheckOptions {
  /** The learner's language: options are numbered and read in it first; `expected` for text is in it. */
  language?: string;
  /** The question was shown with numbered choices (true/false as "1. True 2. False"). */
  numbered?: boolean;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'kweli', 'ndiyo', 'ndio', 'ni kweli']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'si kweli', 'sio kweli', 'siyo kweli', 'hapana', 'uongo']);

/** Options as shown in one language, for engine/choices.ts (id, number, or text as shown). */
function shownIn(options: ChoiceOption[], language: string): OfferedChoice[] {
  return options.map((o) => ({ id: o.id, title: o.text[language] ?? Object.values(o.text)[0] ?? o.id }));
}

function resolveOption(reply: string, options: ChoiceOption[], language: string): string | undefined {
  const languages = new Set([language, ...options.flatMap((o) => Object.keys(o.text))]);
  for (const shown of languages) {
    const choice = matchChoice(reply, shownIn(options, shown));
    if (choice) return choice.id;
  }
  const part = partOfOneOption(reply, options);
  if (part) return part;
  // A small typo in an option's text, in any language, when only one option is that close.
  const texts = options.flatMap((o) =>
    Object.values(o.text).map((label) => ({ id: o.id, label: label ?? '' })),
  );
  const label = bestMatch(
    reply,
    texts.map((entry) => entry.label),
  );
  const ids = new Set(texts.filter((entry) => entry.label === label).map((entry) => entry.id));
  return label !== undefined && ids.size === 1 ? [...ids][0] : undefined;
}

/**
 * Words copied from one option's text ("6-digit PIN" for "A 6-digit PIN with no pattern"), in any
 * language: whole words in a row, two or more of them or one of five letters or more, found in
 * exactly one option.
 */
function partOfOneOption(reply: string, options: ChoiceOption[]): string | undefined {
  // "6-digit" and "6 digit" are the same words.
  const wordsOf = (text: string) => normalise(text.replace(/[\p{P}\p{S}]/gu, ' '));
  const words = wordsOf(reply);
  if (!words.includes(' ') && [...words].length < 5) return undefined;
  const ids = options
    .filter((o) => Object.values(o.text).some((text) => ` ${wordsOf(text ?? '')} `.includes(` ${words} `)))
    .map((o) => o.id);
  return ids.length === 1 ? ids[0] : undefined;
}

/** Commas and the like first, then "and"/"na", then spaces, so option texts with spaces still read. */
const SEPARATORS = [/\s*[,;&+/]\s*/u, /\s+(?:and|na)\s+/iu, /\s+/u];

function resolveOptions(
  reply: string,
  options: ChoiceOption[],
  language: string,
  level = 0,
): string[] | undefined {
  const whole = resolveOption(reply, options, language);
  if (whole) return [whole];
  const separator = SEPARATORS[level];
  const parts = separator ? reply.split(separator).filter(Boolean) : [];
  if (parts.length === 0) return undefined;
  const ids: string[] = [];
  for (const part of parts) {
    const found = resolveOptions(part, options, language, level + 1);
    if (!found) return undefined;
    ids.push(...found);
  }
  return [...new Set(ids)];
}

function readTrueFalse(reply: string, numbered: boolean): boolean | undefined {
  const word = normalise(reply);
  if (TRUE_WORDS.has(word) || (numbered && word === '1')) return true;
  if (FALSE_WORDS.has(word) || (numbered && word === '2')) return false;
  return undefined;
}

function fullMatch(pattern: string, reply: string): boolean {
  const regex = new RegExp(`^(?:${pattern})$`, 'i');
  const trimmed = reply.trim().replace(/\s+/gu, ' ');
  return regex.test(trimmed) || regex.test(trimmed.normalize('NFKD').replace(/\p{M}/gu, ''));
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

export function checkAnswer(
  question: CheckableQuestion,
  reply: string,
  options: CheckOptions = {},
): AnswerCheck {
  const language = options.language ?? 'en';
  switch (question.type) {
    case 'single': {
      const id = resolveOption(reply, question.options, language);
      const expected = [question.answer];
      if (id === undefined) return { correct: false, valid: false, expected };
      return { correct: id === question.answer, valid: true, matched: [id], expected };
    }
    case 'multiple': {
      const ids = resolveOptions(reply, question.options, language);
      const expected = question.answers;
      if (ids === undefined) return { correct: false, valid: false, expected };
      return { correct: sameSet(ids, expected), valid: true, matched: ids, expected };
    }
    case 'true-false': {
      const value = readTrueFalse(reply, options.numbered === true);
      const expected = [String(question.answer)];
      if (value === undefined) return { correct: false, valid: false, expected };
      return { correct: value === question.answer, valid: true, matched: [String(value)], expected };
    }
    case 'text': {
      const byLanguage = question.accepted ?? {};
      const expected = byLanguage[language] ?? Object.values(byLanguage)[0] ?? [];
      const all = [...expected, ...Object.values(byLanguage).flat()].filter((a): a is string => !!a);
      if (normalise(reply) === '') return { correct: false, valid: false, expected };
      const accepted = all.find((answer) => closeEnough(reply, answer));
      if (accepted !== undefined) return { correct: true, valid: true, matched: [accepted], expected };
      const patterned = question.pattern !== undefined && fullMatch(question.pattern, reply);
      return patterned
        ? { correct: true, valid: true, matched: [reply.trim()], expected }
        : { correct: false, valid: true, expected };
    }
    case 'number': {
      const value = readNumber(reply);
      const expected = [String(question.answer)];
      if (value === undefined) return { correct: false, valid: false, expected };
      const correct = Math.abs(value - question.answer) <= (question.tolerance ?? 0) + 1e-9;
      return { correct, valid: true, matched: [String(value)], expected };
    }
  }
}
