/*
 * Reading a typed number the way people in Kenya write money and counts: "1,000", "1000.0",
 * "1 000", "KSh 1,000", "Ksh 1,000/=", "50%". Decisions: a comma followed by exactly three digits
 * groups thousands, any other single comma is a decimal point ("2,5"); with both marks the last one
 * is the decimal point ("1.000,50"); groups after the first must have three digits. A reply with
 * two numbers in it ("2 or 3") is not read as either. Numbers in words, English or Swahili, count
 * too ("six", "sita", "ishirini na tano": shared/number-words.ts).
 */
import { numbersInWords } from '../../shared/number-words.js';

const NUMBER_TOKEN = /[-−+]?\d+(?:[ \u00a0\u202f,.'’]\d+)*/gu;
const GROUPS = /^\d{1,3}(?:[ \u00a0\u202f,.'’]\d{3})+$/u;

function parseToken(token: string): number | undefined {
  const negative = /^[-−]/u.test(token);
  const body = token.replace(/^[-−+]/u, '');
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else if (lastComma >= 0) {
    const single = body.indexOf(',') === lastComma;
    if (single && body.length - lastComma - 1 !== 3) decimalAt = lastComma;
  } else if (lastDot >= 0 && body.indexOf('.') === lastDot) decimalAt = lastDot;
  const whole = decimalAt >= 0 ? body.slice(0, decimalAt) : body;
  const fraction = decimalAt >= 0 ? body.slice(decimalAt + 1) : '';
  if (!/^\d+$/u.test(whole) && !GROUPS.test(whole)) return undefined;
  if (fraction !== '' && !/^\d+$/u.test(fraction)) return undefined;
  const value = Number(`${whole.replace(/\D/gu, '')}.${fraction || '0'}`);
  return negative ? -value : value;
}

/** The one number in a reply, in digits or in words ("six", "sita"); undefined when there is none, more than one, or it is garbled. */
export function readNumber(reply: string): number | undefined {
  // Currency and units around the number ("KSh", "/=", "%", "shillings") are simply not part of a token.
  const tokens = reply.match(NUMBER_TOKEN) ?? [];
  const spelt = numbersInWords(reply);
  if (tokens.length + spelt.length !== 1) return undefined;
  return tokens.length === 1 ? parseToken(tokens[0]!.trim()) : spelt[0];
}
