import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkContent, ContentError, loadContent } from './check.js';
import { catalogMessages, loadCatalog } from './messages.js';
import { LANGUAGES } from './types.js';
import { formatProblem } from './yaml-source.js';

const BROKEN = 'content/__broken__';

/** The formatted problems of the fixture files whose path (under __broken__/) matches. */
async function brokenProblems(files: RegExp): Promise<string[]> {
  const { problems } = await checkContent(BROKEN);
  return problems
    .map(formatProblem)
    .map((line) => line.replace(`${BROKEN}/`, ''))
    .filter((line) => files.test(line.split(':')[0]!));
}

describe('the real content', () => {
  it('has no errors, and no warnings but option titles WhatsApp will shorten', async () => {
    const { problems } = await checkContent('content');
    expect(problems.filter((p) => p.rule !== 'title-shortened').map(formatProblem)).toEqual([]);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('has the sample courses (two free of six lessons or more, one premium of three), every text in English and Swahili', async () => {
    const { content } = await checkContent('content');
    expect(content.courses.map((course) => [course.slug, course.premium])).toEqual([
      ['money-basics', false],
      ['safe-online', false],
      ['small-business', true],
    ]);
    for (const course of content.courses) {
      expect(course.lessons.length).toBeGreaterThanOrEqual(course.premium ? 3 : 6);
      for (const lesson of course.lessons) {
        expect(lesson.quiz.length).toBeGreaterThanOrEqual(2);
        expect(lesson.quiz.length).toBeLessThanOrEqual(4);
        for (const language of LANGUAGES) expect(lesson.body[language]).toBeTruthy();
      }
    }
    const types = new Set(
      content.courses.flatMap((c) => c.lessons.flatMap((l) => l.quiz.map((q) => q.type))),
    );
    expect([...types].sort()).toEqual(['multiple', 'number', 'single', 'text', 'true-false']);
  });

  it('keeps lessons in the order course.yaml lists them', async () => {
    const { content } = await checkContent('content');
    expect(content.courses[0]!.lessons.map((lesson) => lesson.slug)).toEqual([
      'needs-and-wants',
      'make-a-budget',
      'save-first',
      'mpesa-pin-safety',
      'spot-mpesa-scams',
      'borrow-wisely',
    ]);
  });

  it('loads the messages and templates, and the bot still renders copy from the files', async () => {
    const content = await loadContent('content');
    expect(content.messages.sw?.['welcome.niceToMeet']).toContain('{{name}}');
    expect(content.templates.get('lesson_ready')?.variables).toEqual(['name', 'course']);
    expect(catalogMessages(loadCatalog()).render('en', 'welcome.niceToMeet', { name: 'Amina' })).toContain(
      'Amina',
    );
  });
});

describe('content/__broken__ fixtures', () => {
  it('broken courses: every mistake with its line, column, rule and hint', async () => {
    expect(await brokenProblems(/course\.yaml$/)).toEqual([
      'courses/broken-course/course.yaml:2:1 error required: the course has no title (hint: add `title:` with `en:` and `sw:` lines under it)',
      'courses/broken-course/course.yaml:3:1 error missing-translation: "description" has no sw text, and the course is in en, sw (hint: add `sw:` under `description:`)',
      'courses/broken-course/course.yaml:5:11 error enum: category must be one of money, digital-safety, health, farming, business, life-skills (hint: pick the closest one)',
      'courses/broken-course/course.yaml:8:10 error type: premium must be true or false (hint: `premium: false` makes the course free)',
      'courses/broken-course/course.yaml:9:11 error maximum: passMark must be a whole percent from 0 to 100 (hint: e.g. `passMark: 70`)',
      'courses/broken-course/course.yaml:10:1 error additionalProperties: "lesson" is not a known field (hint: did you mean `lessons:`?)',
      'courses/broken-course/course.yaml:14:5 error missing-lesson: lesson "missing-lesson" is listed but there is no lessons/missing-lesson.yaml (hint: create lessons/missing-lesson.yaml or fix the spelling)',
      'courses/broken-course/course.yaml:15:5 error duplicate-slug: lesson "broken-lesson" is listed twice (hint: list each lesson once)',
      'courses/copied-course/course.yaml:2:7 error slug-mismatch: the course slug "broken-course" is not its folder name "copied-course" (hint: make them the same: `slug: copied-course` or rename the folder)',
      'courses/copied-course/course.yaml:2:7 error duplicate-slug: the course slug "broken-course" is also used by content/__broken__/courses/broken-course/course.yaml (hint: give each course its own slug)',
      'courses/copied-course/course.yaml:3:14 warning title-shortened: the en title is 33 characters; offered as a choice among 2 courses, WhatsApp shows at most 20, so it will be shortened (hint: say it in 20 characters or fewer to fit; a longer title is shown whole only in the message text)',
      'courses/copied-course/course.yaml:10:11 error missing-lesson: lesson "broken-lesson" is listed but there is no lessons/broken-lesson.yaml (hint: create lessons/broken-lesson.yaml or fix the spelling)',
      'courses/copied-course/course.yaml:11:8 error duplicate-order: courses/copied-course has order 2, like courses/broken-course (hint: give each course its own number; the next free one is 3)',
    ]);
  });

  it('a broken lesson: schema rules and cross-checks together, a syntax error, a listed lesson indented wrongly (one error, not also "missing"), an unlisted lesson, one problem per planted mistake', async () => {
    expect(await brokenProblems(/\/lessons\//)).toEqual([
      'courses/broken-course/lessons/broken-lesson.yaml:3:1 error missing-translation: "title" has no sw text, and the course is in en, sw (hint: add `sw:` under `title:`)',
      'courses/broken-course/lessons/broken-lesson.yaml:8:8 error media-type: WhatsApp cannot send a .gif file as image (hint: use a .jpg, .jpeg, .png file, or change `type:`)',
      'courses/broken-course/lessons/broken-lesson.yaml:10:7 warning body-length: the en body is 1295 characters, over 1200 (hint: keep one idea per lesson: cut it down or split it into two lessons)',
      'courses/broken-course/lessons/broken-lesson.yaml:24:13 error answer-not-an-option: the answer "c" of question "q1" is not one of its options (hint: use an option id: a, b)',
      'courses/broken-course/lessons/broken-lesson.yaml:28:17 error enum: question difficulty must be easy, medium or hard (hint: most first questions are `easy`)',
      'courses/broken-course/lessons/broken-lesson.yaml:30:11 error maxLength: the question is longer than 300 characters (hint: ask one short thing; put background in the lesson body)',
      'courses/broken-course/lessons/broken-lesson.yaml:32:5 error minItems: a question needs at least 2 options (hint: add another option)',
      'courses/broken-course/lessons/broken-lesson.yaml:36:16 error not-allowed: "tolerance" does not belong here (hint: remove it; it is not used by this kind of question)',
      "courses/broken-course/lessons/broken-lesson.yaml:42:13 error type: a number question's answer must be a number (hint: `answer: 500`, no commas or units)",
      'courses/broken-course/lessons/draft.yaml:2:7 warning unlisted-lesson: lesson "draft" is not listed in content/__broken__/courses/broken-course/course.yaml, so learners never get it (hint: add `- draft` under `lessons:` in course.yaml where it belongs)',
      'courses/broken-course/lessons/indentation.yaml:5:4 error yaml-syntax: this line is indented 3 spaces, deeper than the line above it, which opens no group (hint: indentation: give it 2 spaces like the line above, or end that line with `:` to start a group)',
      'courses/broken-course/lessons/one-error-each.yaml:7:13 error unknown-placeholder: "body › en" says {{nmae}}, which is not filled in lessons (hint: did you mean {{name}}?)',
      'courses/broken-course/lessons/one-error-each.yaml:18:21 warning title-shortened: option "b" (en) is 40 characters; WhatsApp shows at most 20 on a reply button, so it will be shortened (hint: say it in 20 characters or fewer to fit; a longer option is shown whole only in the message text)',
      'courses/broken-course/lessons/one-error-each.yaml:30:9 error missing-explanation: wrong option "b" of question "q2" has no explanation (hint: add `explanation:` saying why a learner who picks it is mistaken)',
      'courses/broken-course/lessons/one-error-each.yaml:44:5 error misnamed-field: a multiple-select question needs answers, and "answer" is not one of its fields (hint: did you mean `answers:`?)',
      'courses/broken-course/lessons/one-error-each.yaml:56:5 error misnamed-field: a multiple-select question needs answers, and "anwsers" is not one of its fields (hint: did you mean `answers:`?)',
      'courses/broken-course/lessons/one-error-each.yaml:62:5 error missing-translation: "question 5 › question" has no sw text, and the course is in en, sw (hint: add `sw:` under `question:`)',
      'courses/broken-course/lessons/syntax-error.yaml:4:7 error yaml-syntax: Nested mappings are not allowed in compact mappings (hint: a text that contains ": " must be in quotes, e.g. `body: "Note: …"`)',
    ]);
  });

  it('broken messages: keys missing in a language, unknown placeholders, bad keys, a plural without other', async () => {
    expect(await brokenProblems(/^messages\//)).toEqual([
      'messages/en.yaml:2:1 error missing-translation: message "greeting.Good-Bye" is in sw but not in en (hint: add `Good-Bye:` with the en text under `greeting`)',
      'messages/en.yaml:3:10 error unknown-placeholder: message "greeting.hello" uses {{nmae}}, which the code never fills in (hint: use one of the names in PLACEHOLDERS (content/placeholders.ts), or add it there with the code that fills it)',
      'messages/en.yaml:6:8 error missing-plural: message "questions" has a `one:` form but no `other:` (hint: add `other:` with the text for every number but 1, using {{count}})',
      'messages/sw.yaml:2:1 error missing-translation: message "greeting.bye" is in en but not in sw (hint: add `bye:` with the sw text under `greeting`)',
      'messages/sw.yaml:3:10 error minLength: a message must not be empty (hint: write the text, or remove the key from every language)',
      'messages/sw.yaml:4:3 error pattern: "Good-Bye": a message key is a camelCase word (hint: e.g. `askName`, no spaces or dashes)',
      'messages/sw.yaml:6:8 error missing-plural: message "questions" has a `one:` form but no `other:` (hint: add `other:` with the text for every number but 1, using {{count}})',
    ]);
  });

  it('broken templates: schema line, Content SID, missing templates and languages, variables', async () => {
    expect(await brokenProblems(/^templates\.yaml$/)).toEqual([
      'templates.yaml:1:1 error schema-line: the file does not start with the line that tells editors its schema (hint: make the first line `# yaml-language-server: $schema=../schema/templates.schema.json`)',
      'templates.yaml:1:1 error missing-template: there is no "quiz_reminder" template, which the code sends (hint: add `quiz_reminder:` under `templates:` with its approved Twilio and Meta names)',
      'templates.yaml:1:1 error missing-template: there is no "welcome_back" template, which the code sends (hint: add `welcome_back:` under `templates:` with its approved Twilio and Meta names)',
      'templates.yaml:3:23 error unknown-placeholder: template "lesson_ready" uses the variable "courseName", which the code never supplies (hint: use one of the names in PLACEHOLDERS (content/placeholders.ts), or add it there with the code that fills it)',
      'templates.yaml:4:5 error missing-translation: template "lesson_ready" has no sw version (hint: add `sw:` under `languages:` once the sw template is approved)',
      'templates.yaml:5:21 error pattern: twilio must be a Content SID: HX and 32 hex digits (hint: copy it from Twilio Console › Content Template Builder)',
      'templates.yaml:5:72 error unknown-placeholder: template "lesson_ready" (en) says {{lesson}}, which is not in its variables (hint: add lesson to `variables:` or remove it from the text)',
      'templates.yaml:5:72 error unused-variable: template "lesson_ready" (en) never says {{courseName}} (hint: put {{courseName}} in the text where the approved template has it)',
      'templates.yaml:14:17 error unused-variable: template "streak_nudge" (en) never says {{streak}} (hint: put {{streak}} in the text where the approved template has it)',
    ]);
  });

  it('refuses to load broken content and names every error', async () => {
    const error = await loadContent(BROKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toHaveLength(43);
    expect((error as ContentError).message).toContain('broken-lesson.yaml:24:13 error answer-not-an-option');
  });

  it('is never read as real content', async () => {
    const { problems } = await checkContent('content');
    expect(problems.filter((p) => p.file.includes('__broken__'))).toEqual([]);
  });
});

describe('npm run content:check', () => {
  const run = promisify(execFile);
  const check = (...dirs: string[]) =>
    run('node_modules/.bin/tsx', ['scripts/content-check.ts', ...dirs]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('prints each problem as file:line:col and a summary, and exits 1 on errors', async () => {
    const { code, stdout } = await check(BROKEN);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'content/__broken__/courses/broken-course/lessons/broken-lesson.yaml:24:13 error answer-not-an-option:',
    );
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^43 errors, 4 warnings in 10 files/);
  });

  it('checks YAML flows too: content/ with flows/__broken__ reports their problems and exits 1', async () => {
    const { code, stdout } = await check('content', 'flows/__broken__');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^flows\/__broken__\/typos\.flow\.yaml:\d+:\d+ error /m);
    expect(stdout).toMatch(/^flows\/__broken__\/syntax\.flow\.yaml:\d+:\d+ error /m);
  });

  it('exits 0 on the real content and flows', async () => {
    const { code, stdout } = await check('content');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^0 errors, \d+ warnings/m);
  });
});
