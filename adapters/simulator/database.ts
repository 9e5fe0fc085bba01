import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';

/** A database a simulation runs on; `cleanup()` closes (and on PostgreSQL, drops) what was opened for it. */
export interface SimulationDatabase extends DatabaseHandle {
  cleanup(): Promise<void>;
}

/** A fresh, migrated in-memory PGlite: `npm run chat` and `npm run simulate` need no services. */
export async function openSimulationDatabase(): Promise<SimulationDatabase> {
  const handle = await openDatabase({ kind: 'pglite' });
  await migrate(handle.db);
  return { ...handle, cleanup: () => handle.close() };
}
