/*
 * The language of a new learner's welcome, before they have chosen one. Decisions: a first message
 * that greets in Kiswahili ("habari", "mambo", "sasa", "hujambo", "niaje", "shikamoo" …, as its
 * first word) is answered in Kiswahili wherever the phone is from; a phone from Kenya (+254) or
 * Tanzania (+255), where most people read both, gets the welcome in both languages; everyone else
 * English. The learner still picks their language at the next question.
 */

export type WelcomeLanguage = 'sw' | 'both' | 'en';

const SWAHILI_GREETINGS = new Set([
  'habari',
  'mambo',
  'sasa',
  'hujambo',
  'hamjambo',
  'jambo',
  'niaje',
  'shikamoo',
  'salama',
  'vipi',
  'mambovipi',
]);
const BILINGUAL_CALLING_CODES = ['+254', '+255'];
/** A learner known only by BSUID: its country prefix (issue 15), KE. or TZ. */
const BILINGUAL_BSUID_COUNTRIES = ['KE.', 'TZ.'];

/** "Habari yako!" → `habari`: the first word, lower case, without punctuation or emoji. */
const firstWord = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .find(Boolean) ?? '';

/** `address` is the learner's phone, or their BSUID when WhatsApp gave no phone. */
export function welcomeLanguage(firstMessage: string, address: string): WelcomeLanguage {
  if (SWAHILI_GREETINGS.has(firstWord(firstMessage))) return 'sw';
  const prefixes = [...BILINGUAL_CALLING_CODES, ...BILINGUAL_BSUID_COUNTRIES];
  return prefixes.some((prefix) => address.startsWith(prefix)) ? 'both' : 'en';
}
