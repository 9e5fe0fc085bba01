import { DateTime, Duration, IANAZone } from 'luxon';
import { EngineError } from './errors.js';
import type { ScheduleParams } from './effects.js';

const UNITS: Record<string, string> = {
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
};

/** `30m`, `2h`, `1d`, `1d12h` → a luxon Duration (days are calendar days, DST-safe). */
export function parseDelay(text: string): Duration {
  const parts = [...text.trim().matchAll(/(\d+)\s*([smhdw])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new EngineError(
      'bad_delay',
      `"${text}" is not a delay: use a number and a unit, like 30m, 2h, 1d or 1d12h`,
    );
  }
  const values: Record<string, number> = {};
  for (const [, amount, unit] of parts) values[UNITS[unit!]!] = (values[UNITS[unit!]!] ?? 0) + Number(amount);
  return Duration.fromObject(values);
}

export function parseClockTime(text: string): { hour: number; minute: number } {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new EngineError('bad_time', `"${text}" is not a time of day: use HH:MM, like 07:30`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function assertZone(zone: string): string {
  // IANAZone.create caches per name; isValidZone builds a new Intl formatter on every call.
  if (!IANAZone.create(zone).isValid) {
    throw new EngineError('bad_zone', `"${zone}" is not a time zone: use an IANA name like Africa/Nairobi`);
  }
  return zone;
}

/**
 * When a timer is due. `at.days` counts calendar days in the learner's zone (1 = tomorrow); with no
 * `days`, the next occurrence of that local time. A local time skipped by DST moves forward.
 */
export function dueAt(
  params: Pick<ScheduleParams, 'delay' | 'at' | 'dueAt'>,
  now: Date,
  learnerZone: string,
): Date {
  if (params.dueAt) {
    const instant = new Date(params.dueAt);
    if (Number.isNaN(instant.getTime()))
      throw new EngineError('bad_schedule', `Timer dueAt "${params.dueAt}" is not an ISO 8601 instant`);
    return instant;
  }
  if (params.delay) {
    return DateTime.fromJSDate(now, { zone: assertZone(learnerZone) })
      .plus(parseDelay(params.delay))
      .toJSDate();
  }
  if (params.at) {
    const { hour, minute } = parseClockTime(params.at.time);
    const local = DateTime.fromJSDate(now, { zone: assertZone(params.at.zone ?? learnerZone) });
    let target = local
      .startOf('day')
      .plus({ days: params.at.days ?? 0 })
      .set({ hour, minute });
    if (params.at.days === undefined && target <= local)
      target = target.plus({ days: 1 }).set({ hour, minute });
    return target.toJSDate();
  }
  throw new EngineError(
    'bad_schedule',
    'A timer needs `delay` (like 2h), `at` (like { time: "07:30" }) or `dueAt` (an ISO instant)',
  );
}

/** `/advance 1d` and `sim.advance('2h')`: a delay in milliseconds. */
export function parseAdvance(text: string): number {
  return parseDelay(text).as('milliseconds');
}
