import { migrate } from '../db/migrator.js';
import { describeDatabase, withDatabase } from './lib/bootstrap.js';

await withDatabase(async ({ db }, config) => {
  const applied = await migrate(db);
  console.log(
    applied.length
      ? `Applied ${applied.join(', ')} to ${describeDatabase(config)}`
      : `${describeDatabase(config)} is up to date`,
  );
});
