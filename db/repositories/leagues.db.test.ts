import { leagueRules } from '../../flows/learning/index.js';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisRanking, tableRanking, type LeagueRanking } from '../../adapters/leagues/ranking.js';
import {
  forEachDatabase,
  testDatabase,
  TEST_REDIS_URL,
  withoutRedis,
  type TestDatabase,
} from '../../tests/harness/db.js';
import { rowsOf } from '../rows.js';
import { leaguesRepository, type LeagueAward, type LeaguesRepository } from './leagues.js';

const WEEK = '2026-03-02';
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 2, day, hour));

forEachDatabase((kind) => {
  describe(`league repository on ${kind}`, () => {
    let database: TestDatabase;
    let leagues: LeaguesRepository;
    beforeEach(async () => {
      database = await testDatabase(kind);
      leagues = leaguesRepository(database.db);
    });
    afterEach(() => database.cleanup());

    const learner = async (phone: string, name: string | null = null) =>
      rowsOf<{ id: string }>(
        await database.db.execute(
          sql`insert into users (phone, name) values (${phone}, ${name}) returning id`,
        ),
      )[0]!.id;
    const award = (userId: string, extra: Partial<LeagueAward> & { key: string; points: number }) =>
      leagues.award({
        userId,
        at: at(3),
        week: WEEK,
        course: 'money',
        zoneBucket: 3,
        groupSize: 2,
        ...extra,
      });

    it('joins under a nickname unique whatever its case; leaving frees it', async () => {
      const amina = await learner('+254700000001');
      const baraka = await learner('+254700000002');
      expect(await leagues.join(amina, 'Nyota', at(2))).toEqual({ status: 'joined', nickname: 'Nyota' });
      expect(await leagues.join(amina, 'Other', at(2))).toEqual({ status: 'already', nickname: 'Nyota' });
      expect(await leagues.join(baraka, 'NYOTA', at(2))).toEqual({ status: 'taken' });
      expect(await leagues.nicknameTaken('nyota')).toBe(true);
      expect(await leagues.leave(amina)).toEqual({ left: true, groups: [] });
      expect(await leagues.join(baraka, 'NYOTA', at(2))).toEqual({ status: 'joined', nickname: 'NYOTA' });
      expect(await leagues.leave(amina)).toEqual({ left: false, groups: [] });
    });

    it('counts each award once, only for members; a retried quiz only above its best', async () => {
      const amina = await learner('+254700000001');
      expect(await award(amina, leagueRules.lessonPoints('money', 'l1'))).toBeNull();
      await leagues.join(amina, 'Nyota', at(2));
      const first = await award(amina, leagueRules.lessonPoints('money', 'l1'));
      expect(first).toMatchObject({ points: 10, firstOfWeek: true });
      // The same lesson again (a rerun after a crash, or done twice): nothing more.
      expect(await award(amina, leagueRules.lessonPoints('money', 'l1'))).toBeNull();
      expect(await award(amina, leagueRules.quizPoints('money', 'l1', 1, 2))).toMatchObject({
        points: 12,
        firstOfWeek: false,
      });
      expect(await award(amina, leagueRules.quizPoints('money', 'l1', 2, 2))).toBeNull();
      expect(await award(amina, leagueRules.quizPoints('money', 'l1', 3, 3))).toMatchObject({ points: 13 });
      expect((await leagues.entry(amina, WEEK))?.points).toBe(13);
    });

    it('forms groups as first points arrive: the fullest open group of the course, zone and week, else a new one', async () => {
      const ids = [];
      for (let i = 1; i <= 5; i += 1) {
        const id = await learner(`+25470000000${i}`);
        await leagues.join(id, `Member${i}`, at(2));
        ids.push(id);
      }
      const groupOf = async (id: string, extra: Partial<LeagueAward> = {}) =>
        (await award(id, { ...leagueRules.lessonPoints('money', 'l1'), ...extra }))!.groupId;
      const g1 = await groupOf(ids[0]!);
      expect(await groupOf(ids[1]!)).toBe(g1);
      const g2 = await groupOf(ids[2]!);
      expect(g2).not.toBe(g1);
      // Another zone bucket or course never shares a group.
      expect([g1, g2]).not.toContain(await groupOf(ids[3]!, { zoneBucket: 1 }));
      expect([g1, g2]).not.toContain(await groupOf(ids[4]!, { course: 'safety' }));
      // A new week: new groups.
      const next = await award(ids[0]!, {
        ...leagueRules.lessonPoints('money', 'l2'),
        week: '2026-03-09',
        at: at(9),
      });
      expect([g1, g2]).not.toContain(next!.groupId);
      expect(next!.firstOfWeek).toBe(true);
    });

    it('fixes last week’s rank once, moves the top 3 up a tier once, and tells it once', async () => {
      const ids = [];
      for (let i = 1; i <= 4; i += 1) {
        const id = await learner(`+25470000001${i}`);
        await leagues.join(id, `Member${i}`, at(2));
        await award(id, { key: `k${i}`, points: i * 5, groupSize: 30, at: at(2 + i) });
        ids.push(id);
      }
      const nextWeek = '2026-03-09';
      const last = await leagues.finishedWeek(ids[3]!, nextWeek, leagueRules.tierAfter);
      expect(last).toEqual({ week: WEEK, rank: 1, size: 4, points: 20, tier: 1 });
      expect(await leagues.finishedWeek(ids[3]!, nextWeek, leagueRules.tierAfter)).toEqual(last);
      expect(await leagues.finishedWeek(ids[0]!, nextWeek, leagueRules.tierAfter)).toMatchObject({
        rank: 4,
        tier: 0,
      });
      await leagues.told(ids[3]!, nextWeek, at(9));
      expect(await leagues.finishedWeek(ids[3]!, nextWeek, leagueRules.tierAfter)).toBeNull();
      expect((await leagues.learner(ids[3]!))?.tier).toBe(1);
    });

    it('marks the week’s nudge once', async () => {
      const amina = await learner('+254700000001');
      await leagues.join(amina, 'Nyota', at(2));
      await award(amina, leagueRules.lessonPoints('money', 'l1'));
      expect(await leagues.nudged(amina, WEEK, at(8))).toBe(true);
      expect(await leagues.nudged(amina, WEEK, at(8))).toBe(false);
    });

    describe('rankings', () => {
      let redis: Redis | undefined;
      afterAll(async () => {
        await redis?.quit();
      });

      const rankings = (): [string, () => LeagueRanking][] => [
        ['table', () => tableRanking(leagues)],
        ...(withoutRedis()
          ? []
          : ([
              [
                'redis',
                () => {
                  redis ??= new Redis(TEST_REDIS_URL);
                  return redisRanking(redis, leagues);
                },
              ],
            ] as [string, () => LeagueRanking][])),
      ];

      for (const [name, make] of rankings()) {
        it(`${name}: the top 5 and the member's place, points first, then who got there first`, async () => {
          const ranking = make();
          const ids: string[] = [];
          let groupId = '';
          let groupStart = new Date();
          // A shared Redis keeps sets from earlier runs: a random start gives this group its own.
          const jitter = Math.floor(Math.random() * 3_600_000);
          // Seven members: 5, 10, 15 … points; Member7 reaches 15 after Member3 did.
          const points = [5, 10, 15, 20, 25, 30, 15];
          for (const [i, p] of points.entries()) {
            const id = await learner(`+25470000002${i}`);
            await leagues.join(id, `Member${i + 1}`, at(2));
            const when = new Date(at(3, 8 + i).getTime() + jitter);
            const entry = (await award(id, { key: 'k', points: p, groupSize: 30, at: when }))!;
            await ranking.record(id, entry);
            ({ groupId, groupStart } = entry);
            ids.push(id);
          }
          const seventh = await ranking.standing(ids[6]!, groupId, groupStart);
          expect(seventh).toEqual({
            groupId,
            rank: 5,
            size: 7,
            points: 15,
            top: [
              { rank: 1, nickname: 'Member6', points: 30, me: false },
              { rank: 2, nickname: 'Member5', points: 25, me: false },
              { rank: 3, nickname: 'Member4', points: 20, me: false },
              { rank: 4, nickname: 'Member3', points: 15, me: false },
              { rank: 5, nickname: 'Member7', points: 15, me: true },
            ],
            thirdPoints: 20,
          });
          // An award after the ranking was read moves the member up at once.
          const more = (await award(ids[0]!, { key: 'k2', points: 40, groupSize: 30, at: at(4, 12) }))!;
          await ranking.record(ids[0]!, more);
          expect(await ranking.standing(ids[0]!, groupId, groupStart)).toMatchObject({ rank: 1, points: 45 });
          // Leaving drops the member from the ranking.
          const { groups } = await leagues.leave(ids[0]!);
          await ranking.remove(ids[0]!, groups);
          expect(await ranking.standing(ids[5]!, groupId, groupStart)).toMatchObject({ rank: 1, size: 6 });
        });
      }
    });
  });
});
