import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { timers } from '../../db/schema/index.js';
import { simulate, type Simulation, type SimLearner } from '../harness/simulate.js';

let sim: Simulation | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A Nairobi learner onboarded on Monday, now at Tuesday's first quiz question (sent at 07:30). */
async function atFirstQuestion(): Promise<SimLearner> {
  sim = await simulate({ start: '2026-03-02T05:00:00Z', driver: 'postgres' });
  const amina = sim.learner('+254700000001');
  for (const reply of ['hi', 'Amina', 'English', '1', '07:30', 'yes']) await amina.says(reply);
  await sim.advance('1d');
  expect(amina.lastReply()).toMatch(/Question 1 of 3/);
  amina.newReplies();
  return amina;
}

const count = (replies: string[], pattern: RegExp) => replies.filter((r) => pattern.test(r)).length;

/** Real PostgreSQL: the learner's turns are serialized by the database, not by this process. */
describe('nothing lost or doubled in the journey (PostgreSQL)', () => {
  it('an answer delivered twice at once is answered once', async () => {
    const amina = await atFirstQuestion();
    const rent = amina.lastMessage()!.buttons!.find((b) => b.title === 'Rent for your house')!;
    const tap = { kind: 'button' as const, id: rent.id };
    // WhatsApp redelivers the same message (same id) while the first delivery is still running.
    await Promise.all([amina.sends(tap, 'wamid.same'), amina.sends(tap, 'wamid.same')]);
    const replies = amina.newReplies();
    expect(count(replies, /^✅ Correct!/)).toBe(1);
    expect(count(replies, /Question 2 of 3/)).toBe(1);
  });

  it('an answer that races the quiz reminder: one feedback, the next question once, at most one reminder', async () => {
    const amina = await atFirstQuestion();
    const userId = (await sim!.userIdOf(amina.phone))!;
    const [reminder] = await sim!.database.db
      .select()
      .from(timers)
      .where(
        and(eq(timers.userId, userId), eq(timers.status, 'pending'), eq(timers.name, 'lesson.reminder')),
      );
    expect(reminder).toBeDefined();
    sim!.clock.set(reminder!.dueAt);
    const rent = amina.lastMessage()!.buttons!.find((b) => b.title === 'Rent for your house')!;
    await Promise.all([
      amina.taps(rent.id),
      sim!.engine.receive({
        type: 'timer',
        timerId: reminder!.id,
        userId,
        at: sim!.clock.now().toISOString(),
      }),
    ]);
    await sim!.sender.drain();
    const replies = amina.newReplies();
    expect(count(replies, /^✅ Correct!/)).toBe(1);
    expect(count(replies, /Question 2 of 3/)).toBe(1);
    expect(count(replies, /is waiting/)).toBeLessThanOrEqual(1);
    // Whatever came first, the learner is on question 2 and the quiz goes on normally.
    await amina.taps(amina.lastMessage()!.buttons!.find((b) => b.title === 'False')!.id);
    expect(amina.newReplies().some((r) => /Question 3 of 3/.test(r))).toBe(true);
  });
});
