import type { ContentCatalog } from '../content/catalog.js';
import { FlowRegistry } from '../engine/registry.js';
import type { FlowDefinition } from '../engine/registry.js';
import { createJourneyExtensions, DAILY_LESSON_TIMER } from './commands.js';
import { contentCatalog } from './content-catalog.js';
import { createLessonFlow } from './lesson.js';
import { createGoalExtensions } from './goal.js';
import { createLeagueExtensions } from './league.js';
import { createInsightExtensions, withInsightSchedule, withInsightSetting } from './insight.js';
import { createFlowExtensions } from './onboarding-finish.js';
import { createPaymentFlow } from './payment.js';
import { createPaymentExtensions } from './payment-events.js';
import { createRenewalExtensions } from './renewal.js';
import { createAdminActionExtensions } from './admin-actions.js';
import { createBadgeExtensions } from './badges.js';
import { createStreakWarningExtensions, withStreakWarning } from './streak-warning.js';
import { createProgressExtensions } from './progress-command.js';
import { createCertificateExtensions } from './certificate.js';
import { createReviewFlow } from './review.js';
import { createTutorExtensions } from './tutor.js';
import { createTutorCommands } from './tutor-commands.js';
import { welcomeFlow } from './welcome.js';
import { loadYamlFlows } from './yaml.js';

export interface FlowRegistryOptions {
  /** The courses lessons come from; content/ files when left out. */
  catalog?: ContentCatalog;
}

const yamlFlows = new WeakMap<ContentCatalog, FlowDefinition[]>();

/** The flows written in TypeScript (the YAML ones may start them by id). */
export function createTypescriptFlows(catalog: ContentCatalog): FlowDefinition[] {
  return [createLessonFlow(catalog), createReviewFlow(catalog), welcomeFlow, createPaymentFlow(catalog)];
}

/**
 * Every flow this deployment runs (TypeScript and flows/*.flow.yaml); a new learner starts in
 * `onboarding` (flows/onboarding.flow.yaml), whose course options come from the catalog.
 */
export function createFlowRegistry(options: FlowRegistryOptions = {}): FlowRegistry {
  const catalog = options.catalog ?? contentCatalog();
  const typescriptFlows = createTypescriptFlows(catalog);
  // Compiled once per catalog (the YAML files are read once); a broken one throws FlowFileError.
  let compiled = yamlFlows.get(catalog);
  if (!compiled) {
    compiled = loadYamlFlows({
      otherFlows: typescriptFlows.map((flow) => flow.id),
      extensions: createFlowExtensions(catalog),
    });
    yamlFlows.set(catalog, compiled);
  }
  const journey = createJourneyExtensions(catalog);
  const tutor = createTutorExtensions(catalog);
  const tutorMore = createTutorCommands(catalog);
  const progress = createProgressExtensions(catalog);
  const payment = createPaymentExtensions(catalog);
  const insight = createInsightExtensions(catalog);
  const goal = createGoalExtensions(catalog);
  const renewal = createRenewalExtensions(catalog);
  const badges = createBadgeExtensions(catalog);
  const streakWarning = createStreakWarningExtensions();
  const certificate = createCertificateExtensions(catalog);
  const league = createLeagueExtensions();
  const adminActions = createAdminActionExtensions(catalog);
  const daily = journey.timers?.[DAILY_LESSON_TIMER];
  return new FlowRegistry([...typescriptFlows, ...compiled], 'onboarding', {
    ...journey,
    commands: [
      // SETTINGS also says whether the weekly insight is on.
      ...(journey.commands ?? []).map((c) => (c.id === 'settings' ? withInsightSetting(c) : c)),
      ...(progress.commands ?? []),
      ...(tutor.commands ?? []),
      ...(tutorMore.commands ?? []),
      ...(insight.commands ?? []),
      ...(goal.commands ?? []),
      ...(payment.commands ?? []),
      ...(renewal.commands ?? []),
      ...(badges.commands ?? []),
      ...(certificate.commands ?? []),
      ...(league.commands ?? []),
    ],
    // A plain reply to "What do you want to learn next?" is the learner's goal.
    fallback: (input) => goal.goalReply(input) ?? journey.fallback?.(input) ?? [],
    // Every daily lesson turn schedules the week's insight again (flows/insight.ts) and the evening's
    // streak warning (flows/streak-warning.ts).
    timers: {
      ...journey.timers,
      ...(daily ? { [DAILY_LESSON_TIMER]: withInsightSchedule(withStreakWarning(daily)) } : {}),
      ...insight.timers,
      ...renewal.timers,
      ...streakWarning.timers,
      ...league.timers,
    },
    events: {
      ...journey.events,
      ...progress.events,
      ...tutor.events,
      ...tutorMore.events,
      ...insight.events,
      ...goal.events,
      ...payment.events,
      ...badges.events,
      ...certificate.events,
      ...league.events,
      ...adminActions.events,
    },
    onStop: tutor.onStop,
  });
}
