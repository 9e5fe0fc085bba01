import { createHash, randomBytes } from 'node:crypto';
import { parseDelay } from '../../engine/time.js';
import type { Database } from '../../db/client.js';
import { generatedFilesRepository } from '../../db/repositories/generated-files.js';

export interface NewGeneratedFile {
  bytes: Uint8Array;
  contentType: string;
  /** The name a browser or WhatsApp shows and saves the file under. */
  filename: string;
  /** How long the URL works: seconds, or a delay like `30m`, `24h`, `7d`. */
  ttl: number | string;
  /** The learner the file is about (an export): it is erased with them. */
  userId?: string;
}

export interface StoredFile {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

export type FileLookup =
  { status: 'found'; file: StoredFile } | { status: 'expired' } | { status: 'missing' };

export interface FileStore {
  /**
   * Stores the file and returns its unguessable URL, `PUBLIC_BASE_URL/files/<token>/<filename>`:
   * WhatsApp names a document after the last part of its URL (Meta's `filename`, Twilio's media).
   */
  put(file: NewGeneratedFile): Promise<{ url: string; expiresAt: Date }>;
  get(token: string): Promise<FileLookup>;
  /** Deletes files that expired more than `graceMs` ago (until then their URL answers 410). */
  purgeExpired(graceMs?: number): Promise<number>;
}

export interface FileStoreOptions {
  publicBaseUrl: string;
  now?: () => Date;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The file's name as a URL path segment: no slashes or control characters, at most 100 characters. */
const urlSafeName = (filename: string) => filename.replace(/[\p{Cc}/\\?#%]/gu, '_').slice(-100) || 'file';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function ttlMs(ttl: number | string): number {
  const ms = typeof ttl === 'number' ? ttl * 1000 : parseDelay(ttl).as('milliseconds');
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`a file's ttl must be positive, got ${ttl}`);
  return ms;
}

/** Generated files in the database, so that any process can serve a file another one made. */
export function createFileStore(db: Database, options: FileStoreOptions): FileStore {
  const now = options.now ?? (() => new Date());
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const rows = generatedFilesRepository(db);
  return {
    async put({ bytes, contentType, filename, ttl, userId }) {
      if (!contentType.includes('/')) throw new TypeError(`"${contentType}" is not a content type`);
      // 32 random bytes: unguessable; only the hash is stored, so a database leak reveals no URL.
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now().getTime() + ttlMs(ttl));
      await rows.insert({
        tokenHash: hashOf(token),
        contentType,
        filename,
        size: bytes.byteLength,
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        createdAt: now(),
        expiresAt,
        userId: userId ?? null,
      });
      return { url: `${base}/files/${token}/${encodeURIComponent(urlSafeName(filename))}`, expiresAt };
    },

    async get(token) {
      if (!TOKEN.test(token)) return { status: 'missing' };
      const row = await rows.byTokenHash(hashOf(token));
      if (!row) return { status: 'missing' };
      if (row.expiresAt.getTime() <= now().getTime()) return { status: 'expired' };
      return {
        status: 'found',
        file: { bytes: row.bytes, contentType: row.contentType, filename: row.filename },
      };
    },

    async purgeExpired(graceMs = 7 * DAY_MS) {
      return rows.deleteExpiredBefore(new Date(now().getTime() - graceMs));
    },
  };
}
