import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { certificates, type NewCertificate } from '../schema/certificates.js';
import { users } from '../schema/users.js';

/** What the public page shows: never the learner's id or phone. */
const publicColumns = {
  code: certificates.code,
  course: certificates.course,
  courseTitle: certificates.courseTitle,
  learnerName: certificates.learnerName,
  language: certificates.language,
  issuedOn: certificates.issuedOn,
  issuedAt: certificates.issuedAt,
};

/** What the learner's flows and the service need (the files stay in the row until asked for). */
const learnerColumns = { ...publicColumns, id: certificates.id, named: certificates.named };

export type PublicCertificate = { [K in keyof typeof publicColumns]: (typeof certificates.$inferSelect)[K] };
export type LearnerCertificate = {
  [K in keyof typeof learnerColumns]: (typeof certificates.$inferSelect)[K];
};
export type CertificateFile = 'png' | 'pdf';

/** Certificates: one per learner and course (the unique pair makes issuing idempotent), found by code. */
export function certificatesRepository(db: Database) {
  return {
    /** What a certificate needs to know about its learner (the name on it, their language and zone). */
    async learner(
      userId: string,
    ): Promise<{ name: string | null; language: string; timezone: string } | undefined> {
      const [row] = await db
        .select({ name: users.name, language: users.language, timezone: users.timezone })
        .from(users)
        .where(eq(users.id, userId));
      return row;
    },

    /** The certificate a verification code names, as anyone may see it. */
    async byCode(code: string): Promise<PublicCertificate | undefined> {
      const [row] = await db.select(publicColumns).from(certificates).where(eq(certificates.code, code));
      return row;
    },

    /** The stored PNG or PDF of a certificate. */
    async fileByCode(code: string, kind: CertificateFile): Promise<Uint8Array | undefined> {
      const [row] = await db
        .select({ bytes: certificates[kind] })
        .from(certificates)
        .where(eq(certificates.code, code));
      return row?.bytes;
    },

    async forLearnerCourse(userId: string, course: string): Promise<LearnerCertificate | undefined> {
      const [row] = await db
        .select(learnerColumns)
        .from(certificates)
        .where(and(eq(certificates.userId, userId), eq(certificates.course, course)));
      return row;
    },

    /** The learner's certificates, oldest first. */
    async forLearner(userId: string): Promise<LearnerCertificate[]> {
      return db
        .select(learnerColumns)
        .from(certificates)
        .where(eq(certificates.userId, userId))
        .orderBy(asc(certificates.issuedAt), asc(certificates.course));
    },

    /**
     * Stores a new certificate unless the learner already has one for the course (or, once in
     * 2^50, the code is taken): true when this call stored it.
     */
    async insert(row: NewCertificate): Promise<boolean> {
      const inserted = await db
        .insert(certificates)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: certificates.id });
      return inserted.length === 1;
    },

    /** The learner's name on a certificate changed: its name and files are replaced, its code and date kept. */
    async rename(
      id: string,
      change: { learnerName: string; named: boolean; png: Uint8Array; pdf: Uint8Array; at: Date },
    ): Promise<void> {
      const { at, ...values } = change;
      await db
        .update(certificates)
        .set({ ...values, updatedAt: at })
        .where(eq(certificates.id, id));
    },
  };
}
