import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatesRepository } from '../../db/repositories/certificates.js';
import { usersRepository } from '../../db/repositories/users.js';
import { inboundMessages } from '../../db/schema/messages.js';
import { SimClock } from '../../engine/clock.js';
import type { Inbound } from '../../engine/events.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { certificateService } from './certificate.js';
import type { ServiceHandler } from './progress.js';

const BASE = 'https://learn.example.com';
type SystemEvent = Extract<Inbound, { type: 'system' }>;

forEachDatabase((driver) => {
  describe(`certificate.issue on ${driver}`, () => {
    let database: TestDatabase;
    let service: ServiceHandler;
    const received: SystemEvent[] = [];
    // 16:30 UTC on 5 December is already 6 December in Tokyo: the date is the learner's.
    const clock = new SimClock(new Date('2026-12-05T16:30:00Z'));
    const codes = ['AAAAAAAAAA', 'AAAAAAAAAA', 'BBBBBBBBBB', 'CCCCCCCCCC', 'DDDDDDDDDD'];
    const users = () => usersRepository(database.db);
    const events = (userId: string) =>
      received.filter((e) => e.userId === userId).map((e) => ({ name: e.name, data: e.data }));

    beforeAll(async () => {
      database = await testDatabase(driver);
      service = certificateService({
        db: database.db,
        clock,
        catalog: contentCatalog,
        publicBaseUrl: `${BASE}/`,
        newCode: () => codes.shift()!,
        // As the engine does: the system event is stored (a rerun then finds it) and handled.
        receive: async (inbound) => {
          const event = inbound as SystemEvent;
          await database.db.insert(inboundMessages).values({
            channel: 'system',
            providerId: event.providerId,
            userId: event.userId,
            event,
          });
          received.push(event);
        },
      });
    });
    afterAll(async () => database?.cleanup());

    it('a finished course: one certificate with the learner’s name, local date and links; a rerun sends nothing', async () => {
      const amina = (await users().create({ phone: '+254722000911', name: 'Amina', timezone: 'Asia/Tokyo' }))
        .id;
      const request = {
        requestId: '2026-12-05T16:30:00.000Z',
        reason: 'finished',
        courses: ['money-basics'],
      };
      await service(amina, request);
      await service(amina, request);
      expect(events(amina)).toEqual([
        {
          name: 'certificateReady',
          data: {
            reason: 'finished',
            code: 'AAAAAAAAAA',
            course: 'Money basics: budgeting, saving and M-PESA safety',
            name: 'Amina',
            named: true,
            link: `${BASE}/certificates/AAAAAAAAAA`,
            png: `${BASE}/certificates/AAAAAAAAAA.png`,
            pdf: `${BASE}/certificates/AAAAAAAAAA.pdf`,
          },
        },
      ]);
      expect(await certificatesRepository(database.db).byCode('AAAAAAAAAA')).toMatchObject({
        issuedOn: '2026-12-06',
        language: 'en',
      });
    });

    it('a code already taken is drawn again; a second finish of the course sends the same certificate', async () => {
      const baraka = (await users().create({ phone: '+254722000912', language: 'sw' })).id;
      await service(baraka, { requestId: 'a', reason: 'finished', courses: ['money-basics'] });
      await service(baraka, { requestId: 'b', reason: 'finished', courses: ['money-basics'] });
      const sent = events(baraka).map((e) => e.data as Record<string, unknown>);
      expect(sent.map((d) => d.code)).toEqual(['BBBBBBBBBB', 'BBBBBBBBBB']);
      // No NAME: the default name in the learner's language, and the flows say how to change it.
      expect(sent[0]).toMatchObject({ name: 'Mwanafunzi wa LearnLoop', named: false });
      expect(await certificatesRepository(database.db).forLearner(baraka)).toHaveLength(1);
    });

    it('CERTIFICATE after NAME: the certificate is redrawn with the name, same code; a missing one is made', async () => {
      const baraka = (await users().findByPhone('+254722000912'))!.id;
      await users().update(baraka, { name: 'Baraka' });
      await service(baraka, { requestId: 'c', reason: 'asked', courses: ['safe-online'] });
      const sent = events(baraka)
        .slice(2)
        .map((e) => e.data as Record<string, unknown>);
      expect(sent).toEqual([
        expect.objectContaining({ reason: 'asked', code: 'CCCCCCCCCC', name: 'Baraka', named: true }),
        expect.objectContaining({ reason: 'asked', code: 'BBBBBBBBBB', name: 'Baraka', named: true }),
      ]);
      expect(await certificatesRepository(database.db).byCode('BBBBBBBBBB')).toMatchObject({
        learnerName: 'Baraka',
      });
    });

    it('CERTIFICATE with no course finished: certificateNone, once', async () => {
      const zawadi = (await users().create({ phone: '+254722000913' })).id;
      await service(zawadi, { requestId: 'd', reason: 'asked', courses: [] });
      await service(zawadi, { requestId: 'd', reason: 'asked', courses: [] });
      expect(events(zawadi)).toEqual([{ name: 'certificateNone', data: undefined }]);
    });

    it('a certificate that cannot be drawn: certificateFailed, nothing stored, and the next request makes it', async () => {
      const failing = certificateService({
        db: database.db,
        clock,
        catalog: contentCatalog,
        publicBaseUrl: BASE,
        newCode: () => 'EEEEEEEEEE',
        copy: {
          render: () => {
            throw new Error('no copy');
          },
        },
        receive: async (inbound) => void received.push(inbound as SystemEvent),
      });
      const juma = (await users().create({ phone: '+254722000914', name: 'Juma' })).id;
      await failing(juma, { requestId: 'f', reason: 'finished', courses: ['safe-online'] });
      expect(events(juma)).toEqual([{ name: 'certificateFailed', data: { reason: 'finished' } }]);
      expect(await certificatesRepository(database.db).forLearner(juma)).toEqual([]);
      await service(juma, { requestId: 'g', reason: 'asked', courses: ['safe-online'] });
      expect(events(juma)[1]).toMatchObject({
        name: 'certificateReady',
        data: { code: 'DDDDDDDDDD', name: 'Juma' },
      });
    });

    it('an input that breaks the contract is refused before anything is stored', async () => {
      const zawadi = (await users().findByPhone('+254722000913'))!.id;
      await expect(service(zawadi, { requestId: 'e', reason: 'whatever', courses: [] })).rejects.toThrow(
        /certificate\.issue/,
      );
      expect(events(zawadi)).toHaveLength(1);
    });
  });
});
