import { parseSwahiliTime } from '../../shared/swahili-time.js';
import { matchChoice, type OfferedChoice } from '../choices.js';
import type { PlaceReader } from './extensions.js';
import { isOptionsFrom, staticOptions, type AskStep, type ChoiceOption } from './spec.js';

/** Message key → its text in every language, so a learner may type an option's words. */
export type TextsOf = (key: string) => string[];

/** `place`: for `ask: timezone`, the place the learner named, as it is shown back. */
export type Parsed = { ok: true; value: string | number; place?: string } | { ok: false };

const NO: Parsed = { ok: false };
const yes = (value: string | number): Parsed => ({ ok: true, value });
const normal = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!]+$/, '');

/** Words that accept an offered default besides its button. */
const YES_WORDS = new Set(['yes', 'y', 'ok', 'okay', 'sure', 'ndiyo', 'ndio', 'sawa']);
export const DEFAULT_BUTTON_ID = 'default';

/** `07:30`, `7:30`, `730`, `7.30`, `7am`, `7:30 pm`, `19h30` → `HH:MM`; a bare `7` is too vague. */
export function parseTimeOfDay(text: string): string | null {
  const match = /^(\d{1,2})(?:\s*[:.h]\s*(\d{2})|(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match || (match[2] === undefined && match[3] === undefined && !match[4])) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? match[3] ?? 0);
  const half = match[4]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

let zoneNames: Map<string, string> | undefined;
/** Every IANA zone by lower-case name and by lower-case city (`nairobi`, `new york`). */
function zonesByName(): Map<string, string> {
  if (zoneNames) return zoneNames;
  zoneNames = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    zoneNames.set(zone.toLowerCase(), zone);
    const city = zone.split('/').at(-1)!.replace(/_/g, ' ').toLowerCase();
    if (!zoneNames.has(city)) zoneNames.set(city, zone);
  }
  return zoneNames;
}

/** An IANA time zone (`Africa/Nairobi`, `africa/nairobi`, `Nairobi`), canonically spelt; null when unknown. */
export function parseTimezone(text: string): string | null {
  const wanted = text.trim().replace(/\s+/g, ' ');
  if (!wanted) return null;
  const known =
    zonesByName().get(wanted.toLowerCase()) ?? zonesByName().get(wanted.replace(/ /g, '_').toLowerCase());
  if (known) return known;
  try {
    // Intl also knows links and aliases (`UTC`, `Etc/GMT+3`) and spells them canonically.
    return new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const LANGUAGES: Record<string, string> = {
  en: 'en',
  eng: 'en',
  english: 'en',
  kiingereza: 'en',
  sw: 'sw',
  swa: 'sw',
  swahili: 'sw',
  kiswahili: 'sw',
};
export const LANGUAGE_OPTIONS = [
  { id: 'en', message: 'ask.language.en' },
  { id: 'sw', message: 'ask.language.sw' },
];

export function parseNumber(text: string): number | null {
  const match = /^[-+]?\d+(?:[.,]\d+)?$/.exec(text.trim());
  return match ? Number(match[0].replace(',', '.')) : null;
}

/** A choice by its id, its number in the list (1-based) or its words in any language (engine/choices.ts). */
export function parseChoice(options: ChoiceOption[], input: string, textsOf: TextsOf): string | null {
  const list = options;
  const languages = Math.max(1, ...list.map((option) => textsOf(option.message).length));
  for (let language = 0; language < languages; language++) {
    const titles = list.map((option) => textsOf(option.message)[language] ?? option.id);
    // "Very useful" picks "5 · Very useful": options often carry their number.
    for (const title of [titles, titles.map((text) => text.replace(/^\s*\d+\s*[·.):-]\s*/, ''))]) {
      const picked = matchChoice(
        input,
        list.map((option, i) => ({ id: option.id, title: title[i]! })),
      );
      if (picked) return picked.id;
    }
  }
  return null;
}

/**
 * Checks one answer against an ask step. `offered` is the default the prompt offered (if any):
 * its button, its button's words, or a plain "yes" accept it. `choices` are the options a source
 * gave (`options: { from: … }`), matched by id, number or title. `places` reads a time zone's place.
 */
export function parseAnswer(
  step: AskStep,
  input: string,
  textsOf: TextsOf,
  offered?: string,
  choices?: readonly OfferedChoice[],
  places?: PlaceReader,
): Parsed {
  const text = input.trim();
  if (
    offered &&
    (text === DEFAULT_BUTTON_ID || YES_WORDS.has(normal(text)) || isButtonText(step, text, textsOf))
  )
    return parseAnswer(step, offered, textsOf, undefined, choices, places);
  switch (step.ask) {
    case 'text': {
      const length = [...text].length;
      if (length === 0 || length < Number(step.min ?? 1) || length > Number(step.max ?? 1000)) return NO;
      if (step.pattern && !new RegExp(`^(?:${step.pattern})$`, 'u').test(text)) return NO;
      return yes(text);
    }
    case 'choice': {
      const id = isOptionsFrom(step.options)
        ? (matchChoice(text, choices ?? [])?.id ?? null)
        : parseChoice(staticOptions(step), text, textsOf);
      return id === null ? NO : yes(id);
    }
    case 'number': {
      const value = parseNumber(text);
      if (value === null) return NO;
      if (
        (step.min !== undefined && value < Number(step.min)) ||
        (step.max !== undefined && value > Number(step.max))
      )
        return NO;
      return yes(value);
    }
    case 'time': {
      // "saa 7:30" and "at 7:30" as well as "7:30"; "saa moja asubuhi" on the Swahili clock.
      const bare = text.replace(/^(?:saa|time|at)\s+/i, '');
      const time = parseTimeOfDay(bare) ?? parseSwahiliTime(text);
      // HH:MM compares as text; min and max are HH:MM too (the checker makes sure).
      if (time === null || time < String(step.min ?? '00:00') || time > String(step.max ?? '23:59'))
        return NO;
      return yes(time);
    }
    case 'timezone': {
      if (places) {
        const found = places(text);
        return found ? { ok: true, value: found.zone, place: found.place } : NO;
      }
      const zone = parseTimezone(text);
      return zone === null ? NO : yes(zone);
    }
    case 'language': {
      const language = LANGUAGES[normal(text)] ?? parseChoice(LANGUAGE_OPTIONS, text, textsOf);
      return language ? yes(language) : NO;
    }
  }
}

function isButtonText(step: AskStep, text: string, textsOf: TextsOf): boolean {
  return step.default ? textsOf(step.default.button).some((words) => normal(words) === normal(text)) : false;
}
