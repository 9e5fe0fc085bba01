import { resetDatabase } from '../db/migrator.js';
import { describeDatabase, withDatabase } from './lib/bootstrap.js';

await withDatabase(async ({ db }, config) => {
  if (config.env === 'production' && !process.argv.includes('--force')) {
    throw new Error('db:reset deletes every learner and message: in production, run it with -- --force');
  }
  await resetDatabase(db);
  console.log(`Reset ${describeDatabase(config)}: every table dropped and migrated again`);
});
