import type { ContentCatalog } from '../content/catalog.js';
import { learnerIdentities } from '../db/repositories/learner-identities.js';
import type { Hono } from 'hono';
import { catalogMessages } from '../content/messages.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import { engineStore } from '../db/repositories/engine-store.js';
import { outboxStore } from '../db/repositories/outbox.js';
import { randomIds, systemClock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import { Sender } from '../engine/sender.js';
import { createFlowRegistry } from '../flows/index.js';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { startContent } from './content-loader.js';
import { createCache, RedisCache } from './cache/index.js';
import { createPhoneRateLimiter } from './cache/rate-limit.js';
import { ConsoleChannel } from './channels/console.js';
import { formatFor, type FormatChannel } from './channels/format/index.js';
import { statusHandler } from './channels/status.js';
import type { TemplateCatalog } from './channels/templates.js';
import { outboundChannels } from './channels/outbound.js';
import { twilioRoutes } from './http/routes/twilio.js';
import { metaRoutes } from './http/routes/meta.js';
import { deliveryStore } from '../db/repositories/delivery.js';
import type { Messages } from '../engine/ports.js';
import type { FlowRegistry } from '../engine/registry.js';
import type { Config } from './config/index.js';
import type { AppDeps } from './deps.js';
import { createApp, createWorkerApp, type AppEnv } from './http/app.js';
import { consoleRoutes } from './http/routes/console.js';
import type { Logger } from './logger.js';
import { startScheduler } from './scheduler/pgboss.js';
import { pgBossTimers, TIMER_QUEUE } from './scheduler/timers.js';
import { startWorkers } from './workers.js';
import { sendRate, startSenderLoop } from './sender-loop.js';
import { createServices } from './services/index.js';
import { openAiModel } from './ai/openai.js';
import { createFileStore } from './files/store.js';
import { mpesaGateway } from './payments/index.js';
import { mpesaRoutes } from './http/routes/mpesa.js';
import { adminRefundRoutes } from './http/routes/admin-payments.js';
import { paymentRefundPages } from './admin/payments-refund-routes.js';
import { paymentRefunds } from './payments/refunds.js';
import { pgBossPaymentJobs } from './scheduler/payments.js';
import { pgBossBulk } from './bulk/jobs.js';
import * as metering from './metrics/index.js';
import { errorTracker } from './errors-tracking/tracker.js';
import { trackErrors } from './errors-tracking/tracked-logger.js';

/** How often errors counted in memory are written to error_groups (the cron flushes too). */
const ERROR_FLUSH_MS = 10_000;

export interface RuntimeOptions {
  /** Extra routes (the web simulator page mounts itself here). */
  mount?: (
    app: Hono<AppEnv>,
    runtime: { engine: Engine; channel: ConsoleChannel; database: DatabaseHandle; catalog: ContentCatalog },
  ) => void;
  /** pg-boss schema (tests isolate themselves); defaults to pgboss. */
  bossSchema?: string;
  /** Seconds between sweeps for accepted-but-unprocessed messages. */
  recoverEverySeconds?: number;
  database?: DatabaseHandle;
  /** WhatsApp templates for messages outside the 24-hour window; default content/templates.yaml. */
  templates?: TemplateCatalog;
  /** The flows and message copy (tests run fixtures); default flows/ and content/messages. */
  registry?: FlowRegistry;
  messages?: Messages;
  /** Courses, checked and synced at start (and watched in development); default content/. */
  contentDir?: string;
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;

/** Builds every part once (database, cache, scheduler, engine, sender, HTTP app) and knows how to stop them. */
export async function startRuntime(config: Config, untracked: Logger, options: RuntimeOptions = {}) {
  const database = options.database ?? (await openDatabase(config.database));
  // Every part logs its failures; counting error-level entries groups them all (adapters/errors-tracking).
  const errors = errorTracker({ db: database.db, warn: (message, err) => untracked.warn({ err }, message) });
  const logger = trackErrors(untracked, errors);
  const errorFlush = setInterval(() => void errors.flush(), ERROR_FLUSH_MS);
  errorFlush.unref();
  const metrics = metering.createMetrics();
  database.observe?.(metering.statementObserver(metrics, logger, config.metrics.slowQueryMs));
  const applied = await migrate(database.db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  await ensureFirstAdmin(database.db, config.admin);
  // Broken content stops start-up with every problem listed; in development a change reloads it.
  const content = await startContent(database.db, {
    dir: options.contentDir,
    logger: logger.child({ part: 'content' }),
    watch: config.env === 'development',
  });

  const cache = createCache({ redisUrl: config.redisUrl, logger });
  if (cache instanceof RedisCache && !(await cache.waitUntilReady(5000))) {
    logger.warn('Redis is not reachable yet: serving degraded (in-process limits) until it is');
  }
  const jobs = await startScheduler({
    database,
    logger,
    queues: [TIMER_QUEUE],
    connectionString: config.database.kind === 'postgres' ? config.database.url : undefined,
    schema: options.bossSchema,
  });
  const { console: channel, outbound } = outboundChannels(config, {
    cache,
    database,
    logger,
    templates: options.templates,
  });
  if (config.jwt.perProcess)
    logger.info('JWT_SECRET is unset: admin tokens use a random secret and end when this process stops');
  let nudgeSender = () => {};
  const files = createFileStore(database.db, { publicBaseUrl: config.publicBaseUrl });
  const tutorLog = logger.child({ part: 'tutor' });
  const paymentsLog = logger.child({ part: 'payments' });
  const gateway = metering.measuredGateway(
    mpesaGateway(config, systemClock, (message, detail) => paymentsLog.info(detail, message)),
    metrics,
  );
  if (!config.mpesa)
    paymentsLog[config.env === 'production' ? 'warn' : 'info'](
      config.env === 'production'
        ? 'MPESA_* is unset: payments are off (every M-PESA prompt is refused)'
        : 'MPESA_* is unset: the simulated M-PESA confirms payments after 10 s (labelled simulated)',
    );
  const services = createServices({
    db: database.db,
    clock: systemClock,
    files,
    // Services run only after a turn commits, by which time `engine` below exists.
    receive: (event) => engine.receive(event),
    logger: logger.child({ part: 'services' }),
    publicBaseUrl: config.publicBaseUrl,
    tutor: {
      cache,
      catalog: () => content.catalog,
      budget: config.tutor,
      model: config.openai
        ? metering.measuredModel(
            openAiModel({ ...config.openai, log: (detail, message) => tutorLog.info(detail, message) }),
            metrics,
          )
        : null,
    },
    payments: { gateway, jobs: pgBossPaymentJobs(jobs.boss), catalog: () => content.catalog },
  });
  const engine = new Engine({
    registry: options.registry ?? createFlowRegistry({ catalog: content.catalog }),
    store: engineStore(database.db),
    scheduler: pgBossTimers(jobs.boss),
    clock: systemClock,
    ids: randomIds,
    messages: options.messages ?? catalogMessages(),
    channel: outbound.name,
    format: (message) => formatFor(outbound.name as FormatChannel, message),
    logger: logger.child({ part: 'engine' }),
    onOutbox: () => nudgeSender(),
    services,
    afterCommitInBackground: true,
  });
  metering.measureTurns(engine, metrics);
  const rate = sendRate(cache, config.whatsappMps);
  const outbox = outboxStore(database.db);
  const sender = new Sender({
    store: outbox,
    channels: {
      [channel.name]: metering.measuredChannel(channel, metrics),
      [outbound.name]: metering.measuredChannel(outbound, metrics),
    },
    clock: systemClock,
    rate,
    logger: logger.child({ part: 'sender' }),
  });
  // A web process queues timers and outbox rows; a worker process (or `all`) runs them and sends.
  const works = config.role !== 'web';
  const senderLoop = works ? startSenderLoop(sender, logger) : undefined;
  if (senderLoop) nudgeSender = senderLoop.nudge;
  if (works)
    await startWorkers({
      boss: jobs.boss,
      config,
      logger,
      database,
      engine,
      files,
      errors,
      clock: systemClock,
      channel: outbound.name,
      nudgeSender: () => nudgeSender(),
      payments: { desk: services.payments, gateway, logger: paymentsLog },
    });
  logger.info(
    `Role: ${config.role}${works ? '' : ' (no sender, no scheduled jobs: a worker process runs them)'}`,
  );

  const recovered = await engine.recover();
  if (recovered.learners + recovered.timers > 0)
    logger.info(recovered, 'recovered unprocessed messages and timers');
  const sweep = setInterval(
    () => void engine.recover().catch((error) => logger.error({ err: error }, 'recovery sweep failed')),
    (options.recoverEverySeconds ?? 30) * 1000,
  );
  sweep.unref();

  metrics.watch(metering.runtimeSources(database, jobs.boss));
  const deps: AppDeps = {
    config,
    logger,
    database,
    cache,
    scheduler: jobs,
    bulk: pgBossBulk(jobs.boss),
    conversations: {
      tell: async (event) => {
        await engine.receive(event);
      },
    },
    metrics,
  };
  const refunds = paymentRefunds({
    db: database.db,
    gateway,
    clock: systemClock,
    receive: (event) => engine.receive(event),
  });
  const limiter = createPhoneRateLimiter(cache, {
    points: config.rateLimit.points,
    windowSeconds: config.rateLimit.windowSeconds,
    keyPrefix: 'inbound',
  });
  const app =
    config.role === 'worker'
      ? createWorkerApp(deps)
      : createApp(deps, {
          catalog: content.catalog,
          mount: (routes) => {
            const onStatus = statusHandler({
              store: deliveryStore(database.db),
              outbox,
              logger: logger.child({ part: 'delivery' }),
              pause: (name, seconds) => rate.pause(name, seconds),
              nudge: () => nudgeSender(),
            });
            if (config.twilio) {
              routes.route(
                '/webhooks/twilio',
                twilioRoutes({
                  engine,
                  authToken: config.twilio.authToken,
                  publicBaseUrl: config.publicBaseUrl,
                  onStatus,
                  identities: learnerIdentities(database.db),
                  limiter,
                  logger,
                }),
              );
            }
            if (config.meta) {
              const { appSecret, verifyToken } = config.meta;
              const log = logger.child({ part: 'meta' });
              routes.route(
                '/webhooks/meta',
                metaRoutes({
                  engine,
                  appSecret,
                  verifyToken,
                  onStatus,
                  identities: learnerIdentities(database.db),
                  limiter,
                  logger: log,
                }),
              );
            }
            routes.route('/admin/api/payments', adminRefundRoutes(deps, refunds));
            routes.route('/admin', paymentRefundPages(deps, refunds));
            if (config.mpesa) {
              routes.route(
                '/webhooks/mpesa',
                mpesaRoutes({
                  db: database.db,
                  desk: services.payments,
                  refunds,
                  callbackSecret: config.mpesa.callbackSecret,
                  logger: paymentsLog,
                }),
              );
            }
            // Config refuses the console channel in production; this keeps a hand-built config from exposing it.
            if (outbound === channel && config.env !== 'production') {
              routes.route('/bot/console', consoleRoutes({ engine, channel, limiter }));
              options.mount?.(routes, { engine, channel, database, catalog: content.catalog });
            }
          },
        });

  return {
    app,
    deps,
    engine,
    channel,
    sender,
    /** Courses and lessons for turns and pages, in memory; refreshed after syncs and admin writes. */
    catalog: content.catalog,
    /** Settles M-PESA payments (the callback route and the STK query jobs call it; tests too). */
    payments: services.payments,
    /** Finishes in-flight jobs and sends, then closes pools. Call after the HTTP server stopped accepting. */
    async stop() {
      clearInterval(sweep);
      clearInterval(errorFlush);
      content.stop();
      await jobs.stop();
      await cache.close();
      database.observe?.(null);
      await database.close();
    },
  };
}
