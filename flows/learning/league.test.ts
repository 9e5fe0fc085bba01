import { describe, expect, it } from 'vitest';
import {
  checkNickname,
  leagueWeek,
  nextNudgeAt,
  pointsOf,
  pointsToTop,
  previousWeek,
  quizPoints,
  rankScore,
  suggestNickname,
  tierAfter,
  weekStart,
  zoneBucket,
} from './league.js';

const NAIROBI = 'Africa/Nairobi';

describe('league week', () => {
  it('runs Monday 04:00 to Monday 04:00 local: Monday 03:59 still belongs to last week', () => {
    // Monday 2026-03-02 in Nairobi (UTC+3).
    expect(leagueWeek(new Date('2026-03-02T00:59:00Z'), NAIROBI)).toBe('2026-02-23');
    expect(leagueWeek(new Date('2026-03-02T01:00:00Z'), NAIROBI)).toBe('2026-03-02');
    expect(leagueWeek(new Date('2026-03-08T20:00:00Z'), NAIROBI)).toBe('2026-03-02');
    expect(previousWeek('2026-03-02')).toBe('2026-02-23');
    expect(weekStart('2026-03-02', NAIROBI).toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it('groups zones by their UTC offset in whole hours', () => {
    const at = new Date('2026-03-02T12:00:00Z');
    expect(zoneBucket(at, NAIROBI)).toBe(3);
    expect(zoneBucket(at, 'Africa/Kampala')).toBe(3);
    expect(zoneBucket(at, 'Africa/Lagos')).toBe(1);
  });

  it('looks for the nudge on the next Sunday at 18:00 local', () => {
    expect(nextNudgeAt(new Date('2026-03-04T09:00:00Z'), NAIROBI).toISOString()).toBe(
      '2026-03-08T15:00:00.000Z',
    );
    // Sunday after 18:00: the next Sunday.
    expect(nextNudgeAt(new Date('2026-03-08T15:00:00Z'), NAIROBI).toISOString()).toBe(
      '2026-03-15T15:00:00.000Z',
    );
  });
});

describe('league ranking', () => {
  const start = new Date('2026-03-02T01:00:00Z');
  it('ranks by points, then by who reached them first', () => {
    const early = rankScore(20, new Date('2026-03-03T00:00:00Z'), start);
    const late = rankScore(20, new Date('2026-03-05T00:00:00Z'), start);
    const more = rankScore(21, new Date('2026-03-08T00:00:00Z'), start);
    expect(early).toBeGreaterThan(late);
    expect(more).toBeGreaterThan(early);
    expect(pointsOf(early)).toBe(20);
    expect(pointsOf(more)).toBe(21);
  });

  it('moves the top 3 with points up one tier, at most to the top one', () => {
    expect(tierAfter(0, 3, 12)).toBe(1);
    expect(tierAfter(0, 4, 50)).toBe(0);
    expect(tierAfter(0, 1, 0)).toBe(0);
    expect(tierAfter(4, 1, 90)).toBe(4);
  });

  it('nudges only a member outside the top 3 within reach of it', () => {
    expect(pointsToTop(4, 10, 11)).toBe(2);
    expect(pointsToTop(3, 10, 10)).toBeNull();
    expect(pointsToTop(6, 1, 40)).toBeNull();
    expect(pointsToTop(5, 0, 3)).toBeNull();
  });

  it('counts a retried quiz only above its best earlier score', () => {
    expect(quizPoints('c', 'l', 2, 3)).toEqual({
      key: 'quiz:c/l#2',
      points: 3,
      course: 'c',
      above: 'quiz:c/l#',
    });
  });
});

describe('nicknames', () => {
  it('takes 3-20 letters, digits or _, and keeps its case', () => {
    expect(checkNickname(' Swift_Lion42 ')).toEqual({ ok: true, nickname: 'Swift_Lion42' });
    expect(checkNickname('ab')).toEqual({ ok: false, problem: 'length' });
    expect(checkNickname('a'.repeat(21))).toEqual({ ok: false, problem: 'length' });
    expect(checkNickname('swift lion')).toEqual({ ok: false, problem: 'characters' });
    expect(checkNickname('nyota✨')).toEqual({ ok: false, problem: 'characters' });
  });

  it('refuses anything that reads as a phone number or holds the learner’s name', () => {
    expect(checkNickname('254722000401')).toEqual({ ok: false, problem: 'phone' });
    expect(checkNickname('me0722000401')).toEqual({ ok: false, problem: 'phone' });
    expect(checkNickname('Amina_2026', 'Amina Otieno')).toEqual({ ok: false, problem: 'realName' });
    expect(checkNickname('Otieno', 'Amina Otieno')).toEqual({ ok: false, problem: 'realName' });
    expect(checkNickname('Nyota', 'Amina Otieno')).toEqual({ ok: true, nickname: 'Nyota' });
  });

  it('suggests a valid nickname, the same for the same seed, another for another attempt', () => {
    const first = suggestNickname('learner-1');
    expect(checkNickname(first)).toEqual({ ok: true, nickname: first });
    expect(suggestNickname('learner-1')).toBe(first);
    expect(suggestNickname('learner-1', 1)).not.toBe(first);
  });
});
