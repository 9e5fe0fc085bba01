import { catalogMessages } from '../../content/messages.js';
import type { Database } from '../../db/client.js';
import {
  answeredQuestions,
  contentTitles,
  learnerExport,
  systemEventStored,
} from '../../db/repositories/learner-export.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock, Messages } from '../../engine/ports.js';
import { exportPdf } from '../files/export-pdf.js';
import type { FileStore } from '../files/store.js';
import { dayOf, inputChecker } from './input.js';
import type { ServiceHandler } from './progress.js';

/** How long the links to an export work. */
export const EXPORT_TTL = '24h';

export interface ExportServiceDeps {
  db: Database;
  files: FileStore;
  clock: Clock;
  /** Hands the learner's turn the file (`system.exportReady`): the engine's `receive`. */
  receive: (event: Inbound) => Promise<unknown>;
  /** The PDF's headings and labels in the learner's language; default content/messages. */
  copy?: Messages;
  log?: (message: string, detail: Record<string, unknown>) => void;
  warn?: (message: string, detail: Record<string, unknown>) => void;
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
 * EXPORT: what is stored about the learner, as a PDF to read on the phone behind an expiring link
 * (the document WhatsApp delivers), quiz answers in words. The complete machine-readable record,
 * flow snapshots and all, is for the admin API (GET /admin/api/users/:id/export), not the chat.
 * The learner's flows get `system.exportReady` { url, filename, expiresAt } and
 * send them; when the files cannot be made they get `system.exportFailed`, so the promise made
 * ("the file will come here in a moment") is answered with an apology rather than silence. The
 * event's provider id makes a repeated call a no-op; it is looked up first so a repeat does not
 * even build a second file.
 */
export function exportService(deps: ExportServiceDeps): ServiceHandler {
  const { db, files, clock, receive, log, warn } = deps;
  const copy = deps.copy ?? catalogMessages();
  return async (userId, raw) => {
    const input = exportRequest(raw);
    const at = clock.now();
    const providerId = `export:${userId}:${input.requestId ?? dayOf(at)}`;
    if (await systemEventStored(db, providerId)) {
      log?.('export already delivered: nothing sent again', { userId, providerId });
      return;
    }
    const event = { type: 'system', channel: 'system', providerId, userId, at: at.toISOString() } as const;
    let data: Record<string, string>;
    try {
      const document = await learnerExport(db, userId, at);
      if (!document) {
        // Nobody to apologise to: the learner was erased after asking.
        warn?.('export requested for a learner who no longer exists: nothing sent', { userId });
        return;
      }
      const [titles, questions] = await Promise.all([contentTitles(db), answeredQuestions(db, document)]);
      const pdf = await exportPdf(document, { copy, titles, questions });
      const day = document.exportedAt.slice(0, 10);
      const filename = `learnloop-export-${day}.pdf`;
      const stored = await files.put({
        bytes: pdf,
        contentType: 'application/pdf',
        filename,
        ttl: EXPORT_TTL,
        userId,
      });
      data = { url: stored.url, filename, expiresAt: stored.expiresAt.toISOString() };
    } catch (error) {
      warn?.('export could not be made: the learner is told so', {
        userId,
        providerId,
        err: error instanceof Error ? error.message : String(error),
      });
      await receive({ ...event, name: 'exportFailed' });
      return;
    }
    await receive({ ...event, name: 'exportReady', data });
  };
}
