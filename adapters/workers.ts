import type { PgBoss } from 'pg-boss';
import type { Engine } from '../engine/engine.js';
import type { Clock } from '../engine/ports.js';
import type { DatabaseHandle } from '../db/client.js';
import { scheduleAlertChecks } from './alerts/job.js';
import { alertNotifier } from './alerts/notify.js';
import { backupSourceOf, scheduleBackups } from './backup/schedule.js';
import { workBulk } from './bulk/jobs.js';
import type { Config } from './config/index.js';
import type { ErrorTracker } from './errors-tracking/tracker.js';
import type { FileStore } from './files/store.js';
import type { Logger } from './logger.js';
import type { PaymentDesk } from './payments/desk.js';
import type { MpesaGateway } from './payments/gateway.js';
import { schedulePrune } from './retention/prune.js';
import { scheduleFilePurge } from './scheduler/file-purge.js';
import { workPayments } from './scheduler/payments.js';
import { workTimers } from './scheduler/timers.js';

/** What the background jobs work with: the runtime's parts. */
export interface WorkerParts {
  boss: PgBoss;
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  engine: Engine;
  files: FileStore;
  errors: ErrorTracker;
  clock: Clock;
  /** The channel bulk messages go out on (the runtime's outbound channel's name). */
  channel: string;
  nudgeSender: () => void;
  payments: { desk: PaymentDesk; gateway: MpesaGateway; logger: Logger };
}

/**
 * The worker role's jobs (ROLE=worker or all, docs/scaling.md): timers back into the engine, the
 * crons (file purge, backups, retention prune, alert checks), bulk campaigns and payment queries.
 * A web process (ROLE=web) only queues them.
 */
export async function startWorkers(parts: WorkerParts): Promise<void> {
  const { boss, config, logger, database, clock } = parts;
  await workTimers(boss, parts.engine, logger);
  await scheduleFilePurge(boss, parts.files, logger.child({ part: 'files' }));
  const databaseUrl = config.database.kind === 'postgres' ? config.database.url : undefined;
  await scheduleBackups(
    boss,
    backupSourceOf(database, databaseUrl),
    config.backup,
    logger.child({ part: 'backup' }),
  );
  await schedulePrune(boss, {
    db: database.db,
    config: config.retention,
    clock,
    logger: logger.child({ part: 'retention' }),
  });
  const alertLog = logger.child({ part: 'alerts' });
  await scheduleAlertChecks(boss, {
    db: database.db,
    config: config.alerts,
    logger: alertLog,
    tracker: parts.errors,
    notify: alertNotifier({ config: config.alerts, publicBaseUrl: config.publicBaseUrl, logger: alertLog }),
  });
  await workBulk(boss, {
    db: database.db,
    channel: parts.channel,
    messagesPerSecond: config.whatsappMps,
    clock,
    nudge: parts.nudgeSender,
    logger: logger.child({ part: 'bulk' }),
  });
  await workPayments(boss, { ...parts.payments, db: database.db, clock });
}
