/*
 * A badge as a picture for WhatsApp: a medal in the badge's colour on a ribbon, a star on it and
 * the badge's title under it, as SVG (the dashboard can show it as it is) turned into PNG by
 * png.ts. Decisions: 640 × 640 px (shown at 320 px on a phone, so 44 px text reads as 22 px); no
 * emoji in the picture (the shipped font has none: the caption carries it); a title too long for
 * one line breaks at a space into two.
 */
export const BADGE_CARD_SIZE = 640;
const LINE_CHARACTERS = 22;

export interface BadgePicture {
  /** The badge's title in the learner's language. */
  title: string;
  /** `#rrggbb` */
  colour: string;
  /** The small line over the medal: "New badge", "Beji mpya". */
  label: string;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** One line, or two broken at the space nearest the middle. */
export function titleLines(title: string): string[] {
  if (title.length <= LINE_CHARACTERS) return [title];
  const spaces = [...title.matchAll(/ /g)].map((m) => m.index);
  if (!spaces.length) return [title];
  const middle = title.length / 2;
  const cut = spaces.reduce((best, at) => (Math.abs(at - middle) < Math.abs(best - middle) ? at : best));
  return [title.slice(0, cut), title.slice(cut + 1)];
}

/** The five-pointed star's points around (cx, cy). */
function star(cx: number, cy: number, outer: number, inner: number): string {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(' ');
}

export function badgeSvg(picture: BadgePicture): string {
  const size = BADGE_CARD_SIZE;
  const colour = /^#[0-9a-fA-F]{6}$/.test(picture.colour) ? picture.colour : '#1565c0';
  const lines = titleLines(picture.title);
  const text = lines
    .map(
      (line, i) =>
        `<text x="${size / 2}" y="${528 + i * 52}" text-anchor="middle" font-family="Noto Sans" font-weight="700" font-size="44" fill="#212121">${escapeXml(line)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    `<rect width="${size}" height="${size}" rx="32" fill="#fffaf0"/>`,
    `<text x="${size / 2}" y="64" text-anchor="middle" font-family="Noto Sans" font-size="30" fill="#616161">${escapeXml(picture.label)}</text>`,
    // The ribbon behind the medal.
    `<polygon points="240,250 200,440 250,410 290,450 320,300" fill="${colour}" opacity="0.75"/>`,
    `<polygon points="400,250 440,440 390,410 350,450 320,300" fill="${colour}" opacity="0.75"/>`,
    `<circle cx="320" cy="250" r="150" fill="${colour}"/>`,
    `<circle cx="320" cy="250" r="122" fill="none" stroke="#ffffff" stroke-width="8" opacity="0.85"/>`,
    `<polygon points="${star(320, 254, 86, 36)}" fill="#ffd54f" stroke="#ffffff" stroke-width="4"/>`,
    text,
    '</svg>',
  ].join('');
}
