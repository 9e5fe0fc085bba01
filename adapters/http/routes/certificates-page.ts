/*
 * The public page of a certificate, in the certificate's language: what it certifies, with Open
 * Graph tags so a link pasted into WhatsApp shows the certificate as its preview. Decisions: the
 * learner's name, course, date and code only (never their phone or id); `noindex`, so a name is
 * found by whoever holds the link, not by a search engine; no script, one inline style.
 */
import type { PublicCertificate } from '../../../db/repositories/certificates.js';
import type { Messages } from '../../../engine/ports.js';
import { displayCode } from '../../certificates/code.js';
import { certificateDate, certificatePageUrl } from '../../certificates/render.js';
import { CERTIFICATE_SIZE } from '../../certificates/svg.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f4f1ea;color:#212121}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}
.badge{display:inline-block;background:#0d7359;color:#fff;font-weight:700;padding:6px 14px;border-radius:999px}
.bad{background:#b3261e}
h1{font-size:1.6rem;margin:16px 0 4px}
img{width:100%;height:auto;border:1px solid #d9d4c7;border-radius:6px;margin:16px 0;background:#fffdf7}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 16px;margin:16px 0}
dt{color:#5f6368}dd{margin:0;font-weight:600}
a{color:#0d7359;font-weight:700}`;

function page(language: string, head: string[], body: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    ...head,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    ...body,
    '</main></body>',
    '</html>',
  ].join('\n');
}

/** The page that verifies `certificate`; every URL in it absolute under PUBLIC_BASE_URL. */
export function certificatePage(
  certificate: PublicCertificate,
  copy: Messages,
  publicBaseUrl: string,
): string {
  const { language, learnerName: name, courseTitle: course } = certificate;
  const t = (key: string, vars?: Record<string, string | number>) =>
    escapeHtml(copy.render(language, `certificatePage.${key}`, vars));
  const url = certificatePageUrl(publicBaseUrl, certificate.code);
  const date = certificateDate(certificate.issuedOn, language);
  const code = displayCode(certificate.code);
  const title = t('title', { name, course });
  const description = t('description', { date, code });
  const meta = (property: string, content: string) => `<meta property="${property}" content="${content}">`;
  return page(
    language,
    [
      `<title>${title}</title>`,
      `<meta name="description" content="${description}">`,
      `<link rel="canonical" href="${escapeHtml(url)}">`,
      meta('og:type', 'website'),
      meta('og:site_name', 'LearnLoop'),
      meta('og:title', title),
      meta('og:description', description),
      meta('og:url', escapeHtml(url)),
      meta('og:image', escapeHtml(`${url}.png`)),
      meta('og:image:type', 'image/png'),
      meta('og:image:width', String(CERTIFICATE_SIZE.width)),
      meta('og:image:height', String(CERTIFICATE_SIZE.height)),
      meta('og:image:alt', t('image', { name, course })),
      '<meta name="twitter:card" content="summary_large_image">',
    ],
    [
      `<p><span class="badge">✔ ${t('valid')}</span></p>`,
      `<h1>${title}</h1>`,
      `<p>${t('genuine')}</p>`,
      `<img src="${escapeHtml(`${url}.png`)}" alt="${t('image', { name, course })}" width="${CERTIFICATE_SIZE.width}" height="${CERTIFICATE_SIZE.height}">`,
      '<dl>',
      `<dt>${t('name')}</dt><dd>${escapeHtml(name)}</dd>`,
      `<dt>${t('course')}</dt><dd>${escapeHtml(course)}</dd>`,
      `<dt>${t('date')}</dt><dd>${escapeHtml(date)}</dd>`,
      `<dt>${t('code')}</dt><dd>${escapeHtml(code)}</dd>`,
      '</dl>',
      `<p>${t('issuer')}</p>`,
      `<p><a href="${escapeHtml(`${url}.pdf`)}">${t('pdf')}</a></p>`,
    ],
  );
}

/** The answer to a code no certificate has, in English and Kiswahili (nothing tells which the reader reads). */
export function notACertificatePage(copy: Messages): string {
  const both = (key: string) =>
    ['en', 'sw'].map((language) => escapeHtml(copy.render(language, `certificatePage.${key}`)));
  const [titleEn, titleSw] = both('notFoundTitle');
  const [textEn, textSw] = both('notFound');
  return page(
    'en',
    [`<title>${titleEn} · LearnLoop</title>`],
    [
      `<p><span class="badge bad">✘ ${titleEn}</span></p>`,
      `<h1>${titleEn}</h1>`,
      `<p>${textEn}</p>`,
      `<h1 lang="sw">${titleSw}</h1>`,
      `<p lang="sw">${textSw}</p>`,
    ],
  );
}
