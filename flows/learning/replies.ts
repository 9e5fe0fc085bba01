/*
 * What a message that is neither an answer nor a command means, so the reply can be kind and
 * short. Decisions: a question wins over thanks ("Thanks! What is a PIN?" is a question); thanks,
 * greetings and "ok" are recognised in English and Kiswahili; a command typo is the one command
 * word within the answer typo allowance (flows/learning/text-match.ts: none for 1–3 letters, 1 for
 * 4–7, 2 for longer; two equally close words suggest nothing), judged on the first word of a
 * message of at most three words, so a sentence is never read as a misspelt command.
 */
import { bestMatch, normalise } from './text-match.js';

export type ReplyKind =
  | { kind: 'question' }
  | { kind: 'thanks' }
  | { kind: 'greeting' }
  | { kind: 'ok' }
  /** `suggestion` is the message as it was probably meant: `PROGRESS`, `TIME 08:00`. */
  | { kind: 'typo'; command: string; suggestion: string }
  | { kind: 'unknown' };

const QUESTION_WORDS = new Set([
  // English
  'what',
  'whats',
  'why',
  'how',
  'when',
  'where',
  'who',
  'whom',
  'whose',
  'which',
  'can',
  'could',
  'should',
  'would',
  'will',
  'is',
  'are',
  'am',
  'do',
  'does',
  'did',
  'may',
  // Kiswahili: je (yes/no question), nini, kwanini/mbona (why), vipi, lini, wapi, nani, gani, ngapi
  'je',
  'nini',
  'kwanini',
  'mbona',
  'vipi',
  'lini',
  'wapi',
  'nani',
  'gani',
  'ngapi',
  'naweza',
  'unaweza',
]);
const QUESTION_PHRASES = ['kwa nini', 'ni nini', 'ni vipi', 'ni lini', 'ni wapi', 'ni nani'];
// Kiswahili asks at the end too; not "vipi" ("mambo vipi" is a greeting) nor "wapi" ("uko wapi" is chat).
const LAST_QUESTION_WORDS = new Set(['nini', 'gani', 'ngapi']);

const PUZZLED = new Set(['huh', 'eh', 'hm', 'hmm', 'sorry', 'pardon', 'ati', 'ala', 'aje']);

const THANKS = /^(?:thanks?|thank you|thankyou|thx|ty|asante|ahsante|shukran|shukrani|nashukuru)\b/;
const GREETINGS = new Set([
  'hi',
  'hello',
  'hey',
  'hallo',
  'hola',
  'good morning',
  'good afternoon',
  'good evening',
  'habari',
  'mambo',
  'sasa',
  'niaje',
  'jambo',
  'hujambo',
  'salama',
  'shikamoo',
  'habari yako',
  'habari za asubuhi',
  'habari za mchana',
  'habari za jioni',
  'hey there',
  'hi there',
  'hello there',
]);
const OK_WORDS = new Set([
  'ok',
  'okay',
  'okey',
  'k',
  'sawa',
  'poa',
  'fine',
  'alright',
  'yes',
  'ndiyo',
  'ndio',
]);

/**
 * Whether a learner's message asks something: it ends with "?" or starts with a question word, in
 * English or Kiswahili; one puzzled word with a "?" ("what?") only asks for the question again.
 * The one place that decides it (the tutor takes these questions).
 */
export function isQuestion(text: string): boolean {
  if (askedInWords(text)) return true;
  if (!/[?？]\s*$/u.test(text.trim())) return false;
  const words = normalise(text);
  // "?", "what?", "huh?", "ok?" say "I don't follow": nothing the tutor could answer.
  if (!words) return false;
  return words.includes(' ') || !(QUESTION_WORDS.has(words) || PUZZLED.has(words) || OK_WORDS.has(words));
}

/**
 * A question by its words, whatever its last character: a question word first ("what is…",
 * "kwa nini…"), or a Kiswahili one last, where Kiswahili puts it ("chama ni nini").
 */
export function askedInWords(text: string): boolean {
  const words = normalise(text);
  // One word alone ("how", "nani") is too little to be a question about the lesson.
  if (!words.includes(' ')) return false;
  const first = words.split(' ')[0] ?? '';
  const last = words.split(' ').at(-1) ?? '';
  return (
    QUESTION_WORDS.has(first) ||
    QUESTION_PHRASES.some((phrase) => words.startsWith(`${phrase} `)) ||
    LAST_QUESTION_WORDS.has(last)
  );
}

export const isThanks = (text: string): boolean => THANKS.test(normalise(text));
export const isGreeting = (text: string): boolean => GREETINGS.has(normalise(text));
export const isOk = (text: string): boolean => OK_WORDS.has(normalise(text));

/** The command a misspelt first word probably meant, with the message as it was meant; null if none. */
export function commandTypo(
  text: string,
  commandWords: readonly string[],
): { command: string; suggestion: string } | null {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.toUpperCase().replace(/[.!?,]+$/, '');
  if (!word || rest.length > 2 || commandWords.includes(word)) return null;
  const command = bestMatch(word, commandWords);
  if (!command) return null;
  return { command, suggestion: [command, ...rest].join(' ') };
}

/** What a message that is no answer and no command is, in the order the decisions above give. */
export function replyKind(text: string, commandWords: readonly string[]): ReplyKind {
  if (isQuestion(text)) return { kind: 'question' };
  if (isThanks(text)) return { kind: 'thanks' };
  if (isGreeting(text)) return { kind: 'greeting' };
  if (isOk(text)) return { kind: 'ok' };
  const typo = commandTypo(text, commandWords);
  return typo ? { kind: 'typo', ...typo } : { kind: 'unknown' };
}
