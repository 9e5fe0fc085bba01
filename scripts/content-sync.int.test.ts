import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { loadCourses } from '../db/repositories/content.js';
import { testDatabase, type TestDatabase } from '../tests/harness/db.js';

const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function contentSync(env: Record<string, string>, dir?: string): Promise<Result> {
  const base = { ...process.env, LOG_LEVEL: 'silent' } as Record<string, string>;
  delete base.DATABASE_URL;
  return run('node_modules/.bin/tsx', ['scripts/content-sync.ts', ...(dir ? [dir] : [])], {
    env: { ...base, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Result) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('npm run content:sync on PGlite', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the sample courses, then says nothing changed; plain counts when not on a terminal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'content-sync-'));
    const first = await contentSync({ PGLITE_DIR: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('courses: 3 created, 0 updated, 0 archived, 0 unchanged');
    expect(first.stdout).toContain('lessons: 15 created, 0 updated, 0 archived, 0 unchanged');
    expect(first.stdout).toContain('synced 18/18 courses and lessons');
    expect(first.stdout).not.toContain('\r');
    const second = await contentSync({ PGLITE_DIR: dir });
    expect(second.stdout).toMatch(
      /Nothing changed: the database already matches the files \(3 courses, 15 lessons, \d+ questions\)/,
    );
  });

  it('refuses broken content, listing every problem as file:line:col, and writes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'content-sync-'));
    const result = await contentSync({ PGLITE_DIR: dir }, 'content/__broken__');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^content\/__broken__\/courses\/.+\.yaml:\d+:\d+ error /m);
    expect(result.stderr).toMatch(/\d+ errors, .*: nothing synced/);
    const database = await openDatabase({ kind: 'pglite', dir });
    const tables = await database.pglite!.query(`select to_regclass('courses') as t`);
    expect(tables.rows).toEqual([{ t: null }]);
    await database.close();
  });
});

describe('npm run content:sync on PostgreSQL (DATABASE_URL)', () => {
  let database: TestDatabase;
  afterEach(() => database.cleanup());

  it('syncs into the database DATABASE_URL names', async () => {
    database = await testDatabase('postgres');
    const result = await contentSync({ DATABASE_URL: `${database.url}?search_path=${database.schema}` });
    expect(result.stdout).toContain('lessons: 15 created');
    expect(result.stdout).toContain('PostgreSQL (DATABASE_URL)');
    expect((await loadCourses(database.db)).map((course) => course.slug)).toEqual([
      'money-basics',
      'safe-online',
      'small-business',
    ]);
  });
});
