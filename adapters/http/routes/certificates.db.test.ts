import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogMessages } from '../../../content/messages.js';
import { certificatesRepository } from '../../../db/repositories/certificates.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { forEachDatabase } from '../../../tests/harness/db.js';
import { createTestApp, type TestApp } from '../../../tests/harness/http-app.js';
import { renderCertificate } from '../../certificates/render.js';
import { CERTIFICATE_MISSES } from './certificates.js';

const BASE = 'https://learn.example.com';
const PHONE = '+254722000921';
const CODE = 'K7M2Q9XW4T';

/** The content of `<meta property="…">` (Open Graph) in a page. */
const og = (html: string, property: string) =>
  new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html)?.[1];

forEachDatabase((driver) => {
  describe(`GET /certificates/:code on ${driver}`, () => {
    let test: TestApp;
    let userId: string;
    let files: { png: Uint8Array; pdf: Uint8Array };

    beforeAll(async () => {
      test = await createTestApp({ driver, config: { publicBaseUrl: `${BASE}/` } });
      userId = (
        await usersRepository(test.database.db).create({
          phone: PHONE,
          name: 'Amina <Wanjiku>',
          language: 'sw',
        })
      ).id;
      const facts = {
        code: CODE,
        learnerName: 'Amina <Wanjiku>',
        courseTitle: 'Misingi ya pesa',
        language: 'sw',
        issuedOn: '2026-12-05',
        issuedAt: new Date('2026-12-05T08:00:00Z'),
      };
      files = await renderCertificate(facts, catalogMessages(), BASE);
      await certificatesRepository(test.database.db).insert({
        ...facts,
        userId,
        course: 'money-basics',
        ...files,
      });
    });
    afterAll(async () => test?.cleanup());

    it('verifies the certificate: name, course, date, code and issuer, in its language', async () => {
      const res = await test.app.request(`/certificates/${CODE}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      const html = await res.text();
      expect(html).toContain('<html lang="sw">');
      expect(html).toContain('Cheti halali');
      expect(html).toContain('<dd>Amina &lt;Wanjiku&gt;</dd>');
      expect(html).toContain('<dd>Misingi ya pesa</dd>');
      expect(html).toContain('<dd>5 Desemba 2026</dd>');
      expect(html).toContain('<dd>K7M2Q-9XW4T</dd>');
      expect(html).toContain('Kimetolewa na LearnLoop');
      expect(html).not.toContain('<Wanjiku>');
    });

    it('never shows the learner’s phone or id', async () => {
      const html = await (await test.app.request(`/certificates/${CODE}`)).text();
      for (const secret of [PHONE, PHONE.slice(1), '0722000921', '722000921', userId])
        expect(html).not.toContain(secret);
    });

    it('has Open Graph tags with absolute URLs, the preview image its PNG', async () => {
      const html = await (await test.app.request(`/certificates/${CODE}`)).text();
      expect(og(html, 'og:title')).toBe('Amina &lt;Wanjiku&gt; amemaliza Misingi ya pesa');
      expect(og(html, 'og:description')).toContain('5 Desemba 2026');
      expect(og(html, 'og:url')).toBe(`${BASE}/certificates/${CODE}`);
      expect(og(html, 'og:image')).toBe(`${BASE}/certificates/${CODE}.png`);
      expect(og(html, 'og:image:width')).toBe('1200');
      expect(og(html, 'og:type')).toBe('website');
      // The preview image really is there, and is the certificate.
      const image = await test.app.request(new URL(og(html, 'og:image')!).pathname);
      expect(image.status).toBe(200);
    });

    it('serves the PNG and the PDF with their types, cached for an hour; HEAD too', async () => {
      const png = await test.app.request(`/certificates/${CODE}.png`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(png.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(new Uint8Array(await png.arrayBuffer())).toEqual(new Uint8Array(files.png));
      const pdf = await test.app.request(`/certificates/${CODE}.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe(
        `attachment; filename="learnloop-certificate-${CODE}.pdf"`,
      );
      expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(new Uint8Array(files.pdf));
      const head = await test.app.request(`/certificates/${CODE}.png`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(files.png.byteLength));
    });

    it('a code typed another way is sent to its canonical address', async () => {
      for (const typed of ['k7m2q-9xw4t', 'K7M2Q%209XW4T']) {
        const res = await test.app.request(`/certificates/${typed}`);
        expect(res.status).toBe(301);
        expect(res.headers.get('location')).toBe(`/certificates/${CODE}`);
      }
      const png = await test.app.request('/certificates/k7m2q9xw4t.PNG');
      expect(png.headers.get('location')).toBe(`/certificates/${CODE}.png`);
    });

    it('an unknown code is a 404 page saying it is not a valid certificate', async () => {
      const res = await test.app.request('/certificates/0000000000');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('Not a valid certificate');
      expect(html).toContain('Si cheti halali');
      expect((await test.app.request('/certificates/0000000000.png')).status).toBe(404);
      expect((await test.app.request('/certificates/0000000000.pdf')).status).toBe(404);
    });

    it('a malformed code is a 404 too, never an error', async () => {
      for (const bad of [
        'short',
        'K7M2Q9XW4U',
        `${'A'.repeat(5000)}`,
        '%E2%9C%93',
        'K7M2Q9XW4T.exe',
        "'%20OR%201=1--",
      ]) {
        const res = await test.app.request(`/certificates/${bad}`);
        expect(res.status, bad).toBe(404);
      }
      expect((await test.app.request('/certificates/K7M2Q9XW4T/extra')).status).toBe(404);
    });

    it('an address that keeps trying unknown codes is told to wait; others are not', async () => {
      const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } });
      for (let i = 0; i < CERTIFICATE_MISSES.points; i += 1)
        expect(
          (await test.app.request(`/certificates/${String(i).padStart(10, '0')}`, from('203.0.113.7')))
            .status,
        ).toBe(404);
      const blocked = await test.app.request(`/certificates/${CODE}`, from('203.0.113.7'));
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await test.app.request(`/certificates/${CODE}`, from('203.0.113.8'))).status).toBe(200);
    });
  });
});
