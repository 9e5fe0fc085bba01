import { DateTime } from 'luxon';
import type { Messages } from '../../engine/ports.js';
import { svgToPng } from '../charts/png.js';
import { displayCode } from './code.js';
import { certificatePdf } from './pdf.js';
import { certificateSvg, type CertificateModel } from './svg.js';

/** What a certificate says, as stored (db/schema/certificates.ts). */
export interface CertificateFacts {
  code: string;
  learnerName: string;
  courseTitle: string;
  language: string;
  /** The local day it was issued, YYYY-MM-DD. */
  issuedOn: string;
  issuedAt: Date;
}

/** Dates as people in Kenya and Tanzania write them: "5 December 2026", "5 Desemba 2026". */
const DATE_LOCALES: Record<string, string> = { en: 'en-GB', sw: 'sw' };

export function certificateDate(issuedOn: string, language: string): string {
  const day = DateTime.fromISO(issuedOn, { zone: 'UTC' });
  return day.isValid ? day.setLocale(DATE_LOCALES[language] ?? language).toFormat('d MMMM yyyy') : issuedOn;
}

/** The public page of a code: `<base>/certificates/<code>`. */
export const certificatePageUrl = (publicBaseUrl: string, code: string) =>
  `${publicBaseUrl.replace(/\/+$/, '')}/certificates/${code}`;

/** Every text of the certificate in its language (content/messages `certificateFile.*`). */
export function certificateModel(
  facts: CertificateFacts,
  copy: Messages,
  publicBaseUrl: string,
): CertificateModel {
  const t = (key: string, vars?: Record<string, string | number>) =>
    copy.render(facts.language, `certificateFile.${key}`, vars);
  return {
    heading: t('heading'),
    certifies: t('certifies'),
    name: facts.learnerName,
    completed: t('completed'),
    course: facts.courseTitle,
    dateLabel: t('date'),
    date: certificateDate(facts.issuedOn, facts.language),
    codeLabel: t('code'),
    code: displayCode(facts.code),
    // Without the scheme: it reads as an address and fits the line.
    verify: t('verify', { link: certificatePageUrl(publicBaseUrl, facts.code).replace(/^https?:\/\//, '') }),
    issuer: t('issuer'),
  };
}

/** The certificate as the PNG sent on WhatsApp (and shown in link previews) and the PDF to keep or print. */
export async function renderCertificate(
  facts: CertificateFacts,
  copy: Messages,
  publicBaseUrl: string,
): Promise<{ svg: string; png: Uint8Array; pdf: Uint8Array }> {
  const model = certificateModel(facts, copy, publicBaseUrl);
  const svg = certificateSvg(model);
  const pdf = await certificatePdf(model, {
    title: `${model.heading}: ${facts.learnerName}, ${facts.courseTitle}`,
    issuedAt: facts.issuedAt,
  });
  return { svg, png: svgToPng(svg), pdf };
}
