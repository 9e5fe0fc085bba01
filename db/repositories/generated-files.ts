import { eq, lt } from 'drizzle-orm';
import type { Database } from '../client.js';
import { generatedFiles } from '../schema/files.js';

export type NewGeneratedFileRow = typeof generatedFiles.$inferInsert;
export type GeneratedFileRow = typeof generatedFiles.$inferSelect;

/** Generated files (exports, certificates) by the hash of their URL token. */
export function generatedFilesRepository(db: Database) {
  return {
    async insert(row: NewGeneratedFileRow): Promise<void> {
      await db.insert(generatedFiles).values(row);
    },

    async byTokenHash(tokenHash: string): Promise<GeneratedFileRow | undefined> {
      const [row] = await db.select().from(generatedFiles).where(eq(generatedFiles.tokenHash, tokenHash));
      return row;
    },

    /** Deletes files whose URL expired before `cutoff`; returns how many. */
    async deleteExpiredBefore(cutoff: Date): Promise<number> {
      const deleted = await db
        .delete(generatedFiles)
        .where(lt(generatedFiles.expiresAt, cutoff))
        .returning({ tokenHash: generatedFiles.tokenHash });
      return deleted.length;
    },
  };
}
