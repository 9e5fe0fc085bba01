import type { ContentCatalog } from '../../content/catalog.js';
import type { Database } from '../../db/client.js';
import { progressRepository } from '../../db/repositories/progress.js';
import type { CallServiceParams } from '../../engine/effects.js';
import type { EngineLogger } from '../../engine/engine.js';
import type { Inbound } from '../../engine/events.js';
import type { Clock, Services } from '../../engine/ports.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import type { Redis } from 'ioredis';
import type { ChatModel } from '../ai/model.js';
import type { Cache } from '../cache/cache.js';
import { MemoryCache } from '../cache/memory.js';
import { RedisCache } from '../cache/redis.js';
import { leagueDesk } from '../leagues/desk.js';
import type { FileStore } from '../files/store.js';
import { nextCheckDue } from '../../db/repositories/payments-queries.js';
import { paymentDesk, noPaymentJobs, type PaymentDesk, type PaymentJobs } from '../payments/desk.js';
import type { MpesaGateway } from '../payments/gateway.js';
import { simulatedMpesa } from '../payments/simulated.js';
import { certificateService } from './certificate.js';
import { exportService } from './export.js';
import { paymentServices } from './payment.js';
import { goalService } from './goal.js';
import { insightService } from './insight.js';
import { leagueServices } from './league.js';
import { InvalidServiceInput } from './input.js';
import { progressServices, type ServiceHandler } from './progress.js';
import { progressPictureService } from './progress-picture.js';
import { badgePictureService } from './badge-picture.js';
import { tutorService, type TutorServiceDeps } from './tutor.js';
import { tutorExplainService } from './tutor-explain.js';
import { forgetExchanges } from './tutor-state.js';

export { EXPORT_TTL } from './export.js';
export type { ServiceHandler } from './progress.js';

export interface ServicesOptions {
  db: Database;
  clock: Clock;
  files: FileStore;
  /**
   * The engine's `receive`, for services that answer the learner (export). A function, not the
   * engine: the engine is built with these services, so it exists only by the time one is called.
   */
  receive: (event: Inbound) => Promise<unknown>;
  logger: EngineLogger;
  /** The tutor's parts; by default offline (no model) over content/courses with an in-process cache. */
  tutor?: {
    cache?: Cache;
    model?: ChatModel | null;
    catalog?: () => ContentCatalog;
    budget?: TutorServiceDeps['budget'];
  };
  /** PUBLIC_BASE_URL: certificates link to their public page there (default http://localhost:3000). */
  publicBaseUrl?: string;
  /** New certificate codes; random by default (transcripts fix them, adapters/certificates/code.ts). */
  certificateCodes?: () => string;
  /** M-PESA: Daraja or the simulated M-PESA (the default), and where STK queries are scheduled. */
  payments?: {
    gateway?: MpesaGateway;
    jobs?: PaymentJobs;
    catalog?: () => ContentCatalog;
  };
  /** Weekly leagues: rankings from this Redis (by default the tutor cache's, when it is Redis), else the table. */
  leagues?: { redis?: Redis | null; groupSize?: number };
}

const DEFAULT_TUTOR_BUDGET = { dailyTokensPerLearner: 20000, dailyTokens: 2_000_000 };

export interface EngineServices extends Services {
  /** The services this registry knows, by the name flows call them with. */
  readonly names: string[];
  /** Settles M-PESA payments (the callback route and the scheduler's jobs use it). */
  readonly payments: PaymentDesk;
  /** Work the simulated clock drives besides timers: STK queries and simulated confirmations. */
  readonly dueWork: { nextDue(): Promise<Date | null>; run(): Promise<number> };
}

/**
 * The engine's `Services` port: after a turn commits, each `callService` effect runs its handler
 * here. Handlers are idempotent (a call may run again after a crash). An unknown service or an
 * input that breaks the contract is logged, never thrown: the learner's turn has already happened.
 */
export function createServices(options: ServicesOptions): EngineServices {
  const { db, clock, files, receive, logger } = options;
  const tutorCache = options.tutor?.cache ?? new MemoryCache({ now: () => clock.now().getTime() });
  const tutorDeps: TutorServiceDeps = {
    db,
    cache: tutorCache,
    clock,
    catalog: options.tutor?.catalog ?? contentCatalog,
    model: options.tutor?.model ?? null,
    budget: options.tutor?.budget ?? DEFAULT_TUTOR_BUDGET,
    receive,
    log: (message, detail) => logger.info(detail, message),
  };
  const payments = paymentDesk({
    db,
    clock,
    gateway: options.payments?.gateway ?? simulatedMpesa(),
    jobs: options.payments?.jobs ?? noPaymentJobs,
    receive,
    log: (message, detail) => logger.info(detail, message),
    warn: (message, detail) => logger.warn(detail, message),
  });
  const league = leagueDesk({
    db,
    clock,
    receive,
    redis: options.leagues?.redis ?? (tutorCache instanceof RedisCache ? tutorCache.client : null),
    groupSize: options.leagues?.groupSize,
    warn: (message, detail) => logger.warn(detail ?? {}, message),
  });
  const handlers: Record<string, ServiceHandler> = {
    ...progressServices({ progress: progressRepository(db), clock, league }),
    // LEAGUE, LEAGUE JOIN / LEAVE and the Sunday nudge (flows/league.ts).
    ...leagueServices(league),
    'export.request': exportService({
      db,
      files,
      clock,
      receive,
      log: (message, detail) => logger.info(detail, message),
      warn: (message, detail) => logger.warn(detail, message),
    }),
    'tutor.ask': tutorService({
      db,
      cache: tutorCache,
      clock,
      catalog: options.tutor?.catalog ?? contentCatalog,
      model: options.tutor?.model ?? null,
      budget: options.tutor?.budget ?? DEFAULT_TUTOR_BUDGET,
      receive,
      log: (message, detail) => logger.info(detail, message),
    }),
    // PROGRESS as a picture, reused from the cache while the learner's figures stay the same that day.
    'progress.picture': progressPictureService({
      db,
      files,
      cache: tutorCache,
      clock,
      receive,
      warn: (message, detail) => logger.warn(detail, message),
    }),
    // A new badge's celebration picture, drawn once per badge and language while its link lasts.
    'badge.picture': badgePictureService({
      db,
      files,
      cache: tutorCache,
      clock,
      receive,
      warn: (message, detail) => logger.warn(detail, message),
    }),
    // WHY, HINT, SIMPLER, MORE: the same model, budget and memory as ASK.
    'tutor.explain': tutorExplainService(tutorDeps),
    // The weekly insight's words: the model's when configured, within the tutor's budget.
    'insight.weekly': insightService(tutorDeps),
    // GOAL: the next course; the model may pick among the unfinished ones, checked against them.
    'goal.recommend': goalService(tutorDeps),
    // STOP (and erasure) forgets what the learner asked the tutor.
    'tutor.forget': (userId) => forgetExchanges(tutorCache, userId),
    // A finished course's certificate (and CERTIFICATE): drawn once, served by /certificates/:code.
    'certificate.issue': certificateService({
      db,
      clock,
      catalog: options.tutor?.catalog ?? contentCatalog,
      publicBaseUrl: options.publicBaseUrl ?? 'http://localhost:3000',
      newCode: options.certificateCodes,
      receive,
      warn: (message, detail) => logger.warn(detail, message),
    }),
    ...paymentServices({
      db,
      clock,
      desk: payments,
      catalog: options.payments?.catalog ?? options.tutor?.catalog ?? contentCatalog,
      receive,
      warn: (message, detail) => logger.warn(detail, message),
    }),
  };

  return {
    names: Object.keys(handlers),
    payments,
    dueWork: { nextDue: () => nextCheckDue(db), run: () => payments.runDue() },
    async call(userId: string, { service, input }: CallServiceParams) {
      const handler = Object.hasOwn(handlers, service) ? handlers[service] : undefined;
      if (!handler) {
        logger.error({ userId, service }, 'unknown engine service: nothing recorded');
        return;
      }
      try {
        await handler(userId, input ?? {});
      } catch (error) {
        if (error instanceof InvalidServiceInput) {
          logger.error({ userId, service, problems: error.problems }, 'engine service input rejected');
        } else {
          logger.error({ err: error, userId, service }, 'engine service failed');
        }
      }
    },
  };
}
