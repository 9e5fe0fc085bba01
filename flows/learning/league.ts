/*
 * Weekly league rules (issue 13 item 4), pure: no clock, no I/O.
 * Decisions:
 * - A league week runs Monday 04:00 to Monday 04:00 local (the streak day boundary) and is named
 *   by its Monday (`YYYY-MM-DD`): a new week means new groups, nothing is reset.
 * - Points: 10 for a lesson's first completion (ever, not once a week), 1 per right quiz answer
 *   counted only above the best earlier attempt of that quiz (a retry cannot farm points), 1 per
 *   review answered, right or wrong.
 * - Of two members level on points, the one who got there first ranks higher.
 * - The top 3 of a group with points move up one tier (Bronze … Diamond); everyone else stays.
 * - The Sunday-evening nudge goes to a member outside the top 3 within NUDGE_GAP points of it.
 * - Nicknames: 3–20 letters, digits or `_`; never more than 6 digits (nothing that reads as a
 *   phone number); not the learner's own name; unique whatever their case.
 */
import { DateTime } from 'luxon';
import { inZone, localInstant } from './local-time.js';
import { DAY_BOUNDARY_HOUR, streakDay } from './streak.js';

export const LEAGUE_GROUP_SIZE = 30;
export const LEAGUE_POINTS = { lesson: 10, rightAnswer: 1, review: 1 } as const;
export const TOP = 3;
export const NUDGE_GAP = 10;
export const TIERS = 5;
/** Sunday, 18:00 local: evening, before quiet hours. */
export const NUDGE_HOUR = 18;

/** The league week an instant belongs to: the Monday of its streak day. */
export function leagueWeek(at: Date, zone: string): string {
  const day = DateTime.fromISO(streakDay(at, zone), { zone: 'utc' });
  return day.minus({ days: day.weekday - 1 }).toISODate()!;
}

/** The week before `week`. */
export function previousWeek(week: string): string {
  return DateTime.fromISO(week, { zone: 'utc' }).minus({ weeks: 1 }).toISODate()!;
}

/** When a week begins: its Monday at 04:00 local. */
export function weekStart(week: string, zone: string): Date {
  const monday = DateTime.fromISO(week, { zone: 'utc' });
  return localInstant(monday, DAY_BOUNDARY_HOUR, 0, zone).toJSDate();
}

/** Learners whose UTC offset rounds to the same hour share groups (their weeks start together). */
export function zoneBucket(at: Date, zone: string): number {
  return Math.round(inZone(at, zone).offset / 60);
}

/** The next Sunday 18:00 local strictly after `now`: when the week's nudge is looked at. */
export function nextNudgeAt(now: Date, zone: string): Date {
  const local = inZone(now, zone);
  let sunday = local.plus({ days: (7 - local.weekday) % 7 });
  let at = localInstant(sunday, NUDGE_HOUR, 0, zone);
  if (at.toMillis() <= now.getTime()) {
    sunday = sunday.plus({ weeks: 1 });
    at = localInstant(sunday, NUDGE_HOUR, 0, zone);
  }
  return at.toJSDate();
}

/** 2^20 seconds (12 days) is more than a week: points dominate, then who got there first. */
const SECONDS_SLOT = 2 ** 20;

/** A member's sorted-set score: points first, then the earlier time reached (from the group's start). */
export function rankScore(points: number, reachedAt: Date, groupStart: Date): number {
  const seconds = Math.floor((reachedAt.getTime() - groupStart.getTime()) / 1000);
  const clamped = Math.min(SECONDS_SLOT - 1, Math.max(0, seconds));
  return points * SECONDS_SLOT + (SECONDS_SLOT - 1 - clamped);
}

/** The points a score stands for. */
export const pointsOf = (score: number): number => Math.floor(score / SECONDS_SLOT);

/** The tier after a finished week at `rank` (1-based). */
export function tierAfter(tier: number, rank: number, points: number): number {
  return rank <= TOP && points > 0 ? Math.min(TIERS - 1, tier + 1) : tier;
}

/** Points a member outside the top 3 needs to pass third place; null when not close (or already in). */
export function pointsToTop(rank: number, points: number, thirdPoints: number | undefined): number | null {
  if (rank <= TOP || thirdPoints === undefined || points <= 0) return null;
  const gap = thirdPoints - points + 1;
  return gap <= NUDGE_GAP ? gap : null;
}

export type NicknameProblem = 'length' | 'characters' | 'phone' | 'realName';

export type NicknameCheck = { ok: true; nickname: string } | { ok: false; problem: NicknameProblem };

/** Whether a nickname may be used (uniqueness is the database's to say). */
export function checkNickname(raw: string, realName?: string | null): NicknameCheck {
  const nickname = raw.trim().replace(/^@/, '');
  if (nickname.length < 3 || nickname.length > 20) return { ok: false, problem: 'length' };
  if (!/^[A-Za-z0-9_]+$/.test(nickname)) return { ok: false, problem: 'characters' };
  if ((nickname.match(/\d/g) ?? []).length > 6) return { ok: false, problem: 'phone' };
  const name = realName?.trim().toLowerCase();
  const key = nickname.toLowerCase();
  if (name && name.split(/\s+/).some((part) => part.length >= 3 && key.includes(part)))
    return { ok: false, problem: 'realName' };
  return { ok: true, nickname };
}

const ADJECTIVES = ['Swift', 'Bright', 'Brave', 'Clever', 'Calm', 'Keen', 'Bold', 'Quick', 'Sunny', 'Wise'];
const ANIMALS = [
  'Lion',
  'Zebra',
  'Eagle',
  'Cheetah',
  'Gazelle',
  'Rhino',
  'Giraffe',
  'Falcon',
  'Heron',
  'Kudu',
];

/** A nickname suggested from a seed (a different `attempt` gives another): never the learner's name. */
export function suggestNickname(seed: string, attempt = 0): string {
  let hash = 2166136261;
  for (const char of `${seed}#${attempt}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const adjective = ADJECTIVES[hash % ADJECTIVES.length]!;
  const animal = ANIMALS[Math.floor(hash / 10) % ANIMALS.length]!;
  return `${adjective}${animal}${String(Math.floor(hash / 100) % 100).padStart(2, '0')}`;
}

/** An event's points and its key: the same event always gives the same key (counted once). */
export interface LeaguePointsAward {
  key: string;
  points: number;
  course?: string;
  /** Counted only above what earlier awards with keys starting so already gave. */
  above?: string;
}

export const lessonPoints = (course: string, lesson: string): LeaguePointsAward => ({
  key: `lesson:${course}/${lesson}`,
  points: LEAGUE_POINTS.lesson,
  course,
});

export const quizPoints = (
  course: string,
  lesson: string,
  attempt: number,
  right: number,
): LeaguePointsAward => ({
  key: `quiz:${course}/${lesson}#${attempt}`,
  points: right * LEAGUE_POINTS.rightAnswer,
  course,
  above: `quiz:${course}/${lesson}#`,
});

export const reviewPoints = (reviewKey: string): LeaguePointsAward => ({
  key: `review:${reviewKey}`,
  points: LEAGUE_POINTS.review,
});
