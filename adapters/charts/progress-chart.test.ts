import { describe, expect, it } from 'vitest';
import { renderSvg, svgToPng } from './png.js';
import {
  progressCardHeight,
  progressSvg,
  PROGRESS_CARD_WIDTH,
  type ProgressPicture,
} from './progress-chart.js';

const picture = (overrides: Partial<ProgressPicture> = {}): ProgressPicture => ({
  title: "Amina's progress",
  streak: '5 days in a row · best 9',
  week: ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'].map((label, i) => ({
    label,
    lessons: i % 2,
    quizzes: i % 2,
    reviews: i,
  })),
  courses: [
    { title: 'Money basics', done: 3, total: 6 },
    { title: 'Safe online: protecting your phone and your money', done: 6, total: 6 },
  ],
  labels: {
    week: 'Last 7 days',
    courses: 'Courses',
    lessons: 'Lessons',
    quizzes: 'Quizzes',
    reviews: 'Reviews',
  },
  ...overrides,
});

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

/** Share of pixels that are not white: a picture with bars and text has plenty, a blank one none. */
function inkShare(svg: string): number {
  const { pixels } = renderSvg(svg);
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 230 || pixels[i + 1]! < 230) ink++;
  return ink / (pixels.length / 4);
}

describe('the progress picture', () => {
  it('says the title, streak, weekdays, each course and its lessons done', () => {
    const svg = progressSvg(picture());
    for (const text of [
      "Amina's progress",
      '5 days in a row · best 9',
      'Last 7 days',
      'Thu',
      'Wed',
      'Lessons',
    ])
      expect(svg).toContain(text.replace("'", '&#39;'));
    expect(svg).toContain('Money basics');
    expect(svg).toContain('3 / 6');
    // A long title is cut so its bar keeps its width: 28 characters with the ellipsis.
    expect(svg).toContain('Safe online: protecting you…');
    expect(svg).not.toContain('your money');
  });

  it('is a PNG 720 px wide (360 px at phone density), as tall as its courses, well under WhatsApp’s 5 MB', () => {
    const png = svgToPng(progressSvg(picture()));
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(pngSize(png)).toEqual({ width: PROGRESS_CARD_WIDTH, height: progressCardHeight(2) });
    expect(png.byteLength).toBeLessThan(200 * 1024);
    expect(inkShare(progressSvg(picture()))).toBeGreaterThan(0.05);
  });

  it('draws a learner with no activity and no course yet (no empty or broken picture)', () => {
    const idle = picture({
      week: picture().week.map((day) => ({ ...day, lessons: 0, quizzes: 0, reviews: 0 })),
      courses: [],
    });
    const svg = progressSvg(idle);
    expect(svg).not.toMatch(/NaN|undefined/);
    expect(pngSize(svgToPng(svg)).height).toBe(progressCardHeight(0));
    expect(inkShare(svg)).toBeGreaterThan(0.01);
  });

  it('shows at most five courses', () => {
    const courses = Array.from({ length: 7 }, (_, i) => ({ title: `Course ${i + 1}`, done: i, total: 7 }));
    const svg = progressSvg(picture({ courses }));
    expect(svg).toContain('Course 5');
    expect(svg).not.toContain('Course 6');
  });

  it('reads in Kiswahili when its labels are', () => {
    const svg = progressSvg(
      picture({
        title: 'Maendeleo ya Amina',
        week: picture().week.map((day, i) => ({
          ...day,
          label: ['Jtt', 'Jnn', 'Jtn', 'Alh', 'Iju', 'Jms', 'Jpl'][i]!,
        })),
        labels: {
          week: 'Siku 7 zilizopita',
          courses: 'Kozi',
          lessons: 'Masomo',
          quizzes: 'Maswali',
          reviews: 'Marudio',
        },
      }),
    );
    for (const text of ['Maendeleo ya Amina', 'Siku 7 zilizopita', 'Jtt', 'Jpl', 'Masomo', 'Marudio'])
      expect(svg).toContain(text);
  });
});
