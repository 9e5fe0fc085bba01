/*
 * The certificate as an SVG page (landscape, 1200 × 848: A4's proportions), drawn to PNG with the
 * shipped Noto Sans fonts (adapters/charts/png.ts). Decisions: one accent colour and a double
 * frame, the learner's name the largest text, long names and course titles shrunk or wrapped to
 * stay inside the frame (measured by an average glyph width: no font metrics are loaded).
 */

/** Every text on a certificate, already in the learner's language. */
export interface CertificateModel {
  heading: string;
  certifies: string;
  name: string;
  completed: string;
  course: string;
  dateLabel: string;
  date: string;
  codeLabel: string;
  /** The code as printed (ABCDE-FGHJK). */
  code: string;
  /** Where anyone can check it, like `learn.example.com/certificates/ABCDE12345`. */
  verify: string;
  issuer: string;
}

export const CERTIFICATE_SIZE = { width: 1200, height: 848 } as const;
const ACCENT = '#0d7359';
const INK = '#212121';
const GREY = '#5f6368';
const PAPER = '#fffdf7';
/** Noto Sans's average advance is about 0.55 em (bold a little wider): enough to keep text inside. */
const EM = { regular: 0.55, bold: 0.6 } as const;
const TEXT_WIDTH = 960;

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

const widthOf = (text: string, size: number, bold: boolean) =>
  [...text].length * size * (bold ? EM.bold : EM.regular);

/** The largest size up to `max` at which `text` fits on one line (never below `min`). */
export function fittedSize(text: string, max: number, min: number, bold = true, width = TEXT_WIDTH): number {
  let size = max;
  while (size > min && widthOf(text, size, bold) > width) size -= 2;
  return size;
}

/** Breaks `text` into at most `lines` lines that fit at `size` (the last one cut with … when it must). */
export function wrapped(
  text: string,
  size: number,
  lines: number,
  bold = true,
  width = TEXT_WIDTH,
): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(candidate, size, bold) <= width || !line) line = candidate;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const maxChars = Math.floor(width / (size * (bold ? EM.bold : EM.regular)));
  kept[lines - 1] = `${[...`${kept[lines - 1]} ${out[lines]}`].slice(0, maxChars - 1).join('')}…`;
  return kept;
}

function text(
  content: string,
  y: number,
  size: number,
  options: { bold?: boolean; color?: string; spacing?: number } = {},
): string {
  const weight = options.bold ? ' font-weight="700"' : '';
  const spacing = options.spacing ? ` letter-spacing="${options.spacing}"` : '';
  return `<text x="${CERTIFICATE_SIZE.width / 2}" y="${y}" font-size="${size}"${weight}${spacing} fill="${options.color ?? INK}" text-anchor="middle">${escapeXml(content)}</text>`;
}

/** The certificate as an SVG document. */
export function certificateSvg(model: CertificateModel): string {
  const { width, height } = CERTIFICATE_SIZE;
  const nameSize = fittedSize(model.name, 64, 30);
  const courseLines = wrapped(model.course, fittedSize(model.course, 40, 30), 2);
  const courseSize = fittedSize(model.course, 40, 30);
  const courseTop = courseLines.length === 1 ? 520 : 512;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans">`,
    `<rect width="${width}" height="${height}" fill="${PAPER}"/>`,
    `<rect x="28" y="28" width="${width - 56}" height="${height - 56}" fill="none" stroke="${ACCENT}" stroke-width="8"/>`,
    `<rect x="48" y="48" width="${width - 96}" height="${height - 96}" fill="none" stroke="${ACCENT}" stroke-width="2"/>`,
    text('LearnLoop', 130, 30, { bold: true, color: ACCENT, spacing: 4 }),
    text(model.heading, 210, fittedSize(model.heading, 54, 32), { bold: true, color: ACCENT }),
    `<rect x="${width / 2 - 80}" y="238" width="160" height="4" fill="${ACCENT}"/>`,
    text(model.certifies, 310, 28, { color: GREY }),
    text(model.name, 400, nameSize, { bold: true }),
    text(model.completed, 460, 28, { color: GREY }),
    ...courseLines.map((line, i) =>
      text(line, courseTop + i * courseSize * 1.25, courseSize, { bold: true }),
    ),
    text(`${model.dateLabel}: ${model.date}`, 636, 26),
    text(`${model.codeLabel}: ${model.code}`, 680, 26, { bold: true, color: ACCENT }),
    text(model.verify, 724, 20, { color: GREY }),
    text(model.issuer, 760, 18, { color: GREY }),
    '</svg>',
  ];
  return parts.join('\n');
}
