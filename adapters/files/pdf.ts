/*
 * A small PDF writer for files learners open on a phone (the EXPORT summary). Decisions: pages are
 * phone-shaped (360 × 640 pt) with 13 pt body text, so a page fitted to a phone's width reads like
 * a chat, not like a shrunken A4 sheet; one standard font (Helvetica, WinAnsi) so nothing is
 * embedded and the file stays a few kilobytes. What that font cannot encode (emoji, other scripts)
 * is replaced before drawing: pdf-lib throws on such characters, and a learner's name may hold them.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

export type PdfBlock =
  | { kind: 'heading'; text: string }
  /** A labelled value: the label small and grey above the value. */
  | { kind: 'field'; label: string; value: string }
  /** One entry of a list (a lesson, a message): a title line and, below it, its details. */
  | { kind: 'item'; title: string; detail?: string }
  | { kind: 'note'; text: string };

export interface PdfModel {
  title: string;
  subtitle: string;
  blocks: PdfBlock[];
  /** The PDF's document information (title and dates), for file managers. */
  info: { title: string; createdAt: Date };
  /** Page numbering such as `2 / 5`. */
  pageLabel: (page: number, pages: number) => string;
}

const PAGE = { width: 360, height: 640, margin: 24 } as const;
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INK = rgb(0.13, 0.13, 0.13);
const GREY = rgb(0.42, 0.42, 0.42);
const ACCENT = rgb(0.05, 0.45, 0.35);
const SIZE = { title: 21, subtitle: 11, heading: 16, label: 10.5, body: 13, note: 11, footer: 9 } as const;
const LEADING = 1.3;

/** Emoji and their joiners, variation selectors and skin tones: dropped, not replaced. */
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{RI}|\u200d|\ufe0e|\ufe0f|\u20e3/gu;
const EMOJI_BEFORE_PUNCTUATION = new RegExp(`\\s+(?:${PICTOGRAPH.source})+(?=[!?.,;:)])`, 'gu');

/**
 * The text as the font can draw it: emoji dropped, accents the font lacks stripped (ő → o),
 * control characters and anything else it cannot encode replaced, so drawing never throws.
 */
export function drawableText(text: string, canEncode: (codePoint: number) => boolean): string {
  const out: string[] = [];
  // "Amina 🌸!" becomes "Amina!", not "Amina !".
  const plain = text.normalize('NFC').replace(EMOJI_BEFORE_PUNCTUATION, '').replace(PICTOGRAPH, '');
  for (const char of plain.replace(/\t/g, ' ')) {
    const code = char.codePointAt(0)!;
    if (char === '\n') out.push(char);
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (canEncode(code)) out.push(char);
    else {
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out.push([...base].every((c) => canEncode(c.codePointAt(0)!)) && base ? base : '?');
    }
  }
  return out
    .join('')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/ +\n/g, '\n')
    .trim();
}

/** Breaks text into lines no wider than `width`, at spaces; a word wider than a line is cut. */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (measure(rest) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut)) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Draws blocks top to bottom, opening a new page when the next line would not fit. */
class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
    private readonly clean: (text: string) => string,
  ) {
    this.page = this.newPage();
    this.y = PAGE.height - PAGE.margin;
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    return page;
  }

  space(points: number): void {
    this.y -= points;
  }

  text(text: string, options: { size: number; bold?: boolean; color?: typeof INK; keepWith?: number }): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const lines = wrapText(this.clean(text) || '–', TEXT_WIDTH, (s) =>
      font.widthOfTextAtSize(s, options.size),
    );
    const height = options.size * LEADING;
    // A heading or label stays on the page of what follows it.
    if (this.y - height * (1 + (options.keepWith ?? 0)) < PAGE.margin + SIZE.footer * 2) {
      this.page = this.newPage();
    }
    for (const line of lines) {
      if (this.y - height < PAGE.margin + SIZE.footer * 2) this.page = this.newPage();
      this.y -= height;
      this.page.drawText(line, {
        x: PAGE.margin,
        y: this.y,
        size: options.size,
        font,
        color: options.color ?? INK,
      });
    }
  }
}

/** The model as PDF bytes: a title band, then every block, then page numbers. */
export async function renderPdf(model: PdfModel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const encodable = new Set(fonts.regular.getCharacterSet());
  const clean = (text: string) => drawableText(text, (code) => encodable.has(code));
  pdf.setTitle(model.info.title);
  pdf.setCreationDate(model.info.createdAt);
  pdf.setModificationDate(model.info.createdAt);
  pdf.setProducer('LearnLoop');
  pdf.setCreator('LearnLoop');

  const writer = new Writer(pdf, fonts, clean);
  writer.text(model.title, { size: SIZE.title, bold: true, color: ACCENT });
  writer.space(2);
  writer.text(model.subtitle, { size: SIZE.subtitle, color: GREY });
  for (const block of model.blocks) {
    if (block.kind === 'heading') {
      writer.space(SIZE.heading);
      writer.text(block.text, { size: SIZE.heading, bold: true, color: ACCENT, keepWith: 2 });
      writer.space(2);
    } else if (block.kind === 'field') {
      writer.space(5);
      writer.text(block.label, { size: SIZE.label, color: GREY, keepWith: 1 });
      writer.text(block.value, { size: SIZE.body });
    } else if (block.kind === 'item') {
      writer.space(7);
      writer.text(block.title, { size: SIZE.label, bold: true, color: GREY, keepWith: 1 });
      if (block.detail !== undefined) writer.text(block.detail, { size: SIZE.body });
    } else {
      writer.space(6);
      writer.text(block.text, { size: SIZE.note, color: GREY });
    }
  }

  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const label = clean(model.pageLabel(i + 1, pages.length));
    const width = fonts.regular.widthOfTextAtSize(label, SIZE.footer);
    page.drawText(label, {
      x: PAGE.width - PAGE.margin - width,
      y: PAGE.margin - SIZE.footer / 2,
      size: SIZE.footer,
      font: fonts.regular,
      color: GREY,
    });
  });
  return pdf.save();
}
