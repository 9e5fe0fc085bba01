/*
 * Tolerant comparison of typed answers. Decisions: case, accents, punctuation and spaces are ignored
 * ("M-Pesa" = "mpesa", "Nairobi." = "nairobi", "café" = "cafe"); then a few typos are forgiven by
 * Damerau–Levenshtein distance (a swap of two neighbours counts as one): none for answers of 1–3
 * characters (too easy to hit another word), 1 for 4–7, 2 for 8 or more. Lengths are counted on the
 * compared form (no spaces or punctuation).
 */

import { damerauLevenshtein } from '../../shared/text-distance.js';

/** Lowercase, without accents or punctuation, spaces collapsed: for display-independent equality. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The form answers are compared in: `normalise` without any spaces. */
export const compact = (text: string): string => normalise(text).replace(/ /g, '');

export function typoAllowance(answer: string): number {
  const length = [...compact(answer)].length;
  if (length <= 3) return 0;
  return length <= 7 ? 1 : 2;
}

export { damerauLevenshtein };

/** True when the reply is the answer, give or take case, accents, punctuation and a small typo. */
export function closeEnough(reply: string, answer: string): boolean {
  const a = compact(reply);
  const b = compact(answer);
  if (a === b) return a.length > 0;
  const allowance = typoAllowance(answer);
  const lengths = Math.abs([...a].length - [...b].length);
  return allowance > 0 && lengths <= allowance && damerauLevenshtein(a, b) <= allowance;
}

/**
 * The one candidate the reply means, preferring an exact match; undefined when none is close or
 * two are equally close (ambiguous: better to ask again than to guess).
 */
export function bestMatch(reply: string, candidates: readonly string[]): string | undefined {
  const exact = candidates.find((candidate) => compact(candidate) === compact(reply) && compact(reply));
  if (exact !== undefined) return exact;
  const close = candidates.filter((candidate) => closeEnough(reply, candidate));
  const distinct = new Set(close.map(compact));
  return distinct.size === 1 ? close[0] : undefined;
}
