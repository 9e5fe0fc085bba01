import { FlowRegistry } from '../engine/registry.js';
import { welcomeFlow } from './welcome.js';

/** Every flow this deployment runs; a new learner starts in `entry`. */
export function createFlowRegistry(): FlowRegistry {
  return new FlowRegistry([welcomeFlow], 'welcome');
}
