import { describe, expect, it } from 'vitest';
import { BADGE_CARD_SIZE, badgeSvg, titleLines } from './badge-picture.js';
import { renderSvg, svgToPng } from './png.js';

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

describe('the badge picture', () => {
  it('is a square PNG with the medal in the badge colour and its title drawn', () => {
    const svg = badgeSvg({ title: 'A week in a row', colour: '#e65100', label: 'New badge' });
    expect(svg).toContain('A week in a row');
    expect(svg).toContain('New badge');
    expect(svg).toContain('fill="#e65100"');
    const png = svgToPng(svg);
    expect(pngSize(png)).toEqual({ width: BADGE_CARD_SIZE, height: BADGE_CARD_SIZE });
    expect(png.byteLength).toBeLessThan(5 * 1024 * 1024);
    // The medal's centre is the badge's colour (230, 81, 0), not the background.
    const { pixels, width } = renderSvg(svg);
    const centre = (320 * width + 200) * 4;
    expect([pixels[centre], pixels[centre + 1], pixels[centre + 2]]).toEqual([230, 81, 0]);
  });

  it('breaks a long title at the space nearest its middle and escapes markup', () => {
    expect(titleLines('Umepata majibu yote sahihi kabisa')).toEqual(['Umepata majibu', 'yote sahihi kabisa']);
    expect(titleLines('Perfect quiz')).toEqual(['Perfect quiz']);
    const svg = badgeSvg({ title: 'Tom & <Jerry>', colour: 'red', label: 'x' });
    expect(svg).toContain('Tom &amp; &lt;Jerry&gt;');
    // A colour that is not #rrggbb falls back to blue rather than breaking the SVG.
    expect(svg).toContain('fill="#1565c0"');
  });
});
