/*
 * Tolerant comparison of typed answers. Decisions: case, accents, punctuation and spaces are ignored
 * ("M-Pesa" = "mpesa", "Nairobi." = "nairobi", "café" = "cafe"); then a few typos are forgiven by
 * Damerau–Levenshtein distance (a swap of two neighbours counts as one): none for answers of 1–3
 * characters (too easy to hit another word), 1 for 4–7, 2 for 8 or more. Lengths are counted on the
 * compared form (no spaces or punctuation).
 */

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

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function damerauLevenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

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
