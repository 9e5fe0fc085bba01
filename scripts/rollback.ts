import { rollback } from '../db/migrator.js';
import { describeDatabase, withDatabase } from './lib/bootstrap.js';

await withDatabase(async ({ db }, config) => {
  const undone = await rollback(db);
  console.log(undone ? `Rolled back ${undone} on ${describeDatabase(config)}` : 'Nothing to roll back');
});
