/**
 * Splits long text into messages a provider accepts. Lengths are UTF-16 code units, as Twilio and
 * Meta count them (an emoji is 2 or more). Parts never end or begin with the whitespace they were
 * split at, never cut a grapheme (emoji, ZWJ sequences, flags), a word or a URL, and use the fewest
 * parts possible, cut at the best boundaries: paragraph, line, sentence, word.
 */

export interface SplitOptions {
  /** A smaller cap for the last part (it carries interactive choices, whose body is ≤ 1,024). */
  lastLimit?: number;
}

interface Cut {
  /** Where the part before the cut ends (exclusive). */
  end: number;
  /** Where the part after the cut starts. */
  next: number;
  score: number;
}

const SCORE = { paragraph: 4, line: 3, sentence: 2, word: 1, inWord: 0 } as const;

// Breakable whitespace: no-break spaces (U+00A0, U+2007, U+202F) and U+FEFF hold words together.
const GAP = /[ \t\n\v\f\r\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * Where segments start in text[from, to), a chunk at a time: Intl.Segmenter slows down sharply on
 * long strings. Starts within `margin` of a chunk's end wait for the next chunk (sentence rules
 * look ahead); a chunk with no usable start is doubled.
 */
function segmentStarts(segmenter: Intl.Segmenter, text: string, from: number, to: number, margin: number) {
  const starts: number[] = [];
  let at = from;
  let size = 512;
  while (at < to) {
    const stop = Math.min(to, at + size);
    const chunk = text.slice(at, stop);
    let advance = 0;
    for (const { index } of segmenter.segment(chunk)) {
      if (index === 0 || (stop < to && index > chunk.length - margin)) continue;
      starts.push(at + index);
      advance = index;
    }
    if (stop === to) break;
    if (advance === 0) size *= 2;
    else [at, size] = [at + advance, 512];
  }
  return starts;
}

/** Whether a grapheme starts at i; grapheme rules look only at near neighbours around a space. */
function graphemeStartsAt(text: string, i: number): boolean {
  const from = Math.max(0, i - 2);
  return graphemes.segment(text.slice(from, i + 4)).containing(i - from)?.index === i - from;
}

function gapScore(gap: string, sentenceEnd: boolean): number {
  const newlines = gap.split(/\r\n|\r|\n|\u2028|\u2029/).length - 1;
  if (newlines >= 2) return SCORE.paragraph;
  if (newlines === 1) return SCORE.line;
  return sentenceEnd ? SCORE.sentence : SCORE.word;
}

/** Every place the text may be cut, in order: whitespace gaps, and grapheme edges inside over-long words. */
function cutsOf(text: string, limit: number): Cut[] {
  const sentence = new Set(segmentStarts(sentences, text, 0, text.length, 128));
  const cuts: Cut[] = [];
  let wordStart = 0;
  const addWord = (start: number, end: number) => {
    if (end - start <= limit) return;
    // Last resort: a word longer than a whole part is cut between graphemes.
    for (const at of segmentStarts(graphemes, text, start, end, 0))
      cuts.push({ end: at, next: at, score: SCORE.inWord });
  };
  for (const match of text.matchAll(GAP)) {
    const start = match.index;
    const end = start + match[0].length;
    // A gap that is part of a grapheme (a space carrying a combining mark) is not a boundary.
    if (!graphemeStartsAt(text, start) || !graphemeStartsAt(text, end)) continue;
    addWord(wordStart, start);
    cuts.push({ end: start, next: end, score: gapScore(match[0], sentence.has(end)) });
    wordStart = end;
  }
  addWord(wordStart, text.length);
  return cuts;
}

/**
 * Parts of at most `limit` UTF-16 code units (the last at most `lastLimit`), in order; the text is
 * trimmed, and whitespace is dropped only where a cut falls. Empty text gives no parts.
 * Fewest parts first; each part then ends at the best boundary that keeps that number.
 */
export function splitText(text: string, limit: number, options: SplitOptions = {}): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`split limit must be ≥ 2, got ${limit}`);
  const lastLimit = Math.min(options.lastLimit ?? limit, limit);
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.length <= lastLimit) return [trimmed];

  // Positions in order: the start, every cut, the end.
  const cuts: Cut[] = [
    { end: 0, next: 0, score: 0 },
    ...cutsOf(trimmed, lastLimit),
    { end: trimmed.length, next: trimmed.length, score: 0 },
  ];
  const last = cuts.length - 1;
  const fits = (from: number, to: number) =>
    cuts[to]!.end - cuts[from]!.next <= (to === last ? lastLimit : limit);

  // remaining[i]: the fewest parts from cut i to the end. It never grows as i moves right, so it
  // is one more than at the farthest cut a part can reach, found with a pointer walking left.
  const remaining = new Array<number>(cuts.length).fill(Infinity);
  remaining[last] = 0;
  let reach = last - 1;
  for (let i = last - 1; i >= 0; i--) {
    if (fits(i, last)) {
      remaining[i] = 1;
      continue;
    }
    while (reach > i && !fits(i, reach)) reach--;
    if (reach > i) remaining[i] = 1 + remaining[reach]!;
  }
  // Only when a single grapheme is longer than the limit.
  if (remaining[0] === Infinity) throw new Error('text cannot be split within the limit');

  // Walking forward, each part ends at the best-scoring cut that still allows the fewest parts.
  const parts: string[] = [];
  for (let at = 0; at !== last;) {
    let choice = -1;
    for (let j = at + 1; j <= last && fits(at, j); j++) {
      if (remaining[j] !== remaining[at]! - 1) continue;
      if (choice < 0 || cuts[j]!.score >= cuts[choice]!.score) choice = j;
    }
    parts.push(trimmed.slice(cuts[at]!.next, cuts[choice]!.end));
    at = choice;
  }
  return parts;
}
