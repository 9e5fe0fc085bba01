import { describe, expect, it } from 'vitest';
import { catalogFromContent, catalogFromCourses } from './catalog.js';
import { loadContent } from './check.js';

/** The two free sample courses, by slug. */
const sampleCourses = async () => {
  const { courses } = await loadContent('content');
  return ['money-basics', 'safe-online'].map((slug) => courses.find((course) => course.slug === slug));
};

describe('catalogFromContent', () => {
  it('lists the sample courses by slug with their lessons in teaching order', async () => {
    const catalog = catalogFromContent(await loadContent('content'));
    expect(catalog.courses().map((course) => course.slug)).toEqual([
      'money-basics',
      'safe-online',
      'small-business',
    ]);
    expect(catalog.course('small-business')?.premium).toBe(true);
    expect(catalog.lessons('money-basics').map((lesson) => lesson.slug)).toEqual([
      'needs-and-wants',
      'make-a-budget',
      'save-first',
      'mpesa-pin-safety',
      'spot-mpesa-scams',
      'borrow-wisely',
    ]);
    expect(catalog.lesson('money-basics', 'save-first')?.title.en).toBeTruthy();
    expect(catalog.course('nope')).toBeUndefined();
    expect(catalog.lessons('nope')).toEqual([]);
    expect(catalog.lesson('money-basics', 'nope')).toBeUndefined();
  });

  it("lists courses by their authors' order, so a new course never renumbers the others", async () => {
    const [money, safe] = await sampleCourses();
    expect([money!.order, safe!.order]).toEqual([1, 2]);
    // "a-first" sorts before both by slug, but comes third by its order.
    const added = { ...safe!, slug: 'a-first', order: 3 };
    const catalog = catalogFromCourses([added, safe!, money!]);
    expect(catalog.courses().map((course) => course.slug)).toEqual([
      'money-basics',
      'safe-online',
      'a-first',
    ]);
    const tie = catalogFromCourses([{ ...safe!, order: 1 }, money!]);
    expect(tie.courses().map((course) => course.slug)).toEqual(['money-basics', 'safe-online']);
  });

  it('hides archived lessons and courses from listings but keeps them reachable by slug', async () => {
    const [money, safe] = await sampleCourses();
    const catalog = catalogFromCourses([
      { ...safe!, archived: true },
      { ...money!, lessons: money!.lessons.map((l, i) => (i === 0 ? { ...l, archived: true } : l)) },
    ]);
    expect(catalog.courses().map((course) => course.slug)).toEqual(['money-basics']);
    expect(catalog.lessons('money-basics').map((l) => l.slug)).not.toContain('needs-and-wants');
    expect(catalog.course('money-basics')?.lessons).toHaveLength(5);
    expect(catalog.lesson('money-basics', 'needs-and-wants')?.archived).toBe(true);
    expect(catalog.course('safe-online')?.archived).toBe(true);
  });
});
