import { ConfigError, loadConfig, type Config } from '../../adapters/config/index.js';
import { loadDotEnv } from '../../adapters/config/env.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';

/** `.env` then the environment, validated: one line per problem and exit 1 when something is wrong. */
export function configOrExit(): Config {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** Opens the configured database for a one-off command and closes it afterwards. */
export async function withDatabase(
  run: (database: DatabaseHandle, config: Config) => Promise<void>,
): Promise<void> {
  const config = configOrExit();
  const database = await openDatabase(config.database);
  try {
    await run(database, config);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

export const describeDatabase = (config: Config) =>
  config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.database.dir}`;
