import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyOfContent } from '../tests/harness/content-copy.js';
import { checkContent } from './check.js';
import { formatProblem } from './yaml-source.js';

const COURSE = 'courses/money-basics/course.yaml';

describe("a course's milestone bonus (course.yaml `bonus:`)", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  /** content/ with the money-basics course file's `bonus:` replaced by `bonus`. */
  async function problemsWith(bonus: string) {
    dir = copyOfContent();
    const path = join(dir, COURSE);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.indexOf('bonus:')) + bonus);
    const { problems, content } = await checkContent(dir);
    return {
      errors: problems
        .filter((p) => p.severity === 'error')
        .map((p) => formatProblem({ ...p, file: p.file.slice(p.file.indexOf('courses/')) })),
      course: content.courses.find((course) => course.slug === 'money-basics'),
    };
  }

  it('is read with the course: the badge, the title and the body per language', async () => {
    const { errors, course } = await problemsWith(
      'bonus:\n  - badge: lessons-10\n    title: { en: Ten down, sw: Kumi }\n    body: { en: A tip., sw: Dokezo. }\n',
    );
    expect(errors).toEqual([]);
    expect(course?.bonus).toEqual([
      { badge: 'lessons-10', title: { en: 'Ten down', sw: 'Kumi' }, body: { en: 'A tip.', sw: 'Dokezo.' } },
    ]);
  });

  it('names a badge badges.yaml lacks, or leaves out the body: an error at the line, and the course is not loaded', async () => {
    const { errors, course } = await problemsWith(
      'bonus:\n  - badge: streak-8\n    title: { en: Eight, sw: Nane }\n    body: { en: A tip., sw: Dokezo. }\n' +
        '  - badge: streak-7\n    title: { en: Seven, sw: Saba }\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^courses\/money-basics\/course\.yaml:\d+:\d+ error unknown-badge: bonus 1 is unlocked by the badge "streak-8", which content\/badges\.yaml does not have \(hint: use one of first-lesson, .*streak-7.*, or add the badge to content\/badges\.yaml\)$/,
      ),
      expect.stringMatching(
        /^courses\/money-basics\/course\.yaml:\d+:\d+ error required: this bonus has no body \(hint: add `body:` with `en:` and `sw:` lines under it\)$/,
      ),
    ]);
    expect(course).toBeUndefined();
  });
});
