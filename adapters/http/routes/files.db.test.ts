import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createFileStore, type FileStore } from '../../files/store.js';
import { rowsOf } from '../../../db/rows.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 0, 255]);

forEachDatabase((driver) => {
  describe(`GET /files/:token on ${driver}`, () => {
    let test: TestApp;
    let store: FileStore;
    let clock = new Date('2026-03-02T08:00:00Z');
    const now = () => clock;
    const pathOf = (url: string) => new URL(url).pathname;
    const tokenOf = (url: string) => /\/files\/([^/]+)/.exec(url)![1]!;

    beforeAll(async () => {
      test = await createTestApp({
        driver,
        config: { publicBaseUrl: 'https://learn.example.com/' },
        extra: { now },
      });
      store = createFileStore(test.database.db, { publicBaseUrl: test.deps.config.publicBaseUrl, now });
    });
    afterAll(async () => test?.cleanup());

    it('serves a stored chart under an unguessable URL with its type and name, never cached', async () => {
      const { url, expiresAt } = await store.put({
        bytes: PNG,
        contentType: 'image/png',
        filename: 'streak-chart.png',
        ttl: '2h',
      });
      // The name after the token is what WhatsApp shows a document as (the last part of its URL).
      expect(url).toMatch(/^https:\/\/learn\.example\.com\/files\/[A-Za-z0-9_-]{43}\/streak-chart\.png$/);
      expect(expiresAt).toEqual(new Date('2026-03-02T10:00:00Z'));

      const res = await test.app.request(pathOf(url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-length')).toBe(String(PNG.length));
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('content-disposition')).toBe(
        `inline; filename="streak-chart.png"; filename*=UTF-8''streak-chart.png`,
      );
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

      // Twilio and checkMedia ask with HEAD first.
      const head = await test.app.request(pathOf(url), { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(PNG.length));
      // The token alone finds the file too: the name is for display only.
      expect((await test.app.request(`/files/${tokenOf(url)}`)).status).toBe(200);
      expect((await test.app.request(`/files/${tokenOf(url)}/other-name.png`)).status).toBe(200);
    });

    it('offers an export as a download under its own (non-ASCII) name', async () => {
      const csv = new TextEncoder().encode('learner,score\nAmina,9\n');
      const { url } = await store.put({
        bytes: csv,
        contentType: 'text/csv; charset=utf-8',
        filename: 'matokeo ya wiki "3".csv',
        ttl: 3600,
      });
      const res = await test.app.request(pathOf(url));
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="matokeo ya wiki _3_.csv"; filename*=UTF-8''matokeo%20ya%20wiki%20%223%22.csv`,
      );
      expect(await res.text()).toBe('learner,score\nAmina,9\n');
    });

    it('stores only the SHA-256 of the token', async () => {
      const { url } = await store.put({ bytes: PNG, contentType: 'image/png', filename: 'a.png', ttl: 60 });
      const token = tokenOf(url);
      const rows = rowsOf<{ token_hash: string }>(
        await test.database.db.execute(sql`select token_hash from generated_files`),
      );
      const hash = createHash('sha256').update(token).digest('hex');
      expect(rows.map((r) => r.token_hash)).toContain(hash);
      expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    });

    it('answers 404 for an unknown or malformed token', async () => {
      for (const token of ['A'.repeat(43), 'short', '..%2F..%2Fetc']) {
        const res = await test.app.request(`/files/${token}`);
        expect(res.status).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      }
    });

    it('answers 410 once the file has expired, and forgets it after the grace period', async () => {
      clock = new Date('2026-03-02T08:00:00Z');
      const { url } = await store.put({ bytes: PNG, contentType: 'image/png', filename: 'c.png', ttl: '1h' });
      clock = new Date('2026-03-02T08:59:59Z');
      expect((await test.app.request(pathOf(url))).status).toBe(200);

      clock = new Date('2026-03-02T09:00:00Z');
      const gone = await test.app.request(pathOf(url));
      expect(gone.status).toBe(410);
      expect(gone.headers.get('cache-control')).toBe('private, no-store');
      expect(await gone.json()).toMatchObject({ error: { code: 'gone', message: 'this file has expired' } });

      clock = new Date('2026-03-10T09:00:01Z');
      expect(await store.purgeExpired()).toBeGreaterThan(0);
      expect((await test.app.request(pathOf(url))).status).toBe(404);
    });

    it('refuses a ttl that is not positive', async () => {
      await expect(
        store.put({ bytes: PNG, contentType: 'image/png', filename: 'd.png', ttl: 0 }),
      ).rejects.toThrow(/ttl must be positive/);
    });
  });
});
