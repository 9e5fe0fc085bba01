/*
 * The certificate as a one-page landscape A4 PDF, laid out like the PNG (adapters/certificates/svg.ts)
 * at PDF scale. Decisions: the standard Helvetica fonts (nothing embedded: a few kilobytes) with
 * real text, so the name and course can be searched and copied; what Helvetica cannot encode is
 * made drawable as in the EXPORT PDF (accents stripped, emoji dropped), sizes measured exactly.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawableText } from '../files/pdf.js';
import type { CertificateModel } from './svg.js';

const PAGE = { width: 842, height: 595 } as const;
/** The SVG's 1200 px width onto the page's 842 pt. */
const SCALE = PAGE.width / 1200;
const ACCENT = rgb(0.05, 0.45, 0.35);
const INK = rgb(0.13, 0.13, 0.13);
const GREY = rgb(0.37, 0.39, 0.41);
const PAPER = rgb(1, 0.99, 0.97);
const TEXT_WIDTH = 960 * SCALE;

export interface CertificatePdfInfo {
  /** The document's title for file managers, like "Certificate: Amina, Money basics". */
  title: string;
  issuedAt: Date;
}

export async function certificatePdf(model: CertificateModel, info: CertificatePdfInfo): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const encodable = new Set(regular.getCharacterSet());
  const clean = (text: string) => drawableText(text, (code) => encodable.has(code)).replace(/\n/g, ' ');
  pdf.setTitle(clean(info.title));
  pdf.setSubject(clean(`${model.name} · ${model.course} · ${model.code}`));
  pdf.setAuthor('LearnLoop');
  pdf.setProducer('LearnLoop');
  pdf.setCreator('LearnLoop');
  pdf.setCreationDate(info.issuedAt);
  pdf.setModificationDate(info.issuedAt);

  const page = pdf.addPage([PAGE.width, PAGE.height]);
  page.drawRectangle({ x: 0, y: 0, width: PAGE.width, height: PAGE.height, color: PAPER });
  const frame = (inset: number, thickness: number) =>
    page.drawRectangle({
      x: inset * SCALE,
      y: inset * SCALE,
      width: PAGE.width - 2 * inset * SCALE,
      height: PAGE.height - 2 * inset * SCALE,
      borderColor: ACCENT,
      borderWidth: thickness * SCALE,
    });
  frame(28, 8);
  frame(48, 2);

  /** Centred text at the SVG's baseline `y` and size, shrunk (never below `min`) to fit the frame. */
  const line = (text: string, y: number, size: number, font: PDFFont, color = INK, min = size) => {
    const drawn = clean(text);
    let points = size * SCALE;
    while (points > min * SCALE && font.widthOfTextAtSize(drawn, points) > TEXT_WIDTH) points -= 1;
    centred(page, drawn, PAGE.height - y * SCALE, points, font, color);
  };
  line('LearnLoop', 130, 30, bold, ACCENT);
  line(model.heading, 210, 54, bold, ACCENT, 32);
  page.drawRectangle({
    x: PAGE.width / 2 - 80 * SCALE,
    y: PAGE.height - 242 * SCALE,
    width: 160 * SCALE,
    height: 4 * SCALE,
    color: ACCENT,
  });
  line(model.certifies, 310, 28, regular, GREY);
  line(model.name, 400, 64, bold, INK, 24);
  line(model.completed, 460, 28, regular, GREY);
  const course = courseLines(clean(model.course), bold, 40 * SCALE);
  course.lines.forEach((text, i) =>
    centred(
      page,
      text,
      PAGE.height - ((course.lines.length === 1 ? 520 : 512) * SCALE + i * course.size * 1.25),
      course.size,
      bold,
      INK,
    ),
  );
  line(`${model.dateLabel}: ${model.date}`, 636, 26, regular);
  line(`${model.codeLabel}: ${model.code}`, 680, 26, bold, ACCENT);
  line(model.verify, 724, 20, regular, GREY, 12);
  line(model.issuer, 760, 18, regular, GREY);
  return pdf.save();
}

function centred(page: PDFPage, text: string, y: number, size: number, font: PDFFont, color: typeof INK) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (PAGE.width - width) / 2, y, size, font, color });
}

/** The course title on one line, or two at a smaller size, the second cut with "..." when still too long. */
function courseLines(text: string, font: PDFFont, max: number): { lines: string[]; size: number } {
  const fits = (s: string, size: number) => font.widthOfTextAtSize(s, size) <= TEXT_WIDTH;
  if (fits(text, max)) return { lines: [text], size: max };
  const size = Math.max(max * 0.75, 18);
  const lines: string[] = [''];
  for (const word of text.split(' ')) {
    const candidate = lines.at(-1) ? `${lines.at(-1)} ${word}` : word;
    if (fits(candidate, size) || !lines.at(-1)) lines[lines.length - 1] = candidate;
    else lines.push(word);
  }
  if (lines.length <= 2) return { lines, size };
  let second = `${lines[1]} ${lines.slice(2).join(' ')}`;
  while (second.length > 1 && !fits(`${second}...`, size)) second = second.slice(0, -1);
  return { lines: [lines[0]!, `${second.trimEnd()}...`], size };
}
