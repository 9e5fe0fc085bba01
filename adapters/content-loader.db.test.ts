import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentError } from '../content/check.js';
import { copyOfContent } from '../tests/harness/content-copy.js';
import { testDatabase, type TestDatabase } from '../tests/harness/db.js';
import { startContent, type LoadedContent } from './content-loader.js';
import { capturingLogger } from '../tests/harness/http-app.js';

const LESSON = 'courses/money-basics/lessons/save-first.yaml';

describe('content at start and on change (development)', () => {
  let dir: string;
  let database: TestDatabase;
  let loaded: LoadedContent | undefined;
  beforeEach(async () => {
    dir = copyOfContent();
    database = await testDatabase('pglite');
  });
  afterEach(async () => {
    loaded?.stop();
    loaded = undefined;
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  it('syncs at start, then reloads an edited lesson into the catalog', async () => {
    const { logger, lines } = capturingLogger();
    loaded = await startContent(database.db, { dir, logger, watch: true, debounceMs: 50 });
    expect(loaded.catalog.courses().map((c) => c.slug)).toEqual([
      'money-basics',
      'safe-online',
      'small-business',
    ]);
    expect(lines().some((line) => String(line.msg).startsWith('content synced: courses: 3 created'))).toBe(
      true,
    );

    edit(LESSON, (text) => text.replace('en: Save first, spend later', 'en: Pay yourself first'));
    await vi.waitFor(
      () => expect(loaded!.catalog.lesson('money-basics', 'save-first')?.title.en).toBe('Pay yourself first'),
      {
        timeout: 10_000,
      },
    );
    expect(
      lines().some((line) => String(line.msg).startsWith('content reloaded: courses: 0 created, 0 updated')),
    ).toBe(true);
  });

  it('logs every problem of a broken edit and keeps serving the last good content; a fix is picked up', async () => {
    const { logger, lines } = capturingLogger();
    loaded = await startContent(database.db, { dir, logger, watch: true, debounceMs: 50 });
    edit(LESSON, (text) =>
      text
        .replace('en: Save first, spend later', 'en: Pay yourself first')
        .replace(/answer: a\b/, 'answer: z'),
    );
    await vi.waitFor(
      () =>
        expect(lines().some((line) => String(line.msg).includes('still serving the last good version'))).toBe(
          true,
        ),
      {
        timeout: 10_000,
      },
    );
    const problems = lines()
      .filter((line) => line.level === 40)
      .map((line) => String(line.msg));
    // One planted mistake, one line: the wrong answer, not also "option a has no explanation".
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`${LESSON}:\\d+:\\d+ error answer-not-an-option: the answer "z"`)),
      ]),
    );
    expect(problems.filter((line) => line.includes('missing-explanation'))).toEqual([]);
    expect(loaded.catalog.lesson('money-basics', 'save-first')?.title.en).toBe('Save first, spend later');

    edit(LESSON, (text) => text.replace(/answer: z\b/, 'answer: a'));
    await vi.waitFor(
      () => expect(loaded!.catalog.lesson('money-basics', 'save-first')?.title.en).toBe('Pay yourself first'),
      {
        timeout: 10_000,
      },
    );
  });

  it('archives a lesson an author removed, keeping it for learners already in it', async () => {
    const { logger } = capturingLogger();
    loaded = await startContent(database.db, { dir, logger });
    rmSync(join(dir, LESSON));
    edit('courses/money-basics/course.yaml', (text) => text.replace('  - save-first\n', ''));
    await loaded.reload();
    expect(loaded.catalog.lessons('money-basics').map((l) => l.slug)).not.toContain('save-first');
    expect(loaded.catalog.lesson('money-basics', 'save-first')?.archived).toBe(true);
  });

  it('refuses to start on broken content, listing every problem', async () => {
    edit(LESSON, (text) =>
      text.replace(/answer: a\b/, 'answer: z').replace('estimatedMinutes: 3', 'estimatedMinutes: 99'),
    );
    const { logger } = capturingLogger();
    const error = await startContent(database.db, { dir, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems.map((p) => p.rule).sort()).toEqual([
      'answer-not-an-option',
      'maximum',
    ]);
    expect((error as ContentError).message).toContain(`${LESSON}:`);
  });
});
