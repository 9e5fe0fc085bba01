/*
 * Matching a learner's stated goal ("GOAL save for school fees") to courses, word by word.
 * Decisions: words of 3 letters or more, without common English and Kiswahili filler; two words
 * match when they share a beginning of at least 3 letters covering three quarters of the shorter
 * ("save" and "savings", "scam" and "scams", not "money" and "mobile"). A word found in a course's
 * title, description or a lesson title counts 2, one found only in a lesson's text counts 1.
 */

const FILLER = new Set(
  (
    'the and for with how want wants learn learning know more about what next can could would like get ' +
    'this that into from some want need how make better start my our your' +
    ' nataka kujifunza jinsi kuhusu zaidi kwa ili yangu wangu langu changu kwenye sana'
  ).split(/\s+/),
);

/** The words of a text that carry meaning, lower case, each once. */
export function meaningfulWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !FILLER.has(w));
  return [...new Set(words)];
}

/** Whether two words are one word in two forms ("save", "savings"). */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= 0.75 * Math.min(a.length, b.length);
}

export interface GoalMatch {
  score: number;
  /** The goal's words the course is about, in the goal's order. */
  words: string[];
}

/** How well a course's texts answer a goal: `main` is its title, description and lesson titles, `more` its lessons' text. */
export function goalMatch(goal: string, course: { main: string; more: string }): GoalMatch {
  const main = meaningfulWords(course.main);
  const more = meaningfulWords(course.more);
  let score = 0;
  const words: string[] = [];
  for (const word of meaningfulWords(goal)) {
    const weight = main.some((w) => sameWord(w, word)) ? 2 : more.some((w) => sameWord(w, word)) ? 1 : 0;
    if (weight === 0) continue;
    score += weight;
    words.push(word);
  }
  return { score, words };
}
