import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCourse, trueFalse } from '../tests/harness/courses.js';
import { catalogFromCourses } from './catalog.js';
import { loadContent } from './check.js';
import { checkPlans, loadPlans, PlansError } from './plans.js';
import type { Course } from './types.js';
import { formatProblem } from './yaml-source.js';

const HEADER =
  '# yaml-language-server: $schema=' + join(process.cwd(), 'content/schema/plans.schema.json') + '\n';
const quiz = () => [trueFalse('q', 'True?')];
const free = testCourse('basics', 'Basics', { count: 1, quiz });
const business: Course = { ...testCourse('business', 'Business', { count: 2, quiz }), premium: true };

function plansFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'plans-'));
  writeFileSync(join(dir, 'plans.yaml'), HEADER + yaml);
  return dir;
}

const problems = (dir: string, courses: Course[] = [free, business]) =>
  checkPlans(dir, courses).problems.map((p) => formatProblem(p).replace(/^.*plans\.yaml:/, 'plans.yaml:'));

describe('content/plans.yaml', () => {
  it('offers the shipped plans: whole shillings, every premium course unlocked', async () => {
    const { courses } = await loadContent('content');
    const plans = loadPlans(courses);
    expect(plans.map((p) => [p.id, p.price, p.period])).toEqual([
      ['premium-week', 50, 'week'],
      ['premium-month', 150, 'month'],
      ['business-once', 100, 'once'],
    ]);
    const catalog = catalogFromCourses(courses, plans);
    expect(catalog.plansFor('small-business').map((p) => p.id)).toEqual([
      'premium-week',
      'premium-month',
      'business-once',
    ]);
  });

  it('points at the line of a price with cents, an unknown period and an unknown course', () => {
    const dir = plansFile(
      [
        'plans:',
        '  - id: course',
        '    title: { en: The business course }',
        '    price: 99.5',
        '    period: forever',
        '    courses: [business]',
      ].join('\n'),
    );
    expect(problems(dir)).toEqual([
      expect.stringMatching(/^plans\.yaml:5:12 error .*price must be a whole number of shillings/),
      expect.stringMatching(/^plans\.yaml:6:13 error .*period must be once, week, month or year/),
    ]);
    const unknown = plansFile(
      'plans:\n  - id: course\n    title: { en: Course }\n    price: 100\n    period: once\n    courses: [busines]\n',
    );
    expect(problems(unknown, [free])).toEqual([
      expect.stringMatching(
        /plans\.yaml:7:15 error unknown-course: plan "course" unlocks the course "busines"/,
      ),
    ]);
    expect(() => loadPlans([free, business], unknown)).toThrow(PlansError);
  });

  it('warns when a plan sells a free course and when a premium course is in no plan', () => {
    const dir = plansFile(
      'plans:\n  - id: basics\n    title: { en: Basics }\n    price: 20\n    period: once\n    courses: [basics]\n',
    );
    expect(problems(dir)).toEqual([
      expect.stringMatching(
        /warning free-course-in-plan: plan "basics" sells the course "basics", which is free/,
      ),
      expect.stringMatching(/warning unsold-course: the premium course "business" is in no plan/),
    ]);
  });

  it('refuses two plans with one id', () => {
    const plan = (price: number) =>
      `  - id: month\n    title: { en: Month }\n    price: ${price}\n    period: month\n    courses: premium\n`;
    expect(problems(plansFile('plans:\n' + plan(100) + plan(120)))).toEqual([
      expect.stringMatching(/error duplicate-plan: two plans have the id "month"/),
    ]);
  });

  it('the catalog says which plans unlock a course: none for a free one', () => {
    const grow: Course = { ...testCourse('small-business', 'Grow', { count: 1, quiz }), premium: true };
    const catalog = catalogFromCourses([free, business, grow], loadPlans([free, business, grow]));
    expect(catalog.plansFor('business').map((p) => p.id)).toEqual(['premium-week', 'premium-month']);
    expect(catalog.plansFor('basics')).toEqual([]);
    expect(catalog.plan('premium-month')?.price).toBe(150);
  });
});
