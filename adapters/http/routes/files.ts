import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { createFileStore, type FileStore } from '../../files/store.js';
import type { AppEnv } from '../env.js';
import { notFound } from '../errors.js';

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the real name. */
export function contentDisposition(filename: string, contentType: string): string {
  const name = filename.replace(/[\p{Cc}/\\]/gu, '_');
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  // Images open in place (WhatsApp and the simulator show them); everything else downloads.
  const kind = contentType.startsWith('image/') ? 'inline' : 'attachment';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Files the product generated, by their unguessable token (`/files/<token>/<name>`): 404 unknown, 410 expired, never cached. */
export function filesRoutes(
  deps: AppDeps,
  options: { now?: () => Date; store?: FileStore } = {},
): Hono<AppEnv> {
  const store =
    options.store ??
    createFileStore(deps.database.db, { publicBaseUrl: deps.config.publicBaseUrl, now: options.now });
  const routes = new Hono<AppEnv>();

  // The name after the token is only for WhatsApp and browsers to show; the token finds the file.
  routes.get('/:token/:name?', async (c) => {
    c.header('Cache-Control', 'private, no-store');
    const found = await store.get(c.req.param('token'));
    if (found.status === 'missing') throw notFound('file');
    if (found.status === 'expired') {
      const error = { code: 'gone', message: 'this file has expired', requestId: c.get('requestId') };
      return c.json({ error }, 410);
    }
    const { bytes, contentType, filename } = found.file;
    c.header('Content-Type', contentType);
    c.header('Content-Length', String(bytes.byteLength));
    c.header('Content-Disposition', contentDisposition(filename, contentType));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  return routes;
}
