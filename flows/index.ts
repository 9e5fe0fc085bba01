import { FlowRegistry } from '../engine/registry.js';
import { welcomeFlow } from './welcome.js';
import { loadYamlFlows } from './yaml.js';
import type { FlowDefinition } from '../engine/registry.js';

const typescriptFlows: FlowDefinition[] = [welcomeFlow];
let yamlFlows: FlowDefinition[] | undefined;

/** Every flow this deployment runs (TypeScript and flows/*.flow.yaml); a new learner starts in `entry`. */
export function createFlowRegistry(): FlowRegistry {
  // The YAML files are read and compiled once per process; a broken one throws FlowFileError.
  yamlFlows ??= loadYamlFlows({ otherFlows: typescriptFlows.map((flow) => flow.id) });
  return new FlowRegistry([...typescriptFlows, ...yamlFlows], 'welcome');
}
