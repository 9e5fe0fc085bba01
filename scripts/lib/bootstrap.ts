import { ConfigError, loadConfig, type Config } from '../../adapters/config/index.js';
import { loadDotEnv } from '../../adapters/config/env.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { connectionError, DatabaseConnectionError, unavailableReason } from '../../db/unavailable.js';

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

/**
 * The one line to print when `error` means the database cannot be reached or opened (no SQL,
 * stack or password), or undefined for any other failure.
 */
export function databaseProblem(error: unknown, config: Pick<Config, 'database'>): string | undefined {
  if (error instanceof DatabaseConnectionError) return error.message;
  const reason = unavailableReason(error);
  if (!reason) return undefined;
  return config.database.kind === 'postgres'
    ? connectionError(error, config.database.url).message
    : `cannot open the embedded database in ${config.database.dir} (${reason})`;
}

/** Opens the configured database for a one-off command and closes it afterwards. */
export async function withDatabase(
  run: (database: DatabaseHandle, config: Config) => Promise<void>,
): Promise<void> {
  const config = configOrExit();
  let database: DatabaseHandle;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    console.error(databaseProblem(error, config) ?? error);
    process.exitCode = 1;
    return;
  }
  try {
    await run(database, config);
  } catch (error) {
    console.error(databaseProblem(error, config) ?? (error instanceof Error ? error.message : error));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

export const describeDatabase = (config: Config) =>
  config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.database.dir}`;
