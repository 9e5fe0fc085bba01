import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogFromContent } from '../../content/catalog.js';
import { loadContent } from '../../content/check.js';
import type { ContentSet, Course } from '../../content/types.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { lessons, questions } from '../schema/content.js';
import { lessonCompletions } from '../schema/progress.js';
import { users } from '../schema/users.js';
import { catalogFromDatabase, loadCourses } from './content.js';
import { syncContent } from './content-sync.js';

const without = (course: Course, lessonSlug: string): Course => ({
  ...course,
  lessons: course.lessons.filter((lesson) => lesson.slug !== lessonSlug),
});

forEachDatabase((kind) => {
  describe(`content sync on ${kind}`, () => {
    let content: ContentSet;
    let database: TestDatabase;
    beforeAll(async () => {
      // The two free sample courses: the tests below sync subsets of them.
      const all = await loadContent('content');
      content = { ...all, courses: all.courses.filter((course) => !course.premium) };
    });
    beforeEach(async () => {
      database = await testDatabase(kind);
      return () => database.cleanup();
    });

    it('loads the sample courses so the database catalog reads exactly like the files', async () => {
      const questionCount = content.courses.flatMap((c) => c.lessons.flatMap((l) => l.quiz)).length;
      const summary = await syncContent(database.db, content);
      expect(summary.courses).toMatchObject({ created: 2, updated: 0, archived: 0 });
      expect(summary.lessons).toMatchObject({ created: 12, updated: 0, archived: 0 });
      expect(summary.questions.created).toBe(questionCount);
      expect(summary.changed).toBe(true);
      const catalog = await catalogFromDatabase(database.db);
      expect(catalog.courses()).toEqual(catalogFromContent(content).courses());
      // Milestone bonus (course.yaml `bonus:`) is stored with its course.
      expect(catalog.course('money-basics')?.bonus?.map((bonus) => bonus.badge)).toEqual([
        'streak-3',
        'streak-7',
      ]);
    });

    it('changes nothing on a second run and says so', async () => {
      await syncContent(database.db, content);
      const before = await database.db.select().from(lessons);
      const again = await syncContent(database.db, content);
      expect(again.changed).toBe(false);
      expect(again.lessons).toEqual({ created: 0, updated: 0, restored: 0, archived: 0, unchanged: 12 });
      expect(again.courses.unchanged).toBe(2);
      expect(await database.db.select().from(lessons)).toEqual(before);
    });

    it('archives a lesson dropped from the files, keeps learners’ progress on it, and restores it when it is back', async () => {
      await syncContent(database.db, content);
      const [learner] = await database.db.insert(users).values({ phone: '+254712345678' }).returning();
      await database.db.insert(lessonCompletions).values({
        userId: learner!.id,
        course: 'money-basics',
        lesson: 'save-first',
        completedAt: new Date('2026-03-02T08:00:00Z'),
      });
      const [money, safe] = content.courses;
      const summary = await syncContent(database.db, { courses: [without(money!, 'save-first'), safe!] });
      expect(summary.lessons).toMatchObject({ archived: 1, created: 0, restored: 0 });

      const catalog = await catalogFromDatabase(database.db);
      expect(catalog.lessons('money-basics').map((l) => l.slug)).not.toContain('save-first');
      expect(catalog.lessons('money-basics')).toHaveLength(5);
      expect(catalog.lesson('money-basics', 'save-first')).toMatchObject({ archived: true });
      expect(catalog.lesson('money-basics', 'save-first')?.quiz.length).toBeGreaterThan(0);
      const progress = await database.db
        .select()
        .from(lessonCompletions)
        .where(eq(lessonCompletions.userId, learner!.id));
      expect(progress.map((row) => row.lesson)).toEqual(['save-first']);

      const back = await syncContent(database.db, content);
      expect(back.lessons).toMatchObject({ restored: 1, archived: 0 });
      await catalog.refresh();
      expect(catalog.lessons('money-basics').map((l) => l.slug)).toEqual(
        money!.lessons.map((lesson) => lesson.slug),
      );
      expect(catalog.lesson('money-basics', 'save-first')?.archived).toBeUndefined();
    });

    it('updates an edited question and archives a removed one without touching the rest', async () => {
      await syncContent(database.db, content);
      const [money, safe] = content.courses;
      const [first, ...rest] = money!.lessons;
      const [q1, q2, ...others] = first!.quiz;
      const edited: Course = {
        ...money!,
        lessons: [{ ...first!, quiz: [{ ...q1!, difficulty: 'hard' }, ...others] }, ...rest],
      };
      const summary = await syncContent(database.db, { courses: [edited, safe!] });
      // q1 changed; the questions after q2 moved up one place.
      expect(summary.questions).toMatchObject({ updated: 1 + others.length, created: 0 });
      expect(summary.questions.archived).toBe(1);
      expect(summary.lessons.unchanged).toBe(12);
      const [archived] = await database.db
        .select()
        .from(questions)
        .where(and(eq(questions.lessonSlug, first!.slug), eq(questions.id, q2!.id)));
      expect(archived?.archivedAt).toBeInstanceOf(Date);
      const lesson = (await loadCourses(database.db))[0]!.lessons[0]!;
      expect(lesson.quiz.map((q) => q.id)).toEqual([q1!.id, ...others.map((q) => q.id)]);
      expect(lesson.quiz[0]!.difficulty).toBe('hard');
    });

    it('never publishes a draft question, and takes back one marked draft again', async () => {
      const [money, safe] = content.courses;
      const [first, ...rest] = money!.lessons;
      const [q1, ...others] = first!.quiz;
      const drafted = { ...q1!, id: 'q9', draft: true };
      const withDraft: Course = {
        ...money!,
        lessons: [{ ...first!, quiz: [...first!.quiz, drafted] }, ...rest],
      };
      await syncContent(database.db, { courses: [withDraft, safe!] });
      const stored = await database.db.select().from(questions).where(eq(questions.lessonSlug, first!.slug));
      expect(stored.map((q) => q.id).sort()).toEqual(first!.quiz.map((q) => q.id).sort());
      expect((await catalogFromDatabase(database.db)).lesson(money!.slug, first!.slug)?.quiz).toHaveLength(
        first!.quiz.length,
      );

      // A published question marked draft again leaves the learners' quiz.
      const unpublished: Course = {
        ...money!,
        lessons: [{ ...first!, quiz: [{ ...q1!, draft: true }, ...others] }, ...rest],
      };
      const summary = await syncContent(database.db, { courses: [unpublished, safe!] });
      expect(summary.questions.archived).toBe(1);
      const lesson = (await loadCourses(database.db))[0]!.lessons[0]!;
      expect(lesson.quiz.map((q) => q.id)).toEqual(others.map((q) => q.id));
    });

    it('archives a course whose folder is gone and leaves it reachable by slug', async () => {
      await syncContent(database.db, content);
      const summary = await syncContent(database.db, { courses: [content.courses[0]!] });
      expect(summary.courses).toMatchObject({ archived: 1, unchanged: 1 });
      const catalog = await catalogFromDatabase(database.db);
      expect(catalog.courses().map((c) => c.slug)).toEqual(['money-basics']);
      expect(catalog.course('safe-online')?.archived).toBe(true);
    });

    it('writes everything or nothing', async () => {
      const [money, safe] = content.courses;
      const broken: Course = { ...safe!, lessons: [...safe!.lessons, { ...safe!.lessons[0]! }] };
      await expect(syncContent(database.db, { courses: [money!, broken] })).rejects.toThrow();
      expect(await loadCourses(database.db)).toEqual([]);
    });
  });
});
