import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { usersRepository, type UsersRepository } from './users.js';

forEachDatabase((kind) => {
  describe(`learners repository on ${kind}`, () => {
    let database: TestDatabase;
    let learners: UsersRepository;
    beforeEach(async () => {
      database = await testDatabase(kind);
      learners = usersRepository(database.db);
    });
    afterEach(() => database.cleanup());

    it('creates a learner with the product defaults', async () => {
      const amina = await learners.create({ phone: '+254712345678', name: 'Amina' });
      expect(amina).toMatchObject({
        phone: '+254712345678',
        name: 'Amina',
        language: 'en',
        timezone: 'Africa/Nairobi',
        subscriptionTier: 'free',
        status: 'active',
        learningState: {},
        lastInboundAt: null,
      });
      expect(amina.createdAt).toBeInstanceOf(Date);
    });

    it('reads by id and by phone, and refuses a second learner with the same phone', async () => {
      const amina = await learners.create({ phone: '+254712345678' });
      expect((await learners.findById(amina.id))?.phone).toBe('+254712345678');
      expect((await learners.findByPhone('+254712345678'))?.id).toBe(amina.id);
      expect(await learners.findByPhone('+254700000000')).toBeUndefined();
      await expect(learners.create({ phone: '+254712345678' })).rejects.toThrow();
    });

    it('updates fields and moves updated_at forward', async () => {
      const amina = await learners.create({ phone: '+254712345678' });
      const updated = await learners.update(amina.id, {
        language: 'sw',
        learningState: { lessonTime: '19:00' },
      });
      expect(updated).toMatchObject({ language: 'sw', learningState: { lessonTime: '19:00' } });
      expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(amina.updatedAt.getTime());
      expect(await learners.update('00000000-0000-0000-0000-000000000000', { name: 'x' })).toBeUndefined();
    });

    it('deletes a learner, and lists the rest in order of arrival', async () => {
      const first = await learners.create({ phone: '+254712345671' });
      await learners.create({ phone: '+254712345672' });
      expect(await learners.remove(first.id)).toBe(true);
      expect(await learners.remove(first.id)).toBe(false);
      expect((await learners.list({ limit: 10, offset: 0 })).map((l) => l.phone)).toEqual(['+254712345672']);
    });
  });
});
