import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogFromCourses } from '../../content/catalog.js';
import { isQuiet } from '../../flows/learning/quiet-hours.js';
import { createFlowRegistry } from '../../flows/index.js';
import { testCourse, trueFalse } from '../harness/courses.js';
import { simulate, type Simulation } from '../harness/simulate.js';

/** A course long enough for a month of daily lessons, one true/false question each. */
const month = testCourse('a-month', 'A month of lessons', {
  count: 31,
  prefix: 'day',
  title: 'Day',
  quiz: () => [trueFalse('q1', 'True?', 'easy')],
});

let sim: Simulation | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('a learner who chose 07:30', () => {
  it.each([
    ['Europe/London', '+447700900123'],
    ['Africa/Nairobi', '+254700000123'],
  ])(
    'in %s gets each of 30 lessons at 07:30 local (±1 minute) across the October DST change, never in quiet hours',
    async (zone, phone) => {
      sim = await simulate({
        start: '2026-10-10T10:00:00Z',
        registry: createFlowRegistry({ catalog: catalogFromCourses([month]) }),
      });
      const learner = sim.learner(phone);
      for (const reply of ['hi', 'Amina', 'en', '1', '07:30', 'yes']) await learner.says(reply);
      expect((await learner.profile())?.timezone).toBe(zone);

      const lessonTimes: DateTime[] = [];
      for (let day = 0; day < 30; day++) {
        const before = learner.replies().length;
        await sim.advance('1d');
        const intro = learner
          .replies()
          .slice(before)
          .find((d) => /Lesson \d+ of 31/.test(d.message.text));
        expect(intro, `no lesson on day ${day + 1}`).toBeDefined();
        lessonTimes.push(DateTime.fromJSDate(intro!.at, { zone }));
        expect(isQuiet(intro!.at, zone)).toBe(false);
        await learner.says('true'); // the quiz answered, so the next lesson may come
      }
      const minutes = lessonTimes.map((t) => Math.abs(t.hour * 60 + t.minute - (7 * 60 + 30)));
      expect(Math.max(...minutes)).toBeLessThanOrEqual(1);
      expect(new Set(lessonTimes.map((t) => t.toISODate())).size).toBe(30);
      expect(lessonTimes[0]!.toISODate()).toBe('2026-10-11');
      // The clocks went back in London on 25 October: the same 07:30 is an hour later in UTC.
      if (zone === 'Europe/London') {
        const utc = lessonTimes.map((t) => t.toUTC().toFormat('yyyy-MM-dd HH:mm'));
        expect(utc).toContain('2026-10-24 06:30');
        expect(utc).toContain('2026-10-25 07:30');
      }
    },
    120_000,
  );
});
