/*
 * Numbers written as words, in English and Kiswahili: "six", "twenty-five", "two hundred and
 * fifty", "sita", "ishirini na tano", "mia mbili", "elfu moja mia tano". Decisions: up to 999,999;
 * each part must be smaller than the one before it ("twenty five" is 25, "two three" and "mbili na
 * tatu" are two numbers, not 5); Swahili puts `mia`/`elfu` before their count, English puts
 * `hundred`/`thousand` after it.
 */

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  sifuri: 0,
  moja: 1,
  mbili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
  kumi: 10,
  ishirini: 20,
  thelathini: 30,
  arobaini: 40,
  hamsini: 50,
  sitini: 60,
  sabini: 70,
  themanini: 80,
  tisini: 90,
};
/** English multipliers follow their count ("two hundred"). */
const AFTER: Record<string, number> = { hundred: 100, thousand: 1000 };
/** Swahili multipliers come before it ("mia mbili"); alone they mean one of them ("mia" = 100). */
const BEFORE: Record<string, number> = { mia: 100, elfu: 1000 };
const JOINERS = new Set(['and', 'na']);

const isNumberWord = (word: string) => word in UNITS || word in AFTER || word in BEFORE;

/** What may follow a part: tens take a unit ("twenty five", "kumi na moja"), units and teens nothing. */
const below = (value: number) => (value === 10 || value >= 20 ? 10 : 0);

/** One number from its words, or undefined when they do not make one number. */
function evaluate(words: string[]): number | undefined {
  let total = 0;
  let group = 0;
  let limit = Infinity;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (JOINERS.has(word)) continue;
    if (word in AFTER) {
      const times = AFTER[word]!;
      if (times === 100) {
        if (group === 0 || group >= 100) return undefined;
        group *= 100;
      } else {
        if (group === 0 || total > 0) return undefined;
        total = group * 1000;
        group = 0;
      }
      limit = times;
      continue;
    }
    if (word in BEFORE) {
      const times = BEFORE[word]!;
      const count = UNITS[words[i + 1] ?? ''];
      const value = count !== undefined && count >= 1 && count <= 9 ? (i++, times * count) : times;
      if (value >= limit) return undefined;
      if (times === 1000) total += value;
      else group += value;
      limit = times;
      continue;
    }
    const value = UNITS[word];
    if (value === undefined || value >= limit) return undefined;
    group += value;
    limit = below(value);
  }
  return total + group;
}

const wordsOf = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Every number written in words in a text, in order: "one or two" → [1, 2], "about sita" → [6];
 * a run of number words that is not one number ("five twenty") counts as two.
 */
export function numbersInWords(text: string): number[] {
  const words = wordsOf(text);
  const found: number[] = [];
  let run: string[] = [];
  const close = () => {
    while (run.length > 0 && JOINERS.has(run.at(-1)!)) run.pop();
    if (run.length === 0) return;
    const value = evaluate(run);
    // Not one number: count it as two so a caller that wants exactly one refuses it.
    found.push(...(value === undefined ? [NaN, NaN] : [value]));
    run = [];
  };
  for (const word of words) {
    if (isNumberWord(word)) run.push(word);
    else if (JOINERS.has(word) && run.length > 0) run.push(word);
    else close();
  }
  close();
  return found;
}

/** The number a whole text spells ("twenty-five", "ishirini na tano"), or undefined. */
export function numberFromWords(text: string): number | undefined {
  const words = wordsOf(text);
  if (words.length === 0 || JOINERS.has(words[0]!) || JOINERS.has(words.at(-1)!)) return undefined;
  if (!words.every((w) => isNumberWord(w) || JOINERS.has(w))) return undefined;
  return evaluate(words);
}
