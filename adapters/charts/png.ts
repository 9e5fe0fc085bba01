import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/**
 * Noto Sans from npm, so a picture renders the same on a fresh machine as in production (no
 * system fonts are read: a server without fonts would draw no text at all). It covers Latin,
 * Swahili included; emoji are left to message captions.
 */
const FONTS = [
  require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
];

/** Draws an SVG document with the shipped fonts, at its own size or scaled to `width`. */
export function renderSvg(svg: string, width?: number) {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'Noto Sans' },
    ...(width ? { fitTo: { mode: 'width' as const, value: width } } : {}),
  });
  return resvg.render();
}

/** Renders an SVG document to PNG bytes at its own size (or scaled to `width`). */
export function svgToPng(svg: string, width?: number): Uint8Array {
  return renderSvg(svg, width).asPng();
}
