import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentAdmin } from '../../db/repositories/content-admin.js';
import { chamaLesson } from '../../tests/harness/content-fixtures.js';
import { dashboardClient } from '../../tests/harness/dashboard.js';
import type { TestApp } from '../../tests/harness/http-app.js';
import { serveTestRuntime, type ServedRuntime } from '../../tests/harness/runtime.js';

describe('a dashboard content edit in the running runtime', () => {
  let served: ServedRuntime;
  const { act, signIn } = dashboardClient(
    () => ({ app: served.runtime.app, database: served.database }) as unknown as TestApp,
  );

  beforeAll(async () => {
    served = await serveTestRuntime(() => ({}));
    const db = served.database.db;
    expect((await contentAdmin(db).createLesson('money-basics', chamaLesson)).ok).toBe(true);
    await served.runtime.catalog.refresh();
  });
  afterAll(async () => served?.close());

  it("reaches the catalog the runtime's turns read, with no restart", async () => {
    const operator = await signIn('operator');
    const body = '*Save together* 🤝\n\nA chama meets every month.';
    const res = await act(operator, '/admin/content/money-basics/join-a-chama', {
      'title.en': chamaLesson.title.en!,
      'title.sw': chamaLesson.title.sw!,
      estimatedMinutes: '3',
      'body.en': body,
      'body.sw': chamaLesson.body.sw!,
    });
    expect(res.status).toBe(303);
    const lesson = served.runtime.catalog.lesson('money-basics', 'join-a-chama')!;
    expect(lesson.body.en).toBe(body);
    expect(lesson.media).toBeUndefined();
  });
});
