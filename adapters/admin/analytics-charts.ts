/*
 * The analytics pages' charts: the overview's echarts SVG renderer (adapters/charts/svg.ts) as
 * `data:` images (the CSP allows them where inline SVG styles are not), with the figures in words.
 */
import { renderSvg } from '../charts/svg.js';
import type { ChartImage } from './charts.js';

const INK = '#1f2328';
const MUTED = '#57606a';
const BLUE = '#0969da';
const SIZE = { width: 640, height: 300 };

const dataUri = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** Bars of `values` over `labels`, named `series`; `alt` says what they show. */
export function barChart(input: {
  labels: string[];
  values: number[];
  series: string;
  alt: string;
}): ChartImage {
  const svg = renderSvg(
    {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'Noto Sans, sans-serif', color: INK },
      legend: { top: 8, left: 8, textStyle: { fontSize: 15, color: MUTED } },
      grid: { left: 48, right: 16, top: 44, bottom: 40 },
      xAxis: { type: 'category', data: input.labels, axisLabel: { fontSize: 13, color: MUTED } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14, color: MUTED } },
      series: [{ name: input.series, type: 'bar', itemStyle: { color: BLUE }, data: input.values }],
    },
    SIZE,
  );
  return { src: dataUri(svg), alt: input.alt, ...SIZE };
}
