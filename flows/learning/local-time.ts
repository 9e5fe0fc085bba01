import { DateTime, IANAZone } from 'luxon';
import { assertZone, parseClockTime } from '../../engine/time.js';

/** A local calendar day, as luxon reads it. */
export type LocalDate = Pick<DateTime, 'year' | 'month' | 'day'>;

const HALF_DAY_MS = 12 * 3_600_000;

/**
 * The instant a local wall-clock time happens on a local date. A time skipped by a DST change
 * (the spring gap) moves forward by the gap; a time that happens twice (the autumn overlap) is the
 * first one. luxon alone picks the second in the overlap, so the offsets either side are tried here.
 */
export function localInstant(date: LocalDate, hour: number, minute: number, zone: string): DateTime {
  const tz = IANAZone.create(assertZone(zone));
  const wallMs = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const offsets = new Set([tz.offset(wallMs - HALF_DAY_MS), tz.offset(wallMs + HALF_DAY_MS)]);
  const valid = [...offsets]
    .map((offset) => wallMs - offset * 60_000)
    .filter((instant) => tz.offset(instant) === (wallMs - instant) / 60_000)
    .sort((a, b) => a - b);
  if (valid[0] !== undefined) return DateTime.fromMillis(valid[0], { zone });
  return DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
}

/** Minutes since local midnight of a `HH:MM` clock time (validated, with an example in the error). */
export function clockMinutes(time: string): number {
  const { hour, minute } = parseClockTime(time);
  return hour * 60 + minute;
}

export function inZone(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone: assertZone(zone) });
}

/** The place a learner named for their zone (learning state `place`), else the zone's city. */
export function placeOf(place: string | undefined, zone: string): string {
  return place || cityOf(zone);
}

/** How a learner reads their zone: by its city, `Africa/Dar_es_Salaam` → "Dar es Salaam" ("saa za Nairobi"). */
export function cityOf(zone: string): string {
  return zone.split('/').at(-1)!.replace(/_/g, ' ');
}
