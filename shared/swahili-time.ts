/*
 * Swahili clock time: hours count from sunrise and sunset, so "saa moja asubuhi" (the first hour
 * of the morning) is 07:00 and "saa mbili usiku" is 20:00. Decisions: a part of the day (asubuhi,
 * mchana, jioni, usiku, alfajiri) picks the half of the day; without one, saa moja to saa tano are
 * morning (07:00-11:00) and saa sita to saa kumi na mbili midday to evening (12:00-18:00), as a
 * daily lesson is asked for by day. "na nusu" adds 30 minutes, "na robo" 15, "kasoro robo" takes 15
 * away, "na dakika kumi" / "kasoro dakika tano" any minutes. An hour in digits is a Swahili hour only
 * with a part of the day ("saa 1 asubuhi"); "saa 7:30" is the international 07:30, as SAA 07:30 is.
 */
import { numberFromWords } from './number-words.js';

type Part = 'asubuhi' | 'mchana' | 'jioni' | 'usiku' | 'alfajiri';
const PARTS = new Set<Part>(['asubuhi', 'mchana', 'jioni', 'usiku', 'alfajiri']);

/** The 24-hour hour of Swahili hour `hour` (1-12) in a part of the day. */
function hourOf(hour: number, part: Part | undefined): number {
  const hours = (hour + 6) % 12; // saa moja → 7, saa sita → 0, saa kumi na mbili → 6
  switch (part) {
    case 'asubuhi':
      return hours === 0 ? 12 : hours;
    case 'alfajiri':
      return hours;
    case 'usiku':
      return hours >= 7 ? hours + 12 : hours;
    case 'jioni':
      return hours === 0 ? 12 : hours + 12;
    case 'mchana':
    case undefined:
      return hours >= 7 ? hours : hours + 12;
  }
}

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[.,!?]/g, ' ')
    .replace(/\bunusu\b/g, 'na nusu')
    .replace(/\s+/g, ' ')
    .trim();

/** The minutes said after the hour: "na nusu" → 30, "kasoro robo" → -15, "na dakika kumi" → 10. */
function minutesOf(words: string): number | undefined {
  if (words === '') return 0;
  const match = /^(na|kasoro) (.+)$/.exec(words);
  if (!match) return undefined;
  const sign = match[1] === 'na' ? 1 : -1;
  const amount = match[2]!;
  if (amount === 'nusu') return sign * 30;
  if (amount === 'robo') return sign * 15;
  const minutes = /^dakika (.+)$/.exec(amount)?.[1];
  const value = minutes === undefined ? undefined : (numberFromWords(minutes) ?? Number(minutes));
  return value !== undefined && Number.isInteger(value) && value > 0 && value < 60 ? sign * value : undefined;
}

/** "saa moja asubuhi" → `07:00`, "saa tatu na nusu usiku" → `21:30`; null when the text is not a Swahili time. */
export function parseSwahiliTime(text: string): string | null {
  const words = normal(text).replace(/^saa /, '').split(' ');
  const part = PARTS.has(words.at(-1) as Part) ? (words.pop() as Part) : undefined;
  // The hour is the longest run of words that is a number from 1 to 12 ("kumi na mbili").
  for (let end = words.length; end > 0; end--) {
    const spoken = words.slice(0, end).join(' ');
    const digits = /^\d{1,2}$/.test(spoken);
    if (digits && part === undefined) return null;
    const hour = digits ? Number(spoken) : numberFromWords(spoken);
    if (hour === undefined || !Number.isInteger(hour) || hour < 1 || hour > 12) continue;
    const minutes = minutesOf(words.slice(end).join(' '));
    if (minutes === undefined) return null;
    const total = (((hourOf(hour, part) * 60 + minutes) % 1440) + 1440) % 1440;
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  }
  return null;
}

const HOUR_WORDS = [
  'kumi na mbili',
  'moja',
  'mbili',
  'tatu',
  'nne',
  'tano',
  'sita',
  'saba',
  'nane',
  'tisa',
  'kumi',
  'kumi na moja',
];

/** `07:00` → "saa moja asubuhi", `20:30` → "saa mbili na nusu usiku": how a Kiswahili speaker says it. */
export function swahiliTimeWords(time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const hour = HOUR_WORDS[(hours + 6) % 12]!;
  const part =
    hours >= 4 && hours < 6
      ? 'alfajiri'
      : hours >= 6 && hours < 12
        ? 'asubuhi'
        : hours >= 12 && hours < 16
          ? 'mchana'
          : hours >= 16 && hours < 19
            ? 'jioni'
            : 'usiku';
  const extra =
    minutes === 0 ? '' : minutes === 30 ? ' na nusu' : minutes === 15 ? ' na robo' : ` na dakika ${minutes}`;
  return `saa ${hour}${extra} ${part}`;
}
