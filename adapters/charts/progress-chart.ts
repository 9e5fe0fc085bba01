/*
 * The learner's progress as a picture for WhatsApp: one phone-shaped card (a week of activity as
 * stacked bars, each course's lessons done as a bar, the streak) drawn with echarts' server-side
 * SVG renderer. The same SVG serves the dashboard; `png.ts` turns it into the PNG WhatsApp shows.
 * Decisions: 720 px wide (as tall as its courses need), shown at 360 px wide on a phone (2× density), so 26 px text reads as
 * 13 px; no emoji or icons in the picture (the shipped font has none; the caption carries them).
 */
import type * as echarts from 'echarts';
import { renderSvg } from './svg.js';

/** At most five courses are drawn; a longer title is cut with an ellipsis so bars keep their width. */
const MAX_COURSES = 5;
export const PROGRESS_CARD_WIDTH = 720;
const COURSES_TOP = 660;
const COURSE_ROW = 84;

/** The card's height: the week, then a row per course (at least one, so an empty list still has room). */
export const progressCardHeight = (courses: number) =>
  COURSES_TOP + Math.max(1, Math.min(courses, MAX_COURSES)) * COURSE_ROW + 24;

export interface ProgressDay {
  /** The weekday as the learner reads it (`Mon`, `Jtt`). */
  label: string;
  lessons: number;
  quizzes: number;
  reviews: number;
}

export interface ProgressCourse {
  title: string;
  done: number;
  total: number;
}

export interface ProgressPicture {
  /** `Amina's progress` */
  title: string;
  /** `7 days in a row · best 9` */
  streak: string;
  /** Seven days, oldest first, today last. */
  week: ProgressDay[];
  courses: ProgressCourse[];
  /** Headings and series names in the learner's language. */
  labels: { week: string; courses: string; lessons: string; quizzes: string; reviews: string };
}

const INK = '#1f2328';
const MUTED = '#57606a';
const COLORS = { lessons: '#1a7f37', quizzes: '#0969da', reviews: '#bf8700', track: '#d0d7de' } as const;

const TITLE_CHARS = 28;
const shortTitle = (title: string) =>
  [...title].length > TITLE_CHARS ? `${[...title].slice(0, TITLE_CHARS - 1).join('')}…` : title;

function option(picture: ProgressPicture): echarts.EChartsCoreOption {
  const courses = picture.courses.slice(0, MAX_COURSES).reverse(); // echarts draws categories bottom-up
  const bar = (name: string, key: 'lessons' | 'quizzes' | 'reviews') => ({
    name,
    type: 'bar',
    stack: 'day',
    xAxisIndex: 0,
    yAxisIndex: 0,
    barWidth: '55%',
    itemStyle: { color: COLORS[key] },
    data: picture.week.map((day) => day[key]),
  });
  const most = Math.max(1, ...picture.week.map((d) => d.lessons + d.quizzes + d.reviews));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'Noto Sans', color: INK },
    title: [
      { text: picture.title, left: 36, top: 28, textStyle: { fontSize: 40, fontWeight: 'bold', color: INK } },
      {
        text: picture.streak,
        left: 36,
        top: 88,
        textStyle: { fontSize: 30, fontWeight: 'normal', color: MUTED },
      },
      { text: picture.labels.week, left: 36, top: 160, textStyle: { fontSize: 30, color: INK } },
      { text: picture.labels.courses, left: 36, top: 586, textStyle: { fontSize: 30, color: INK } },
    ],
    legend: {
      top: 208,
      left: 36,
      itemWidth: 26,
      itemHeight: 18,
      textStyle: { fontSize: 24, color: MUTED },
      data: [picture.labels.lessons, picture.labels.quizzes, picture.labels.reviews],
    },
    grid: [
      { left: 70, right: 36, top: 260, height: 250 },
      { left: 36, right: 130, top: COURSES_TOP, height: Math.max(1, courses.length) * COURSE_ROW - 24 },
    ],
    xAxis: [
      {
        type: 'category',
        gridIndex: 0,
        data: picture.week.map((d) => d.label),
        axisLabel: { fontSize: 24, color: INK },
        axisTick: { show: false },
        axisLine: { lineStyle: { color: COLORS.track } },
      },
      { type: 'value', gridIndex: 1, max: 1, show: false },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        minInterval: 1,
        max: most,
        axisLabel: { fontSize: 22, color: MUTED },
        splitLine: { lineStyle: { color: '#eaeef2' } },
      },
      { type: 'category', gridIndex: 1, data: courses.map((c) => c.title), show: false },
    ],
    series: [
      bar(picture.labels.lessons, 'lessons'),
      bar(picture.labels.quizzes, 'quizzes'),
      bar(picture.labels.reviews, 'reviews'),
      {
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: 22,
        showBackground: true,
        backgroundStyle: { color: COLORS.track, borderRadius: 11 },
        itemStyle: { color: COLORS.lessons, borderRadius: 11 },
        data: courses.map((c) => (c.total ? c.done / c.total : 0)),
        label: {
          show: true,
          position: [0, -30],
          fontSize: 24,
          color: INK,
          formatter: ({ dataIndex }: { dataIndex: number }) => shortTitle(courses[dataIndex]!.title),
        },
      },
      {
        // The "3 / 10" at each course bar's right end: an invisible bar carrying the label.
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: 22,
        barGap: '-100%',
        itemStyle: { color: 'transparent' },
        data: courses.map(() => 1),
        label: {
          show: true,
          position: 'right',
          fontSize: 24,
          color: MUTED,
          formatter: ({ dataIndex }: { dataIndex: number }) =>
            `${courses[dataIndex]!.done} / ${courses[dataIndex]!.total}`,
        },
      },
    ],
  };
}

/** The card as an SVG document (for the dashboard, and for `progressPng`). */
export function progressSvg(picture: ProgressPicture): string {
  const size = { width: PROGRESS_CARD_WIDTH, height: progressCardHeight(picture.courses.length) };
  return renderSvg(option(picture), size);
}
