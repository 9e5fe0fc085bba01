/*
 * `npm run bench -- --leagues N`: N league members on PostgreSQL (in groups of 30 for this week,
 * with points), then one more learner doing real lessons through the engine (NEXT, each quiz
 * answered) while the clock runs: the time from the answer that completes a lesson to that
 * learner's league standing showing the new points. Target: under a second.
 */
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { sql, type SQL } from 'drizzle-orm';
import { MemoryCache } from '../../adapters/cache/memory.js';
import { createFileStore } from '../../adapters/files/store.js';
import { redisRanking, tableRanking } from '../../adapters/leagues/ranking.js';
import { createServices } from '../../adapters/services/index.js';
import { simulate, statePath } from '../../adapters/simulator/simulate.js';
import { givenLearner } from '../../adapters/simulator/transcript-given.js';
import { openDatabase, type Database } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { leaguesRepository } from '../../db/repositories/leagues.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { leagueRules } from '../../flows/learning/index.js';
import { benchSchemaName, createSchemas, dropSchemas } from './servers.js';
import { DEFAULT_DATABASE_URL } from './options.js';

const ZONE = 'Africa/Nairobi';
const silent = { info() {}, warn() {}, error() {} };

export interface LeagueBenchResult {
  members: number;
  groups: number;
  ranking: 'redis' | 'table';
  seed_ms: number;
  samples_ms: number[];
  max_ms: number;
  target_ms: number;
}

/** Members, groups and this week's entries written by the database itself (generate_series): seconds, not minutes. */
async function seedMembers(db: Database, members: number, week: string, start: Date) {
  const run = (query: SQL) => db.execute(query);
  const groups = Math.ceil(members / leagueRules.LEAGUE_GROUP_SIZE);
  await run(sql`
    insert into users (phone, timezone, learning_state)
    select '+2547' || lpad(i::text, 8, '0'), ${ZONE}, '{"course":"money-basics"}'::jsonb
    from generate_series(1, ${members}) as i`);
  await run(sql`
    insert into league_members (user_id, nickname, nickname_key, joined_at)
    select id, 'Learner' || substr(phone, 6), 'learner' || substr(phone, 6), ${start.toISOString()}::timestamptz
    from users where phone like '+2547%'`);
  await run(sql`
    insert into league_groups (week, course, zone_bucket, size, created_at)
    select ${week}, 'money-basics', 3, ${leagueRules.LEAGUE_GROUP_SIZE}, ${start.toISOString()}::timestamptz
    from generate_series(1, ${groups})`);
  await run(sql`
    insert into league_entries (user_id, week, group_id, points, reached_at)
    select m.user_id, ${week}, g.first_id + (row_number() over (order by m.user_id) - 1) / ${leagueRules.LEAGUE_GROUP_SIZE},
           (random() * 60)::int, ${start.toISOString()}::timestamptz
    from league_members m, (select min(id) as first_id from league_groups) g`);
  // Each group's size as filled: the last one is open, so the measured learner joins real members.
  await run(sql`
    update league_groups g set size = c.n
    from (select group_id, count(*)::int as n from league_entries group by group_id) c
    where c.group_id = g.id`);
  await run(sql`analyze`);
  return groups;
}

export async function runLeagueBench(
  members: number,
  say: (line: string) => void,
  url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): Promise<LeagueBenchResult> {
  const schema = benchSchemaName();
  await createSchemas(url, [schema]);
  const handle = await openDatabase({ kind: 'postgres', url, schema, max: 4 });
  const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
  try {
    await migrate(handle.db);
    // Wednesday 10:00 in Nairobi, mid-week.
    const start = new Date('2026-03-04T07:00:00Z');
    const week = leagueRules.leagueWeek(start, ZONE);
    const seedStart = performance.now();
    const groups = await seedMembers(handle.db, members, week, start);
    const seedMs = Math.round(performance.now() - seedStart);
    say(`${members} league members in ${groups} groups seeded in ${seedMs} ms`);

    const catalog = contentCatalog();
    const registry = createFlowRegistry({ catalog });
    const sim = await simulate({
      start: start.toISOString(),
      registry,
      database: { ...handle, cleanup: async () => {} },
      services: ({ database, clock, receive }) =>
        createServices({
          db: database.db,
          clock,
          files: createFileStore(database.db, {
            publicBaseUrl: 'http://localhost:3000',
            now: () => clock.now(),
          }),
          receive,
          logger: silent,
          tutor: { cache: new MemoryCache({ now: () => clock.now().getTime() }), catalog: () => catalog },
          leagues: { redis },
        }),
    });
    const phone = '+254799000001';
    const given = {
      name: 'Bench',
      language: 'en',
      timezone: ZONE,
      course: 'money-basics',
      lessonTime: '07:30',
      completed: [] as string[],
      where: {},
    };
    const seeded = givenLearner(given, phone, start, catalog, registry).learner!;
    seeded.rootTimers = [];
    const userId = await seedLearner(handle.db, seeded);
    const learner = sim.learner(phone);
    const leagues = leaguesRepository(handle.db);
    const ranking = redis ? redisRanking(redis, leagues) : tableRanking(leagues);
    await learner.says('LEAGUE JOIN Kasuku');
    if (!(await leagues.learner(userId))) throw new Error('the bench learner could not join the league');

    const standing = async () => {
      const entry = await leagues.entry(userId, week);
      return entry ? ((await ranking.standing(userId, entry.groupId, entry.groupStart))?.points ?? 0) : 0;
    };
    const samples: number[] = [];
    for (let lesson = 0; lesson < 5; lesson += 1) {
      sim.clock.advance(60_000);
      await learner.says('NEXT');
      for (
        let answer = 0;
        answer < 10 && statePath((await learner.state())?.state) === 'lesson.asking';
        answer += 1
      ) {
        const before = await standing();
        sim.clock.advance(30_000);
        const t0 = performance.now();
        await learner.says('1');
        let now = await standing();
        // The lesson's completion adds 10 at least; a quiz answer alone may add nothing yet.
        while (
          now < before + leagueRules.LEAGUE_POINTS.lesson &&
          statePath((await learner.state())?.state) !== 'lesson.asking'
        ) {
          if (performance.now() - t0 > 5000) break;
          now = await standing();
        }
        if (now >= before + leagueRules.LEAGUE_POINTS.lesson) {
          samples.push(Math.round(performance.now() - t0));
          say(
            `lesson ${lesson + 1}: completion to standing ${samples.at(-1)} ms (${before} → ${now} points)`,
          );
        }
      }
    }
    await sim.close();
    return {
      members,
      groups,
      ranking: redis ? 'redis' : 'table',
      seed_ms: seedMs,
      samples_ms: samples,
      max_ms: Math.max(...samples),
      target_ms: 1000,
    };
  } finally {
    redis?.disconnect();
    await handle.close();
    await dropSchemas(url, [schema]);
  }
}

/** `--leagues N` on the command line: runs the bench, prints its figures and a JSON line; exit 1 over target. */
export async function leagueBenchCli(raw: string | undefined, jsonOnly: boolean): Promise<number> {
  const members = Number(raw ?? 100_000);
  if (!Number.isInteger(members) || members < 1) {
    console.error(`--leagues must be a whole number of league members >= 1, got "${raw}"`);
    return 2;
  }
  const say = (line: string) => {
    if (!jsonOnly) console.log(line);
  };
  const result = await runLeagueBench(members, say);
  say(
    `\ncompletion to league standing: max ${result.max_ms} ms over ${result.samples_ms.length} lessons (target < ${result.target_ms} ms), rankings from ${result.ranking}`,
  );
  console.log(JSON.stringify(result));
  return result.samples_ms.length > 0 && result.max_ms < result.target_ms ? 0 : 1;
}
