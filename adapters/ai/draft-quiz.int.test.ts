import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../../content/catalog.js';
import { describeDrafts } from '../../content/check.js';
import { checkCourses } from '../../content/course-check.js';
import { SCHEMA_DIR } from '../../content/sources.js';
import { FakeOpenAi } from '../../tests/harness/fake-openai.js';
import { DraftQuizError, draftQuiz } from './draft-quiz.js';
import { openAiModel } from './openai.js';

const run = promisify(execFile);
const both = (en: string, sw: string) => ({ en, sw });
const GOOD = JSON.stringify({
  questions: [
    {
      type: 'single',
      difficulty: 'easy',
      question: both('When should you save?', 'Uweke akiba lini?'),
      options: [
        { id: 'a', text: both('As soon as money comes in', 'Pesa zinapoingia tu') },
        {
          id: 'b',
          text: both('When something is left', 'Kinapobaki kitu'),
          explanation: both('Often nothing is left.', 'Mara nyingi hakuna kinachobaki.'),
        },
      ],
      answer: 'a',
      explanation: both('Saving first means it happens.', 'Kuweka akiba kwanza kunahakikisha inafanyika.'),
    },
    {
      type: 'true-false',
      difficulty: 'medium',
      question: both('Small savings grow over time.', 'Akiba ndogo hukua kwa muda.'),
      answer: true,
      explanation: both('KSh 20 a day is KSh 600 a month.', 'KSh 20 kwa siku ni KSh 600 kwa mwezi.'),
    },
  ],
});

/** A copy of the money-basics course with its schema lines pointing at content/schema, so it checks like the real one. */
function copyCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'draft-quiz-'));
  cpSync('content/courses/money-basics', join(dir, 'courses/money-basics'), { recursive: true });
  const files = [
    join(dir, 'courses/money-basics/course.yaml'),
    ...readdirSync(join(dir, 'courses/money-basics/lessons')).map((f) =>
      join(dir, 'courses/money-basics/lessons', f),
    ),
  ];
  for (const file of files) {
    const kind = file.endsWith('course.yaml') ? 'course' : 'lesson';
    const line = `# yaml-language-server: $schema=${relative(join(file, '..'), join(SCHEMA_DIR, `${kind}.schema.json`))}`;
    const text = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [line, ...text.slice(1)].join('\n'));
  }
  return dir;
}

describe('content:draft-quiz through the real openai package', () => {
  let fake: FakeOpenAi;
  let dir: string;
  const lessonFile = () => join(dir, 'courses/money-basics/lessons/save-first.yaml');
  const model = () =>
    openAiModel({
      apiKey: 'sk-test',
      baseUrl: fake.baseUrl,
      model: 'gpt-4o-mini',
      timeoutMs: 2000,
      maxRetries: 0,
    });

  beforeAll(async () => {
    fake = await new FakeOpenAi(() => GOOD).start();
  });
  afterAll(() => fake?.stop());
  beforeEach(() => {
    dir = copyCourse();
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('drafts questions into the lesson file, marked draft, checked like the rest, never in the learners’ quiz', async () => {
    const before = readFileSync(lessonFile(), 'utf8');
    const { file, ids } = await draftQuiz({
      dir,
      course: 'money-basics',
      lesson: 'save-first',
      model: model(),
    });
    // The quiz had 3 questions: room for 2 more.
    expect(ids).toEqual(['q4', 'q5']);
    expect(file).toMatch(/save-first\.yaml$/);
    const after = readFileSync(lessonFile(), 'utf8');
    expect(after.startsWith(before.split('quiz:')[0]!)).toBe(true);
    expect(after).toContain('  - id: q4\n    draft: true\n    type: single');
    const checked = checkCourses(dir);
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const lesson = checked.courses[0]!.lessons.find((l) => l.slug === 'save-first')!;
    expect(lesson.quiz.filter((q) => q.draft).map((q) => q.id)).toEqual(['q4', 'q5']);
    expect(
      catalogFromCourses(checked.courses)
        .lesson('money-basics', 'save-first')
        ?.quiz.map((q) => q.id),
    ).toEqual(['q1', 'q2', 'q3']);
    expect(describeDrafts({ courses: checked.courses, messages: {}, templates: new Map() })).toBe(
      '2 draft questions wait for review in money-basics/save-first: check them, then remove `draft: true` to publish (until then learners never see them)',
    );
    // The lesson, not the learner, is what the model reads.
    expect(fake.requests.at(-1)!.messages[1]!.content).toContain('Save first');

    await expect(
      draftQuiz({ dir, course: 'money-basics', lesson: 'save-first', model: model() }),
    ).rejects.toThrow(/already has 5 questions, the most a quiz may have/);
  });

  it('writes nothing when the model’s answer is not questions, or its questions fail the checks', async () => {
    const before = readFileSync(lessonFile(), 'utf8');
    const draft = () => draftQuiz({ dir, course: 'money-basics', lesson: 'save-first', model: model() });
    fake.queue({ answer: 'Here are some great questions about saving!' });
    await expect(draft()).rejects.toThrow(/the model did not answer with questions .* nothing written/);
    const unchecked = JSON.parse(GOOD) as { questions: Record<string, unknown>[] };
    unchecked.questions[0]!.answer = 'z';
    fake.queue({ answer: JSON.stringify(unchecked) });
    const error = await draft().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DraftQuizError);
    expect((error as Error).message).toMatch(
      /do not pass content:check, nothing written:\n.*save-first\.yaml:\d+:\d+ error/,
    );
    fake.queue({ malformed: 'no-choices' });
    await expect(draft()).rejects.toThrow(/the model failed \(malformed/);
    expect(readFileSync(lessonFile(), 'utf8')).toBe(before);
    await expect(draftQuiz({ dir, course: 'money-basics', lesson: 'nope', model: model() })).rejects.toThrow(
      /course "money-basics" has no lesson "nope"/,
    );
  });

  it('npm run content:draft-quiz without a model says it needs OPENAI_API_KEY / OPENAI_BASE_URL and exits 1', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OPENAI_')));
    const failed = await run(
      'npx',
      ['tsx', 'scripts/content-draft-quiz.ts', 'money-basics', 'save-first', `--dir=${dir}`],
      {
        env,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(
      /needs a model .* OPENAI_API_KEY .* OPENAI_BASE_URL/,
    );
    const ok = await run(
      'npx',
      ['tsx', 'scripts/content-draft-quiz.ts', 'money-basics', 'save-first', `--dir=${dir}`],
      {
        env: { ...env, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl },
      },
    );
    expect(ok.stdout).toMatch(
      /^drafted 2 question\(s\) into .*save-first\.yaml: q4, q5, each marked draft: true/,
    );
  });
});
