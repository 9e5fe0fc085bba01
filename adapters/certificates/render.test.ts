import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { catalogMessages } from '../../content/messages.js';
import { renderSvg } from '../charts/png.js';
import { newCertificateCode, normalizeCertificateCode } from './code.js';
import { renderCertificate, type CertificateFacts } from './render.js';
import { certificateSvg, CERTIFICATE_SIZE } from './svg.js';

const copy = catalogMessages();
const BASE = 'https://learn.example.com';
const amina: CertificateFacts = {
  code: 'K7M2Q9XW4T',
  learnerName: 'Amina Wanjiku',
  courseTitle: 'Money basics: budgeting, saving and M-PESA safety',
  language: 'en',
  issuedOn: '2026-12-05',
  issuedAt: new Date('2026-12-05T08:00:00Z'),
};

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

/** Share of pixels darker than the paper: the frame and text give plenty, a blank page none. */
function inkShare(svg: string): number {
  const { pixels } = renderSvg(svg);
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200) ink++;
  return ink / (pixels.length / 4);
}

/** The text drawn on a PDF's pages: pdf-lib writes Helvetica text as hex strings, flate-compressed. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  const streams = pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter((object): object is PDFRawStream => object instanceof PDFRawStream);
  return streams
    .map((stream) => {
      const raw = Buffer.from(stream.getContents());
      const content = stream.dict.toString().includes('FlateDecode') ? inflateSync(raw) : raw;
      return content.toString('latin1');
    })
    .join('\n')
    .replace(/<([0-9A-Fa-f]+)>/g, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
}

describe('a certificate', () => {
  it('as a landscape PNG of 1200 × 848 with ink on it, every text drawn', async () => {
    const { svg, png } = await renderCertificate(amina, copy, BASE);
    expect(pngSize(png)).toEqual({ width: CERTIFICATE_SIZE.width, height: CERTIFICATE_SIZE.height });
    // Small enough for WhatsApp's image limit (5 MB) and a link preview (well under 300 KB).
    expect(png.byteLength).toBeGreaterThan(20_000);
    expect(png.byteLength).toBeLessThan(300_000);
    expect(inkShare(svg)).toBeGreaterThan(0.03);
    for (const text of [
      'Certificate of Completion',
      'Amina Wanjiku',
      'Money basics: budgeting, saving and M-PESA safety',
      'Date: 5 December 2026',
      'Verification code: K7M2Q-9XW4T',
      'Check it at learn.example.com/certificates/K7M2Q9XW4T',
      'Issued by LearnLoop',
    ])
      expect(svg).toContain(text);
    expect(svg).toMatchSnapshot();
  });

  it('in Kiswahili, with the date in Kiswahili and a long course title on two lines', async () => {
    const { svg } = await renderCertificate(
      {
        ...amina,
        language: 'sw',
        courseTitle: 'Misingi ya pesa: bajeti, kuweka akiba na usalama wa M-PESA kwa kila mtu mwenye simu',
      },
      copy,
      BASE,
    );
    expect(svg).toContain('Cheti cha Kuhitimu');
    expect(svg).toContain('Tarehe: 5 Desemba 2026');
    expect(svg).toContain('>Misingi ya pesa: bajeti, kuweka akiba na usalama wa<');
    expect(svg).toContain('>M-PESA kwa kila mtu mwenye simu<');
  });

  it('escapes what a learner typed as their name, and shrinks a long one to fit', () => {
    const svg = certificateSvg({
      heading: 'Certificate of Completion',
      certifies: 'This certifies that',
      name: 'Amina <b>"&" Wanjiku Kamau Otieno Achieng Wambui Njeri</b>',
      completed: 'has completed the course',
      course: 'Money basics',
      dateLabel: 'Date',
      date: '5 December 2026',
      codeLabel: 'Verification code',
      code: 'K7M2Q-9XW4T',
      verify: 'Check it at learn.example.com/certificates/K7M2Q9XW4T',
      issuer: 'Issued by LearnLoop',
    });
    expect(svg).toContain('Amina &lt;b&gt;&quot;&amp;&quot; Wanjiku');
    expect(svg).not.toContain('<b>');
    expect(svg).toMatch(/font-size="(3\d|4\d)" font-weight="700" fill="#212121" text-anchor="middle">Amina/);
  });

  it('as a one-page landscape PDF pdf-lib reads back, with the name, course, date and code in it', async () => {
    const { pdf } = await renderCertificate({ ...amina, learnerName: 'Amina Wanjikű 🌸' }, copy, BASE);
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(1);
    const { width, height } = document.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
    expect(document.getTitle()).toBe(
      'Certificate of Completion: Amina Wanjiku, Money basics: budgeting, saving and M-PESA safety',
    );
    const text = await pdfText(pdf);
    for (const expected of [
      'Amina Wanjiku',
      'Money basics: budgeting',
      'Date: 5 December 2026',
      'K7M2Q-9XW4T',
    ])
      expect(text).toContain(expected);
  });
});

describe('verification codes', () => {
  it('are 10 unambiguous characters, different every time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newCertificateCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });

  it('read back however a person typed them, and nothing else is one', () => {
    expect(normalizeCertificateCode('k7m2q-9xw4t')).toBe('K7M2Q9XW4T');
    expect(normalizeCertificateCode('K7M2Q 9XW4T')).toBe('K7M2Q9XW4T');
    expect(normalizeCertificateCode('OIL23456789'.slice(0, 10))).toBe('0112345678');
    for (const bad of ['', 'K7M2Q9XW4', 'K7M2Q9XW4TT', 'K7M2Q9XW4U', '../etc/pas', 'K7M2Q9XW4%'])
      expect(normalizeCertificateCode(bad)).toBeNull();
  });
});
