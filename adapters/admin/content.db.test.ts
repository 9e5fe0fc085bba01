import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../http/app.js';
import { loadContent } from '../../content/check.js';
import { searchAdminAudit } from '../../db/repositories/admin-audit.js';
import { progressRepository } from '../../db/repositories/progress.js';
import { usersRepository } from '../../db/repositories/users.js';
import { contentAdmin } from '../../db/repositories/content-admin.js';
import { syncContent } from '../../db/repositories/content-sync.js';
import { catalogFromDatabase, type RefreshableCatalog } from '../../db/repositories/content.js';
import { chamaLesson } from '../../tests/harness/content-fixtures.js';
import { dashboardClient, type DashboardSession } from '../../tests/harness/dashboard.js';
import { forEachDatabase } from '../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../tests/harness/http-app.js';

const LESSON = '/admin/content/money-basics/join-a-chama';
const FILE_LESSON = '/admin/content/money-basics/make-a-budget';

/** The lesson form as the page fills it, with `changes` typed over it. */
const lessonForm = (changes: Record<string, string> = {}) => ({
  'title.en': chamaLesson.title.en!,
  'title.sw': chamaLesson.title.sw!,
  estimatedMinutes: '3',
  'body.en': chamaLesson.body.en!,
  'body.sw': chamaLesson.body.sw!,
  'media.type': 'image',
  'media.url': chamaLesson.media!.url,
  'media.caption.en': 'A chama meeting',
  'media.caption.sw': 'Mkutano wa chama',
  ...changes,
});

forEachDatabase((driver) => {
  describe(`the dashboard's content pages on ${driver}`, () => {
    let test: TestApp;
    let catalog: RefreshableCatalog;
    let operator: DashboardSession;
    const { get, act, signIn } = dashboardClient(() => test);
    const audit = (subject: string) => searchAdminAudit(test.database.db, { subject, page: 1, pageSize: 10 });
    const html = async (path: string) => {
      const res = await get(path, operator.cookie);
      return { status: res.status, text: await res.text() };
    };

    beforeAll(async () => {
      test = await createTestApp({ driver });
      await syncContent(test.database.db, await loadContent('content'));
      catalog = await catalogFromDatabase(test.database.db);
      // The runtime hands createApp the catalog its turns read; this test does the same.
      test = { ...test, app: createApp(test.deps, { catalog }) };
      const created = await contentAdmin(test.database.db).createLesson('money-basics', chamaLesson);
      expect(created.ok).toBe(true);
      await catalog.refresh();
      operator = await signIn('operator');
    });
    afterAll(() => test.cleanup());

    it('browses courses → lessons → a lesson with its quiz, preview and item statistics', async () => {
      const courses = await html('/admin/content');
      expect(courses.status).toBe(200);
      expect(courses.text).toContain('href="/admin/content/money-basics"');
      const course = await html('/admin/content/money-basics');
      expect(course.text).toContain(`href="${LESSON}"`);
      expect(course.text).toContain('YAML file');
      const lesson = await html(LESSON);
      expect(lesson.text).toContain('Where should a chama keep its money?');
      expect(lesson.text).toContain('<strong>Save together</strong>');
      expect(lesson.text).toContain('Facility');
      expect(lesson.text).toContain('href="/simulator?course=money-basics&amp;lesson=join-a-chama"');
    });

    it('keeps a lesson with a schema error unsaved and says so beside the field, keeping what was typed', async () => {
      const tooLong = 'A chama title that goes on far longer than sixty characters allow';
      const res = await act(operator, LESSON, lessonForm({ 'title.sw': tooLong, estimatedMinutes: 'three' }));
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toMatch(
        /id="f-estimatedMinutes"[^>]*aria-invalid="true"[^>]*aria-describedby="f-estimatedMinutes-hint f-estimatedMinutes-error"/,
      );
      expect(page).toContain(
        '<p id="f-estimatedMinutes-error" class="field-error">estimatedMinutes must be a whole number from 1 to 15',
      );
      expect(page).toMatch(/<p id="f-title-sw-error" class="field-error">[^<]*60/);
      expect(page).toContain(`value="${tooLong}"`);
      expect(page).toContain('value="three"');
      expect(catalog.lesson('money-basics', 'join-a-chama')?.estimatedMinutes).toBe(3);
      expect((await audit('lesson:money-basics/join-a-chama')).total).toBe(0);
    });

    it('saves the fixed lesson: audit entry with before and after, and the catalog turns read has it', async () => {
      const body = '*Save together* 🤝\n\nA chama meets every month. Write the rules down.';
      const res = await act(operator, LESSON, lessonForm({ 'body.en': body, estimatedMinutes: '4' }));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${LESSON}?done=lesson`);
      expect(catalog.lesson('money-basics', 'join-a-chama')).toMatchObject({
        estimatedMinutes: 4,
        body: { en: body },
      });
      expect(catalog.lesson('money-basics', 'join-a-chama')?.quiz.map((q) => q.id)).toEqual(['q1', 'q3']);
      const { items } = await audit('lesson:money-basics/join-a-chama');
      expect(items[0]).toMatchObject({
        action: 'lesson.edited',
        adminEmail: operator.email,
        before: { estimatedMinutes: 3, body: { en: chamaLesson.body.en } },
        after: { estimatedMinutes: 4, body: { en: body } },
      });
      const page = await html(`${LESSON}?done=lesson`);
      expect(page.text).toContain('A chama meets every month.');
      expect(page.text).toContain('Saved. Learners get the new text');
    });

    it('edits a question: an option without its explanation is refused beside it, then saved', async () => {
      const path = `${LESSON}/questions/q1`;
      const form = {
        difficulty: 'easy',
        'question.en': 'Where does a chama keep its money safe?',
        'question.sw': 'Chama kiweke pesa zake wapi?',
        'options.0.text.en': 'In a group bank account',
        'options.0.text.sw': 'Kwenye akaunti ya benki ya kikundi',
        'options.1.text.en': "In the treasurer's house",
        'options.1.text.sw': 'Nyumbani kwa mweka hazina',
        answer: 'a',
        'explanation.en': 'A group account needs two signatures.',
        'explanation.sw': 'Akaunti ya kikundi inahitaji sahihi mbili.',
      };
      const refused = await act(operator, path, form);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/id="f-options-1-explanation-en-error" class="field-error">/);
      const fixed = {
        ...form,
        'options.1.explanation.en': 'Cash at home can be stolen.',
        'options.1.explanation.sw': 'Pesa nyumbani zinaweza kuibiwa.',
      };
      expect((await act(operator, path, fixed)).status).toBe(303);
      const quiz = catalog.lesson('money-basics', 'join-a-chama')!.quiz;
      expect(quiz[0]).toMatchObject({
        id: 'q1',
        question: { en: 'Where does a chama keep its money safe?' },
      });
      const [entry] = (await audit('question:money-basics/join-a-chama/q1')).items;
      expect(entry).toMatchObject({
        action: 'question.edited',
        after: { question: { en: form['question.en'] } },
      });
    });

    it('shows a lesson from a YAML file with its path and refuses an edit the next sync would undo', async () => {
      const page = await html(FILE_LESSON);
      expect(page.text).toContain('content/courses/money-basics/lessons/make-a-budget.yaml');
      expect(page.text).not.toContain('Save the lesson');
      const before = catalog.lesson('money-basics', 'make-a-budget')!;
      const res = await act(operator, FILE_LESSON, lessonForm({ 'title.en': 'Changed here' }));
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('edit that file and run npm run content:sync');
      expect(catalog.lesson('money-basics', 'make-a-budget')!.title).toEqual(before.title);
      expect((await audit('lesson:money-basics/make-a-budget')).total).toBe(0);
    });

    it("shows each question's item statistics from the learners' quiz attempts", async () => {
      const progress = progressRepository(test.database.db);
      const users = usersRepository(test.database.db);
      for (const [i, answer] of ['a', 'a', 'b'].entries()) {
        const { id } = await users.create({ phone: `+25471250000${i}` });
        await progress.recordQuizAttempt({
          userId: id,
          course: 'money-basics',
          lesson: 'join-a-chama',
          attempt: 1,
          score: answer === 'a' ? 1 : 0,
          total: 1,
          passed: answer === 'a',
          answers: [{ question: 'q1', answer, correct: answer === 'a' }],
          at: new Date(Date.UTC(2026, 2, 2, 8, i)),
        });
      }
      const page = await html(LESSON);
      const row = /<tr><th scope="row"><a href="[^"]*\/questions\/q1">[\s\S]*?<\/tr>/.exec(page.text)![0];
      expect(row).toContain('<td>3</td><td>67 %</td><td>1.00</td><td>“b” × 1</td><td>0</td>');
    });

    it('lets only an owner archive a question: an operator gets 403 and leaves no audit entry', async () => {
      const path = `${LESSON}/questions/q3/archive`;
      expect(await (await get(`${LESSON}/questions/q3`, operator.cookie)).text()).not.toContain('Archive');
      expect((await act(operator, path, { confirm: 'yes' })).status).toBe(403);
      expect((await audit('question:money-basics/join-a-chama/q3')).total).toBe(0);

      const owner = await signIn('owner');
      expect((await act(owner, path)).status).toBe(400);
      const res = await act(owner, path, { confirm: 'yes' });
      expect(res.status).toBe(303);
      expect(catalog.lesson('money-basics', 'join-a-chama')!.quiz.map((q) => q.id)).toEqual(['q1']);
      const [entry] = (await audit('question:money-basics/join-a-chama/q3')).items;
      expect(entry).toMatchObject({ action: 'question.archived', adminEmail: owner.email, after: null });
      const last = await act(owner, `${LESSON}/questions/q1/archive`, { confirm: 'yes' });
      expect(last.status).toBe(409);
      expect(await last.text()).toContain('a lesson needs at least one');
    });
  });
});
