import * as echarts from 'echarts';

/** An echarts option drawn once with the server-side SVG renderer (no DOM, no animation). */
export function renderSvg(
  option: echarts.EChartsCoreOption,
  size: { width: number; height: number },
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
