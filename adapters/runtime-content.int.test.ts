import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '../content/check.js';
import { testDatabase } from '../tests/harness/db.js';
import { serveTestRuntime, type ServedRuntime } from '../tests/harness/runtime.js';
import { testConfig } from '../tests/harness/http-app.js';
import { startRuntime } from './runtime.js';

describe('the runtime and content', () => {
  let served: ServedRuntime;
  beforeAll(async () => {
    served = await serveTestRuntime(() => ({}));
  });
  afterAll(async () => served?.close());

  it('syncs content/ at start: a fresh database serves the sample courses', async () => {
    expect(served.runtime.catalog.courses().map((course) => course.slug)).toEqual([
      'money-basics',
      'safe-online',
      'small-business',
    ]);
    const res = await fetch(`${served.base}/api/courses`);
    const body = (await res.json()) as { courses: { slug: string; lessonCount: number }[] };
    expect(body.courses.map((c) => [c.slug, c.lessonCount])).toEqual([
      ['money-basics', 6],
      ['safe-online', 6],
      ['small-business', 3],
    ]);
  });
});

describe('the runtime and broken content', () => {
  it('refuses to start, naming every problem', async () => {
    // A course folder inside a copy of content/ whose lesson list names a lesson that is not there.
    const dir = mkdtempSync(join(tmpdir(), 'content-'));
    cpSync('content', dir, { recursive: true, filter: (path) => !path.includes('__broken__') });
    const course = join(dir, 'courses/safe-online/course.yaml');
    writeFileSync(
      course,
      readFileSync(course, 'utf8').replace('lessons:\n', 'lessons:\n  - not-written-yet\n'),
    );
    const database = await testDatabase('pglite');
    try {
      const error = await startRuntime(testConfig(), pino({ level: 'silent' }), {
        database,
        contentDir: dir,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      expect((error as ContentError).message).toMatch(
        /courses\/safe-online\/course\.yaml:\d+:\d+ error .*not-written-yet/,
      );
    } finally {
      await database.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
