import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { exportFile, learnerExport } from '../../db/repositories/learner-export.js';
import { inboundMessages } from '../../db/schema/messages.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock } from '../../engine/ports.js';
import type { FileStore } from '../files/store.js';
import { dayOf, inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

/** How long the link to an export works. */
export const EXPORT_TTL = '24h';

export interface ExportServiceDeps {
  db: Database;
  files: FileStore;
  clock: Clock;
  /** Hands the learner's turn the file (`system.exportReady`): the engine's `receive`. */
  receive: (event: Inbound) => Promise<unknown>;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

interface ExportRequest {
  /** Set by a flow that allows several exports a day; without it, one export per learner and UTC day. */
  requestId?: string | null;
}

const exportRequest = inputChecker<ExportRequest>('export.request', {
  type: 'object',
  properties: { requestId: { type: 'string', nullable: true, minLength: 1, maxLength: 100 } },
  required: [],
});

/**
 * EXPORT: everything stored about the learner as a JSON file behind an expiring link, handed to
 * the learner's flows as the system event `exportReady` { url, filename, expiresAt } so they send
 * it as a document. The event's provider id makes a repeated call a no-op; it is looked up first
 * so a repeat does not even build a second file.
 */
export function exportService({ db, files, clock, receive, log }: ExportServiceDeps): ServiceHandler {
  return async (userId, raw) => {
    const input = exportRequest(raw);
    const at = clock.now();
    const providerId = `export:${userId}:${input.requestId ?? dayOf(at)}`;
    const [done] = await db
      .select({ id: inboundMessages.id })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.channel, 'system'), eq(inboundMessages.providerId, providerId)));
    if (done) {
      log?.('export already delivered: nothing sent again', { userId, providerId });
      return;
    }
    const document = await learnerExport(db, userId, at);
    if (!document) {
      log?.('export requested for a learner who no longer exists', { userId });
      return;
    }
    const { bytes, filename } = exportFile(document);
    const { url, expiresAt } = await files.put({
      bytes,
      contentType: 'application/json',
      filename,
      ttl: EXPORT_TTL,
    });
    await receive({
      type: 'system',
      channel: 'system',
      providerId,
      userId,
      at: at.toISOString(),
      name: 'exportReady',
      data: { url, filename, expiresAt: expiresAt.toISOString() },
    });
  };
}
