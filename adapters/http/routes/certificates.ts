import { Hono } from 'hono';
import { catalogMessages } from '../../../content/messages.js';
import { certificatesRepository } from '../../../db/repositories/certificates.js';
import type { Messages } from '../../../engine/ports.js';
import { createRateLimiter } from '../../cache/rate-limit.js';
import { normalizeCertificateCode } from '../../certificates/code.js';
import type { AppDeps } from '../../deps.js';
import { clientAddress } from '../client-address.js';
import type { AppEnv } from '../env.js';
import { overLimit } from '../middleware/rate-limit.js';
import { certificatePage, notACertificatePage } from './certificates-page.js';

/** A certificate never changes but for its name (CERTIFICATE after NAME): an hour's caching is safe. */
const CACHE = { page: 'public, max-age=300', file: 'public, max-age=3600', missing: 'public, max-age=60' };
/** Codes that name no certificate, per client address and minute: a person mistypes a few, a guesser thousands. */
export const CERTIFICATE_MISSES = { points: 30, windowSeconds: 60 };
const FILES = {
  png: { type: 'image/png', disposition: 'inline' },
  pdf: { type: 'application/pdf', disposition: 'attachment' },
} as const;

/**
 * Public certificates by verification code: `/certificates/:code` (the page that verifies it),
 * `/:code.png` (its picture, the page's preview image) and `/:code.pdf`. A code that is not one
 * (bad characters, wrong length) or names no certificate is a 404 page, never an error; a code
 * typed in another form (lower case, ABCDE-FGHJK, O for 0) is redirected to its canonical URL.
 * Codes are unguessable (50 random bits); an address that keeps asking for unknown ones is still
 * answered 429 for the rest of the minute, so guessing costs even more.
 */
export function certificatesRoutes(deps: AppDeps, options: { copy?: Messages } = {}): Hono<AppEnv> {
  const copy = options.copy ?? catalogMessages();
  const certificates = certificatesRepository(deps.database.db);
  const misses = createRateLimiter(deps.cache, { ...CERTIFICATE_MISSES, keyPrefix: 'certificate-misses' });
  const routes = new Hono<AppEnv>();

  routes.get('/:file', async (c) => {
    const address = clientAddress(c);
    const guessing = await misses.get(address);
    if (guessing && guessing.consumedPoints >= CERTIFICATE_MISSES.points) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(guessing.msBeforeNext / 1000))));
      return c.text('Too many unknown certificate codes: try again in a minute', 429);
    }
    const [, raw = '', extension] = /^(.*?)(?:\.(png|pdf))?$/i.exec(c.req.param('file')) ?? [];
    const kind = extension?.toLowerCase() as keyof typeof FILES | undefined;
    const code = raw.length <= 20 ? normalizeCertificateCode(raw) : null;
    const missing = async () => {
      await overLimit(misses, address);
      c.header('Cache-Control', CACHE.missing);
      return kind ? c.text('Not a valid certificate', 404) : c.html(notACertificatePage(copy), 404);
    };
    if (!code) return missing();
    if (code !== raw || (extension && extension !== kind)) {
      return c.redirect(`/certificates/${code}${kind ? `.${kind}` : ''}`, 301);
    }
    if (kind) {
      const bytes = await certificates.fileByCode(code, kind);
      if (!bytes) return missing();
      c.header('Content-Type', FILES[kind].type);
      c.header('Content-Length', String(bytes.byteLength));
      c.header(
        'Content-Disposition',
        `${FILES[kind].disposition}; filename="learnloop-certificate-${code}.${kind}"`,
      );
      c.header('Cache-Control', CACHE.file);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    }
    const certificate = await certificates.byCode(code);
    if (!certificate) return missing();
    c.header('Cache-Control', CACHE.page);
    return c.html(certificatePage(certificate, copy, deps.config.publicBaseUrl));
  });

  return routes;
}
