import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../harness/db.js';
import { testEngine } from '../harness/engine.js';
import { burstEvents } from './fixtures/burst.js';
import { echoRegistry, keyMessages } from './fixtures/echo-flow.js';
import { conversationLedger, expectEveryMessageAnsweredInOrder } from './ordering.js';

const LEARNERS = 100;
const BURST = 5;
const worker = fileURLToPath(new URL('./fixtures/burst-worker.ts', import.meta.url));

/** Starts the worker and SIGKILLs it once it has accepted `killAfter` messages. */
function runAndKill(
  database: TestDatabase,
  killAfter: number,
): Promise<{ accepted: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], {
      env: {
        ...process.env,
        BURST_URL: database.url,
        BURST_SCHEMA: database.schema,
        BURST_LEARNERS: String(LEARNERS),
        BURST_SIZE: String(BURST),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let accepted = 0;
    let finished = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      accepted += chunk.split('\n').filter((line) => line.startsWith('accepted')).length;
      finished ||= chunk.includes('done');
      if (accepted >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ accepted, finished }));
  });
}

describe('a process killed with SIGKILL in the middle of a burst', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase('postgres');
  });
  afterAll(() => database?.cleanup());

  it('loses no accepted message and duplicates nothing after restart and redelivery', async () => {
    const run = await runAndKill(database, (LEARNERS * BURST) / 2);
    expect(run.finished).toBe(false);
    const beforeRestart = await conversationLedger(database.db);
    const stranded = [...beforeRestart.values()]
      .flatMap((l) => l.statuses)
      .filter((s) => s === 'pending').length;
    expect(stranded).toBeGreaterThan(0);

    // The restarted process first recovers what was accepted, then the provider redelivers everything unacknowledged.
    const engine = testEngine(database, { registry: echoRegistry(), messages: keyMessages });
    const recovered = await engine.recover();
    expect(recovered.learners).toBeGreaterThan(0);
    for (const event of burstEvents(LEARNERS, BURST)) await engine.receive(event);

    expectEveryMessageAnsweredInOrder(await conversationLedger(database.db), LEARNERS, BURST);
  });
});
