import { join } from 'node:path';
import { catalogFromContent, type ContentCatalog } from '../content/catalog.js';
import { checkCourses } from '../content/course-check.js';
import { FlowRegistry } from '../engine/registry.js';
import type { FlowDefinition } from '../engine/registry.js';
import { createJourneyExtensions } from './commands.js';
import { createLessonFlow } from './lesson.js';
import { createOnboardingFlow } from './onboarding.js';
import { createReviewFlow } from './review.js';
import { welcomeFlow } from './welcome.js';
import { FLOWS_DIR, loadYamlFlows } from './yaml.js';

export interface FlowRegistryOptions {
  /** The courses lessons come from; content/ files when left out. */
  catalog?: ContentCatalog;
}

let yamlFlows: FlowDefinition[] | undefined;
let fileCatalog: ContentCatalog | undefined;

/** The courses in content/courses, read once per process (warnings do not stop it; `npm run content:check` shows them). */
function contentCatalog(): ContentCatalog {
  fileCatalog ??= catalogFromContent({
    courses: checkCourses(join(FLOWS_DIR, '..', 'content')).courses,
    messages: {},
    templates: new Map(),
  });
  return fileCatalog;
}

/** The flows written in TypeScript (the YAML ones may start them by id). */
export function createTypescriptFlows(catalog: ContentCatalog): FlowDefinition[] {
  return [createOnboardingFlow(catalog), createLessonFlow(catalog), createReviewFlow(catalog), welcomeFlow];
}

/** Every flow this deployment runs (TypeScript and flows/*.flow.yaml); a new learner starts in `onboarding`. */
export function createFlowRegistry(options: FlowRegistryOptions = {}): FlowRegistry {
  const catalog = options.catalog ?? contentCatalog();
  const typescriptFlows = createTypescriptFlows(catalog);
  // The YAML files are read and compiled once per process; a broken one throws FlowFileError.
  yamlFlows ??= loadYamlFlows({ otherFlows: typescriptFlows.map((flow) => flow.id) });
  return new FlowRegistry([...typescriptFlows, ...yamlFlows], 'onboarding', createJourneyExtensions(catalog));
}
