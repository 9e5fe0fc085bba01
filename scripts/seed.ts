import { ensureFirstAdmin } from '../adapters/auth/first-admin.js';
import { migrate } from '../db/migrator.js';
import { users } from '../db/schema/index.js';
import { describeDatabase, withDatabase } from './lib/bootstrap.js';

/** Demo learners for the dashboard and the simulator; running it again changes nothing. */
const DEMO_LEARNERS = [
  {
    phone: '+254700000101',
    name: 'Amina',
    language: 'en',
    timezone: 'Africa/Nairobi',
    learningState: { lessonTime: '07:30' },
  },
  {
    phone: '+254700000102',
    name: 'Baraka',
    language: 'sw',
    timezone: 'Africa/Nairobi',
    learningState: { lessonTime: '19:00' },
  },
  {
    phone: '+255700000103',
    name: 'Chebet',
    language: 'en',
    timezone: 'Africa/Dar_es_Salaam',
    learningState: { lessonTime: '12:30' },
  },
];

await withDatabase(async ({ db }, config) => {
  await migrate(db);
  const admin = await ensureFirstAdmin(db, config.admin);
  const created = await db
    .insert(users)
    .values(DEMO_LEARNERS)
    .onConflictDoNothing({ target: users.phone })
    .returning();
  console.log(`Seeded ${describeDatabase(config)}: ${created.length} new demo learner(s), admin ${admin}`);
});
