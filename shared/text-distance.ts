/**
 * Damerau–Levenshtein distance (insertions, deletions, substitutions and swaps of neighbours) by
 * code point, so an emoji or an accented letter counts as one. Used for typo-tolerant answers and
 * for "did you mean" hints in content and flow checks.
 */
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

/** The first known name within two edits of `name` (case ignored): the "did you mean" of a hint. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  return known.find((candidate) => damerauLevenshtein(candidate.toLowerCase(), name.toLowerCase()) <= 2);
}
