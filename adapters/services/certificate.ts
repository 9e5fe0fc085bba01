/*
 * `certificate.issue`: makes and hands over a learner's certificates after the turn. Decisions:
 * one certificate per learner and course (the table's unique pair), its code and date kept for
 * good; the name on it is the learner's NAME, or "LearnLoop learner" (in their language) when they
 * gave none, and CERTIFICATE redraws it when their NAME differs from it; the course title is in
 * the learner's language when it is issued. Each certificate reaches the learner's turn as
 * `system.certificateReady` with its public links; the files are served by /certificates/:code.
 */
import { DateTime } from 'luxon';
import type { ContentCatalog } from '../../content/catalog.js';
import { catalogMessages } from '../../content/messages.js';
import type { Database } from '../../db/client.js';
import { certificatesRepository, type LearnerCertificate } from '../../db/repositories/certificates.js';
import { systemEventStored } from '../../db/repositories/learner-export.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock, Messages } from '../../engine/ports.js';
import { CERTIFICATE_SERVICE } from '../../flows/certificate.js';
import { inLanguage } from '../../flows/questions.js';
import { newCertificateCode } from '../certificates/code.js';
import { certificatePageUrl, renderCertificate, type CertificateFacts } from '../certificates/render.js';
import { inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

export interface CertificateServiceDeps {
  db: Database;
  clock: Clock;
  catalog: () => ContentCatalog;
  /** Where the public page and files are: PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  receive: (event: Inbound) => Promise<unknown>;
  copy?: Messages;
  /** New codes (tests fix them). */
  newCode?: () => string;
  warn?: (message: string, detail: Record<string, unknown>) => void;
}

export interface CertificateRequest {
  /** The turn's time: a rerun after a crash issues and sends nothing new. */
  requestId: string;
  /** `finished`: the course just finished; `asked`: CERTIFICATE (every certificate sent again). */
  reason: 'finished' | 'asked';
  /** The courses the learner's state says are finished: each gets its certificate if it has none. */
  courses: string[];
}

const request = inputChecker<CertificateRequest>(CERTIFICATE_SERVICE, {
  type: 'object',
  properties: {
    requestId: { type: 'string', minLength: 1, maxLength: 100 },
    reason: { type: 'string', enum: ['finished', 'asked'] },
    courses: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } },
  },
  required: ['requestId', 'reason', 'courses'],
});

export function certificateService(deps: CertificateServiceDeps): ServiceHandler {
  const { db, clock, receive, warn, publicBaseUrl } = deps;
  const copy = deps.copy ?? catalogMessages();
  const newCode = deps.newCode ?? (() => newCertificateCode());
  const certificates = certificatesRepository(db);
  const base = publicBaseUrl.replace(/\/+$/, '');

  const draw = (facts: CertificateFacts) => renderCertificate(facts, copy, base);

  /** The learner's certificate for `course`, made now if they have none. */
  async function issue(userId: string, course: string, learner: Learner): Promise<LearnerCertificate> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const found = await certificates.forLearnerCourse(userId, course);
      if (found) return found;
      const now = clock.now();
      const facts = {
        code: newCode(),
        learnerName: learner.name ?? copy.render(learner.language, 'certificateFile.defaultName'),
        courseTitle: inLanguage(deps.catalog().course(course)?.title, learner.language) || course,
        language: learner.language,
        issuedOn:
          DateTime.fromJSDate(now, { zone: learner.timezone }).toISODate() ?? now.toISOString().slice(0, 10),
        issuedAt: now,
      };
      const { png, pdf } = await draw(facts);
      // Nothing stored when another run stored it first (or, once in 2^50, the code is taken): read again.
      await certificates.insert({
        ...facts,
        userId,
        course,
        named: learner.name !== null,
        png,
        pdf,
        updatedAt: now,
      });
    }
    throw new Error(`certificate for ${course} could not be stored`);
  }

  /** The learner's NAME on a certificate that shows another (or the default) name. */
  async function renamed(found: LearnerCertificate, learner: Learner): Promise<LearnerCertificate> {
    if (learner.name === null || (found.named && found.learnerName === learner.name)) return found;
    const { png, pdf } = await draw({ ...found, learnerName: learner.name });
    await certificates.rename(found.id, {
      learnerName: learner.name,
      named: true,
      png,
      pdf,
      at: clock.now(),
    });
    return { ...found, learnerName: learner.name, named: true };
  }

  return async (userId, raw) => {
    const input = request(raw);
    const event = (key: string) =>
      ({
        type: 'system',
        channel: 'system',
        providerId: `certificate:${userId}:${input.reason}:${input.requestId}:${key}`,
        userId,
        at: clock.now().toISOString(),
      }) as const;
    const found = await certificates.learner(userId);
    if (!found) return;
    const learner: Learner = { ...found, name: found.name?.trim() || null };
    try {
      const courses = new Set(input.courses);
      if (input.reason === 'asked')
        for (const held of await certificates.forLearner(userId)) courses.add(held.course);
      if (courses.size === 0) {
        const none = event('none');
        if (!(await systemEventStored(db, none.providerId)))
          await receive({ ...none, name: 'certificateNone' });
        return;
      }
      for (const course of courses) {
        const ready = event(course);
        if (await systemEventStored(db, ready.providerId)) continue;
        let certificate = await issue(userId, course, learner);
        if (input.reason === 'asked') certificate = await renamed(certificate, learner);
        const page = certificatePageUrl(base, certificate.code);
        const data = {
          reason: input.reason,
          code: certificate.code,
          course: certificate.courseTitle,
          name: certificate.learnerName,
          named: certificate.named,
          link: page,
          png: `${page}.png`,
          pdf: `${page}.pdf`,
        };
        await receive({ ...ready, name: 'certificateReady', data });
      }
    } catch (error) {
      warn?.('certificate could not be made', {
        userId,
        err: error instanceof Error ? error.message : String(error),
      });
      const failed = event('failed');
      if (!(await systemEventStored(db, failed.providerId)))
        await receive({ ...failed, name: 'certificateFailed', data: { reason: input.reason } });
    }
  };
}

type Learner = { name: string | null; language: string; timezone: string };
