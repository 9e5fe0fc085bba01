import {
  simulate as simulateOn,
  type SimulateOptions as SimulatorOptions,
} from '../../adapters/simulator/simulate.js';
import { configuredDriver, testDatabase, type DriverKind } from './db.js';

export type { SimLearner, SimServiceParts, Simulation } from '../../adapters/simulator/simulate.js';
export { statePath } from '../../adapters/simulator/simulate.js';

export interface SimulateOptions extends SimulatorOptions {
  driver?: DriverKind;
}

/** The product simulator (adapters/simulator) on the tests' database: PostgreSQL when DATABASE_URL is set or `driver` says so. */
export function simulate(options: SimulateOptions = {}) {
  const { driver, ...rest } = options;
  return simulateOn({ openDatabase: () => testDatabase(driver ?? configuredDriver()), ...rest });
}
