import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timers } from '../../db/schema/index.js';
import { simulate, type Simulation } from '../harness/simulate.js';
import { keyMessages } from './fixtures/echo-flow.js';
import { reminderRegistry } from './fixtures/reminder-flow.js';

describe('timers in the simulator', () => {
  let sim: Simulation;
  beforeEach(async () => {
    // 2026-03-02 18:00 UTC is 21:00 in Nairobi.
    sim = await simulate({
      start: '2026-03-02T18:00:00Z',
      registry: reminderRegistry(),
      messages: keyMessages,
    });
  });
  afterEach(() => sim.close());

  it('fires "tomorrow 07:30 Africa/Nairobi" once, at that local time', async () => {
    const amina = sim.learner('+254700000010');
    await amina.says('hello');
    await amina.says('remind');
    expect(amina.newReplies()).toEqual(['reminder.set']);

    await sim.advance('10h'); // 2026-03-03 04:00 UTC = 07:00 Nairobi
    expect(amina.newReplies()).toEqual([]);
    expect(await sim.advance('1h')).toBe(1);
    const fired = amina.replies().at(-1)!;
    expect(fired.message.text).toBe('reminder.fired');
    expect(fired.at.toISOString()).toBe('2026-03-03T04:30:00.000Z');
    await sim.advance('3d');
    expect(amina.newReplies()).toEqual(['reminder.fired']);
  });

  it('scheduling again replaces the pending timer; cancelling it means it never fires', async () => {
    const baraka = sim.learner('+254700000011');
    await baraka.says('hello');
    await baraka.says('remind');
    await baraka.says('soon');
    await sim.advance('3h');
    expect(baraka.newReplies()).toEqual(['reminder.set', 'reminder.set', 'reminder.fired']);
    await sim.advance('2d');
    expect(baraka.newReplies()).toEqual([]);

    await baraka.says('soon');
    await baraka.says('forget');
    await sim.advance('1d');
    expect(baraka.newReplies()).toEqual(['reminder.set', 'reminder.cancelled']);
  });

  it('a timer whose flow run ended does nothing, even if its job still fires', async () => {
    const chebet = sim.learner('+254700000012');
    await chebet.says('hello');
    await chebet.says('soon');
    const userId = (await sim.userIdOf(chebet.phone))!;
    const [timer] = await sim.database.db.select().from(timers).where(eq(timers.userId, userId));
    await chebet.taps('menu:echo');
    expect(chebet.newReplies()).toEqual(['reminder.set', 'echo.ready']);

    // The scheduler job outlived the cancellation (say, it was already fetched): firing it is a no-op.
    await sim.engine.receive({
      type: 'timer',
      timerId: timer!.id,
      userId,
      at: sim.clock.now().toISOString(),
    });
    await sim.sender.drain();
    expect(chebet.newReplies()).toEqual([]);
    // And a pending timer from an old run (a race with the cancel) is stale, so it does nothing either.
    await sim.database.db.insert(timers).values({ ...timer!, id: 'raced-timer', status: 'pending' });
    await sim.engine.receive({
      type: 'timer',
      timerId: 'raced-timer',
      userId,
      at: sim.clock.now().toISOString(),
    });
    await sim.sender.drain();
    expect(chebet.newReplies()).toEqual([]);
    const [raced] = await sim.database.db.select().from(timers).where(eq(timers.id, 'raced-timer'));
    expect(raced?.status).toBe('fired');
  });
});
