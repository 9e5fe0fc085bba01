/*
 * A year of daily use, sampled: learners onboard, then every simulated day their lesson comes
 * through the real engine (timer turn, lesson, quiz) and they answer at once, whatever is offered first;
 * every message sent gets the three delivery statuses a real channel reports (sent, delivered, read).
 */
import { createFileStore } from '../../adapters/files/store.js';
import { createServices } from '../../adapters/services/index.js';
import type { SimulationDatabase } from '../../adapters/simulator/database.js';
import { simulate, type SimLearner } from '../../adapters/simulator/simulate.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { deliveryStore } from '../../db/repositories/delivery.js';
import { unreportedOutbox } from '../../db/repositories/database-catalog.js';

const quiet = { info() {}, warn() {}, error() {} };

/** What a learner types when the bot asks for text rather than a tap. */
function typed(text = ''): string | undefined {
  if (/type your answer/i.test(text)) return '1500';
  if (/send (their|its|the) numbers?/i.test(text)) return '1';
  if (/reply ok\b/i.test(text)) return 'OK';
  return undefined;
}

/** Taps the first button or list row the bot offered; types a number when asked to type. */
async function answer(learner: SimLearner, limit: number): Promise<number> {
  let turns = 0;
  learner.newReplies();
  for (; turns < limit; turns++) {
    const last = learner.lastMessage();
    const choice = last?.buttons?.[0]?.id ?? last?.list?.rows[0]?.id;
    if (choice) await learner.taps(choice);
    else if (typed(last?.text)) await learner.says(typed(last?.text)!);
    else break;
    // A finished quiz is the day's use done (no retake, which the first button may offer).
    if (learner.newReplies().some((text) => /^Quiz done/.test(text))) return turns + 1;
  }
  return turns;
}

export async function simulateDailyUse(
  database: SimulationDatabase,
  options: { learners: number; days: number; onDay?: (day: number) => void | Promise<void> },
) {
  const catalog = contentCatalog();
  const sim = await simulate({
    start: '2026-03-02T05:00:00Z',
    database,
    services: ({ database: { db }, clock, receive }) =>
      createServices({
        db,
        clock,
        files: createFileStore(db, { publicBaseUrl: 'http://localhost:3000', now: () => clock.now() }),
        receive,
        logger: quiet,
        tutor: { catalog: () => catalog },
      }),
  });
  const statuses = deliveryStore(database.db);
  const reportStatuses = async () => {
    for (const row of await unreportedOutbox(database.db)) {
      for (const status of ['sent', 'delivered', 'read'] as const)
        await statuses.record({
          channel: row.channel,
          providerId: row.providerId,
          status,
          at: sim.clock.now(),
        });
    }
  };
  const learners = Array.from({ length: options.learners }, (_, i) =>
    sim.learner(`+2547${String(10_000_000 + i).padStart(8, '0')}`),
  );
  let turns = 0;
  for (const learner of learners) {
    await learner.says('hi');
    await learner.says('Amina');
    turns += 2 + (await answer(learner, 8));
  }
  await reportStatuses();
  await options.onDay?.(0);
  // Onboarding ends at 08:00 Nairobi; lessons come at 07:30, so answer at 07:31, before any reminder.
  turns += await sim.advance('23h');
  turns += await sim.advance('31m');
  for (let day = 1; day <= options.days; day++) {
    if (day > 1) turns += await sim.advance('1d');
    for (const learner of learners) turns += await answer(learner, 12);
    await reportStatuses();
    await options.onDay?.(day);
  }
  await sim.close();
  return { turns };
}
