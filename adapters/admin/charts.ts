/*
 * The overview's charts, drawn with the PROGRESS picture's echarts SVG renderer (adapters/charts/)
 * and shown as `data:` images, which the dashboard's CSP allows where inline SVG styles are not.
 */
import type { DailyActivity } from '../../db/repositories/dashboard.js';
import { renderSvg } from '../charts/svg.js';

const INK = '#1f2328';
const MUTED = '#57606a';
const GREEN = '#1a7f37';
const BLUE = '#0969da';

export interface ChartImage {
  src: string;
  /** What the chart shows, in words, for screen readers. */
  alt: string;
  width: number;
  height: number;
}

const SIZE = { width: 520, height: 300 };

const dataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** Bars of learners who wrote and a line of lessons completed, per UTC day. */
export function activityChart(days: DailyActivity[]): ChartImage {
  const labels = days.map((d) => d.day.slice(5));
  const svg = renderSvg(
    {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'Noto Sans, sans-serif', color: INK },
      legend: { top: 8, left: 8, textStyle: { fontSize: 15, color: MUTED } },
      grid: { left: 44, right: 16, top: 44, bottom: 32 },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 14, color: MUTED } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14, color: MUTED } },
      series: [
        {
          name: 'Learners who wrote',
          type: 'bar',
          itemStyle: { color: BLUE },
          data: days.map((d) => d.learners),
        },
        {
          name: 'Lessons completed',
          type: 'line',
          itemStyle: { color: GREEN },
          lineStyle: { width: 3 },
          data: days.map((d) => d.lessonsCompleted),
        },
      ],
    },
    SIZE,
  );
  const peak = Math.max(0, ...days.map((d) => d.learners));
  const lessons = days.reduce((n, d) => n + d.lessonsCompleted, 0);
  return {
    src: dataUri(svg),
    alt: `Last ${days.length} days: at most ${peak} learners wrote on one day; ${lessons} lessons completed in all.`,
    ...SIZE,
  };
}

/** Messages handed to the provider per UTC day. */
export function messagesChart(days: DailyActivity[]): ChartImage {
  const svg = renderSvg(
    {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'Noto Sans, sans-serif', color: INK },
      legend: { top: 8, left: 8, textStyle: { fontSize: 15, color: MUTED } },
      grid: { left: 44, right: 16, top: 44, bottom: 32 },
      xAxis: {
        type: 'category',
        data: days.map((d) => d.day.slice(5)),
        axisLabel: { fontSize: 14, color: MUTED },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14, color: MUTED } },
      series: [
        { name: 'Messages sent', type: 'bar', itemStyle: { color: GREEN }, data: days.map((d) => d.sent) },
      ],
    },
    SIZE,
  );
  const total = days.reduce((n, d) => n + d.sent, 0);
  return { src: dataUri(svg), alt: `${total} messages sent in the last ${days.length} days.`, ...SIZE };
}
