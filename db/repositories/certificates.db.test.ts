import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '../../tests/harness/db.js';
import { testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { certificatesRepository } from './certificates.js';
import { usersRepository } from './users.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.7 test');

forEachDatabase((driver) => {
  describe(`certificates on ${driver}`, () => {
    let database: TestDatabase;
    let certificates: ReturnType<typeof certificatesRepository>;
    let amina: string;
    const issuedAt = new Date('2026-12-05T08:00:00Z');
    const row = (overrides: Record<string, unknown> = {}) => ({
      code: 'K7M2Q9XW4T',
      userId: amina,
      course: 'money-basics',
      courseTitle: 'Money basics',
      learnerName: 'Amina',
      language: 'en',
      issuedAt,
      issuedOn: '2026-12-05',
      png: PNG,
      pdf: PDF,
      ...overrides,
    });

    beforeAll(async () => {
      database = await testDatabase(driver);
      certificates = certificatesRepository(database.db);
      amina = (await usersRepository(database.db).create({ phone: '+254722000901', name: 'Amina' })).id;
    });
    afterAll(async () => database?.cleanup());

    it('one per learner and course: a second insert for the pair stores nothing', async () => {
      expect(await certificates.insert(row())).toBe(true);
      expect(await certificates.insert(row({ code: 'ZZZZZZZZZZ', learnerName: 'Someone else' }))).toBe(false);
      expect(await certificates.forLearner(amina)).toEqual([
        expect.objectContaining({ code: 'K7M2Q9XW4T', learnerName: 'Amina', named: true }),
      ]);
      expect(await certificates.byCode('ZZZZZZZZZZ')).toBeUndefined();
    });

    it('a code is unique across learners', async () => {
      const baraka = (await usersRepository(database.db).create({ phone: '+254722000902' })).id;
      expect(await certificates.insert(row({ userId: baraka }))).toBe(false);
      expect(await certificates.insert(row({ userId: baraka, code: 'B4R4K4CERT' }))).toBe(true);
      expect(await certificates.forLearnerCourse(baraka, 'money-basics')).toMatchObject({
        code: 'B4R4K4CERT',
      });
    });

    it('by code: what the public page shows, without the learner’s id; the files by code', async () => {
      const found = await certificates.byCode('K7M2Q9XW4T');
      expect(found).toEqual({
        code: 'K7M2Q9XW4T',
        course: 'money-basics',
        courseTitle: 'Money basics',
        learnerName: 'Amina',
        language: 'en',
        issuedOn: '2026-12-05',
        issuedAt,
      });
      expect(new Uint8Array((await certificates.fileByCode('K7M2Q9XW4T', 'png'))!)).toEqual(PNG);
      expect(new Uint8Array((await certificates.fileByCode('K7M2Q9XW4T', 'pdf'))!)).toEqual(PDF);
      expect(await certificates.fileByCode('0000000000', 'pdf')).toBeUndefined();
    });

    it('a new name replaces the name and files, keeping the code and date', async () => {
      const found = (await certificates.forLearnerCourse(amina, 'money-basics'))!;
      const png = Uint8Array.from([0x89, 9, 9]);
      await certificates.rename(found.id, {
        learnerName: 'Amina W.',
        named: true,
        png,
        pdf: PDF,
        at: new Date(),
      });
      expect(await certificates.byCode('K7M2Q9XW4T')).toMatchObject({ learnerName: 'Amina W.', issuedAt });
      expect(new Uint8Array((await certificates.fileByCode('K7M2Q9XW4T', 'png'))!)).toEqual(png);
    });

    it('erasing the learner erases their certificates', async () => {
      await usersRepository(database.db).remove(amina);
      expect(await certificates.byCode('K7M2Q9XW4T')).toBeUndefined();
    });
  });
});
