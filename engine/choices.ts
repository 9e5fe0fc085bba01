/** A choice a message offered: a reply button, a list row or a numbered line. */
export interface OfferedChoice {
  id: string;
  title: string;
}

const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3/gu;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;
const NUMBER = /^\s*(\d{1,3})\s*[.):]?\s*$/;
const NUMBER_PREFIX = /^\s*(\d{1,3})\s*[.):-]\s*/;
const LETTER = /^\s*\(?([a-z])\s*[.):]?\s*$/i;
const LETTER_PREFIX = /^\s*\(?([a-z])\s*[.):-]\s*/i;
const BARE_NUMBER = /^\s*\d+\s*$/;

/**
 * The short labels choices carry when their titles are too long for WhatsApp's buttons or rows
 * (the text then lists them in full): 1, 2, 3…, or A, B, C… when an option is itself a number,
 * so that a reply "2" is never both the second option and the option "2".
 */
export function choiceLabels(titles: readonly string[]): string[] {
  const lettered = titles.some((title) => BARE_NUMBER.test(title)) && titles.length <= 26;
  return titles.map((_, i) => (lettered ? String.fromCharCode(65 + i) : String(i + 1)));
}

const lettered = (offered: readonly OfferedChoice[]) => choiceLabels(offered.map((c) => c.title))[0] === 'A';

/**
 * Remembers a normalisation per text: option titles repeat on every reply, and one reply is
 * compared in several ways. Bounded: short texts only, and it starts over once it holds `limit`.
 */
function remembered(normalise: (text: string) => string, limit = 2000): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    if (text.length > 120) return normalise(text);
    let result = cache.get(text);
    if (result === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(text, (result = normalise(text)));
    }
    return result;
  };
}

/** Case, accents (é = e), emoji and surrounding punctuation do not matter; inner spaces collapse. */
const loose = remembered((text) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(EMOJI, ' ')
    .toLowerCase()
    .replace(EDGE_PUNCTUATION, '')
    .replace(/\s+/g, ' '),
);

/** Exact apart from case, spacing and accents: an all-emoji title still matches its emoji. */
const exact = remembered((text) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim(),
);

function onlyMatch<T extends OfferedChoice>(
  offered: readonly T[],
  key: (c: T) => string,
  input: string,
): T | null {
  if (input === '') return null;
  const found = offered.filter((c) => key(c) === input);
  // Two options that read the same cannot be told apart: ask again rather than guess.
  return found.length === 1 ? found[0]! : null;
}

/**
 * The option a learner's reply picks: a button or list id as the channel sends it, the option's
 * text as typed ("yes", "Yes!", "✅ yes", "cafe" for "Café"), or its number ("2", "2.", " 2 ",
 * "2. Water"), or its letter when the options are lettered (choiceLabels: "b", "B)", "B. 20");
 * null when the reply picks none (free text the flow handles itself).
 */
export function matchChoice<T extends OfferedChoice>(input: string, offered: readonly T[]): T | null {
  const reply = input.trim();
  if (reply === '' || offered.length === 0) return null;
  const byId = offered.find((c) => c.id === reply);
  if (byId) return byId;
  // A title that is itself a number ("5" on a rating scale) is meant as that title, not a position.
  const byTitle = onlyMatch(offered, (c) => exact(c.title), exact(reply));
  if (byTitle) return byTitle;
  const byText = onlyMatch(offered, (c) => loose(c.title), loose(reply));
  if (byText) return byText;
  const letters = lettered(offered);
  const position = (label: string) => (letters ? label.toUpperCase().charCodeAt(0) - 64 : Number(label));
  const label = (letters ? LETTER : NUMBER).exec(reply);
  if (label) return offered[position(label[1]!) - 1] ?? null;
  // "2. Water" or "B. 20": copied from a labelled list; the label and the text must agree.
  const prefixed = (letters ? LETTER_PREFIX : NUMBER_PREFIX).exec(reply);
  if (prefixed) {
    const candidate = offered[position(prefixed[1]!) - 1];
    if (candidate && loose(candidate.title) === loose(reply.slice(prefixed[0].length))) return candidate;
  }
  return onlyMatch(offered, (c) => loose(c.id), loose(reply));
}
